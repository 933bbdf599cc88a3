"""Lines between ranks: routing a channel's nets onto tracks, then drawing every hop."""

from __future__ import annotations

from archgen.graph.model import Edge
from archgen.layout.engine import Hop, Item, Style, edge_text, loop_label_gap
from archgen.layout.geometry import Figure, LabelShape, NetShape
from archgen.layout.glyphs import E, N, S, W
from archgen.layout.labels import label_size, place_labels
from archgen.layout.route import ChannelNet, assign_tracks


def route_channel(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    loops: list[Edge],
    figure: Figure,
    top: int,
    reserved_top: int,
    reserved_bottom: int,
    needs_gap: bool,
    crowded: set[int],
) -> int:
    """Route one channel: give nets tracks, size the label band; return the channel height."""
    nets: dict[int, ChannelNet] = {}
    for hop in hops:
        net = nets.setdefault(hop.net, ChannelNet(hop.net, [], []))
        if hop.flat:
            net.tops.append(hop.up_col)
            net.flat_bottoms.append(hop.down_col)
        else:
            net.tops.append(hop.up_col)
            net.bottoms.append(hop.down_col)
    loop_nets: dict[str, ChannelNet] = {}
    for i, e in enumerate(loops):
        item = items[e.source]
        start, side, _ = item.loop_geometry(e.id)
        net = ChannelNet(-1 - i, [start], [], flat_bottoms=[side])
        loop_nets[e.id] = net
        nets[net.key] = net
    for net in nets.values():
        net.tops = sorted(set(net.tops))
        net.bottoms = sorted(set(net.bottoms))
    tracks = assign_tracks(list(nets.values()))
    heads_up = any(h.head_up and not h.flat for h in hops)
    heads_up = heads_up or any(e.arrow in ("back", "both") for e in loops)
    heads_up = heads_up or any(h.flat and (h.head_up or h.head_down) for h in hops)
    head_row = 1 if heads_up else 0
    label_rows = 0
    for hop in hops:
        if hop.label and not hop.flat:
            pad = (1 if style.vertical else 2) if id(hop) in crowded else 0
            label_rows = max(label_rows, label_size(style, hop.label)[1] + pad)
    flat_labels = [h for h in hops if h.flat and h.label]
    for hop in flat_labels:
        label_rows = max(label_rows, label_size(style, hop.label or "")[1] + 1)
    arrow_row = 1 if (hops or loops or needs_gap) else 0
    # Between the two arrowheads of a both-way line, or along a dashed one, at
    # least one straight cell of line shows it is a line, and of which style:
    # not so when the channel has no row for it, or when the line only jogs one
    # column on its track (two corners, └┐, and nothing else).
    showy = [h for h in hops if not h.flat and (h.edge.dashed or (h.head_up and h.head_down))]
    if label_rows == 0 and (
        (tracks == 0 and showy)
        or any(nets[h.net].track >= 0 and abs(h.up_col - h.down_col) == 1 for h in showy)
    ):
        label_rows = 1
    height = reserved_top + head_row + tracks + label_rows + arrow_row + reserved_bottom
    track_top = top + reserved_top + head_row
    for hop in hops:
        net = nets[hop.net]
        hop.track_row = -1 if net.track < 0 else track_top + net.track
        hop.dogleg = None if net.dogleg is None else (net.dogleg, track_top + net.track2)
        hop.label_rows = (track_top + tracks, label_rows)
    for e in loops:
        item = items[e.source]
        item_track = loop_nets[e.id].track
        item.loop_rows[e.id] = track_top + max(item_track, 0)
    return height


def _meet(
    net: NetShape, border: tuple[int, int], outward: tuple[int, int], head: bool
) -> tuple[int, int]:
    """Where a line meets a box side at the border cell ``border``: an arrowhead one
    step ``outward`` of it, pointing back in, or a junction set into the border.
    Returns the line's last cell."""
    if not head:
        net.borders.add(border)
        return border
    cell = (border[0] + outward[0], border[1] + outward[1])
    net.heads[cell] = {(0, 1): N, (0, -1): S, (1, 0): W, (-1, 0): E}[outward]
    return cell


