"""Pass 6, paint: the routed ``Layout`` as an abstract ``Figure`` for ``draw``.

Boxes for nodes and groups (with their captions), one net of straight runs
per routed net, arrowheads and border junctions where lines meet boxes,
``┼`` where a line crosses a group border, labels beside their lines.
"""

from __future__ import annotations

from collections.abc import Container

from archgen.layout.geometry import BoxShape, Figure, LabelShape, NetShape, Rect
from archgen.layout.glyphs import E, N, S, W
from archgen.layout.model import (
    Cluster,
    Hop,
    Layout,
    LoopHost,
    Unit,
    edge_text,
    loop_hosts,
    loop_offsets,
    loop_start,
    text_size,
)


def paint(lay: Layout, skip: Container[int] = ()) -> Figure:
    """Everything to draw, in the layout frame, but the hops whose index in
    ``lay.hops`` is in ``skip`` (``bands`` draws those)."""
    figure = Figure()
    for g, c in lay.clusters.items():
        rect = Rect(c.left, c.top_row, c.right - c.left + 1, c.bottom_row - c.top_row + 1)
        figure.boxes.append(BoxShape(g, rect, c.caption, True))
        figure.labels.append(LabelShape(*caption_corner(lay, c, rect), c.caption))
    for unit in lay.units.values():
        if unit.kind == "node":
            figure.boxes.append(
                BoxShape(unit.id, Rect(unit.u, unit.v, unit.w, unit.h), unit.lines, False)
            )
        elif unit.kind == "label":
            du, _dv = (2, 0) if lay.style.vertical else (1, 0)
            figure.labels.append(LabelShape(unit.u + du, unit.v, unit.lines))
    nets: dict[int, NetShape] = {}
    for i, hop in enumerate(lay.hops):
        if i in skip:
            continue
        net = nets.setdefault(hop.net, NetShape(hop.edge.dashed))
        if hop.flat:
            _flat(lay, hop, net, figure)
        else:
            _hop(lay, hop, net)
    figure.nets.extend(nets.values())
    for level in range(len(lay.levels)):
        for host in loop_hosts(lay, level):
            for k in range(len(host.loops)):
                figure.nets.append(_loop(lay, host, k, figure))
    _crossings(lay, figure)
    return figure


def caption_corner(lay: Layout, c: Cluster, rect: Rect) -> tuple[int, int]:
    """Layout-frame corner of a group's caption in its box ``rect``, so that on the
    grid it is the box's first inner rows, two columns in from its left border."""
    style = lay.style
    top_row, bottom_row = rect.v, rect.v + rect.h - 1
    if style.vertical:
        row = bottom_row - len(c.caption) if style.caption_at_end else top_row + 1
        return rect.u + 2, row
    if lay.graph.direction == "RL":
        return rect.u + 1, bottom_row - 1 - c.caption_width
    return rect.u + 1, top_row + 2


def _meet(
    net: NetShape, border: tuple[int, int], outward: tuple[int, int], head: bool
) -> tuple[int, int]:
    """Where a line meets a box side at ``border``: an arrowhead one step ``outward``,
    pointing back in, or a junction set into the border. Returns the line's last cell."""
    if not head:
        net.borders.add(border)
        return border
    cell = (border[0] + outward[0], border[1] + outward[1])
    net.heads[cell] = {(0, 1): N, (0, -1): S, (1, 0): W, (-1, 0): E}[outward]
    return cell


def _start(lay: Layout, unit: Unit, hop: Hop, net: NetShape) -> tuple[int, int]:
    """Where a hop's line leaves its upper unit."""
    if unit.kind == "node":
        return _meet(net, (hop.up_col, unit.v + unit.h - 1), (0, 1), hop.head_up)
    if unit.kind == "gate":
        return _meet(net, (unit.u, unit.v), (0, 1), hop.head_up)
    return (unit.u, unit.v)


def _end(lay: Layout, unit: Unit, hop: Hop, net: NetShape) -> tuple[int, int]:
    """Where a hop's line reaches its lower unit."""
    if unit.kind == "node":
        return _meet(net, (hop.down_col, unit.v), (0, -1), hop.head_down)
    if unit.kind == "gate":
        return _meet(net, (unit.u, unit.v), (0, -1), hop.head_down)
    return (unit.u, unit.v)


def hop_ends(lay: Layout, hop: Hop, net: NetShape) -> tuple[tuple[int, int], tuple[int, int]]:
    """The first and last cell of a hop between neighbouring levels (adding its
    arrowheads and border junctions to ``net``); a line unit's own level is the
    line's first stretch."""
    up, down = lay.units[hop.upper], lay.units[hop.lower]
    start = _start(lay, up, hop, net)
    if up.passes:
        start = (start[0], lay.level_v[up.level])
    return start, _end(lay, down, hop, net)


