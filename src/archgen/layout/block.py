"""Laying out one container as a block: items, ranks, order, positions, channels, boxes."""

from __future__ import annotations

import itertools

from archgen.graph.model import Edge
from archgen.layout.engine import (
    GAP,
    ROOT,
    Block,
    Hop,
    Item,
    Plan,
    Style,
    edge_text,
    group_header,
    loop_depth,
    loop_label_gap,
    loop_offsets,
    node_lines,
)
from archgen.layout.geometry import BoxShape, Figure, LabelShape, Rect
from archgen.layout.labels import label_margin, label_size
from archgen.layout.order import order_layers
from archgen.layout.place import pack
from archgen.layout.ports import assign_nets, columns, snap_branches, straighten
from archgen.layout.text import width
from archgen.layout.wires import draw_direct, draw_hops, route_channel

PLACE_SWEEPS = 8
PULL = (1.0, 2.0, 8.0)
"""Pull of a line between two boxes, a box and a dummy, and two dummies."""
LABEL_ATTEMPTS = 4
"""Layouts tried: each retry keeps room beside the labels that found none (then
beside every label)."""


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
            continue
        hops.extend(_chain(plan, container, items, e, a, b))
    loop_labels = {e.id: edge_text(e) for e in loops}
    for item in items.values():
        if item.loops:
            texts = [loop_labels[ident] for ident in item.loops]
            offsets = loop_offsets(style, texts)
            item.loop_offsets = dict(zip(item.loops, offsets, strict=True))
            if item.kind == "node":
                # Each loop re-enters on its own row: grow a small box to make room.
                item.h = max(item.h, loop_depth(style, texts))
                item.w = max(item.w, 3 + len(item.loops))
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
    best: tuple[int, Block] | None = None
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
        if best is None or len(failed) < best[0]:
            best = (len(failed), block)
        if not failed:
            break
        if failed <= crowded:
            # Room beside the failed labels alone was not enough: the other
            # labels took it. Keep room beside every label.
            crowded |= {id(h) for h in hops if h.label}
        # Room is measured from where each line met its box this time, which
        # moves as room is kept; so try again even when the set is the same.
        crowded |= failed
    assert best is not None
    return best[1]


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
    label = edge_text(e) if kb in ("real", "own") else None
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
        dashed = hop.edge.dashed
        if hop.end_up == "real":
            key: object = ("trunk", dashed)
            alone = hop.head_up or hop.flat or hop.edge.arrow == "none"
            if alone or (hop.upper, hop.lower, dashed) in reached:
                key = ("own", id(hop))  # not on the shared trunk: a column of its own
            reached.add((hop.upper, hop.lower, dashed))
            bottom.setdefault(hop.upper, {})[key] = 2
        if hop.end_down == "real":
            if hop.flat:
                bottom.setdefault(hop.lower, {})[("flat", id(hop))] = 2
            elif hop.label:
                lw = label_size(style, hop.label)[0]
                top.setdefault(hop.lower, {})[id(hop)] = lw + label_margin(style)
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
            # The label sits a blank column right of the line where it met the
            # target on the last try, and keeps two columns from the next line,
            # which may be the very first column of the next item (a port or a
            # long edge).
            at = min(max(hop.down_col - target.u, 0), target.w - 1)
            hop.room = max(hop.room, at + 2 + lw + 2 - target.w - GAP)
            target.extra = max(target.extra, hop.room)
    for e in loops:
        item = items[e.source]
        out, _ = item.loop_offsets[e.id]
        text = edge_text(e)
        beside = loop_label_gap(style) + label_size(style, text)[0] if text else 0
        item.extra = max(item.extra, out + 2 + beside)


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
    # centre, or the port on a group's border that a line passes through. The
    # pull between two dummies of a long edge is strongest and between two
    # boxes weakest (Gansner et al.'s 8, 2, 1), so long edges run straight and
    # boxes make room for them rather than the other way round.
    neighbours: dict[str, list[tuple[str, float, float, float]]] = {i: [] for i in items}

    def offset(ident: str, hop: Hop, side: str, kind: str) -> float:
        item = items[ident]
        if kind == "pass" and item.block is not None:
            return float(item.block.ports[(hop.edge.id, side)])
        return item.w / 2

    for hop in hops:
        if not hop.flat:
            up = offset(hop.upper, hop, "bottom", hop.end_up)
            down = offset(hop.lower, hop, "top", hop.end_down)
            dummies = (items[hop.upper].kind == "dummy") + (items[hop.lower].kind == "dummy")
            weight = PULL[dummies]
            neighbours[hop.upper].append((hop.lower, up, down, weight))
            neighbours[hop.lower].append((hop.upper, down, up, weight))
    weights = {i: sum(w for *_, w in near) or 1.0 for i, near in neighbours.items()}
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
                near = neighbours[ident]
                if near:
                    pull = sum(w * (items[n].u + theirs - mine) for n, mine, theirs, w in near)
                    targets.append(pull / weights[ident])
                else:
                    targets.append(float(item.u))
            widths = [items[i].w for i in layer]
            placed = pack(targets, widths, layer_gaps[r], [weights[i] for i in layer])
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
                # Room kept after a port (for a label beside its line) holds here too.
                prev = ports[k - 1]
                room = prev.w + GAP + prev.extra if prev.extra else 2
                ports[k].u = max(ports[k].u, prev.u + room)


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
    assign_nets(items, hops)
    fixed = columns(style, items, hops)
    straighten(items, hops, fixed)
    snap_branches(items, hops, fixed)
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
        height = route_channel(
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
        own = [edge_text(e) for e in plan.graph.edges if e.source == e.target == container]
        total_h = max(total_h, loop_depth(style, own) if own else 3)
        total_w = max(total_w, 4 + len(own))
        for item in items.values():
            if item.kind in ("port", "own") and item.rank == last:
                item.v = total_h - 1
    for hop in direct:
        draw_direct(style, items, hop, figure)
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
    failed = draw_hops(style, items, hops, direct_ids, loops, channels, figure, bounds, caption)
    if is_group and header:
        if style.vertical:
            row = 1 if not style.header_at_end else total_h - 1 - header_rows
            blocked: set[int] = set()
            for net in figure.nets:
                blocked |= net.columns_between(row, row + header_rows)
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
