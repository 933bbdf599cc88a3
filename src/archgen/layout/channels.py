"""Pass 5, channels: where lines meet boxes, their tracks, and the rows of every level.

Takes the positioned ``Layout``; gives every hop its end columns and its track
row, and every level and group border its rows.
Between two levels lies a channel: a lead row (for arrowheads pointing up,
or a blank beside a border or label), the shared tracks
(``route.assign_tracks``), then each labelled same-level line on a track of
its own with its label right under it, and a last row that only vertical
lines and arrowheads use. A channel holds no horizontal line right beside a
group border or an edge label, and no box or label touches a border.
"""

from __future__ import annotations

from collections.abc import Iterable

from archgen.layout.model import (
    Hop,
    Layout,
    LoopHost,
    Unit,
    loop_hosts,
    loop_offsets,
    loop_start,
    text_size,
)
from archgen.layout.place import pack
from archgen.layout.route import ChannelNet, assign_tracks
from archgen.layout.text import fold, width


def route(lay: Layout) -> None:
    """End columns, nets, tracks and rows (see the module docstring)."""
    _columns(lay)
    heights = [_band(lay, lv) for lv in range(len(lay.levels))]
    lay.level_h = heights
    below: dict[int, list[Hop]] = {}
    for hop in lay.hops:
        below.setdefault(lay.units[hop.upper].level, []).append(hop)
    position = {uid: i for level in lay.levels for i, uid in enumerate(level)}
    rows = 0
    lay.level_v = []
    for lv in range(len(lay.levels)):
        rows = max(rows, _caption_room(lay, lv, rows))
        lay.level_v.append(rows)
        rows += heights[lv]
        last = lv + 1 == len(lay.levels)
        if not last or below.get(lv) or loop_hosts(lay, lv):
            # (under the last level too, for self-loops and same-level lines)
            rows += _channel(lay, lv, rows, below.get(lv, []), position)
    for unit in lay.units.values():
        unit.v = lay.level_v[unit.level]
    cap_end = lay.style.caption_at_end
    for c in lay.clusters.values():
        c.top_row = lay.level_v[c.top]
        c.bottom_row = lay.level_v[c.bottom] + (len(c.caption) if cap_end else 0)
    for unit in lay.units.values():
        if unit.kind == "gate":
            assert unit.gate_of is not None
            c = lay.clusters[unit.gate_of]
            unit.v = c.top_row if unit.level == c.top else c.bottom_row


def _caption_room(lay: Layout, lv: int, rows: int) -> int:
    """In LR and RL a caption runs across levels: a group's far border keeps clear of it."""
    if lay.style.vertical:
        return rows
    need = rows
    for c in lay.clusters.values():
        if c.bottom == lv:
            need = max(need, lay.level_v[c.top] + c.caption_width + 3)
    return need


def _band(lay: Layout, lv: int) -> int:
    """Rows of a level: its tallest unit, or a border with the caption it carries."""
    h = max(
        (lay.units[u].h for u in lay.levels[lv] if lay.units[u].kind in ("node", "label")),
        default=1,
    )
    for c in lay.clusters.values():
        caption = len(c.caption) if lay.style.vertical else 0
        if c.top == lv:
            h = max(h, 1 + (0 if lay.style.caption_at_end else caption))
        if c.bottom == lv:
            h = max(h, 1 + (caption if lay.style.caption_at_end else 0))
    return h


