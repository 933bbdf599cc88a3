"""The compound graph every layout pass reads and fills in.

One layered graph for the whole figure: ``Unit``s (boxes, dummies of long
edges, edge labels, gates where an edge ends on a group's border) sit on
levels; each ``Cluster`` (a group) is an interval on every level it spans,
from its top border level to its bottom border level; ``Hop``s join units on
neighbouring levels (or on one level, for same-rank edges).

Coordinates are in the layout frame: ``u`` runs along a level, ``v`` from
level to level; ``draw`` turns that frame to the spec's direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.graph.model import Edge, Graph
from archgen.layout.text import clean, fold, width, wrap

ROOT = ""
"""The id of the figure's top level, the container of every top-level item."""
NOTE_WRAP = 12
"""Columns a node's note wraps at (or the label's width, if wider)."""


@dataclass(frozen=True)
class Style:
    """How the layout frame maps onto the grid, as far as sizes are concerned."""

    vertical: bool
    """True for TB/BT (levels are rows), False for LR/RL (levels are columns)."""
    caption_at_end: bool
    """True for BT: a group's caption (at the top of the grid) lies at its bottom level."""
    wrap: int = 0
    """Columns texts (box labels and notes, captions, edge labels) wrap at; 0 for none."""
    whole: frozenset[str] = frozenset()
    """Kinds of text kept whole whatever ``wrap`` says: ``box``, ``caption``, ``edge``."""
    pad: int = 1
    """Blank columns between a box's text and its side borders (0 only to fit a width;
    a box with fields keeps 1)."""

    def limit(self, kind: str) -> int:
        """The column limit texts of ``kind`` (``box``, ``caption``, ``edge``) wrap at."""
        return 0 if kind in self.whole else self.wrap

    def size(self, real_w: int, real_h: int) -> tuple[int, int]:
        """Layout-frame (along-level, across-level) size of a real (width, height) box."""
        return (real_w, real_h) if self.vertical else (real_h, real_w)


@dataclass
class Unit:
    """Something that sits on one level and takes room along it.

    Kinds: ``node`` (a box), ``dummy`` (a long edge passing a level; on a
    group's border level it is the port where the edge crosses that border),
    ``label`` (an edge's label, its line passing down its first column),
    ``gate`` (where an edge ends on a group's border, the group being the
    edge's end).
    """

    id: str
    kind: str
    w: int
    h: int
    level: int = 0
    cluster: str = ROOT
    """The innermost group the unit lies in (on its level)."""
    decl: float = 0.0
    """Declaration order, the tie-break of every ordering decision."""
    lines: tuple[str, ...] = ()
    """A node's text rows, or a label's lines."""
    edge: Edge | None = None
    """For dummies, labels and gates: the edge they belong to (its bundle's first)."""
    gate_of: str | None = None
    """For gates: the group whose border the edge ends on."""
    gate_inside: bool = False
    """For gates: the line runs inside the group (an edge to or from its own member)."""
    u: int = 0
    v: int = 0
    loops: list[Edge] = field(default_factory=list)
    """Self-loops drawn on this node."""
    loop_rows: dict[int, int] = field(default_factory=dict)
    """The k-th self-loop → the row of its run under the node, once routed."""

    @property
    def passes(self) -> bool:
        """A line runs straight through this unit (dummies and labels)."""
        return self.kind in ("dummy", "label")


@dataclass
class Cluster:
    """A group as an interval: its border levels and, once placed, its border columns."""

    id: str
    parent: str
    depth: int
    caption: tuple[str, ...]
    top: int = 0
    bottom: int = 0
    left: int = 0
    right: int = 0
    top_row: int = 0
    bottom_row: int = 0
    decl: int = 0
    loops: list[Edge] = field(default_factory=list)
    loop_rows: dict[int, int] = field(default_factory=dict)
    """The k-th self-loop → the row of its run under the group, once routed."""

    @property
    def caption_width(self) -> int:
        """Columns of the caption's widest row."""
        return max((width(x) for x in self.caption), default=0)


@dataclass
class Hop:
    """One edge's passage between units on neighbouring levels (or along one level)."""

    edge: Edge
    upper: str
    lower: str
    head_up: bool
    head_down: bool
    flat: bool = False
    label: str | None = None
    """For flat hops only: the label drawn under the line."""
    net: int = -1
    up_col: int = 0
    down_col: int = 0
    track_row: int = -1
    dogleg: tuple[int, int] | None = None
    label_row: int = -1
    """For flat hops routed below: the first row of their label, under every track."""
    label_u: int = -1
    """For flat hops routed below: the label's first column, clear of lines passing it."""


@dataclass
class Layout:
    """The compound graph: units by level, clusters, hops, and the figure's style."""

    graph: Graph
    style: Style
    units: dict[str, Unit] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    hops: list[Hop] = field(default_factory=list)
    levels: list[list[str]] = field(default_factory=list)
    """Unit ids on each level, in order once ``order`` has run."""
    tokens: list[list[str]] = field(default_factory=list)
    """Each level's units with the borders of the groups spanning it (``<G``, ``>G``)."""
    stacked: list[list[str]] = field(default_factory=list)
    """Runs of unconnected members put one under the other (centred on each other)."""
    label_levels: set[int] = field(default_factory=set)
    level_v: list[int] = field(default_factory=list)
    """First row of each level's band, once ``channels`` has run."""
    level_h: list[int] = field(default_factory=list)

    def chain(self, cluster: str) -> list[str]:
        """The cluster and its enclosing clusters, innermost first (empty at the root)."""
        out = []
        while cluster != ROOT:
            out.append(cluster)
            cluster = self.clusters[cluster].parent
        return out

    def inside(self, unit: Unit, cluster: str) -> bool:
        """Whether ``unit`` lies within ``cluster``'s interval on its level."""
        return cluster in self.chain(unit.cluster)

    def is_port(self, unit: Unit) -> bool:
        """A dummy on the border level of one of its groups: where its line crosses it."""
        if unit.kind != "dummy":
            return False
        for g in self.chain(unit.cluster):
            c = self.clusters[g]
            if unit.level in (c.top, c.bottom):
                return True
        return False


