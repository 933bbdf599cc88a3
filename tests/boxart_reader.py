"""An independent reader for archgen's box-drawing figures, for round-trip tests.

archgen draws architecture diagrams as Unicode (or plain-ASCII) box-drawing art. This
module parses such a figure back into boxes, groups and edges using nothing but the
drawing contract, so that tests can check that every figure reads back as exactly the
graph it was drawn from. It deliberately shares no code with the layout engine.

Contract summary (what the reader relies on and checks):

* Text becomes a grid of cells; a character whose ``east_asian_width`` is ``W`` or ``F``
  fills two cells (the second is a continuation cell).
* A box is a rectangle of ``┌ ┐ └ ┘ ─ │``. A box that contains other boxes is a group,
  any other box is a node. Node text is every non-empty inner row. Boxes only nest
  strictly; borders that meet or cross are reported.
* An edge is a path of ``─ │ ┌ ┐ └ ┘`` (solid) or ``┄ ┆ ╌ ╎`` (dashed) from border to
  border; at a node, arrowheads ``▼ ▲ ► ◄`` sit just outside its border or replace one of
  its border cells, and a junction ``┬ ┴ ├ ┤`` may be set into the source's border.
  ``┬ ┴ ├ ┤ ┼`` away from borders are real joins within one net (fan-out / fan-in; a net
  with two or more sources and two or more targets is refused). Two different lines cross
  by one line's glyph interrupting the other (``──│──``), which continues straight on the
  far side, never with ``┼`` (rule 5).
* An edge label is text beside exactly one edge's own segment, or beside a trunk
  that only some edges share and nothing else, when it is the label of each of
  them (rule 6).

Groups (TB wording; the same holds turned for the other directions, in both charsets):

1. A line crosses a group border only through a ``┼`` set into one of its sides, with one
   straight line cell right beside it on each side, across the border (``│┼│`` in a top
   or bottom, ``─┼─`` in a side; ``┆``/``┄`` for dashed lines), where exactly one of the
   edge's ends is a member (at any depth) of that group, and once per group. A line through
   a plain border cell (or a ``│`` drawn over a top border) with a line on the other side
   is no crossing: it is reported, and so is a ``┼`` set into a node's border.
2. An edge to a group ends in an arrowhead in the cell just outside its border, pointing
   at a plain side cell (not a corner, junction or crossing); one from a group leaves
   through a junction ``┬ ┴ ├ ┤`` set into its border. An arrowhead set into a group's
   border, or a line meeting one without junction or arrowhead, is reported; so is an
   arrowless end at a group without a junction (the line leaves the group there). An edge
   between a group and its own member runs inside the group (an inward junction, or an
   arrowhead just inside the border); any other edge meets the group from outside.
3. No line glyph is drawn on a group's border, and no line cell right inside or outside a
   group's border (orthogonally next to one of its cells, corners included) has an arm
   along that border; the straight cells at a crossing, junction or arrowhead run across
   it, so they pass. Node borders are exempt.
4. A group's caption is its first inner row's text, from its first text cell on (words one
   space apart; it must start two columns after the left border), plus each following row
   whose first non-blank cell is text two columns after the left border and which holds no
   box (a note). The caption rows are clear of lines and labels from the left border to
   two columns past the caption's widest row; lines and labels further right are fine. No
   label sits in the row right under the caption (anywhere inside the group).
5. See above: ``┼`` off a border is a four-way join within one net.
6. Any two texts (labels, captions, node texts) are at least 2 blank columns or 1 blank
   row apart: no cell of one is within 1 row and 2 columns of a cell of the other, whatever
   lies between. A label sits beside its own edge's line only.

:func:`read` refuses a figure (raises :class:`ReadError`) on any problem that puts in
doubt which boxes an edge joins: rules 1 and 2, a line glyph on a group border, a ``┼``
joining unrelated lines, lines leading nowhere, labels that cannot be attributed to one
edge. :func:`problems` lists those and also the faults of a figure that still reads:
lines along a group border (rule 3), caption rows (rule 4), texts too close (rule 6),
labels touching a box, junctions drawn over corners, line glyphs inside a node.

All coordinates in results and messages are 0-based ``(row, col)`` grid cells, where a
column counts display cells (a wide character advances two columns). Each problem starts
with its cell and, for the rules above, ends with the rule it breaks.

Public API: :class:`Box`, :class:`ReadEdge`, :class:`Figure`, :class:`ReadError`,
:func:`read`, :func:`problems` and :func:`describe`.

Known limits (the contract leaves these open):

* Text starting two columns after a group's left border in the row right under its
  caption is read as a caption row (a note), never as a label: the contract allows no label
  there, so a label drawn there reads as caption text (and its edge without a label).
  A group with no caption text but a label on its first inner row reads that label as
  its caption.
* A ``┼`` is never read as a box corner (it is a crossing or a join), so a box drawn
  with a ``┼`` at a corner is not found.
* ASCII is inherently ambiguous: ``- | . : + v ^ < >`` count as lines only when they
  connect to a box; two adjacent ``+`` join only if one needs the link; text made of
  those characters touching a line (e.g. ``^`` right above a ``+``) may be misread. A
  ``+`` in a group border with a line on both sides is a crossing, with a line on one
  side a junction (so a ``├`` drawn into a top border, which rule 3 forbids, reads as a
  junction in ASCII). A line running straight from a ``+`` in a group's top border to
  one in its bottom border frames a smaller rectangle that is read as the group
  (reported, but as corner problems).
"""

from __future__ import annotations

import unicodedata
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Box", "Figure", "ReadEdge", "ReadError", "describe", "problems", "read"]

Pos = tuple[int, int]
"""A grid cell as ``(row, col)``."""

Rect = tuple[int, int, int, int]
"""A box border as inclusive ``(top, left, bottom, right)``."""

# Directions, clockwise from up. An "arm" of a glyph is a direction in which its line
# leaves the cell (``─`` has arms E and W, ``┌`` has arms E and S).
N, E, S, W = 0, 1, 2, 3
_DELTA: tuple[Pos, ...] = ((-1, 0), (0, 1), (1, 0), (0, -1))
_DIR_WORD = ("up", "right", "down", "left")

# Line styles of a glyph: corners, junctions and arrowheads belong to both styles.
_NEUTRAL, _SOLID, _DASHED = 0, 1, 2


def _opp(d: int) -> int:
    """The direction opposite ``d``."""
    return (d + 2) % 4


def _step(p: Pos, d: int) -> Pos:
    """The cell next to ``p`` in direction ``d``."""
    dr, dc = _DELTA[d]
    return (p[0] + dr, p[1] + dc)


def _perp(d: int) -> frozenset[int]:
    """The two directions at right angles to ``d``: a straight glyph across ``d``'s axis."""
    return frozenset({(d + 1) % 4, (d + 3) % 4})


def _at(p: Pos) -> str:
    """``p`` formatted for a message."""
    return f"({p[0]}, {p[1]})"


# --------------------------------------------------------------------------- public API