def _columns(lay: Layout) -> None:
    """Where each hop meets its units: a line unit's own column, or spread along a box side."""
    units = lay.units
    sides: dict[tuple[str, str], dict[int, list[tuple[Hop, bool]]]] = {}
    taken: dict[tuple[str, str], set[int]] = {}
    for unit in units.values():
        for k, _ in enumerate(unit.loops):
            taken.setdefault((unit.id, "bottom"), set()).add(loop_start(unit, k))
    position = {uid: i for level in lay.levels for i, uid in enumerate(level)}
    for hop in lay.hops:
        if hop.flat and _direct(lay, hop, position):
            continue  # drawn straight between the two boxes' facing sides
        for is_upper in (True, False):
            unit = units[hop.upper if is_upper else hop.lower]
            if unit.kind != "node":
                if is_upper:
                    hop.up_col = unit.u
                else:
                    hop.down_col = unit.u
                continue
            side = "bottom" if is_upper or hop.flat else "top"
            sides.setdefault((unit.id, side), {}).setdefault(hop.net, []).append((hop, is_upper))
    for (uid, side), nets in sides.items():
        unit = units[uid]

        def centre(entries: list[tuple[Hop, bool]]) -> float:
            spots = []
            for hop, is_upper in entries:
                other = units[hop.lower if is_upper else hop.upper]
                middle = (other.w - 1) / 2 if other.kind == "node" else 0.0
                spots.append(other.u + middle)
            return sum(spots) / len(spots)

        ordered = sorted(nets.items(), key=lambda kv: (centre(kv[1]), kv[0]))
        low, high = unit.u + 1, max(unit.u + unit.w - 2, unit.u + 1)
        busy = taken.get((uid, side), set())
        count = len(ordered)
        if count == 1:
            want = round(centre(ordered[0][1]) - 0.5)
            wants = [want if low <= want <= high else unit.u + unit.w // 2]
        else:
            span = max(high - low, 0)
            wants = [low + round((i + 1) * span / (count + 1)) for i in range(count)]
        cols = pack([float(w) for w in wants], [0] * count, [2] * (count - 1))
        shift = max(low - cols[0], min(high - cols[-1], 0))
        cols = [c + shift for c in cols]
        # Self-loops leave at busy cells; other lines keep a blank cell from them.
        blocked = busy | {b + d for b in busy for d in (-1, 1)}
        if cols[0] < low or cols[-1] > high or blocked & set(cols):
            free = [c for c in range(low, high + 1) if c not in blocked]
            if len(free) < count:
                free = [c for c in range(low, high + 1) if c not in busy]
            cols = []
            for want in wants:
                options = (
                    [c for c in free if not cols or c > cols[-1] + 1]
                    or [c for c in free if c not in cols]
                    or [want]
                )
                cols.append(min(options, key=lambda c: (abs(c - want), c)))
        for (_, entries), col in zip(ordered, cols, strict=True):
            for hop, is_upper in entries:
                if is_upper:
                    hop.up_col = col
                else:
                    hop.down_col = col
    _straighten(lay, sides, taken)
    _snap(lay)
    _clear_flat_legs(lay, position, taken)


def _clear_flat_legs(
    lay: Layout, position: dict[str, int], taken: dict[tuple[str, str], set[int]]
) -> None:
    """A labelled same-level line runs on a track of its own under the channel's
    shared tracks, so its legs pass the rows where lines going on to the next
    level come down: a leg in the column one of those comes down in would run into
    it. Such a leg moves to the nearest free cell of its box's bottom side."""
    down: dict[int, set[int]] = {}
    used: dict[str, set[int]] = {}
    for hop in lay.hops:
        if hop.flat and _direct(lay, hop, position):
            continue
        used.setdefault(hop.upper, set()).add(hop.up_col)
        if hop.flat:
            used.setdefault(hop.lower, set()).add(hop.down_col)
        else:
            down.setdefault(lay.units[hop.upper].level, set()).add(hop.down_col)
    for uid, cols in taken.items():
        if uid[1] == "bottom":
            used.setdefault(uid[0], set()).update(cols)
    for hop in lay.hops:
        if not hop.flat or not hop.label or _direct(lay, hop, position):
            continue
        for is_upper in (True, False):
            unit = lay.units[hop.upper if is_upper else hop.lower]
            col = hop.up_col if is_upper else hop.down_col
            coming = down.get(unit.level, set())
            if unit.kind != "node" or col not in coming:
                continue
            others = used[unit.id] - {col}
            free = [
                c
                for c in range(unit.u + 1, unit.u + unit.w - 1)
                if c not in coming and not any(abs(c - o) <= 1 for o in others)
            ]
            if not free:
                continue
            best = min(free, key=lambda c: (abs(c - col), c))
            used[unit.id] = others | {best}
            if is_upper:
                hop.up_col = best
            else:
                hop.down_col = best


def _snap(lay: Layout) -> None:
    """No ``┴┬`` pair: a branch one column beside its trunk goes straight on, moving
    its own end when that end is a box side with room, else taking the trunk along."""
    by_net: dict[int, list[Hop]] = {}
    used: dict[tuple[str, int], set[int]] = {}
    for hop in lay.hops:
        if not hop.flat:
            by_net.setdefault(hop.net, []).append(hop)
            used.setdefault((hop.upper, 1), set()).add(hop.up_col)
            used.setdefault((hop.lower, 0), set()).add(hop.down_col)
    for members in by_net.values():
        if len(members) < 2 or len({h.up_col for h in members}) != 1:
            continue
        trunk = members[0].up_col
        if any(h.down_col == trunk for h in members):
            continue
        for hop in members:
            if abs(hop.down_col - trunk) != 1:
                continue
            down = lay.units[hop.lower]
            room = down.kind == "node" and down.u < trunk < down.u + down.w - 1
            if room and trunk not in used[(hop.lower, 0)]:
                used[(hop.lower, 0)].discard(hop.down_col)
                hop.down_col = trunk
                used[(hop.lower, 0)].add(trunk)
                break
            up = lay.units[members[0].upper]
            col = hop.down_col
            if up.kind == "node" and up.u < col < up.u + up.w - 1 and col not in used[(up.id, 1)]:
                used[(up.id, 1)].discard(trunk)
                used[(up.id, 1)].add(col)
                for h in members:
                    h.up_col = col
                break


def _straighten(
    lay: Layout,
    sides: dict[tuple[str, str], dict[int, list[tuple[Hop, bool]]]],
    taken: dict[tuple[str, str], set[int]],
) -> None:
    """Line up a lone hop's two ends when its boxes overlap: a straight line, no jog."""
    members: dict[int, int] = {}
    for hop in lay.hops:
        members[hop.net] = members.get(hop.net, 0) + 1
    for hop in lay.hops:
        if hop.flat or members[hop.net] != 1:
            continue
        up, down = lay.units[hop.upper], lay.units[hop.lower]

        def span(unit: Unit, side: str, col: int) -> tuple[int, int]:
            if unit.kind == "node" and len(sides.get((unit.id, side), {})) == 1:
                return unit.u + 1, unit.u + unit.w - 2
            return col, col

        lo1, hi1 = span(up, "bottom", hop.up_col)
        lo2, hi2 = span(down, "top", hop.down_col)
        low, high = max(lo1, lo2), min(hi1, hi2)
        if low > high:
            continue
        want = (hop.up_col + hop.down_col) // 2
        busy = taken.get((up.id, "bottom"), set())
        spots = [c for c in range(low, high + 1) if not {c - 1, c, c + 1} & busy]
        if not spots:
            continue
        col = min(spots, key=lambda c: (abs(c - want), c))
        hop.up_col = hop.down_col = col


def _channel(lay: Layout, lv: int, top: int, leaving: list[Hop], position: dict[str, int]) -> int:
    """Route the channel below level ``lv`` starting at row ``top``; return its rows.

    ``leaving`` holds the hops whose upper unit is on ``lv``; ``position`` is each
    unit's index on its level. Rows from the top: a lead row (for arrowheads
    pointing up, or a blank beside a border or label), the shared tracks, then
    each labelled same-level line on a track of its own with its label right
    under it, then the last row."""
    hops = [h for h in leaving if not h.flat]
    flats = [h for h in leaving if h.flat and not _direct(lay, h, position)]
    labelled = [h for h in flats if h.label]
    nets: dict[int, ChannelNet] = {}
    for hop in hops:
        net = nets.setdefault(hop.net, ChannelNet(hop.net, [], []))
        net.tops.append(hop.up_col)
        net.bottoms.append(hop.down_col)
    for hop in flats:
        if not hop.label:
            net = nets.setdefault(hop.net, ChannelNet(hop.net, [], []))
            net.tops.append(hop.up_col)
            net.flat_bottoms.append(hop.down_col)
    loops: list[tuple[LoopHost, int, ChannelNet]] = []
    for host in loop_hosts(lay, lv):
        for k, (out, _) in enumerate(loop_offsets(lay.style, host)):
            side = host.u + host.w + out
            net = ChannelNet(-1 - len(loops), [loop_start(host, k)], [], flat_bottoms=[side])
            nets[net.key] = net
            loops.append((host, k, net))
    for net in nets.values():
        net.tops = sorted(set(net.tops))
        net.bottoms = sorted(set(net.bottoms))
    tracks = assign_tracks(list(nets.values()))
    heads_up = any(h.head_up for h in hops) or any(h.head_up or h.head_down for h in flats)
    heads_up = heads_up or any(e.arrow in ("back", "both") for u, _, _ in loops for e in u.loops)
    beside_border = (
        any(lv in (c.top, c.bottom) for c in lay.clusters.values()) or lv in lay.label_levels
    )
    lead = 1 if heads_up or ((tracks or labelled) and beside_border) else 0
    # In LR and RL a track is a column: it keeps two blank columns from the text of
    # a label it runs past, as every line not its own does.
    near_text = 0 if lay.style.vertical else _past_labels(lay, nets.values(), lv)
    lead = max(lead, 2 if near_text & 1 else 0)
    # Under the shared tracks pass the lines going on to the next level, the legs
    # of the labelled same-level lines, and the side borders of the groups the
    # channel lies in: each label keeps clear of them all but its own.
    legs = {h.down_col if nets[h.net].track >= 0 else h.up_col for h in hops}
    for c in lay.clusters.values():
        if c.top <= lv < c.bottom:
            legs |= {c.left, c.right}
    for hop in labelled:
        others = {x for h in labelled if h is not hop for x in (h.up_col, h.down_col)}
        hop.label, hop.label_u = _label_spot(lay, hop, hop.label or "", legs | others)
    track_top = top + lead
    row = track_top + tracks
    for hop in labelled:
        hop.track_row = row
        hop.label_row = row + 1
        row += 2 + text_size(lay.style, hop.label or "")[1]
    label_rows = row - (track_top + tracks)
    showy = [h for h in hops if h.edge.dashed or (h.head_up and h.head_down)]
    if label_rows == 0 and (
        (tracks == 0 and showy)
        or any(nets[h.net].track >= 0 and abs(h.up_col - h.down_col) == 1 for h in showy)
    ):
        label_rows = 1
    last = 1 if (hops or flats or loops) else 0
    last = max(last, 2 if near_text & 2 else 0)
    if labelled:
        last = max(last - 1, 0)  # the blank row under the last label serves
    after_caption = any(
        (c.top == lv and not lay.style.caption_at_end)
        or (c.bottom == lv + 1 and lay.style.caption_at_end)
        for c in lay.clusters.values()
    )
    height = lead + tracks + label_rows + last
    border_next = any({lv, lv + 1} & {c.top, c.bottom} for c in lay.clusters.values())
    if after_caption or border_next or lv + 1 in lay.label_levels or lv in lay.label_levels:
        height = max(height, 1)  # never a box or label right against a border
    if any(h.head_down and lay.is_port(lay.units[h.upper]) for h in hops):
        height = max(height, 2)  # a straight cell after the crossing, then the head
    for hop in hops + [h for h in flats if not h.label]:
        net = nets[hop.net]
        hop.track_row = -1 if net.track < 0 else track_top + net.track
        hop.dogleg = None if net.dogleg is None else (net.dogleg, track_top + net.track2)
    for host, k, net in loops:
        host.loop_rows[k] = track_top + max(net.track, 0)
    return height


def _past_labels(lay: Layout, nets: Iterable[ChannelNet], lv: int) -> int:
    """Which sides of the channel below ``lv`` have a track running past a label's
    text on the label level there: 1 for the level above, 2 for the one below."""
    spans = [net.span() for net in nets if net.track >= 0]
    out = 0
    for bit, level in ((1, lv), (2, lv + 1)):
        if level not in lay.label_levels or level >= len(lay.levels):
            continue
        for uid in lay.levels[level]:
            unit = lay.units[uid]
            if unit.kind == "label" and any(
                lo <= unit.u + unit.w and hi >= unit.u for lo, hi in spans
            ):
                out |= bit
    return out


def _label_spot(lay: Layout, hop: Hop, text: str, legs: set[int]) -> tuple[str, int]:
    """A routed same-level edge's label and its first column: centred under its track
    if that keeps two blank columns between it and every line passing its rows, else the
    nearest place that does; when no place is wide enough (TB and BT), the label
    folds (``text.fold``) until one is."""
    low, high = sorted((hop.up_col, hop.down_col))
    limits = [0]
    if lay.style.vertical:
        limits += range(max(width(x) for x in text.split("\n")) - 1, 0, -1)
    for limit in limits:
        lines = text.split("\n")
        if limit:
            lines = [part for line in lines for part in fold(line, limit)]
        lw, _ = text_size(lay.style, "\n".join(lines))
        want = max(low + (high - low - lw) // 2, low)
        spots = [
            u
            for u in range(low - lw - 1, high + 2)
            if not any(u - 2 <= x <= u + lw + 1 for x in legs)
        ]
        if spots:
            return "\n".join(lines), min(spots, key=lambda u: (abs(u - want), u))
    lw, _ = text_size(lay.style, text)
    return text, max(low + (high - low - lw) // 2, low)


def _direct(lay: Layout, hop: Hop, position: dict[str, int]) -> bool:
    """A same-level edge between neighbouring boxes with no group border between
    them: drawn as one straight line between them. (Across a border the line goes
    by the channel below, where it crosses the border at a right angle and its
    label keeps clear of the border.)"""
    a, b = lay.units[hop.upper], lay.units[hop.lower]
    if a.kind != "node" or b.kind != "node" or abs(position[a.id] - position[b.id]) != 1:
        return False
    low, high = sorted((a.u, b.u))
    return not any(
        c.top <= a.level <= c.bottom and (low < c.left < high or low < c.right < high)
        for c in lay.clusters.values()
    )