def _fold(lines: list[str], limit: int) -> list[str]:
    """Lines folded at ``limit`` columns (unchanged when ``limit`` is 0)."""
    return [part for x in lines for part in fold(x, limit)] if limit else lines


def edge_text(edge: Edge, limit: int = 0) -> str | None:
    """An edge's label as drawn: each line cleaned like a box's text and folded at
    ``limit`` columns (or None)."""
    if not edge.label:
        return None
    return "\n".join(_fold([clean(x) for x in edge.label.split("\n")], limit))


def text_size(style: Style, text: str) -> tuple[int, int]:
    """Layout-frame size of a block of text (lines split at newlines)."""
    lines = text.split("\n")
    return style.size(max(width(x) for x in lines), len(lines))


def node_lines(graph: Graph, ident: str, limit: int = 0) -> tuple[str, ...]:
    """The text rows of a node's box: label, note, then fields; label and note folded
    at ``limit`` columns when it is not 0 (fields never are)."""
    node = graph.node(ident)
    lines = _fold([clean(x) for x in node.label.split("\n")], limit)
    if node.note:
        note_limit = max(NOTE_WRAP, *(width(x) for x in lines))
        if limit:
            note_limit = min(note_limit, limit)
        for x in node.note.split("\n"):
            x = clean(x)
            x = x if x.startswith("(") and x.endswith(")") else f"({x})"
            lines.extend(fold(x, note_limit) if limit else wrap(x, note_limit))
    if node.fields:
        lines.append("")
        lines.extend(clean(f) for f in node.fields)
    return tuple(lines)


def group_header(graph: Graph, ident: str, limit: int = 0) -> tuple[str, ...]:
    """A group's caption rows: its label, then its note in parentheses, folded at
    ``limit`` columns when it is not 0."""
    group = graph.group(ident)
    rows = _fold([clean(x) for x in group.label.split("\n")], limit)
    if group.note:
        note = "(" + " ".join(clean(x) for x in group.note.split("\n")) + ")"
        rows.extend(_fold([note], limit))
    return tuple(rows)


@dataclass
class LoopHost:
    """A box self-loops run round: a node, or a group's border (``skip`` rows under
    its top, its caption, stay clear of them)."""

    u: int
    w: int
    v: int
    h: int
    loops: list[Edge]
    loop_rows: dict[int, int]
    skip: int = 0


def loop_hosts(lay: Layout, level: int) -> list[LoopHost]:
    """The boxes on ``level`` with self-loops, nodes then groups ending there."""
    out = []
    for uid in lay.levels[level]:
        unit = lay.units[uid]
        if unit.loops:
            out.append(LoopHost(unit.u, unit.w, unit.v, unit.h, unit.loops, unit.loop_rows))
    for c in lay.clusters.values():
        if c.loops and c.bottom == level:
            skip = len(c.caption) if lay.style.vertical and not lay.style.caption_at_end else 0
            h = c.bottom_row - c.top_row + 1
            out.append(
                LoopHost(c.left, c.right - c.left + 1, c.top_row, h, c.loops, c.loop_rows, skip)
            )
    return out


def loop_start(host: Unit | LoopHost, k: int) -> int:
    """The column where a box's k-th self-loop leaves its far side: the loops leave
    right to left, a blank column between each two (``┬─┬``, never ``┬┬``)."""
    return host.u + host.w - 2 - 2 * k


def loop_offsets(style: Style, unit: Unit | Cluster | LoopHost) -> list[tuple[int, int]]:
    """For a node's self-loops, in order: how far past the node's far side each
    one's outer run lies, and how far below its first row it comes back in.

    Each loop runs outside the one before it and comes back in above it, so no
    two cross; a loop with a label leaves room for it beside its outer run,
    clear of the next loop on every side.
    """
    after_u = 2 if style.vertical else 0
    sizes = [
        text_size(style, t) if (t := edge_text(e, style.limit("edge"))) else None
        for e in unit.loops
    ]
    outs, out = [], 1
    for size in sizes:
        outs.append(out)
        out += 2 + (size[0] + after_u if size else 0)
    downs = [0] * len(sizes)
    down = 1
    for k in reversed(range(len(sizes))):
        downs[k] = down
        # The next loop in comes in under this one, its label a blank row below
        # this one's line (in LR and RL two blank columns beside it).
        down += (2 if style.vertical else 3) if k and sizes[k - 1] else 1
    return list(zip(outs, downs, strict=True))


def loop_height(style: Style, unit: Unit) -> int:
    """Rows a node needs for its self-loops to come back in on rows of their own,
    each label ending above the node's last row."""
    need = 0
    for e, (_, down) in zip(unit.loops, loop_offsets(style, unit), strict=True):
        text = edge_text(e, style.limit("edge"))
        rows = text_size(style, text)[1] if text else 1
        need = max(need, down + rows + 1)
    return need