class ReadError(Exception):
    """The figure breaks the drawing contract; the message says where (row, col) and what.

    ``problems`` holds every contract violation found, as ``problems()`` would report them.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems: list[str] = problems if problems is not None else [message]


@dataclass(frozen=True)
class Box:
    """One box of the figure: a node (no boxes inside) or a group (encloses other boxes).

    ``top``/``left``/``bottom``/``right`` are the inclusive grid coordinates of its border.
    ``text`` is, for a node, every non-empty inner row stripped; for a group, its caption
    rows (see the module docstring, rule 4) stripped. ``parent`` is
    the index of the innermost enclosing group, or ``None`` at top level.
    """

    top: int
    left: int
    bottom: int
    right: int
    text: tuple[str, ...]
    is_group: bool
    parent: int | None


@dataclass(frozen=True)
class ReadEdge:
    """One edge between two boxes (indices into :attr:`Figure.boxes`).

    For a one-way edge ``a`` is the source (the end without arrowhead) and ``b`` the
    target. For a symmetric edge (both-way, or arrowless) ``a`` is the end that leaves
    through a junction glyph set into its border, or the hub of an arrowless fan, and
    otherwise the lower box index. ``label`` is the edge label, lines joined with ``"\\n"``.
    """

    a: int
    b: int
    head_a: bool
    head_b: bool
    dashed: bool
    label: str | None


@dataclass(frozen=True)
class Figure:
    """A figure read back: boxes in reading order (by top, then left) and sorted edges."""

    boxes: tuple[Box, ...]
    edges: tuple[ReadEdge, ...]


def read(text: str, charset: str = "unicode") -> Figure:
    """Parse a figure drawn with ``charset`` (``"unicode"`` or ``"ascii"``) into a Figure.

    Raises :class:`ReadError` if the figure cannot be interpreted unambiguously under the
    drawing contract (the message names the first problem and its cell).
    """
    reader = _Reader(text, charset)
    fatal = [p for p in reader.problem_list() if p.fatal]
    if fatal:
        msgs = [str(p) for p in reader.problem_list()]
        more = f" (and {len(fatal) - 1} more problem(s))" if len(fatal) > 1 else ""
        raise ReadError(f"{fatal[0]}{more}", msgs)
    return reader.figure()


def problems(text: str, charset: str = "unicode") -> list[str]:
    """Check a figure against the contract's rules; return human-readable violations.

    Reports overlapping boxes, line glyphs inside node boxes, fake ``┼`` crossings,
    junctions or lines that connect to nothing, arrowheads not at a box border, nets that
    join two or more sources with two or more targets, labels touching a line or box, text
    the reader cannot attribute, and every break of the group rules 1-4 and the text rule 6
    of the module docstring. Each entry reads ``"(row, col): what: rule"``. An empty list
    means the figure is clean.
    """
    return [str(p) for p in _Reader(text, charset).problem_list()]


def describe(figure: Figure) -> list[str]:
    """Summarise a figure's edges as sorted readable lines, e.g. ``"A -> B [dashed] 'x'"``.

    Boxes are named by their first text line (``#i`` when they have none). Handy for
    asserting a whole figure in a test.
    """

    def name(i: int) -> str:
        box = figure.boxes[i]
        return box.text[0] if box.text else f"#{i}"

    out = []
    for e in figure.edges:
        arrow = {(False, True): "->", (True, False): "<-", (True, True): "<->"}.get(
            (e.head_a, e.head_b), "--"
        )
        line = f"{name(e.a)} {arrow} {name(e.b)}"
        if e.dashed:
            line += " [dashed]"
        if e.label is not None:
            line += f" {e.label!r}"
        out.append(line)
    return sorted(out)


# --------------------------------------------------------------------------- charsets


@dataclass(frozen=True)
class _Glyph:
    """How a line glyph connects: its arms, its style and, for an arrowhead, where it points."""

    arms: frozenset[int]
    style: int
    points: int | None = None


def _g(arms: str, style: int = _NEUTRAL, points: int | None = None) -> _Glyph:
    """Build a :class:`_Glyph` from arm letters such as ``"ES"``."""
    return _Glyph(frozenset("NESW".index(a) for a in arms), style, points)


@dataclass(frozen=True)
class _Charset:
    """The glyph repertoire of one charset, as the box finder and line tracer need it."""

    glyphs: Mapping[str, _Glyph]
    tl: frozenset[str]  # may stand at a top-left corner (junctions too: reported)
    tr: frozenset[str]
    bl: frozenset[str]
    br: frozenset[str]
    hborder: frozenset[str]  # may stand in a top/bottom border (incl. crossings, for overlaps)
    vborder: frozenset[str]  # may stand in a left/right side
    plain_h: str
    plain_v: str
    junctions: frozenset[str]
    dynamic: str  # a glyph whose arms depend on its neighbours ("+" in ASCII)
    cross: str  # the glyph a line crosses a group border through
    side_junctions: str  # the junctions an edge leaves a box through, for messages


_UNICODE = _Charset(
    glyphs={
        "─": _g("EW", _SOLID),
        "│": _g("NS", _SOLID),
        "┄": _g("EW", _DASHED),
        "╌": _g("EW", _DASHED),
        "┆": _g("NS", _DASHED),
        "╎": _g("NS", _DASHED),
        "┌": _g("ES"),
        "┐": _g("SW"),
        "└": _g("NE"),
        "┘": _g("NW"),
        "┬": _g("ESW"),
        "┴": _g("NEW"),
        "├": _g("NES"),
        "┤": _g("NSW"),
        "┼": _g("NESW"),
        "▼": _g("N", points=S),
        "▲": _g("S", points=N),
        "►": _g("W", points=E),
        "◄": _g("E", points=W),
    },
    # a junction may stand at a corner (reported); a ┼ never does: it is a border crossing
    tl=frozenset("┌┬├"),
    tr=frozenset("┐┬┤"),
    bl=frozenset("└┴├"),
    br=frozenset("┘┴┤"),
    hborder=frozenset("─┬┴▼▲│┼├┤"),
    vborder=frozenset("│├┤►◄─┼┬┴"),
    plain_h="─",
    plain_v="│",
    junctions=frozenset("┬┴├┤┼"),
    dynamic="",
    cross="┼",
    side_junctions="┬ ┴ ├ ┤",
)

_ASCII = _Charset(
    glyphs={
        "-": _g("EW", _SOLID),
        "|": _g("NS", _SOLID),
        ".": _g("EW", _DASHED),
        ":": _g("NS", _DASHED),
        "+": _g("NESW"),
        "v": _g("N", points=S),
        "^": _g("S", points=N),
        ">": _g("W", points=E),
        "<": _g("E", points=W),
    },
    tl=frozenset("+"),
    tr=frozenset("+"),
    bl=frozenset("+"),
    br=frozenset("+"),
    hborder=frozenset("-+v^|"),
    vborder=frozenset("|+<>-"),
    plain_h="-",
    plain_v="|",
    junctions=frozenset("+"),
    dynamic="+",
    cross="+",
    side_junctions="+",
)

_CHARSETS: dict[str, _Charset] = {"unicode": _UNICODE, "ascii": _ASCII}

# The figure contract's rules for groups and texts, quoted by the problems that break them
# (``{x}`` is the crossing glyph, ``{j}`` the junctions of the charset).
_RULES: dict[str, str] = {
    "cross": "a line crosses a group border only through a {x} set into it, "
    "never through a plain border cell",
    "cross_ends": "a line crosses a group border only where exactly one of its edge's ends "
    "is inside that group",
    "cross_once": "an edge crosses each group border once",
    "cross_straight": "a {x} crossing a group border has one straight line cell on each "
    "side, at a right angle to the border",
    "node_cross": "only a group's border may be crossed, through a {x}",
    "to_group": "an edge to a group ends in an arrowhead in the cell just outside its border "
    "(just inside, from a member), pointing at a plain border cell",
    "from_group": "an edge from a group leaves through a junction {j} set into its border",
    "member": "an edge between a group and one of its members runs inside the group",
    "non_member": "an edge between a group and a box outside it runs outside the group",
    "on_border": "no line runs on a group border",
    "along": "no line runs along a group border in the next cell inside or outside it",
    "caption_at": "a group's caption starts two columns after its left border",
    "caption_clear": "a group's caption rows are kept clear of lines and labels from the "
    "left border to 2 columns past the caption",
    "under_caption": "no edge label sits in the row right under a group's caption",
    "text_gap": "texts are at least 2 blank columns or 1 blank row apart",
}


# --------------------------------------------------------------------------- internals


@dataclass(frozen=True, order=True)
class _Problem:
    """One contract violation at a cell; ``fatal`` ones make :func:`read` refuse."""

    row: int
    col: int
    message: str
    fatal: bool = field(default=True, compare=False)

    def __str__(self) -> str:
        return f"({self.row}, {self.col}): {self.message}"


@dataclass(frozen=True)
class _BorderCell:
    """One cell of one box's border: where it is on the border and what line it lets out."""

    box: int
    side: int | None  # outward direction of a side cell; None for a corner
    plain: bool  # the plain side glyph: an arrowhead may point at it
    extra: frozenset[int]  # arms of a junction set into the border, off the border line
    tail: int | None  # arrowhead set into the border: the direction its line comes from
    cross: bool = False  # a ┼ in a group's side (ASCII: a + with lines both sides): a crossing


@dataclass(frozen=True)
class _Res:
    """Where one arm of a line cell leads: another line cell, a box, or nowhere (why)."""

    kind: str  # "link" | "attach" | "bad"
    pos: Pos = (-1, -1)  # link: the connected cell; attach: the border cell
    box: int = -1
    head: bool = False
    junction: bool = False
    why: str = ""


@dataclass(frozen=True)
class _End:
    """One place where a net touches a box."""

    box: int
    head: bool  # an arrowhead points at the box here
    junction: bool  # the net leaves through a junction glyph set into the border
    cell: Pos  # the net's line cell at this end
    at: Pos  # the border cell the net meets
    inset: bool = False  # the arrowhead is set into the border (it is the border cell)


@dataclass
class _Edge:
    """An edge being built: its ends, the line cells of its path, and its label."""

    a: _End
    b: _End
    head_a: bool
    head_b: bool
    path: list[Pos]
    dashed: bool = False
    label: str | None = None


@dataclass
class _Trace:
    """The result of resolving every arm of every line cell."""

    links: dict[Pos, set[Pos]]
    arm_res: list[tuple[Pos, int, _Res]]
    point_res: list[tuple[Pos, _Res]]


@dataclass(frozen=True)
class _Caption:
    """A group's caption as read: its rows and the last column any of them reaches."""

    rows: tuple[int, ...]
    start: int
    end: int
    text: str


@dataclass
class _Run:
    """A run of label text on one row: cells ``c0..c1`` and its text."""

    row: int
    c0: int
    c1: int
    text: str


def _to_grid(text: str) -> list[list[str]]:
    """Lay text out as equal-length rows of cells; a wide char's second cell is ``""``."""
    rows: list[list[str]] = []
    for raw in text.split("\n"):
        cells: list[str] = []
        for ch in raw.rstrip("\r"):
            cells.append(ch)
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                cells.append("")
        rows.append(cells)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend([" "] * (width - len(r)))
    return rows


def _components(cells: Iterable[Pos], links: Mapping[Pos, set[Pos]]) -> list[list[Pos]]:
    """Connected sets of cells under ``links``, each sorted, in reading order."""
    seen: set[Pos] = set()
    out: list[list[Pos]] = []
    for start in sorted(cells):
        if start in seen:
            continue
        seen.add(start)
        comp = [start]
        queue = deque([start])
        while queue:
            p = queue.popleft()
            for q in links.get(p, ()):
                if q not in seen:
                    seen.add(q)
                    comp.append(q)
                    queue.append(q)
        out.append(sorted(comp))
    return out


def _shortest_path(links: Mapping[Pos, set[Pos]], src: Pos, dst: Pos) -> list[Pos]:
    """The shortest chain of linked cells from ``src`` to ``dst`` (both included)."""
    prev: dict[Pos, Pos | None] = {src: None}
    queue = deque([src])
    while queue:
        p = queue.popleft()
        if p == dst:
            break
        for q in sorted(links.get(p, ())):
            if q not in prev:
                prev[q] = p
                queue.append(q)
    if dst not in prev:
        return []
    path: list[Pos] = []
    cur: Pos | None = dst
    while cur is not None:
        path.append(cur)
        cur = prev[cur]
    return path[::-1]


class _Reader:
    """One analysis of one figure: boxes, lines, nets, edges and labels, plus problems."""

    def __init__(self, text: str, charset: str) -> None:
        if charset not in _CHARSETS:
            raise ValueError(f"unknown charset {charset!r}: expected 'unicode' or 'ascii'")
        self.cs = _CHARSETS[charset]
        self.grid = _to_grid(text)
        self.height = len(self.grid)
        self.width = len(self.grid[0]) if self.grid else 0
        self._problems: dict[tuple[int, int, str], _Problem] = {}
        self.rects: list[Rect] = []
        self.parent: list[int | None] = []
        self.is_group: list[bool] = []
        self.border: dict[Pos, list[int]] = {}
        self.binfo: dict[Pos, _BorderCell] = {}
        self.owner: dict[Pos, int] = {}
        self.arms: dict[Pos, frozenset[int]] = {}
        self.glyph: dict[Pos, _Glyph] = {}
        self.links: dict[Pos, set[Pos]] = {}
        self.edges: list[_Edge] = []
        self.cell_edges: dict[Pos, set[int]] = {}
        self.header: dict[Pos, int] = {}
        self.captions: dict[int, _Caption] = {}
        self.label_cells: dict[Pos, tuple[Pos, str]] = {}
        self.label_blocks: list[tuple[Pos, str, list[Pos]]] = []
        self.bad_border: set[Pos] = set()
        self.box_text: list[tuple[str, ...]] = []
        self._run()

    # ---- small helpers

    def ch(self, p: Pos) -> str:
        """The character in cell ``p`` (a space outside the grid)."""
        r, c = p
        if 0 <= r < self.height and 0 <= c < self.width:
            return self.grid[r][c]
        return " "

    def problem(self, p: Pos, message: str, fatal: bool = True) -> None:
        """Record a contract violation at ``p`` (duplicates are kept once)."""
        key = (p[0], p[1], message)
        if key not in self._problems:
            self._problems[key] = _Problem(p[0], p[1], message, fatal)

    def problem_list(self) -> list[_Problem]:
        """All recorded problems in reading order."""
        return sorted(self._problems.values())

    def rule(self, key: str) -> str:
        """The contract rule ``key``, worded with this charset's glyphs."""
        return _RULES[key].format(x=self.cs.cross, j=self.cs.side_junctions)

    def within(self, box: int, group: int) -> bool:
        """Whether ``box`` is a member of ``group`` at any depth (not the group itself)."""
        cur = self.parent[box]
        while cur is not None:
            if cur == group:
                return True
            cur = self.parent[cur]
        return False

    def in_rect(self, p: Pos, i: int) -> bool:
        """Whether ``p`` lies strictly inside box ``i``'s border."""
        t, lf, b, r = self.rects[i]
        return t < p[0] < b and lf < p[1] < r

    def desc(self, i: int) -> str:
        """A short human name for box ``i``, for messages."""
        t, lf, b, r = self.rects[i]
        kind = "group" if self.is_group[i] else "box"
        name = ""
        if i in self.captions:
            name = self.box_text[i][0]
            return f"{kind} {name!r} at ({t}, {lf})"
        for row in range(t + 1, b):
            name = "".join(self.grid[row][lf + 1 : r]).strip()
            if self.is_group[i]:
                # a group's first row may also hold lines passing by: keep its first phrase
                if not self.cs.dynamic:
                    name = "".join(" " if ch in self.cs.glyphs else ch for ch in name)
                name = name.strip().split("  ")[0]
                break
            if name:
                break
        return f"{kind} {name!r} at ({t}, {lf})" if name else f"{kind} at ({t}, {lf})"

    def is_node_cell(self, p: Pos) -> bool:
        """Whether ``p`` lies inside a node box (where everything is node text)."""
        o = self.owner.get(p)
        return o is not None and not self.is_group[o]

    # ---- pipeline

    def _run(self) -> None:
        """Run every stage in order."""
        self._find_boxes()
        self._map_boxes()
        cand = self._candidates()
        self._classify_border(cand)
        cand_arms = self._arms_for(cand)
        if self.cs.dynamic:
            cand_arms = self._accept_ascii(cand_arms)
        self.arms = cand_arms
        self.glyph = {p: cand[p] for p in cand_arms}
        trace = self._trace(self.arms)
        self.links = trace.links
        self._headers()
        self._check_trace(trace)
        self._check_border_arms()
        self._check_group_borders()
        self._check_along_borders()
        self._build_edges(trace)
        self._check_group_ends()
        self._check_crossings()
        self._labels()
        self._check_captions()
        self._check_text_gaps()

    # ---- boxes

    def _has_text_inside(self, rect: Rect) -> bool:
        """Whether a rectangle's interior holds a letter, digit or other non-line text."""
        t, lf, b, r = rect
        line_chars = set("+-|.:v^<> ")
        return any(
            self.grid[row][col] not in line_chars and self.grid[row][col] != ""
            for row in range(t + 1, b)
            for col in range(lf + 1, r)
        )

    def _find_boxes(self) -> None:
        """Find every closed rectangle of border glyphs; record nesting and overlaps."""
        cs = self.cs
        found: set[Rect] = set()
        for t in range(self.height):
            for lf in range(self.width):
                if self.grid[t][lf] not in cs.tl:
                    continue
                c = lf + 1
                while c < self.width:
                    ch = self.grid[t][c]
                    if ch in cs.tr:
                        b = self._close(t, lf, c)
                        if b is not None:
                            found.add((t, lf, b, c))
                            break
                    if ch in cs.hborder:
                        c += 1
                        continue
                    break
                else:
                    continue
                if not cs.dynamic and ch == "┐" and self.grid[t][lf] == "┌":
                    self._report_broken_box(t, lf, c)
        if cs.dynamic:
            # In ASCII every corner is "+", so two boxes stacked (or set side by side) with no
            # gap also frame a phantom box whose side is the other box's opposite side.
            found = {
                x
                for x in found
                if not any(
                    (y[2] == x[0] and (y[1], y[3]) == (x[1], x[3]))
                    or (y[3] == x[1] and (y[0], y[2]) == (x[0], x[2]))
                    for y in found
                )
            }
        if cs.dynamic:
            # Every box carries text (a node its label, a group its caption), so a '+'
            # rectangle with nothing but lines inside is lines that happen to close up.
            found = {x for x in found if self._has_text_inside(x)}
        self.rects = sorted(found)
        n = len(self.rects)
        self.parent = [None] * n
        self.is_group = [False] * n

        def inside(o: Rect, i: Rect) -> bool:
            return o[0] < i[0] and o[1] < i[1] and o[2] > i[2] and o[3] > i[3]

        def meets(x: Rect, y: Rect) -> bool:
            return not (x[2] < y[0] or y[2] < x[0] or x[3] < y[1] or y[3] < x[1])

        def area(x: Rect) -> int:
            return (x[2] - x[0]) * (x[3] - x[1])

        for j, rj in enumerate(self.rects):
            best: int | None = None
            for i, ri in enumerate(self.rects):
                if i == j:
                    continue
                if inside(ri, rj):
                    self.is_group[i] = True
                    if best is None or area(ri) < area(self.rects[best]):
                        best = i
                elif i < j and meets(ri, rj) and not inside(rj, ri):
                    self.problem(
                        (rj[0], rj[1]),
                        f"boxes at {_at((ri[0], ri[1]))} and {_at((rj[0], rj[1]))} overlap "
                        "(their borders cross; boxes may only nest strictly)",
                    )
            self.parent[j] = best

    def _report_broken_box(self, t: int, lf: int, r: int) -> None:
        """Report a ┌ ┐ └ ┘ outline that fails to close only because text overwrote it.

        Called when ``(t, lf)``..``(t, r)`` is a top border that did not close. If the left
        side runs down to a ``└`` with a ``┘`` below ``┐``, and every break in the right
        side and bottom is text, the box's own text most likely overflows its border.
        """
        cs = self.cs
        b = t + 1
        while b < self.height and self.grid[b][lf] in cs.vborder:
            b += 1
        if b >= self.height or self.grid[b][lf] != "└" or self.grid[b][r] != "┘":
            return
        sides = [(row, r) for row in range(t + 1, b)] + [(b, c) for c in range(lf + 1, r)]
        breaks = [
            p
            for p in sides
            if self.ch(p) not in (cs.vborder if p[1] == r and p[0] != b else cs.hborder)
        ]
        if breaks and all(self.ch(p) not in cs.glyphs and self.ch(p) != " " for p in breaks):
            self.problem(
                breaks[0],
                f"the box at ({t}, {lf}) is not closed: text {self.ch(breaks[0])!r} overwrites "
                "its border (does its text overflow the box?)",
            )

    def _close(self, t: int, lf: int, r: int) -> int | None:
        """The bottom row of a box with top-left ``(t, lf)`` and top-right ``(t, r)``, if any."""
        cs = self.cs
        if r - lf < 2:
            return None
        b = t + 1
        while b < self.height:
            lc, rc = self.grid[b][lf], self.grid[b][r]
            if (
                lc in cs.bl
                and rc in cs.br
                and b - t >= 2
                and all(self.grid[b][x] in cs.hborder for x in range(lf + 1, r))
            ):
                return b
            if lc in cs.vborder and rc in cs.vborder:
                b += 1
                continue
            return None
        return None

    def _map_boxes(self) -> None:
        """Map border cells to their boxes and interior cells to their innermost box."""
        for i, (t, lf, b, r) in enumerate(self.rects):
            cells = [(t, c) for c in range(lf, r + 1)] + [(b, c) for c in range(lf, r + 1)]
            cells += [(row, lf) for row in range(t + 1, b)] + [(row, r) for row in range(t + 1, b)]
            for p in cells:
                self.border.setdefault(p, []).append(i)
        by_area = sorted(
            range(len(self.rects)),
            key=lambda i: (
                -(self.rects[i][2] - self.rects[i][0]) * (self.rects[i][3] - self.rects[i][1])
            ),
        )
        for i in by_area:
            t, lf, b, r = self.rects[i]
            for row in range(t + 1, b):
                for c in range(lf + 1, r):
                    self.owner[(row, c)] = i
        for i, (t, lf, b, r) in enumerate(self.rects):
            text = []
            if not self.is_group[i]:
                for row in range(t + 1, b):
                    line = "".join(self.grid[row][lf + 1 : r]).strip()
                    if line:
                        text.append(line)
            self.box_text.append(tuple(text))

    def _classify_border(self, cand: Mapping[Pos, _Glyph]) -> None:
        """Decide for each border cell whether it is plain, a junction, a crossing (a ``┼``
        in a group's side with a line on both sides) or an arrowhead."""
        cs = self.cs
        for p, owners in self.border.items():
            if len(owners) != 1:
                continue
            i = owners[0]
            t, lf, b, r = self.rects[i]
            row, col = p
            if row in (t, b) and col in (lf, r):
                self._classify_corner(p, i, cand)
                continue
            side = N if row == t else S if row == b else W if col == lf else E
            along = _perp(side)
            ch = self.ch(p)
            glyph = cs.glyphs.get(ch)
            plain = ch == (cs.plain_h if side in (N, S) else cs.plain_v)
            extra: frozenset[int] = frozenset()
            tail: int | None = None
            if (
                glyph is not None
                and glyph.points is not None
                and glyph.points in (side, _opp(side))
            ):
                tail = _opp(glyph.points)
            elif ch == cs.dynamic:
                extra = frozenset(
                    d
                    for d in (side, _opp(side))
                    if (q := _step(p, d)) in cand
                    and (self.ch(q) == cs.dynamic or _opp(d) in cand[q].arms)
                )
                plain = not extra
            elif ch in cs.junctions and glyph is not None and glyph.arms >= along:
                extra = glyph.arms - along
            cross = self.is_group[i] and len(extra) == 2
            self.binfo[p] = _BorderCell(i, side, plain, extra, tail, cross)

    def _classify_corner(self, p: Pos, i: int, cand: Mapping[Pos, _Glyph]) -> None:
        """Record a box corner; a junction drawn over a corner is reported but still read."""
        t, lf, _, _ = self.rects[i]
        own = frozenset({S if p[0] == t else N, E if p[1] == lf else W})
        away = frozenset(range(4)) - own
        ch = self.ch(p)
        if ch == self.cs.dynamic:
            # ``++`` beside a corner is two corners side by side, not a line leaving it
            extra = frozenset(
                d
                for d in away
                if (q := _step(p, d)) in cand
                and self.ch(q) != self.cs.dynamic
                and _opp(d) in cand[q].arms
            )
        else:
            glyph = self.cs.glyphs.get(ch)
            extra = glyph.arms - own if glyph is not None else frozenset()
        if extra:
            self.problem(
                p,
                f"the corner of {self.desc(i)} is drawn as {ch} with a line leaving it "
                f"{' and '.join(_DIR_WORD[d] for d in sorted(extra))}: an edge must leave "
                "through a side, not a corner",
                fatal=False,
            )
        self.binfo[p] = _BorderCell(i, None, False, extra, None)

    # ---- lines

    def _candidates(self) -> dict[Pos, _Glyph]:
        """Cells that may be line cells: line glyphs outside borders and node interiors."""
        cs = self.cs
        out: dict[Pos, _Glyph] = {}
        for row in range(self.height):
            for col in range(self.width):
                p = (row, col)
                g = cs.glyphs.get(self.grid[row][col])
                if g is None or p in self.border:
                    continue
                if self.is_node_cell(p):
                    if not cs.dynamic:
                        self.problem(
                            p,
                            f"line glyph {self.ch(p)} inside {self.desc(self.owner[p])}",
                            fatal=False,
                        )
                    continue
                if cs.dynamic and not self._ascii_plausible(p, g):
                    continue
                out[p] = g
        return out

    def _ascii_plausible(self, p: Pos, g: _Glyph) -> bool:
        """Whether an ASCII character that can draw a line may be one here, not text.

        ``v ^ < >`` must point at a box border (``v``/``^`` with no other letter beside
        them, so the ``v`` of "Services" over a member box stays text).
        On a group's first inner row (its label row) only a vertical line that crosses
        the top border (through a ``+``, or, reported, a plain ``-``) or leaves a junction
        set into it, or an arrowhead pointing at the top border, can be a line.
        """
        if g.points is not None:
            if _step(p, g.points) not in self.border:
                return False
            beside = [self.ch(_step(p, d)) for d in (E, W)]
            if g.points in (N, S) and any(c.isalnum() and c not in "v^" for c in beside):
                return False
        o = self.owner.get(p)
        if o is None or p[0] != self.rects[o][0] + 1:
            return True
        if g.points == N:
            return True  # an arrowhead inside the group pointing at its own top border
        if N not in g.arms:
            return False
        top = _step(p, N)
        if self.ch(top) == self.cs.dynamic:
            return True  # a junction set into the top border
        beyond = _step(top, N)
        above = self.cs.glyphs.get(self.ch(beyond))
        return above is not None and S in above.arms and beyond not in self.border

    def _arms_for(self, cand: Mapping[Pos, _Glyph]) -> dict[Pos, frozenset[int]]:
        """Each candidate's arms; an ASCII ``+`` gets the arms its neighbours answer.

        Two ``+`` side by side are ambiguous (``└┐`` joins, ``┐├`` does not): they join
        only if one of them needs it to have two arms at all.
        """
        cs = self.cs
        arms: dict[Pos, frozenset[int]] = {p: g.arms for p, g in cand.items()}
        if not cs.dynamic:
            return arms
        pluses = [p for p in cand if self.ch(p) == cs.dynamic]
        base: dict[Pos, set[int]] = {}
        for p in pluses:
            got: set[int] = set()
            for d in range(4):
                q = _step(p, d)
                if q in cand and self.ch(q) == cs.dynamic:
                    continue  # decided below
                if self._answers(cand, q, d):
                    got.add(d)
                    continue
                far = q  # or a line on the far side of a crossing answers
                while self._crossable_candidate(cand, far, d):
                    far = _step(far, d)
                if far != q and far in cand and self._answers(cand, far, d):
                    got.add(d)
            base[p] = got
        for p in pluses:
            got = set(base[p])
            for d in range(4):
                q = _step(p, d)
                if q in base and (len(base[p]) < 2 or len(base[q]) < 2):
                    got.add(d)
            arms[p] = frozenset(got)
        return arms

    def _answers(self, cand: Mapping[Pos, _Glyph], q: Pos, d: int) -> bool:
        """Whether cell ``q`` has an arm back toward a line arriving in direction ``d``."""
        if q in cand:
            return self.ch(q) == self.cs.dynamic or _opp(d) in cand[q].arms
        bc = self.binfo.get(q)
        return bc is not None and (_opp(d) in bc.extra or bc.tail == _opp(d))

    def _crossable_candidate(self, cand: Mapping[Pos, _Glyph], q: Pos, d: int) -> bool:
        """Like :meth:`_crossable`, before ASCII ``+`` arms are known (a ``+`` never is)."""
        if q in cand:
            g = cand[q]
            return self.ch(q) != self.cs.dynamic and g.points is None and g.arms == _perp(d)
        bc = self.binfo.get(q)
        return bc is not None and bc.cross and bc.side is not None and d in (bc.side, _opp(bc.side))

    def _accept_ascii(self, cand_arms: dict[Pos, frozenset[int]]) -> dict[Pos, frozenset[int]]:
        """Keep the ASCII candidates that form lines reaching boxes; the rest is text.

        A connected set of candidates counts as line if it touches boxes at two places, or
        at one place and has two or more cells (a dangling line, reported later).
        """
        trace = self._trace(cand_arms)
        attaches: dict[Pos, int] = {}
        for p, _d, res in trace.arm_res:
            if res.kind == "attach":
                attaches[p] = attaches.get(p, 0) + 1
        for p, res in trace.point_res:
            if res.kind == "attach":
                attaches[p] = attaches.get(p, 0) + 1
        keep: dict[Pos, frozenset[int]] = {}
        for comp in _components(cand_arms, trace.links):
            n = sum(attaches.get(p, 0) for p in comp)
            if n >= 2 or (n >= 1 and len(comp) >= 2):
                for p in comp:
                    keep[p] = cand_arms[p]
        return keep

    def _crossable(self, arms: Mapping[Pos, frozenset[int]], p: Pos, d: int) -> bool:
        """Whether a line travelling in direction ``d`` may pass straight through ``p``: a line
        cell across it (``──│──``) or a ``┼`` crossing a group border across it."""
        if p in arms:
            return arms[p] == _perp(d) and self.glyph_points(p) is None
        bc = self.binfo.get(p)
        return bc is not None and bc.cross and bc.side is not None and d in (bc.side, _opp(bc.side))

    def glyph_points(self, p: Pos) -> int | None:
        """Where the glyph in ``p`` points if it is an arrowhead."""
        g = self.cs.glyphs.get(self.ch(p))
        return g.points if g is not None else None

    def _resolve(self, arms: Mapping[Pos, frozenset[int]], p: Pos, d: int) -> _Res:
        """Follow arm ``d`` of line cell ``p``: to a line cell, across crossings, or to a box."""
        q = _step(p, d)
        if q in arms and _opp(d) in arms[q]:
            return _Res("link", q)
        far, skipped = q, 0
        while self._crossable(arms, far, d):
            far = _step(far, d)
            skipped += 1
        if skipped and far in arms and _opp(d) in arms[far]:
            return _Res("link", far)
        if q in self.border:
            if len(self.border[q]) > 1:
                return _Res("bad", why=f"meets the borders of overlapping boxes at {_at(q)}")
            bc = self.binfo[q]
            if bc.tail == _opp(d):
                return _Res("attach", q, bc.box, head=True)
            return _Res("attach", q, bc.box, junction=_opp(d) in bc.extra)
        qc = self.ch(q)
        if q in arms:
            return _Res("bad", why=f"runs into {qc} at {_at(q)} without a junction")
        if qc == " ":
            return _Res("bad", why="ends in empty space (dangling line)")
        return _Res("bad", why=f"runs into text {qc!r} at {_at(q)}")

    def _trace(self, arms: Mapping[Pos, frozenset[int]]) -> _Trace:
        """Resolve every arm of every line cell in ``arms`` and where each arrowhead points."""
        links: dict[Pos, set[Pos]] = {p: set() for p in arms}
        arm_res: list[tuple[Pos, int, _Res]] = []
        point_res: list[tuple[Pos, _Res]] = []
        for p in sorted(arms):
            for d in sorted(arms[p]):
                res = self._resolve(arms, p, d)
                arm_res.append((p, d, res))
                if res.kind == "link":
                    links[p].add(res.pos)
                    links[res.pos].add(p)
            pt = self.glyph_points(p)
            if pt is not None:
                q = _step(p, pt)
                owners = self.border.get(q, [])
                if len(owners) == 1:
                    point_res.append((p, _Res("attach", q, owners[0], head=True)))
                else:
                    point_res.append((p, _Res("bad", why=f"points at {self.ch(q)!r}")))
        return _Trace(links, arm_res, point_res)

    def _check_trace(self, trace: _Trace) -> None:
        """Report every line arm and arrowhead that leads nowhere valid."""
        for p, d, res in trace.arm_res:
            if res.kind != "bad":
                continue
            ch = self.ch(p)
            if self.glyph_points(p) is not None:
                what = f"arrowhead {ch}: its line going {_DIR_WORD[d]}"
            elif len(self.arms[p]) >= 3:
                what = f"junction {ch}: its {_DIR_WORD[d]} arm"
            else:
                what = f"line {ch} going {_DIR_WORD[d]}"
            self.problem(p, f"{what} {res.why}")
        for p, res in trace.point_res:
            if res.kind == "bad":
                self.problem(
                    p,
                    f"arrowhead {self.ch(p)} is neither next to nor set into a box border "
                    f"(it {res.why})",
                )

    def _check_border_arms(self) -> None:
        """Report junctions and arrowheads set into borders whose lines lead nowhere."""
        for p, bc in sorted(self.binfo.items()):
            if len(bc.extra) == 2 and bc.side is not None and not self.is_group[bc.box]:
                self.problem(
                    p,
                    f"{self.ch(p)} set into the border of {self.desc(bc.box)} joins lines on "
                    f"both sides: {self.rule('node_cross')}",
                )
            for d in sorted(bc.extra):
                q = _step(p, d)
                if q in self.arms and _opp(d) in self.arms[q]:
                    continue
                if bc.cross:
                    self.problem(
                        p,
                        f"{self.ch(p)} crossing the border of {self.desc(bc.box)} has no line "
                        f"going {_DIR_WORD[d]}: {self.rule('cross_straight')}",
                    )
                else:
                    self.problem(
                        p,
                        f"junction {self.ch(p)} in the border of {self.desc(bc.box)}: "
                        f"its {_DIR_WORD[d]} arm connects to no line",
                    )
            if bc.tail is not None:
                q = _step(p, bc.tail)
                if not (q in self.arms and _opp(bc.tail) in self.arms[q]):
                    self.problem(
                        p,
                        f"arrowhead {self.ch(p)} set into the border of {self.desc(bc.box)} "
                        f"has no line coming from {_DIR_WORD[bc.tail]}",
                    )

    def _meets(self, p: Pos, d: int) -> bool:
        """Whether the cell beside ``p`` in direction ``d`` is a line cell reaching into ``p``."""
        q = _step(p, d)
        return q in self.arms and _opp(d) in self.arms[q]

    def _check_group_borders(self) -> None:
        """Check every side cell of every group: plain, a junction, or a well-formed crossing.

        A line crossing through a plain border cell (or any glyph but the crossing one),
        a line glyph drawn on the border, an arrowhead set into it, and a crossing without
        one straight line cell on each side are reported.
        """
        for p, bc in sorted(self.binfo.items()):
            if bc.side is None or not self.is_group[bc.box]:
                continue
            ch, where = self.ch(p), self.desc(bc.box)
            axis = frozenset({bc.side, _opp(bc.side)})
            if bc.cross:
                for d in sorted(axis):
                    q = _step(p, d)
                    if q in self.arms and (
                        self.arms[q] != axis or self.glyph_points(q) is not None
                    ):
                        self.problem(
                            p,
                            f"{ch} crossing the border of {where} has {self.ch(q)} at {_at(q)} "
                            f"beside it, not a straight line cell: {self.rule('cross_straight')}",
                        )
                continue
            if all(self._meets(p, d) for d in axis):
                kind = f"a plain {ch}" if bc.plain else f"{ch}"
                self.problem(
                    p,
                    f"a line crosses {kind} in the border of {where}, with a line "
                    f"continuing on the other side: {self.rule('cross')}",
                )
                self.bad_border.add(p)
            elif bc.tail is not None:
                self.problem(
                    p,
                    f"arrowhead {ch} set into the border of {where}: {self.rule('to_group')}",
                )
            elif not bc.extra and not bc.plain:
                self.problem(
                    p, f"line glyph {ch} on the border of {where}: {self.rule('on_border')}"
                )
                self.bad_border.add(p)

    def _check_along_borders(self) -> None:
        """Report line cells next to a group's border that run along it (rule: only straight
        across it there, at a crossing, junction or arrowhead).

        Each unbroken run of such cells beside one border line is one problem, at its first
        cell.
        """
        # (group, is a row, row or column of the cells) -> {position along: border cell}
        runs: dict[tuple[int, bool, int], dict[int, Pos]] = {}
        for p in sorted(self.arms):
            arms = self.arms[p]
            for d in range(4):
                q = _step(p, d)
                key: tuple[int, bool, int] | None = None
                for g in self.border.get(q, []):
                    if not self.is_group[g]:
                        continue
                    t, lf, b, r = self.rects[g]
                    if q[0] in (t, b) and d in (N, S) and arms & {E, W}:
                        key = (g, True, p[0])
                    elif q[1] in (lf, r) and d in (E, W) and arms & {N, S}:
                        key = (g, False, p[1])
                    if key is not None:
                        break
                if key is not None:
                    runs.setdefault(key, {})[p[1] if key[1] else p[0]] = q
                    break
        for (g, is_row, fixed), cells in sorted(runs.items()):
            along = sorted(cells)
            starts = [k for k in along if k - 1 not in cells]
            for k0 in starts:
                k1 = k0
                while k1 + 1 in cells:
                    k1 += 1
                first = (fixed, k0) if is_row else (k0, fixed)
                last = (fixed, k1) if is_row else (k1, fixed)
                side = "inside" if self.in_rect(first, g) else "outside"
                what = f"line {self.ch(first)}"
                if k1 > k0:
                    what = f"a line from {_at(first)} to {_at(last)}"
                self.problem(
                    first,
                    f"{what} runs along the border of {self.desc(g)}, right {side} it (next to "
                    f"{_at(cells[k0])}): {self.rule('along')}",
                    fatal=False,
                )

    # ---- nets and edges

    def _build_edges(self, trace: _Trace) -> None:
        """Split each net (connected line cells) into edges by its ends' arrowheads."""
        ends_at: dict[Pos, list[_End]] = {}
        bad_at: set[Pos] = set()
        for p, _d, res in trace.arm_res:
            if res.kind == "attach":
                inset = res.head  # a head found by an arm is set into the border
                end = _End(res.box, res.head, res.junction, p, res.pos, inset)
                ends_at.setdefault(p, []).append(end)
            elif res.kind == "bad":
                bad_at.add(p)
        for p, res in trace.point_res:
            if res.kind == "attach":
                ends_at.setdefault(p, []).append(_End(res.box, True, False, p, res.pos))
            else:
                bad_at.add(p)
        for net in _components(self.arms, self.links):
            ends = [e for p in net for e in ends_at.get(p, [])]
            broken = any(p in bad_at for p in net)
            if len(ends) < 2:
                if not broken:
                    if ends:
                        msg = f"line from {self.desc(ends[0].box)} leads to no other box"
                    else:
                        msg = "line is not connected to any box"
                    self.problem(net[0], f"{msg} (dangling line)")
                continue
            self._split_net(net, ends)

    def _split_net(self, net: list[Pos], ends: list[_End]) -> None:
        """Turn one net's ends into edges (single, both-way, fan-out, fan-in) or a problem."""
        heads = [e for e in ends if e.head]
        tails = [e for e in ends if not e.head]
        pairs: list[tuple[_End, _End, bool, bool]] = []
        where = net[0]
        names = ", ".join(self.desc(e.box) for e in ends)
        if not heads:
            if len(ends) == 2:
                a, b = sorted(ends, key=lambda e: (not e.junction, e.box))
                pairs.append((a, b, False, False))
            else:
                hubs = [e for e in ends if e.junction]
                if len(hubs) != 1:
                    self.problem(
                        where,
                        f"arrowless net joins {len(ends)} boxes ({names}) and no single "
                        "junction set into a border marks the source",
                    )
                    return
                pairs += [(hubs[0], e, False, False) for e in ends if e is not hubs[0]]
        elif not tails:
            if len(ends) != 2:
                self.problem(
                    where,
                    f"net joins {len(ends)} boxes ({names}), all with arrowheads: "
                    "cannot tell which edges it carries",
                )
                return
            a, b = sorted(ends, key=lambda e: e.box)
            pairs.append((a, b, True, True))
        elif len(tails) == 1:
            pairs += [(tails[0], h, False, True) for h in heads]
        elif len(heads) == 1:
            pairs += [(t, heads[0], False, True) for t in tails]
        else:
            self.problem(
                where,
                f"net connects {len(tails)} sources with {len(heads)} targets ({names}): "
                "a net may fan out from one source or fan in to one target only",
            )
            for p in net:
                if self.ch(p) in ("┼", "+") and len(self.arms[p]) == 4:
                    self.problem(
                        p,
                        f"{self.ch(p)} joins unrelated lines: a crossing must be drawn as "
                        "one line's │ or ─ interrupting the other, not as a 4-way junction",
                    )
            return
        for a, b, ha, hb in pairs:
            path = _shortest_path(self.links, a.cell, b.cell)
            styles = {self.glyph[p].style for p in path}
            if _SOLID in styles and _DASHED in styles:
                self.problem(
                    a.cell,
                    f"edge from {self.desc(a.box)} to {self.desc(b.box)} mixes solid "
                    "and dashed line glyphs",
                )
            idx = len(self.edges)
            self.edges.append(_Edge(a, b, ha, hb, path, dashed=_DASHED in styles))
            for p in path:
                self.cell_edges.setdefault(p, set()).add(idx)

    def _check_group_ends(self) -> None:
        """Check how each edge meets a group: an arrowhead pointing at a plain border cell
        (edge to the group) or a junction set into the border (edge from it), on the inside
        for an edge to one of its own members and on the outside otherwise."""
        for e in self.edges:
            for end, other in ((e.a, e.b), (e.b, e.a)):
                g = end.box
                if not self.is_group[g] or end.at in self.bad_border:
                    continue
                where = self.desc(g)
                bc = self.binfo.get(end.at)
                if end.inset:
                    pass  # reported with the border (an arrowhead set into it)
                elif end.head:
                    if bc is None or bc.side is None:
                        self.problem(
                            end.cell,
                            f"arrowhead {self.ch(end.cell)} points at the corner "
                            f"{_at(end.at)} of {where}: {self.rule('to_group')}",
                        )
                    elif not bc.plain:
                        self.problem(
                            end.cell,
                            f"arrowhead {self.ch(end.cell)} points at {self.ch(end.at)} "
                            f"{_at(end.at)} in the border of {where}, not at a plain border "
                            f"cell: {self.rule('to_group')}",
                        )
                elif not end.junction:
                    self.problem(
                        end.at,
                        f"line {self.ch(end.cell)} at {_at(end.cell)} meets {self.ch(end.at)} "
                        f"in the border of {where} with no junction and no arrowhead: "
                        f"{self.rule('from_group')}",
                    )
                inside = self.in_rect(end.cell, g)
                if self.within(other.box, g) and not inside:
                    self.problem(
                        end.cell,
                        f"edge between {where} and its member {self.desc(other.box)} reaches "
                        f"the group from outside its border: {self.rule('member')}",
                    )
                elif not self.within(other.box, g) and inside:
                    self.problem(
                        end.cell,
                        f"edge between {where} and {self.desc(other.box)}, outside it, reaches "
                        f"the group from inside its border: {self.rule('non_member')}",
                    )

    @staticmethod
    def _between(p: Pos, q: Pos) -> list[Pos]:
        """The cells strictly between two cells of one row or one column."""
        if p[0] == q[0]:
            lo, hi = sorted((p[1], q[1]))
            return [(p[0], c) for c in range(lo + 1, hi)]
        lo, hi = sorted((p[0], q[0]))
        return [(r, p[1]) for r in range(lo + 1, hi)]

    def _check_crossings(self) -> None:
        """Check every ``┼`` an edge crosses a group border through: exactly one of the edge's
        ends is inside that group, and the edge crosses that group's border only once."""
        for e in self.edges:
            seen: dict[int, Pos] = {}
            name = f"edge from {self.desc(e.a.box)} to {self.desc(e.b.box)}"
            for p, q in zip(e.path, e.path[1:], strict=False):
                for c in self._between(p, q):
                    bc = self.binfo.get(c)
                    if bc is None or not bc.cross:
                        continue
                    g = bc.box
                    ins = (self.within(e.a.box, g), self.within(e.b.box, g))
                    if ins[0] == ins[1]:
                        self.problem(
                            c,
                            f"{name} crosses the border of {self.desc(g)} at {self.ch(c)}, but "
                            f"both its ends are {'inside' if ins[0] else 'outside'} the group: "
                            f"{self.rule('cross_ends')}",
                        )
                    if g in seen:
                        self.problem(
                            c,
                            f"{name} crosses the border of {self.desc(g)} twice (at "
                            f"{_at(seen[g])} and {_at(c)}): {self.rule('cross_once')}",
                        )
                    else:
                        seen[g] = c

    # ---- text: group captions and labels

    def _is_text(self, p: Pos) -> bool:
        """Whether ``p`` holds text in the open (not a line, border or node interior)."""
        return (
            self.ch(p) != " "
            and p not in self.border
            and p not in self.arms
            and not self.is_node_cell(p)
        )

    def _headers(self) -> None:
        """Read each group's caption rows and mark their cells as group text.

        The caption is the text on the group's first inner row, from its first text cell
        on (words one space apart), then every following row whose first non-blank cell is
        text two columns after the left border and which holds no box. Other text in those
        rows is label text.
        """
        for i, (t, lf, b, _r) in enumerate(self.rects):
            if not self.is_group[i]:
                continue
            lines: list[str] = []
            rows: list[int] = []
            start, end = lf + 2, -1
            for row in range(t + 1, b):
                c0 = self._caption_start(i, row, first=row == t + 1)
                if c0 is None:
                    break
                if row == t + 1:
                    start = c0
                c1 = c0
                while True:
                    if self._is_caption_text((row, c1 + 1), i):
                        c1 += 1
                    elif self._is_gap((row, c1 + 1)) and self._is_caption_text((row, c1 + 2), i):
                        c1 += 2
                    else:
                        break
                cells = [(row, c) for c in range(c0, c1 + 1)]
                for p in cells:
                    if self._is_text(p):
                        self.header[p] = i
                lines.append("".join(self.ch(p) for p in cells).strip())
                rows.append(row)
                end = max(end, c1)
            self.box_text[i] = tuple(lines)
            if rows:
                self.captions[i] = _Caption(tuple(rows), start, end, " ".join(lines))
                if start != lf + 2:
                    self.problem(
                        (t + 1, start),
                        f"caption {lines[0]!r} of {self.desc(i)} starts at {_at((t + 1, start))}"
                        f", not at {_at((t + 1, lf + 2))}: {self.rule('caption_at')}",
                        fatal=False,
                    )

    def _is_caption_text(self, p: Pos, group: int) -> bool:
        """Whether ``p`` is text in the open directly inside ``group`` (not in a member)."""
        return self._is_text(p) and self.owner.get(p) == group

    def _caption_start(self, i: int, row: int, first: bool) -> int | None:
        """Where the caption text on ``row`` of group ``i`` starts, or None if it is no
        caption row (see :meth:`_headers`)."""
        _, lf, _, r = self.rects[i]
        cells = [(row, c) for c in range(lf + 1, r)]
        if first:
            return next((p[1] for p in cells if self._is_caption_text(p, i)), None)
        if any(p in self.border or self.owner.get(p) != i for p in cells):
            return None  # a box in the row: members start here
        lead = next((p for p in cells if self.ch(p) != " " or p in self.arms), None)
        if lead is None or lead[1] != lf + 2 or not self._is_caption_text(lead, i):
            return None
        return lead[1]

    def _is_gap(self, p: Pos) -> bool:
        """Whether ``p`` is an open space that may separate two words of one label run."""
        return self.ch(p) == " " and p not in self.border and not self.is_node_cell(p)

    def _runs(self) -> list[_Run]:
        """Label text runs: non-space text cells joined across single spaces, row by row."""
        runs: list[_Run] = []
        for row in range(self.height):
            cur: _Run | None = None
            for col in range(self.width):
                p = (row, col)
                if not self._is_text(p) or p in self.header:
                    continue
                ch = self.ch(p)
                joins = cur is not None and (
                    col - cur.c1 == 1 or (col - cur.c1 == 2 and self._is_gap((row, col - 1)))
                )
                if cur is not None and joins:
                    gap = " " if col - cur.c1 == 2 else ""
                    cur.text += gap + ch
                    cur.c1 = col
                else:
                    cur = _Run(row, col, col, ch)
                    runs.append(cur)
        return runs

    def _beside(self, run: _Run) -> set[Pos]:
        """Line cells that ``run`` sits beside: a horizontal segment just above or below it,
        or a vertical segment immediately left/right of it (with at most one space between)."""
        out: set[Pos] = set()
        for col in range(run.c0, run.c1 + 1):
            for row in (run.row - 1, run.row + 1):
                q = (row, col)
                if q in self.arms and self.arms[q] & {E, W}:
                    out.add(q)
        for d, c in ((W, run.c0), (E, run.c1)):
            q = _step((run.row, c), d)
            if q not in self.arms and self.ch(q) == " " and q not in self.border:
                q = _step(q, d)
            if q in self.arms and self.arms[q] & {N, S}:
                out.add(q)
        return out

    @staticmethod
    def _blocks(runs: list[_Run]) -> list[list[_Run]]:
        """Group runs into label blocks: runs on consecutive rows whose columns overlap."""
        group = list(range(len(runs)))

        def root(i: int) -> int:
            while group[i] != i:
                group[i] = group[group[i]]
                i = group[i]
            return i

        for i, ri in enumerate(runs):
            for j, rj in enumerate(runs):
                if rj.row == ri.row + 1 and rj.c0 <= ri.c1 and ri.c0 <= rj.c1:
                    group[root(j)] = root(i)
        blocks: dict[int, list[_Run]] = {}
        for i, run in enumerate(runs):
            blocks.setdefault(root(i), []).append(run)
        return [sorted(b, key=lambda x: (x.row, x.c0)) for b in blocks.values()]

    def _labels(self) -> None:
        """Group label runs into blocks and attribute each block to exactly one edge."""
        runs = self._runs()
        labelled: dict[int, Pos] = {}
        for block in self._blocks(runs):
            first = (block[0].row, block[0].c0)
            rows: dict[int, list[str]] = {}
            for run in block:
                rows.setdefault(run.row, []).append(run.text)
            text = "\n".join(" ".join(parts) for _, parts in sorted(rows.items()))
            cells = [
                (run.row, c)
                for run in block
                for c in range(run.c0, run.c1 + 1)
                if self.ch((run.row, c)) != " "
            ]
            self.label_blocks.append((first, text, cells))
            for p in cells:
                self.label_cells[p] = (first, text)
            near: set[Pos] = set()
            for run in block:
                near |= self._beside(run)
            owners = {
                next(iter(self.cell_edges[q])) for q in near if len(self.cell_edges.get(q, ())) == 1
            }
            trunk = sorted(
                q for q in near if len(self.cell_edges.get(q, ())) > 1 and len(self.arms[q]) < 3
            )
            if owners and trunk:
                self.problem(
                    first,
                    f"label {text!r} sits beside the shared trunk at {_at(trunk[0])}: "
                    "a label must be beside one edge's own segment",
                )
                continue
            if not owners and trunk:
                # Beside a shared trunk only: the label of every edge on it.
                sharing = set.intersection(*(self.cell_edges[q] for q in trunk))
                if not sharing:
                    self.problem(
                        first, f"cannot attribute text {text!r}: it sits beside two trunks"
                    )
                    continue
                self._attach(first, block, text, sorted(sharing), labelled)
                continue
            if not owners:
                self.problem(first, f"cannot attribute text {text!r}: it is beside no edge segment")
                continue
            if len(owners) > 1:
                self.problem(first, f"label {text!r} sits beside {len(owners)} different edges")
                continue
            self._attach(first, block, text, [owners.pop()], labelled)

    def _attach(
        self,
        first: Pos,
        block: list[_Run],
        text: str,
        indices: list[int],
        labelled: dict[int, Pos],
    ) -> None:
        """Make ``text`` the label of the given edges (several when it sits on their
        shared trunk); an edge with a label already is a problem."""
        own: set[Pos] = set()
        for idx in indices:
            edge = self.edges[idx]
            if idx in labelled:
                self.problem(
                    first,
                    f"edge from {self.desc(edge.a.box)} to {self.desc(edge.b.box)} has a "
                    f"second label {text!r} (first at {_at(labelled[idx])})",
                )
                return
            own |= set(edge.path)
        for idx in indices:
            labelled[idx] = first
            self.edges[idx].label = text
        self._check_touch(block, text, own)

    def _check_touch(self, block: list[_Run], text: str, own: set[Pos]) -> None:
        """Report a label whose text touches a box border or a line other than its edge's."""
        first = (block[0].row, block[0].c0)
        for run in block:
            for col in range(run.c0, run.c1 + 1):
                p = (run.row, col)
                if self.ch(p) == " ":
                    continue
                for d in range(4):
                    q = _step(p, d)
                    if q in self.border:
                        what = f"the border of {self.desc(self.border[q][0])}"
                    elif q in self.arms and q not in own:
                        what = f"another edge's line at {_at(q)}"
                    else:
                        continue
                    self.problem(first, f"label {text!r} touches {what}", fatal=False)
                    return

    def _check_captions(self) -> None:
        """Report lines and labels in a caption's clear zone, and labels right under it."""
        for g, cap in sorted(self.captions.items()):
            _, lf, b, r = self.rects[g]
            where = self.desc(g)
            reported: set[Pos] = set()
            for row in cap.rows:
                for c in range(lf + 1, min(cap.end + 2, r - 1) + 1):
                    p = (row, c)
                    if p in self.arms:
                        self.problem(
                            p,
                            f"line {self.ch(p)} runs through the caption rows of {where}: "
                            f"{self.rule('caption_clear')}",
                            fatal=False,
                        )
                        break
                    if p in self.label_cells and self.label_cells[p][0] not in reported:
                        first, text = self.label_cells[p]
                        reported.add(first)
                        self.problem(
                            first,
                            f"label {text!r} sits in the caption rows of {where}: "
                            f"{self.rule('caption_clear')}",
                            fatal=False,
                        )
            under = cap.rows[-1] + 1
            if under >= b:
                continue
            for c in range(lf + 1, r):
                p = (under, c)
                if p in self.label_cells and self.label_cells[p][0] not in reported:
                    first, text = self.label_cells[p]
                    reported.add(first)
                    self.problem(
                        first,
                        f"label {text!r} sits in the row right under the caption of {where}: "
                        f"{self.rule('under_caption')}",
                        fatal=False,
                    )

    def _check_text_gaps(self) -> None:
        """Report two texts (labels, captions, box texts) closer than the contract allows:
        a cell of one within 1 row and 2 columns of a cell of the other."""
        owner: dict[Pos, int] = {}
        names: list[tuple[Pos, str]] = []

        def add(first: Pos, text: str, cells: Iterable[Pos]) -> None:
            for p in cells:
                owner[p] = len(names)
            names.append((first, text))

        for i, (t, lf, b, r) in enumerate(self.rects):
            if self.is_group[i]:
                continue
            cells = [
                (row, c)
                for row in range(t + 1, b)
                for c in range(lf + 1, r)
                if self.grid[row][c] != " "
                and self.owner.get((row, c)) == i
                and (row, c) not in self.border
            ]
            if cells:
                add(cells[0], " ".join(self.box_text[i]), cells)
        for g in sorted(self.captions):
            cells = sorted(p for p, i in self.header.items() if i == g)
            add(cells[0], self.captions[g].text, cells)
        for first, text, cells in self.label_blocks:
            add(first, text, cells)
        done: set[tuple[int, int]] = set()
        near = [(0, 1), (0, 2)] + [(1, dc) for dc in range(-2, 3)]
        for p in sorted(owner):
            for dr, dc in near:
                q = (p[0] + dr, p[1] + dc)
                if q not in owner or owner[q] == owner[p]:
                    continue
                pair = (min(owner[p], owner[q]), max(owner[p], owner[q]))
                if pair in done:
                    continue
                done.add(pair)
                (fa, ta), (fb, tb) = names[pair[0]], names[pair[1]]
                self.problem(
                    fa if fa <= fb else fb,
                    f"text {ta!r} at {_at(fa)} and text {tb!r} at {_at(fb)} are too close "
                    f"(at {_at(p)} and {_at(q)}): {self.rule('text_gap')}",
                    fatal=False,
                )

    # ---- result

    def figure(self) -> Figure:
        """The boxes and edges read (call only when there is no fatal problem)."""
        boxes = tuple(
            Box(t, lf, b, r, self.box_text[i], self.is_group[i], self.parent[i])
            for i, (t, lf, b, r) in enumerate(self.rects)
        )
        edges = sorted(
            (ReadEdge(e.a.box, e.b.box, e.head_a, e.head_b, e.dashed, e.label) for e in self.edges),
            key=lambda e: (e.a, e.b, e.head_a, e.head_b, e.dashed, e.label or ""),
        )
        return Figure(boxes, tuple(edges))