def _hop(lay: Layout, hop: Hop, net: NetShape) -> None:
    """One hop between neighbouring levels: down, along its track, down again."""
    start, end = hop_ends(lay, hop, net)
    if hop.track_row < 0:
        net.path([start, end])
    elif hop.dogleg is not None:
        row, (col, row2) = hop.track_row, hop.dogleg
        net.path([start, (start[0], row), (col, row), (col, row2), (end[0], row2), end])
    else:
        net.path([start, (start[0], hop.track_row), (end[0], hop.track_row), end])


def _flat(lay: Layout, hop: Hop, net: NetShape, figure: Figure) -> None:
    """A same-level edge: straight between neighbours, or down, along and back up."""
    a, b = lay.units[hop.upper], lay.units[hop.lower]
    if hop.track_row < 0 and a.kind == "node" and b.kind == "node":
        left, right = (a, b) if a.u < b.u else (b, a)
        head_left = hop.head_up if left is a else hop.head_down
        head_right = hop.head_down if left is a else hop.head_up
        row = max(left.v, right.v) + 1
        start = _meet(net, (left.u + left.w - 1, row), (1, 0), head_left)
        end = _meet(net, (right.u, row), (-1, 0), head_right)
        net.path([start, end])
        if hop.label:
            lw, _ = text_size(lay.style, hop.label)
            gap_start, gap_end = left.u + left.w, right.u
            u = gap_start + max((gap_end - gap_start - lw) // 2, 0)
            figure.labels.append(LabelShape(u, row + 1, tuple(hop.label.split("\n"))))
        return
    start = (
        _meet(net, (hop.up_col, a.v + a.h - 1), (0, 1), hop.head_up)
        if a.kind == "node"
        else (a.u, a.v)
    )
    end = (
        _meet(net, (hop.down_col, b.v + b.h - 1), (0, 1), hop.head_down)
        if b.kind == "node"
        else (b.u, b.v)
    )
    row = hop.track_row if hop.track_row >= 0 else start[1] + 1
    net.path([start, (start[0], row), (end[0], row), end])
    if hop.label:
        lw, _ = text_size(lay.style, hop.label)
        low, high = sorted((start[0], end[0]))
        u = hop.label_u if hop.label_u >= 0 else max(low + (high - low - lw) // 2, low)
        at = hop.label_row if hop.label_row >= 0 else row + 1
        figure.labels.append(LabelShape(u, at, tuple(hop.label.split("\n"))))


def _loop(lay: Layout, unit: LoopHost, k: int, figure: Figure) -> NetShape:
    """A box's k-th self-loop: out of its bottom, round its right side, back in
    (below a group's caption)."""
    e = unit.loops[k]
    net = NetShape(e.dashed)
    out, down = loop_offsets(lay.style, unit)[k]
    start_col = loop_start(unit, k)
    side = unit.u + unit.w + out
    row = min(unit.v + unit.skip + down, unit.v + unit.h - 2)
    track = unit.loop_rows.get(k, unit.v + unit.h + 1)
    start = _meet(net, (start_col, unit.v + unit.h - 1), (0, 1), e.arrow in ("back", "both"))
    end = _meet(net, (unit.u + unit.w - 1, row), (1, 0), e.arrow in ("forward", "both"))
    net.path([start, (start_col, track), (side, track), (side, row), end])
    text = edge_text(e, lay.style.limit("edge"))
    if text:
        gap = 2 if lay.style.vertical else 1
        figure.labels.append(LabelShape(side + gap, row, tuple(text.split("\n"))))
    return net


def _crossings(lay: Layout, figure: Figure) -> None:
    """Mark every cell where a line passes a group border as a crossing (``┼``)."""
    horizontal: dict[int, list[tuple[int, int]]] = {}
    vertical: dict[int, list[tuple[int, int]]] = {}
    for c in lay.clusters.values():
        horizontal.setdefault(c.top_row, []).append((c.left, c.right))
        horizontal.setdefault(c.bottom_row, []).append((c.left, c.right))
        vertical.setdefault(c.left, []).append((c.top_row, c.bottom_row))
        vertical.setdefault(c.right, []).append((c.top_row, c.bottom_row))
    for net in figure.nets:
        ends = set(net.borders) | set(net.heads)
        for u1, v1, u2, v2 in net.runs:
            if u1 == u2 and v1 != v2:
                for v in range(v1, v2 + 1):
                    for lo, hi in horizontal.get(v, ()):
                        if lo < u1 < hi and (u1, v) not in ends and _through(net, u1, v, True):
                            net.borders.add((u1, v))
            elif v1 == v2 and u1 != u2:
                for u in range(u1, u2 + 1):
                    for lo, hi in vertical.get(u, ()):
                        if lo < v1 < hi and (u, v1) not in ends and _through(net, u, v1, False):
                            net.borders.add((u, v1))


def _through(net: NetShape, u: int, v: int, down: bool) -> bool:
    """Whether the net's line continues on both sides of a border cell (or passes it)."""
    cells = net.cells
    if down:
        return (u, v - 1) in cells or (u, v + 1) in cells
    return (u - 1, v) in cells or (u + 1, v) in cells
