"""The layout of one container (the top level or a group), laid out bottom-up.

Each group is laid out first as a block, then takes part in its parent's
layout as one item. An edge that crosses a group's border passes through a
port on that border, on the side its outer end lies (decided from the ranks
of the lowest container holding both ends).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archgen.graph.model import Edge, Graph
from archgen.layout.geometry import Figure
from archgen.layout.rank import assign_ranks
from archgen.layout.text import clean, width, wrap

ROOT = ""
NOTE_WRAP = 12
"""Columns a note wraps at (or the label's width, if wider), keeping boxes narrow."""
GAP = 2
"""Columns (layout frame) between neighbouring items of a rank."""


@dataclass
class Style:
    """How the layout frame maps onto the grid, as far as sizes are concerned."""

    vertical: bool
    """True for TB/BT (ranks are rows), False for LR/RL (ranks are columns)."""
    header_at_end: bool
    """True for BT: a group's caption (at the top of the grid) is at the end of the rank axis."""

    def size(self, real_w: int, real_h: int) -> tuple[int, int]:
        """Layout-frame (along-rank, across-rank) size of a real (width, height) box."""
        return (real_w, real_h) if self.vertical else (real_h, real_w)


@dataclass
class Block:
    """A laid-out container: its figure (layout frame, origin at its top-left) and ports."""

    w: int
    h: int
    figure: Figure
    ports: dict[tuple[str, str], int]
    """(edge id, 'top'|'bottom') → column of the port on the block's border."""


@dataclass
class Item:
    """Something placed in a container's ranks: a node, a group block, a dummy or a port."""

    id: str
    kind: str
    w: int
    h: int
    rank: int = 0
    decl: int = 0
    block: Block | None = None
    lines: tuple[str, ...] = ()
    u: int = 0
    v: int = 0
    extra: int = 0
    """Columns kept free after the item (labels, loops)."""
    loops: list[str] = field(default_factory=list)
    """Ids of the self-loop edges drawn on this item, in order."""
    loop_offsets: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Self-loop edge id → how far past the item's far side its outer run lies and
    how far below the item's first row it comes back in (see ``loop_offsets``)."""
    loop_rows: dict[str, int] = field(default_factory=dict)
    """Self-loop edge id → the row of its run under the item."""
    loop_starts: dict[str, int] = field(default_factory=dict)
    """Self-loop edge id → the bottom-side column it leaves by, once chosen."""

    def loop_geometry(self, edge_id: str) -> tuple[int, int, int]:
        """A self-loop's start column (bottom side), outer column and re-entry row.

        The k-th loop of an item starts k columns further left and runs further
        out and comes back lower than the loops before it (by its offsets), so
        loops never share a cell.
        """
        k = self.loops.index(edge_id)
        out, down = self.loop_offsets.get(edge_id, (1 + 2 * k, 1 + k))
        start = self.loop_starts.get(edge_id, max(self.u + self.w - 2 - k, self.u + 1))
        side = self.u + self.w + out
        row = min(self.v + down, self.v + self.h - 2)
        return start, side, row


def text_size(style: Style, text: str) -> tuple[int, int]:
    """Layout-frame size of a block of text (lines split at newlines)."""
    lines = text.split("\n")
    return style.size(max(width(x) for x in lines), len(lines))


def loop_label_gap(style: Style) -> int:
    """Cells between a self-loop's outer run and its label: a blank column beside a
    vertical run (TB, BT), the very next row under a horizontal one (LR, RL)."""
    return 2 if style.vertical else 1


def loop_depth(style: Style, labels: list[str | None]) -> int:
    """How deep (across ranks) an item must be for its self-loops: each comes back
    in on a row of its own, and each label lies along the item's side, clear of
    the channel beyond it (two cells from a line there in LR and RL, where the
    label runs across ranks; one row in TB and BT)."""
    clear = 1 if style.vertical else 3
    depth = 0
    for text, (_, down) in zip(labels, loop_offsets(style, labels), strict=True):
        depth = max(depth, down + 2)
        if text:
            depth = max(depth, down + text_size(style, text)[1] + clear)
    return depth


def loop_offsets(style: Style, labels: list[str | None]) -> list[tuple[int, int]]:
    """For the self-loops of one item, in order: how far past the item's far side
    each one's outer run lies, and how far below the item's first row it comes
    back in.

    Each loop runs outside the one before it. A loop with a label leaves room
    for it beside its outer run, clear of the next loop's runs on every side, so
    the label is beside its own loop alone.
    """
    after_u, after_v = (2, 0) if style.vertical else (0, 1)
    out, down = 1, 1
    offsets = []
    for text in labels:
        offsets.append((out, down))
        if text:
            lu, lv = text_size(style, text)
            out += 2 + lu + after_u
            down += 1 + lv + after_v
        else:
            out += 2
            down += 1
    return offsets


@dataclass
class Hop:
    """One edge's passage between two adjacent ranks (or along one rank)."""

    edge: Edge
    upper: str
    lower: str
    head_up: bool
    head_down: bool
    end_up: str
    """How the line meets the upper item: 'real', 'pass', 'dummy' or 'port'."""
    end_down: str
    label: str | None = None
    flat: bool = False
    net: int = -1
    up_col: int = 0
    down_col: int = 0
    track_row: int = -1
    """Absolute row of the net's horizontal run; -1 for a straight line."""
    label_rows: tuple[int, int] = (0, 0)
    """First row and number of rows of the channel's label band."""
    dogleg: tuple[int, int] | None = None
    """(column, lower track row) of a hop that jogs down a free column mid-channel."""
    room: int = 0
    """Columns kept after the target for this hop's label: the most any try
    needed (the line's column moves between tries, so needs only grow)."""
    own: list[tuple[int, int]] = field(default_factory=list)
    """Cells of the line that belong to this hop alone (where its label may sit beside)."""


def edge_text(edge: Edge) -> str | None:
    """An edge's label as drawn: each line cleaned like a box's text (or None)."""
    if not edge.label:
        return None
    return "\n".join(clean(x) for x in edge.label.split("\n"))


def node_lines(graph: Graph, ident: str) -> tuple[str, ...]:
    """The text rows of a node's box: label, note, then fields."""
    node = graph.node(ident)
    lines = [clean(x) for x in node.label.split("\n")]
    if node.note:
        limit = max(NOTE_WRAP, *(width(x) for x in lines))
        for x in node.note.split("\n"):
            x = clean(x)
            x = x if x.startswith("(") and x.endswith(")") else f"({x})"
            lines.extend(wrap(x, limit))
    if node.fields:
        lines.append("")
        lines.extend(clean(f) for f in node.fields)
    return tuple(lines)


def group_header(graph: Graph, ident: str) -> tuple[str, ...]:
    """The caption of a group: one row, its label then its note in parentheses.

    One row, because lines entering the group from above cross the caption's
    rows, and only the first inner row is read as the caption whatever crosses it.
    """
    group = graph.group(ident)
    text = " ".join(clean(x) for x in group.label.split("\n"))
    if group.note:
        text += " (" + " ".join(clean(x) for x in group.note.split("\n")) + ")"
    return (text,)


@dataclass
class Plan:
    """Ranks of every container and the side each border-crossing edge uses."""

    graph: Graph
    ranks: dict[str, dict[str, int]] = field(default_factory=dict)
    backward: dict[str, set[str]] = field(default_factory=dict)
    sides: dict[tuple[str, str], str] = field(default_factory=dict)
    """(edge id, group id) → 'top' or 'bottom': where the edge crosses that group's border."""

    def children(self, container: str) -> tuple[str, ...]:
        """The items of a container."""
        return self.graph.roots if container == ROOT else self.graph.group(container).children

    def lift(self, ident: str, container: str) -> str | None:
        """The child of ``container`` that is or holds ``ident`` (None if outside)."""
        chain = (ident, *self.graph.ancestors(ident))
        parent_of = {c: (self.graph.item(c).parent or ROOT) for c in chain}
        for c in chain:
            if parent_of[c] == container:
                return c
        return None


def make_plan(graph: Graph) -> Plan:
    """Rank every container top-down and decide the border sides of crossing edges."""
    plan = Plan(graph)
    containers = [ROOT] + [g.id for g in graph.groups]
    same = [list(r) for r in graph.ranks]
    for c in containers:
        kids = plan.children(c)
        lifted: list[tuple[str, str]] = []
        ids: list[str] = []
        for e in graph.edges:
            a, b = plan.lift(e.source, c), plan.lift(e.target, c)
            if a is not None and b is not None and a != b:
                lifted.append((a, b))
                ids.append(e.id)
        groups = [[plan.lift(m, c) for m in r] for r in same]
        ranking = assign_ranks(kids, lifted, [[x for x in g if x] for g in groups])
        plan.ranks[c] = ranking.rank
        plan.backward[c] = {ids[i] for i in ranking.reversed}
    for e in graph.edges:
        if e.target in graph.ancestors(e.source) or e.source in graph.ancestors(e.target):
            # A group and its own member: the line runs inside the group, down to
            # its bottom border when the group is the target, from its top otherwise.
            group, member = (
                (e.target, e.source)
                if e.target in graph.ancestors(e.source)
                else (e.source, e.target)
            )
            side = "bottom" if group == e.target else "top"
            for g in graph.ancestors(member):
                if g == group:
                    break
                plan.sides[(e.id, g)] = side
            continue
        lca = _lowest_common(graph, e.source, e.target)
        a, b = plan.lift(e.source, lca), plan.lift(e.target, lca)
        if a is None or b is None:
            continue
        ra, rb = plan.ranks[lca][a], plan.ranks[lca][b]
        source_side = "bottom" if ra <= rb else "top"
        target_side = "top" if ra < rb else "bottom"
        for end, side in ((e.source, source_side), (e.target, target_side)):
            for g in graph.ancestors(end):
                if g == lca:
                    break
                plan.sides[(e.id, g)] = side
    return plan


def _lowest_common(graph: Graph, a: str, b: str) -> str:
    """The innermost container holding both ``a`` and ``b``."""
    above_a = [*graph.ancestors(a), ROOT]
    above_b = set(graph.ancestors(b)) | {ROOT}
    for c in above_a:
        if c in above_b and c not in (a, b):
            return c
    return ROOT
