"""Laying out one container as a block: items, ranks, order, positions, channels, boxes."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from archgen.graph.model import Edge
from archgen.layout.engine import (
    GAP,
    ROOT,
    Block,
    Hop,
    Item,
    Plan,
    Style,
    group_header,
    node_lines,
)
from archgen.layout.geometry import BoxShape, Figure, LabelShape, NetShape, Rect
from archgen.layout.glyphs import E, N, S, W
from archgen.layout.order import order_layers
from archgen.layout.place import pack
from archgen.layout.route import ChannelNet, assign_tracks
from archgen.layout.text import width

PLACE_SWEEPS = 8
LABEL_ATTEMPTS = 3
"""Layouts tried: each retry keeps room beside the labels that found none."""


def _label_margin(style: Style) -> int:
    """Columns a label beside a line needs besides its own width (gap and clearance)."""
    return 4 if style.vertical else 2


def label_size(style: Style, text: str) -> tuple[int, int]:
    """Layout-frame size of an edge label."""
    lines = text.split("\n")
    return style.size(max(width(x) for x in lines), len(lines))


def layout(plan: Plan, container: str, style: Style) -> Block:
    """Lay out ``container`` and everything inside it."""
    graph = plan.graph
    items: dict[str, Item] = {}
    for i, kid in enumerate(plan.children(container)):
        if graph.is_group(kid):
            inner = layout(plan, kid, style)
            items[kid] = Item(kid, "group", inner.w, inner.h, decl=i, block=inner)
        else:
            lines = node_lines(graph, kid)
            real_w = max(max((width(x) for x in lines), default=0) + 4, 5)
            w, h = style.size(real_w, len(lines) + 2)
            items[kid] = Item(kid, "node", w, h, decl=i, lines=lines)
        items[kid].rank = plan.ranks[container][kid]
    last = max((it.rank for it in items.values()), default=0)

    hops: list[Hop] = []
    loops: list[Edge] = []
    ports: list[tuple[Edge, str]] = []
    for e in graph.edges:
        a, b = plan.lift(e.source, container), plan.lift(e.target, container)
        if a is None and b is None:
            continue
        if container in (e.source, e.target) and e.source != e.target:
            # An edge between this group and one of its members ends on the
            # group's own border, from inside: below when the group is the target.
            if a is None and b is None:
                continue
            pid = f"{e.id}@own"
            at_bottom = e.target == container
            items[pid] = Item(pid, "own", 1, 1, rank=last + 1 if at_bottom else -1)
            a, b = (a, pid) if at_bottom else (pid, b)
        elif a is None or b is None:
            side = plan.sides.get((e.id, container))
            if side is None:
                continue
            pid = f"{e.id}@{side}"
            items[pid] = Item(pid, "port", 1, 1, rank=-1 if side == "top" else last + 1)
            ports.append((e, side))
            a, b = (pid, b) if a is None else (a, pid)
        assert a is not None and b is not None
        if a == b:
            if e.source == e.target == a:
                loops.append(e)
                items[a].loops.append(e.id)
                if items[a].kind == "node":
                    # Each loop re-enters on its own row: grow a small box to make room.
                    items[a].h = max(items[a].h, 2 + len(items[a].loops))
                    items[a].w = max(items[a].w, 3 + len(items[a].loops))
            continue
        hops.extend(_chain(plan, container, items, e, a, b))
    stacked = _stack_if_smaller(style, items, hops, loops, ports)
    if stacked:
        last = max(it.rank for it in items.values())
    ranks = sorted({it.rank for it in items.values()} | {-1, last + 1})
    layers = [
        sorted((it.id for it in items.values() if it.rank == r), key=lambda i: items[i].decl)
        for r in range(-1, last + 2)
    ]
    links = [(h.upper, h.lower) for h in hops if not h.flat]
    layers = order_layers(layers, links)
    header = group_header(graph, container) if container != ROOT else ()
    crowded: set[int] = set()
    for _attempt in range(LABEL_ATTEMPTS):
        # Room for labels is kept only where a label found none on the last try.
        _reserve(style, items, hops, loops, crowded)
        _place(style, items, hops, layers, header, container != ROOT)
        if stacked:
            kids = [it for it in items.values() if it.kind in ("node", "group")]
            left, widest = min(it.u for it in kids), max(it.w for it in kids)
            for it in kids:
                it.u = left + (widest - it.w) // 2
        block, failed = _assemble(
            plan,
            container,
            style,
            items,
            hops,
            loops,
            ports,
            layers,
            header,
            ranks,
            stacked,
            crowded,
        )
        if not failed or failed <= crowded:
            break
        crowded |= failed
    return block


def _stack_if_smaller(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    loops: list[Edge],
    ports: list[tuple[Edge, str]],
) -> bool:
    """Stack unconnected items in one column when that takes less room than a row.

    Items with no edge among them (a server's layers, say) have no order of
    their own; laying them side by side can make a figure far wider than it
    needs. Returns True when the items were put on successive ranks.
    """
    kids = [it for it in items.values() if it.kind in ("node", "group")]
    if len(kids) < 2 or hops or loops or ports:
        return False
    row_w = sum(it.w for it in kids) + GAP * (len(kids) - 1)
    row_area = row_w * max(it.h for it in kids)
    column_area = max(it.w for it in kids) * sum(it.h for it in kids)
    if column_area >= row_area:
        return False
    for rank, item in enumerate(sorted(kids, key=lambda it: it.decl)):
        item.rank = rank
    return True


def _chain(
    plan: Plan, container: str, items: dict[str, Item], e: Edge, a: str, b: str
) -> list[Hop]:
    """The hops of one edge between items ``a`` and ``b``, with dummies on skipped ranks."""
    ra, rb = items[a].rank, items[b].rank
    forward = e.arrow in ("forward", "both")
    back = e.arrow in ("back", "both")

    def end_kind(item: str, real: str) -> str:
        kind = items[item].kind
        if kind in ("port", "own"):
            return kind
        return "real" if item == real else "pass"

    ka, kb = end_kind(a, e.source), end_kind(b, e.target)
    head_a = back and ka in ("real", "own")
    head_b = forward and kb in ("real", "own")
    # The label belongs where the line meets its real target, not at a port.
    label = e.label if kb in ("real", "own") else None
    if ra == rb:
        return [Hop(e, a, b, head_a, head_b, ka, kb, label, flat=True)]
    if ra > rb:
        a, b, ka, kb, head_a, head_b, ra, rb = b, a, kb, ka, head_b, head_a, rb, ra
        label_on_first = True
    else:
        label_on_first = False
    chain = [a]
    for r in range(ra + 1, rb):
        did = f"{e.id}#{r}"
        items[did] = Item(did, "dummy", 1, 1, rank=r, decl=10_000 + items[a].decl)
        chain.append(did)
    chain.append(b)
    out: list[Hop] = []
    for i in range(len(chain) - 1):
        up, down = chain[i], chain[i + 1]
        hop = Hop(
            e,
            up,
            down,
            head_a if i == 0 else False,
            head_b if i == len(chain) - 2 else False,
            ka if i == 0 else "dummy",
            kb if i == len(chain) - 2 else "dummy",
        )
        out.append(hop)
    if label:
        (out[0] if label_on_first else out[-1]).label = label
    return out


def _reserve(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    loops: list[Edge],
    crowded: set[int],
) -> None:
    """Room kept after items for self-loops and for the labels in ``crowded`` (hop ids)."""
    for item in items.values():
        item.extra = 0
    # Room on each side of a box for the lines that meet it: one column each
    # (a shared trunk counts once), plus the width of labels beside lines entering from above.
    top: dict[str, dict[object, int]] = {}
    bottom: dict[str, dict[object, int]] = {}
    reached: set[tuple[str, ...] | tuple[str, str, bool] | tuple[str, str, bool, str]] = set()
    for hop in hops:
        dashed = hop.edge.style in ("dashed", "dotted")
        if hop.end_up == "real":
            key: object = ("trunk", dashed)
            if hop.head_up or hop.flat or (hop.upper, hop.lower, dashed) in reached:
                key = ("own", id(hop))  # not on the shared trunk: a column of its own
            reached.add((hop.upper, hop.lower, dashed))
            bottom.setdefault(hop.upper, {})[key] = 2
        if hop.end_down == "real":
            if hop.flat:
                bottom.setdefault(hop.lower, {})[("flat", id(hop))] = 2
            elif hop.label:
                lw = label_size(style, hop.label)[0]
                top.setdefault(hop.lower, {})[id(hop)] = lw + _label_margin(style)
            elif (
                hop.end_up in ("real", "pass")
                and not hop.head_up
                and (hop.lower, hop.upper, dashed, "in") not in reached
            ):
                top.setdefault(hop.lower, {})[("merge", dashed, hop.head_down)] = 2
                reached.add((hop.lower, hop.upper, dashed, "in"))
            else:
                top.setdefault(hop.lower, {})[("own", id(hop))] = 2
    for e in loops:
        bottom.setdefault(e.source, {})[("loop", e.id)] = 2
    for ident, item in items.items():
        if item.kind not in ("node", "group"):
            continue
        wanted = 2 + max(sum(top.get(ident, {}).values()), sum(bottom.get(ident, {}).values()))
        if item.w < wanted:
            item.w = wanted
            if item.block is not None:
                _widen(item.block, ident, wanted)

    for hop in hops:
        hop.net = -1
        if hop.label and not hop.flat and id(hop) in crowded:
            lw, _ = label_size(style, hop.label)
            target = items[hop.lower]
            # The label may reach over the gap after its box, not past it.
            need = target.w // 2 + 2 + lw + 1 - target.w - GAP
            target.extra = max(target.extra, need)
    for e in loops:
        item = items[e.source]
        lw = label_size(style, e.label)[0] + 1 if e.label else 0
        k = item.loops.index(e.id)
        item.extra = max(item.extra, 3 + 2 * k + lw)


def _widen(block: Block, ident: str, w: int) -> None:
    """Make a group's block (and its border) ``w`` columns wide; members stay put."""
    block.w = w
    block.figure.boxes = [
        BoxShape(b.id, Rect(b.rect.u, b.rect.v, w, b.rect.h), b.lines, b.is_group)
        if b.id == ident
        else b
        for b in block.figure.boxes
    ]


def _gaps(
    style: Style, items: dict[str, Item], flat_gaps: dict[frozenset[str], int], layer: list[str]
) -> list[int]:
    """The gap after each item of a layer (wider where a same-rank edge runs between)."""
    gaps = []
    for left, right in itertools.pairwise(layer):
        gap = GAP + items[left].extra
        extra = flat_gaps.get(frozenset((left, right)))
        if extra is not None:
            gap = max(gap, extra)
        gaps.append(gap)
    return gaps


def _flat_gaps(style: Style, hops: list[Hop]) -> dict[frozenset[str], int]:
    """Gaps that same-rank edges need between their two items (arrowheads, label)."""
    out: dict[frozenset[str], int] = {}
    for hop in hops:
        if hop.flat:
            need = max(5, label_size(style, hop.label)[0] + 4 if hop.label else 0)
            key = frozenset((hop.upper, hop.lower))
            out[key] = max(out.get(key, 0), need)
    return out


def _place(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    layers: list[list[str]],
    header: tuple[str, ...],
    framed: bool,
) -> None:
    """Positions along the ranks: each item near its neighbours, gaps guaranteed."""
    start = 0 if not framed else 2 if style.vertical else 1 + len(header) + 1
    # Each item is pulled toward where its lines meet its neighbours: a box's
    # centre, or the port on a group's border that a line passes through.
    neighbours: dict[str, list[tuple[str, float, float]]] = {i: [] for i in items}

    def offset(ident: str, hop: Hop, side: str, kind: str) -> float:
        item = items[ident]
        if kind == "pass" and item.block is not None:
            return float(item.block.ports[(hop.edge.id, side)])
        return item.w / 2

    for hop in hops:
        if not hop.flat:
            up = offset(hop.upper, hop, "bottom", hop.end_up)
            down = offset(hop.lower, hop, "top", hop.end_down)
            neighbours[hop.upper].append((hop.lower, up, down))
            neighbours[hop.lower].append((hop.upper, down, up))
    flat_gaps = _flat_gaps(style, hops)
    layer_gaps = [_gaps(style, items, flat_gaps, layer) for layer in layers]
    for layer, gaps in zip(layers, layer_gaps, strict=True):
        u = start
        for i, ident in enumerate(layer):
            items[ident].u = u
            u += items[ident].w + (gaps[i] if i < len(gaps) else 0)
    order = list(range(len(layers)))
    for sweep in range(PLACE_SWEEPS):
        sequence = order if sweep % 2 == 0 else list(reversed(order))
        for r in sequence:
            layer = layers[r]
            if not layer:
                continue
            targets = []
            for ident in layer:
                item = items[ident]
                near = [items[n].u + theirs - mine for n, mine, theirs in neighbours[ident]]
                targets.append(sum(near) / len(near) if near else float(item.u))
            placed = pack(targets, [items[i].w for i in layer], layer_gaps[r])
            for ident, u in zip(layer, placed, strict=True):
                items[ident].u = u
    low = min((it.u for it in items.values()), default=start)
    for item in items.values():
        item.u += start - low
    # Ports on a group's border spread along it in order, so the lines outside fan out.
    widest = max(
        (it.u + it.w for it in items.values() if it.kind not in ("port", "own")), default=start
    )
    for layer in (layers[0], layers[-1]):
        ports = [items[i] for i in layer if items[i].kind in ("port", "own")]
        if len(ports) > 1:
            span = max(widest - start - 1, len(ports))
            for k, item in enumerate(ports):
                item.u = start + round(k * span / (len(ports) - 1)) if len(ports) > 1 else start
            for k in range(1, len(ports)):
                ports[k].u = max(ports[k].u, ports[k - 1].u + 2)


def _distinct(hops: list[Hop], other_end: Callable[[Hop], str]) -> list[Hop]:
    """The first hop to each other end: two lines to one box cannot share a trunk."""
    seen: set[str] = set()
    out = []
    for hop in hops:
        if other_end(hop) not in seen:
            seen.add(other_end(hop))
            out.append(hop)
    return out


def _nets(items: dict[str, Item], hops: list[Hop]) -> None:
    """Group hops into nets: a shared trunk out of one end (fan-out) or into one (fan-in)."""
    key = 0
    fan_out: dict[tuple[str, bool], list[Hop]] = {}
    for hop in hops:
        if not hop.flat and hop.end_up == "real" and not hop.head_up:
            fan_out.setdefault((hop.upper, hop.edge.style in ("dashed", "dotted")), []).append(hop)
    for group in fan_out.values():
        group = _distinct(group, lambda h: h.lower)
        if len(group) > 1:
            for hop in group:
                hop.net = key
            key += 1
    fan_in: dict[tuple[str, bool, bool], list[Hop]] = {}
    for hop in hops:
        mergeable = hop.end_up in ("real", "pass") and not hop.head_up and not hop.label
        if hop.net < 0 and not hop.flat and hop.end_down == "real" and mergeable:
            dashed = hop.edge.style in ("dashed", "dotted")
            fan_in.setdefault((hop.lower, dashed, hop.head_down), []).append(hop)
    for group in fan_in.values():
        group = _distinct(group, lambda h: h.upper)
        if len(group) > 1:
            for hop in group:
                hop.net = key
            key += 1
    for hop in hops:
        if hop.net < 0:
            hop.net = key
            key += 1


def _columns(
    style: Style, items: dict[str, Item], hops: list[Hop]
) -> dict[tuple[str, str], set[int]]:
    """Where each hop meets its items: ports of group blocks, or spread along a box side.

    Columns already taken on a side (ports of lines passing a group border,
    self-loops) are avoided; nets keep the left-to-right order of their other ends.
    """
    sides: dict[tuple[str, str], dict[int, list[tuple[Hop, bool]]]] = {}
    fixed: dict[tuple[str, str], set[int]] = {}
    for hop in hops:
        # Lines passing a group's border have fixed ports: note them first.
        for ident, kind, side in (
            (hop.upper, hop.end_up, "bottom"),
            (hop.lower, hop.end_down, "top"),
        ):
            item = items[ident]
            if kind == "pass" and item.block is not None:
                at = "bottom" if hop.flat else side
                fixed.setdefault((ident, at), set()).add(
                    item.u + item.block.ports[(hop.edge.id, at)]
                )
    for item in items.values():
        taken = fixed.setdefault((item.id, "bottom"), set())
        item.loop_starts.clear()
        for edge_id in item.loops:
            # Leave by the rightmost bottom column no port or earlier loop uses.
            free = [c for c in range(item.u + item.w - 2, item.u, -1) if c not in taken]
            start = free[0] if free else item.loop_geometry(edge_id)[0]
            item.loop_starts[edge_id] = start
            taken.add(start)
    for hop in hops:
        for is_upper in (True, False):
            ident = hop.upper if is_upper else hop.lower
            item = items[ident]
            kind = hop.end_up if is_upper else hop.end_down
            side = "bottom" if is_upper or hop.flat else "top"
            col: int | None = None
            if item.kind in ("dummy", "port", "own"):
                col = item.u
            elif kind == "pass":
                assert item.block is not None
                col = item.u + item.block.ports[(hop.edge.id, side)]
                fixed.setdefault((ident, side), set()).add(col)
            if col is not None:
                if is_upper:
                    hop.up_col = col
                else:
                    hop.down_col = col
                continue
            sides.setdefault((ident, side), {}).setdefault(hop.net, []).append((hop, is_upper))
    for (ident, side), nets in sides.items():
        item = items[ident]

        def other_centre(entries: list[tuple[Hop, bool]]) -> float:
            """Where the other ends lie: their fixed column if known, else their box's middle."""
            centres = []
            for hop, is_upper in entries:
                other = items[hop.lower if is_upper else hop.upper]
                other_kind = hop.end_down if is_upper else hop.end_up
                if other.kind in ("dummy", "port", "own") or other_kind == "pass":
                    centres.append(float(hop.down_col if is_upper else hop.up_col))
                else:
                    centres.append(other.u + other.w / 2)
            return sum(centres) / len(centres)

        ordered = sorted(nets.items(), key=lambda kv: (other_centre(kv[1]), kv[0]))
        low, high = item.u + 1, max(item.u + item.w - 2, item.u + 1)
        taken = fixed.get((ident, side), set())
        free = [c for c in range(low, high + 1) if c not in taken]
        count = len(ordered)
        if count == 1:
            want = round(other_centre(ordered[0][1]) - 0.5)
            if not low <= want <= high:
                want = item.u + item.w // 2
            wants = [want]
        else:
            span = max(high - low, 0)
            wants = [low + round((i + 1) * span / (count + 1)) for i in range(count)]
        cols: list[int] = []
        room = 1
        for (_, entries), want in zip(ordered, wants, strict=True):
            options = [c for c in free if not cols or c >= max(cols) + room]
            if not options:
                # No room to keep order and spacing: any column still free will do.
                options = [c for c in free if c not in cols] or [cols[-1] if cols else want]
            cols.append(min(options, key=lambda c: (abs(c - want), c)))
            # A label beside this line (entering from above) needs its width to the right.
            labels = [h.label for h, is_upper in entries if h.label and not is_upper and not h.flat]
            room = max((label_size(style, t)[0] + _label_margin(style) for t in labels), default=1)
        for (_, entries), col in zip(ordered, cols, strict=True):
            for hop, is_upper in entries:
                if is_upper:
                    hop.up_col = col
                else:
                    hop.down_col = col
    return fixed


def _assemble(
    plan: Plan,
    container: str,
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    loops: list[Edge],
    ports: list[tuple[Edge, str]],
    layers: list[list[str]],
    header: tuple[str, ...],
    ranks: list[int],
    stacked: bool,
    crowded: set[int],
) -> tuple[Block, set[int]]:
    """Vertical positions, channel routing and shapes of one container."""
    is_group = container != ROOT
    _nets(items, hops)
    fixed = _columns(style, items, hops)
    _straighten(items, hops, fixed)
    _snap_branches(items, hops, fixed)
    position = {ident: i for layer in layers for i, ident in enumerate(layer)}
    direct: list[Hop] = []
    paired: set[frozenset[str]] = set()
    for h in hops:
        pair = frozenset((h.upper, h.lower))
        adjacent = abs(position[h.upper] - position[h.lower]) == 1
        ends_real = h.end_up == "real" and h.end_down == "real"
        if h.flat and ends_real and adjacent and pair not in paired:
            # One straight line per pair of neighbours; others go round below.
            direct.append(h)
            paired.add(pair)
    direct_ids = {id(h) for h in direct}
    first, last = ranks[0], ranks[-1]
    band: dict[int, int] = {}
    for r in range(first, last + 1):
        members = [items[i] for i in layers[r - first]]
        if r in (first, last):
            band[r] = 1 if is_group else 0
        else:
            band[r] = max((m.h for m in members), default=1)
    figure = Figure()
    header_rows = len(header) if style.vertical else 0
    v = 0
    channels: dict[int, tuple[int, int]] = {}
    for r in range(first, last + 1):
        for ident in layers[r - first]:
            items[ident].v = v
        if r == last:
            v += band[r]
            break
        top = v + band[r]
        in_channel = [
            h for h in hops if items[h.upper].rank == r and (not h.flat or id(h) not in direct_ids)
        ]
        my_loops = [e for e in loops if items[e.source].rank == r]
        reserved_top = header_rows if (r == first and is_group and not style.header_at_end) else 0
        reserved_bottom = header_rows if (r == last - 1 and is_group and style.header_at_end) else 0
        height = _channel(
            style,
            items,
            in_channel,
            my_loops,
            figure,
            top,
            reserved_top,
            reserved_bottom,
            needs_gap=(first < r < last - 1 and not stacked) or (is_group and not style.vertical),
            crowded=crowded,
        )
        channels[r] = (top, height)
        v = top + height
    total_h = v
    widest = max((it.u + it.w + it.extra for it in items.values()), default=0)
    total_w = widest + 2 if is_group else widest
    hw = max((width(x) for x in header), default=0)
    if is_group and not style.vertical:
        total_w = max(total_w, len(header) + 3)
    if is_group and header and not style.vertical:
        total_h = max(total_h, hw + 4)
    if is_group:
        # Self-loops on this group each come back on a row (and leave by a column) of their own.
        own_loops = sum(1 for e in plan.graph.edges if e.source == e.target == container)
        total_h = max(total_h, 3 + own_loops)
        total_w = max(total_w, 4 + own_loops)
        for item in items.values():
            if item.kind in ("port", "own") and item.rank == last:
                item.v = total_h - 1
    for hop in direct:
        _direct(style, items, hop, figure)
    bounds = (1, total_w - 1, 2, total_h - 2) if is_group else None
    caption: set[tuple[int, int]] = set()
    if is_group and header:
        # The caption's rows (columns, for LR and RL) are no place for a label.
        if style.vertical:
            first_row = 1 if not style.header_at_end else total_h - 1 - header_rows
            rows = range(first_row, first_row + header_rows)
            caption = {(u, r) for u in range(total_w + 1) for r in rows}
        else:
            caption = {(1 + k, v) for k in range(len(header)) for v in range(total_h)}
    failed = _draw_hops(style, items, hops, direct_ids, loops, channels, figure, bounds, caption)
    if is_group and header:
        if style.vertical:
            row = 1 if not style.header_at_end else total_h - 1 - header_rows
            blocked = {
                u for net in figure.nets for (u, vv) in net.cells if row <= vv < row + header_rows
            }
            hu = 2
            while any(c in blocked for c in range(hu - 2, hu + hw + 2)):
                hu += 1
            total_w = max(total_w, hu + hw + 2)
            figure.labels.append(LabelShape(hu, row, header))
        else:
            figure.labels.append(LabelShape(1, 2, header))
    block_ports: dict[tuple[str, str], int] = {}
    for e, side in ports:
        block_ports[(e.id, side)] = items[f"{e.id}@{side}"].u
    if is_group:
        figure.boxes.append(BoxShape(container, Rect(0, 0, total_w, total_h), header, True))
    for item in items.values():
        if item.kind == "node":
            figure.boxes.append(
                BoxShape(item.id, Rect(item.u, item.v, item.w, item.h), item.lines, False)
            )
        elif item.kind == "group":
            assert item.block is not None
            figure.extend(item.block.figure.shifted(item.u, item.v))
    return Block(total_w, total_h, figure, block_ports), failed


def _channel(
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


def _direct(style: Style, items: dict[str, Item], hop: Hop, figure: Figure) -> None:
    """A same-rank edge between neighbours: a straight line between their facing sides."""
    a, b = items[hop.upper], items[hop.lower]
    left, right = (a, b) if a.u < b.u else (b, a)
    head_left = hop.head_up if left is a else hop.head_down
    head_right = hop.head_down if left is a else hop.head_up
    row = max(left.v, right.v) + 1
    net = NetShape(hop.edge.style in ("dashed", "dotted"))
    start = (left.u + left.w, row) if head_left else (left.u + left.w - 1, row)
    end = (right.u - 1, row) if head_right else (right.u, row)
    net.path([start, end])
    if head_left:
        net.heads[start] = W
    else:
        net.borders.add(start)
    if head_right:
        net.heads[end] = E
    else:
        net.borders.add(end)
    figure.nets.append(net)
    if hop.label:
        lw, _lh = label_size(style, hop.label)
        gap_start, gap_end = left.u + left.w, right.u
        u = gap_start + max((gap_end - gap_start - lw) // 2, 0)
        figure.labels.append(LabelShape(u, row + 1, tuple(hop.label.split("\n"))))


def _draw_hops(
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
        net = nets.setdefault(hop.net, NetShape(hop.edge.style in ("dashed", "dotted")))
        up, down = items[hop.upper], items[hop.lower]
        # Where the line leaves the upper item.
        if hop.end_up == "real":
            if hop.head_up:
                start = (hop.up_col, up.v + up.h)
                net.heads[start] = N
            else:
                start = (hop.up_col, up.v + up.h - 1)
                net.borders.add(start)
        elif hop.end_up == "own":
            # From the group's own top border, inside it.
            if hop.head_up:
                start = (hop.up_col, up.v + 1)
                net.heads[start] = N
            else:
                start = (hop.up_col, up.v)
                net.borders.add(start)
        elif hop.end_up == "pass":
            start = (hop.up_col, up.v + up.h - 1)
        elif hop.end_up == "dummy":
            start = (hop.up_col, up.v + 1)  # the hop above ends on the dummy's first cell
        else:
            start = (hop.up_col, up.v)
        if hop.flat:
            if hop.end_down == "real":
                if hop.head_down:
                    end = (hop.down_col, down.v + down.h)
                    net.heads[end] = N
                else:
                    end = (hop.down_col, down.v + down.h - 1)
                    net.borders.add(end)
            else:
                end = (hop.down_col, down.v + down.h - 1)
            row = hop.track_row if hop.track_row >= 0 else start[1] + 1
            net.path([start, (start[0], row), (end[0], row), end])
        else:
            if hop.end_down == "real":
                if hop.head_down:
                    end = (hop.down_col, down.v - 1)
                    net.heads[end] = S
                else:
                    end = (hop.down_col, down.v)
                    net.borders.add(end)
            elif hop.end_down == "own":
                # Onto the group's own bottom border, from inside.
                if hop.head_down:
                    end = (hop.down_col, down.v - 1)
                    net.heads[end] = S
                else:
                    end = (hop.down_col, down.v)
                    net.borders.add(end)
            else:
                end = (hop.down_col, down.v)
            if hop.track_row < 0:
                net.path([start, end])
                hop.own = [(end[0], r) for r in range(end[1], start[1] - 1, -1)]
            elif hop.dogleg is not None:
                row, (col, row2) = hop.track_row, hop.dogleg
                points = [start, (start[0], row), (col, row), (col, row2), (end[0], row2), end]
                net.path(points)
                hop.own = [(end[0], r) for r in range(end[1], row2, -1)]
            else:
                row = hop.track_row
                net.path([start, (start[0], row), (end[0], row), end])
                hop.own = [(end[0], r) for r in range(end[1], row, -1)]
                if net_sizes[hop.net] == 1:
                    # A line of its own: its run along the track and its first leg too.
                    step = 1 if start[0] > end[0] else -1
                    hop.own += [(c, row) for c in range(end[0], start[0] + step, step)]
                    hop.own += [(start[0], r) for r in range(row - 1, start[1] - 1, -1)]
    for e in loops:
        item = items[e.source]
        row = item.loop_rows[e.id]
        net = NetShape(e.style in ("dashed", "dotted"))
        col, side, inner = item.loop_geometry(e.id)
        if e.arrow in ("back", "both"):
            start = (col, item.v + item.h)
            net.heads[start] = N
        else:
            start = (col, item.v + item.h - 1)
            net.borders.add(start)
        if e.arrow in ("forward", "both"):
            end = (item.u + item.w, inner)
            net.heads[end] = W
        else:
            end = (item.u + item.w - 1, inner)
            net.borders.add(end)
        net.path([start, (col, row), (side, row), (side, inner), end])
        figure.nets.append(net)
        if e.label:
            figure.labels.append(LabelShape(side + 2, inner, tuple(e.label.split("\n"))))
    figure.nets.extend(nets[k] for k in sorted(nets))
    return _place_labels(style, items, hops, direct_ids, figure, bounds, caption)


def _place_labels(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    direct_ids: set[int],
    figure: Figure,
    bounds: tuple[int, int, int, int] | None,
    caption: set[tuple[int, int]],
) -> set[int]:
    """Put each label beside its own line, a blank cell away from every other line,
    label and box (and inside the group's border, ``bounds`` being its columns).

    Returns the hops whose label found no such place (it is drawn anyway).
    """
    failed: set[int] = set()
    if not any(hop.label and id(hop) not in direct_ids for hop in hops):
        return failed
    lines: set[tuple[int, int]] = set()
    for net in figure.nets:
        lines.update(net.cells)
    solid: set[tuple[int, int]] = set(caption)
    for lb in figure.labels:
        lw, lh = label_size(style, "\n".join(lb.lines))
        solid.update((lb.u + i, lb.v + j) for i in range(lw) for j in range(lh))
    for item in items.values():
        if item.kind in ("node", "group"):
            solid.update((item.u + i, item.v + j) for i in range(item.w) for j in range(item.h))
    # Text keeps two cells from other lines across them (one blank column would
    # still read as "beside" them) and one blank cell from boxes and other labels.
    mu, mv = (2, 1) if style.vertical else (1, 2)
    for hop in hops:
        if not hop.label or id(hop) in direct_ids:
            continue
        lw, lh = label_size(style, hop.label)
        band_top, band_rows = hop.label_rows
        own = set(hop.own)
        if hop.flat:
            left, right = sorted((hop.up_col, hop.down_col))
            candidates = [(max(left + (right - left - lw) // 2, left), hop.track_row + 1)]
        else:
            col = hop.down_col
            rows = range(band_top + max(band_rows - lh, 0), band_top - 1, -1)
            # Beside a vertical line a blank column reads well; beside a horizontal
            # one (LR, RL) the text must sit on the very next row.
            gap = 2 if style.vertical else 1
            candidates = [c for v in rows for c in ((col + gap, v), (col + 1 - gap - lw, v))]
            candidates += _beside(style, hop.own, lw, lh)

        def free(
            u: int, v: int, lw: int = lw, lh: int = lh, own: set[tuple[int, int]] = own
        ) -> bool:
            if bounds is not None and (
                u - 1 < bounds[0] or u + lw + 1 > bounds[1] or v < bounds[2] or v + lh > bounds[3]
            ):
                return False
            over_line = any((x, y) in lines for x in range(u, u + lw) for y in range(v, v + lh))
            near_line = over_line or any(
                (x, y) in lines and (x, y) not in own
                for x in range(u - mu, u + lw + mu)
                for y in range(v - mv, v + lh + mv)
            )
            near_solid = any(
                (x, y) in solid for x in range(u - 1, u + lw + 1) for y in range(v - 1, v + lh + 1)
            )
            return not near_line and not near_solid

        spot = next((c for c in candidates if c[0] >= 0 and free(*c)), None)
        if spot is None:
            failed.add(id(hop))
            spot = candidates[0]
        u, v = spot
        solid.update((u + i, v + j) for i in range(lw) for j in range(lh))
        figure.labels.append(LabelShape(u, v, tuple(hop.label.split("\n"))))
    return failed


def _snap_branches(
    items: dict[str, Item], hops: list[Hop], fixed: dict[tuple[str, str], set[int]]
) -> None:
    """A branch one column beside its trunk goes straight on instead (no ``┴┬`` pair)."""
    by_net: dict[int, list[Hop]] = {}
    for hop in hops:
        if not hop.flat:
            by_net.setdefault(hop.net, []).append(hop)
    used: dict[tuple[str, str], set[int]] = {}
    for hop in hops:
        if not hop.flat:
            used.setdefault((hop.lower, "top"), set()).add(hop.down_col)
            used.setdefault((hop.upper, "bottom"), set()).add(hop.up_col)
    for members in by_net.values():
        tops = {h.up_col for h in members}
        bottoms = {h.down_col for h in members}
        if len(members) < 2:
            continue
        if len(tops) == 1:
            for hop in members:
                _snap(items, used, fixed, hop, next(iter(tops)), lower_end=True)
        elif len(bottoms) == 1:
            for hop in members:
                _snap(items, used, fixed, hop, next(iter(bottoms)), lower_end=False)


def _snap(
    items: dict[str, Item],
    used: dict[tuple[str, str], set[int]],
    fixed: dict[tuple[str, str], set[int]],
    hop: Hop,
    trunk: int,
    lower_end: bool,
) -> None:
    """Move one end of a hop onto the trunk's column when it sits one column beside it."""
    ident, side = (hop.lower, "top") if lower_end else (hop.upper, "bottom")
    col = hop.down_col if lower_end else hop.up_col
    kind = hop.end_down if lower_end else hop.end_up
    item = items[ident]
    taken = used[(ident, side)] | fixed.get((ident, side), set())
    inside = item.u + 1 <= trunk <= item.u + item.w - 2
    if abs(col - trunk) != 1 or kind != "real" or not inside or trunk in taken:
        return
    used[(ident, side)].discard(col)
    used[(ident, side)].add(trunk)
    if lower_end:
        hop.down_col = trunk
    else:
        hop.up_col = trunk


def _beside(style: Style, own: list[tuple[int, int]], lw: int, lh: int) -> list[tuple[int, int]]:
    """Every spot where a label of size (lw, lh) sits beside one of the cells ``own``.

    ``own`` runs from the line's arrow end back to its start, so spots near the
    arrow come first.
    """
    spots: list[tuple[int, int]] = []
    cells = set(own)
    for x, y in own:
        vertical = (x, y - 1) in cells or (x, y + 1) in cells
        if vertical:
            gap = 2 if style.vertical else 1
            for y0 in range(y, y - lh, -1):
                spots += [(x + gap, y0), (x + 1 - gap - lw, y0)]
        else:
            gap = 1 if style.vertical else 2
            for x0 in range(x, x - lw, -1):
                spots += [(x0, y + gap), (x0, y + 1 - gap - lh)]
    return spots


def _straighten(
    items: dict[str, Item], hops: list[Hop], fixed: dict[tuple[str, str], set[int]]
) -> None:
    """Line up the two ends of a lone hop when its boxes overlap: a straight line, no jog."""
    count: dict[tuple[str, str], set[int]] = {}
    for hop in hops:
        if hop.flat:
            continue
        count.setdefault((hop.upper, "bottom"), set()).add(hop.net)
        count.setdefault((hop.lower, "top"), set()).add(hop.net)
    members: dict[int, int] = {}
    for hop in hops:
        members[hop.net] = members.get(hop.net, 0) + 1
    for hop in hops:
        if hop.flat or members[hop.net] != 1:
            continue
        up, down = items[hop.upper], items[hop.lower]
        movable_up = hop.end_up == "real" and len(count[(hop.upper, "bottom")]) == 1
        movable_down = hop.end_down == "real" and len(count[(hop.lower, "top")]) == 1
        low_up, high_up = (up.u + 1, up.u + up.w - 2) if movable_up else (hop.up_col, hop.up_col)
        low_dn, high_dn = (
            (down.u + 1, down.u + down.w - 2) if movable_down else (hop.down_col, hop.down_col)
        )
        low, high = max(low_up, low_dn), min(high_up, high_dn)
        if low > high:
            continue
        want = (up.u + up.w // 2 + down.u + down.w // 2) // 2
        blocked = fixed.get((hop.upper, "bottom"), set()) | fixed.get((hop.lower, "top"), set())
        options = [c for c in range(low, high + 1) if c not in blocked]
        if not options:
            continue
        col = min(options, key=lambda c: (abs(c - want), c))
        hop.up_col = col
        hop.down_col = col