def draw_direct(style: Style, items: dict[str, Item], hop: Hop, figure: Figure) -> None:
    """A same-rank edge between neighbours: a straight line between their facing sides."""
    a, b = items[hop.upper], items[hop.lower]
    left, right = (a, b) if a.u < b.u else (b, a)
    head_left = hop.head_up if left is a else hop.head_down
    head_right = hop.head_down if left is a else hop.head_up
    row = max(left.v, right.v) + 1
    net = NetShape(hop.edge.dashed)
    start = _meet(net, (left.u + left.w - 1, row), (1, 0), head_left)
    end = _meet(net, (right.u, row), (-1, 0), head_right)
    net.path([start, end])
    figure.nets.append(net)
    if hop.label:
        lw, _lh = label_size(style, hop.label)
        gap_start, gap_end = left.u + left.w, right.u
        u = gap_start + max((gap_end - gap_start - lw) // 2, 0)
        figure.labels.append(LabelShape(u, row + 1, tuple(hop.label.split("\n"))))


def draw_hops(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    direct_ids: set[int],
    loops: list[Edge],
    channels: dict[int, tuple[int, int]],
    figure: Figure,
    bounds: tuple[int, int, int, int] | None,
    caption: set[tuple[int, int]],
) -> set[int]:
    """Turn routed hops into net cells, arrowheads and labels; return hops whose label
    found no free place."""
    nets: dict[int, NetShape] = {}
    net_sizes: dict[int, int] = {}
    for hop in hops:
        net_sizes[hop.net] = net_sizes.get(hop.net, 0) + 1
    for hop in hops:
        if id(hop) in direct_ids:
            continue
        # Hops sharing a trunk are one net; the hops of a long edge are separate
        # nets that meet end to end at its dummies, so where two edges of one
        # source cross further down they cross, not join.
        net = nets.setdefault(hop.net, NetShape(hop.edge.dashed))
        up, down = items[hop.upper], items[hop.lower]
        below, above = (0, 1), (0, -1)
        # Where the line leaves the upper item (or, for a group's own edge, its top border).
        if hop.end_up == "real":
            start = _meet(net, (hop.up_col, up.v + up.h - 1), below, hop.head_up)
        elif hop.end_up == "own":
            start = _meet(net, (hop.up_col, up.v), below, hop.head_up)
        elif hop.end_up == "pass":
            start = (hop.up_col, up.v + up.h - 1)
        elif hop.end_up == "dummy":
            start = (hop.up_col, up.v + 1)  # the hop above ends on the dummy's first cell
        else:
            start = (hop.up_col, up.v)
        if hop.flat:
            # A same-rank edge routed below: it rises back into the other item.
            bottom = (hop.down_col, down.v + down.h - 1)
            end = _meet(net, bottom, below, hop.head_down) if hop.end_down == "real" else bottom
            row = hop.track_row if hop.track_row >= 0 else start[1] + 1
            net.path([start, (start[0], row), (end[0], row), end])
        else:
            top = (hop.down_col, down.v)
            meets = hop.end_down in ("real", "own")
            end = _meet(net, top, above, hop.head_down) if meets else top
            if hop.track_row < 0:
                net.path([start, end])
            elif hop.dogleg is not None:
                row, (col, row2) = hop.track_row, hop.dogleg
                points = [start, (start[0], row), (col, row), (col, row2), (end[0], row2), end]
                net.path(points)
            else:
                net.path([start, (start[0], hop.track_row), (end[0], hop.track_row), end])
            if hop.label:
                hop.own = _own_cells(hop, start, end, net_sizes[hop.net] == 1)
    for e in loops:
        item = items[e.source]
        row = item.loop_rows[e.id]
        net = NetShape(e.dashed)
        col, side, inner = item.loop_geometry(e.id)
        start = _meet(net, (col, item.v + item.h - 1), (0, 1), e.arrow in ("back", "both"))
        end = _meet(net, (item.u + item.w - 1, inner), (1, 0), e.arrow in ("forward", "both"))
        net.path([start, (col, row), (side, row), (side, inner), end])
        figure.nets.append(net)
        text = edge_text(e)
        if text:
            gap = loop_label_gap(style)
            figure.labels.append(LabelShape(side + gap, inner, tuple(text.split("\n"))))
    figure.nets.extend(nets[k] for k in sorted(nets))
    return place_labels(style, items, hops, direct_ids, figure, bounds, caption)


def _own_cells(
    hop: Hop, start: tuple[int, int], end: tuple[int, int], alone: bool
) -> list[tuple[int, int]]:
    """The cells of a hop's line that belong to it alone, from the arrow end back:
    its last leg, and when its net has no other hop its track run and first leg too."""
    if hop.track_row < 0:
        return [(end[0], r) for r in range(end[1], start[1] - 1, -1)]
    if hop.dogleg is not None:
        return [(end[0], r) for r in range(end[1], hop.dogleg[1], -1)]
    row = hop.track_row
    own = [(end[0], r) for r in range(end[1], row, -1)]
    if alone:
        step = 1 if start[0] > end[0] else -1
        own += [(c, row) for c in range(end[0], start[0] + step, step)]
        own += [(start[0], r) for r in range(row - 1, start[1] - 1, -1)]
    return own
