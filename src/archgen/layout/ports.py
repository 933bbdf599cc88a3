"""Where lines meet boxes: nets (shared trunks), the columns of their ends, straightening."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archgen.layout.engine import Hop, Item, Style
from archgen.layout.labels import label_margin, label_size
from archgen.layout.place import pack


def _distinct(hops: list[Hop], other_end: Callable[[Hop], str]) -> list[Hop]:
    """The first hop to each other end: two lines to one box (or group) cannot
    share a trunk, nor can two lines between the same two boxes (which may pass
    a group's border at different ports and so end at different items here)."""
    seen: set[str] = set()
    pairs: set[frozenset[str]] = set()
    out = []
    for hop in hops:
        ends = frozenset((hop.edge.source, hop.edge.target))
        if other_end(hop) not in seen and ends not in pairs:
            seen.add(other_end(hop))
            pairs.add(ends)
            out.append(hop)
    return out


def _shared(groups: Iterable[list[Hop]], other_end: Callable[[Hop], str], key: int) -> int:
    """Make each group's distinct hops (two or more) one net, numbered from ``key``;
    return the next free number."""
    for group in groups:
        members = _distinct(group, other_end)
        if len(members) > 1:
            for hop in members:
                hop.net = key
            key += 1
    return key


def assign_nets(items: dict[str, Item], hops: list[Hop]) -> None:
    """Group hops into nets: a shared trunk out of one end (fan-out) or into one (fan-in)."""
    key = 0
    # Lines share a trunk out of a box only when they are arrows of one style:
    # the arrowheads at the far ends show which end the trunk leaves. Arrowless
    # lines on one trunk could fan out from any of their ends, and an arrowless
    # branch on an arrow's trunk would read as an arrow too.
    fan_out: dict[tuple[str, bool], list[Hop]] = {}
    for hop in hops:
        arrow = hop.edge.arrow != "none"
        if not hop.flat and hop.end_up == "real" and not hop.head_up and arrow:
            fan_out.setdefault((hop.upper, hop.edge.dashed), []).append(hop)
    key = _shared(fan_out.values(), lambda h: h.lower, key)
    fan_in: dict[tuple[str, bool, bool], list[Hop]] = {}
    for hop in hops:
        # Lines merge into one arrowhead only when each is a plain "into this
        # box" line: one head, at this end (a both-way or arrowless line that
        # passes a group border has its other end out of sight here).
        one_head = hop.head_down and hop.edge.arrow in ("forward", "back")
        mergeable = hop.end_up in ("real", "pass") and not hop.head_up and not hop.label
        mergeable = mergeable and one_head
        if hop.net < 0 and not hop.flat and hop.end_down == "real" and mergeable:
            dashed = hop.edge.dashed
            fan_in.setdefault((hop.lower, dashed, hop.head_down), []).append(hop)
    key = _shared(fan_in.values(), lambda h: h.upper, key)
    for hop in hops:
        if hop.net < 0:
            hop.net = key
            key += 1


def _spaced(wants: list[int], rooms: list[int], low: int, high: int) -> list[int] | None:
    """Columns in ``[low, high]`` as near ``wants`` as can be, each at least ``rooms[i]``
    after the one before it; None when they do not fit."""
    cols = pack([float(w) for w in wants], [0] * len(wants), rooms[:-1])
    shift = max(low - cols[0], min(high - cols[-1], 0))
    cols = [c + shift for c in cols]
    if cols[0] < low or cols[-1] > high:
        return None
    return cols


def columns(
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
        # Lines meeting one side keep a blank column between them (in ASCII,
        # where every junction is "+", two side by side would read as one), and
        # a label beside a line entering from above needs its width to the right.
        rooms = []
        for _, entries in ordered:
            labels = [h.label for h, is_upper in entries if h.label and not is_upper and not h.flat]
            rooms.append(
                max((label_size(style, t)[0] + label_margin(style) for t in labels), default=2)
            )
        cols = _spaced(wants, rooms, low, high) if not taken & set(range(low, high + 1)) else None
        if cols is None:
            cols = []
            room = 1
            for want, after in zip(wants, rooms, strict=True):
                options = [c for c in free if not cols or c >= max(cols) + room]
                if not options:
                    # No room to keep order and spacing: any column still free will do.
                    options = [c for c in free if c not in cols] or [cols[-1] if cols else want]
                cols.append(min(options, key=lambda c: (abs(c - want), c)))
                room = after
        for (_, entries), col in zip(ordered, cols, strict=True):
            for hop, is_upper in entries:
                if is_upper:
                    hop.up_col = col
                else:
                    hop.down_col = col
    return fixed


def snap_branches(
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
            trunk = next(iter(tops))
            for hop in members:
                _snap(items, used, fixed, hop, trunk, lower_end=True)
            # A branch that cannot move (it drops to a long edge's dummy or a
            # port) one column beside the trunk takes the trunk with it instead.
            beside = [h.down_col for h in members if abs(h.down_col - trunk) == 1]
            upper = items[members[0].upper]
            key = (upper.id, "bottom")
            straight_on = any(h.down_col == trunk for h in members)
            if (
                beside
                and not straight_on
                and all(h.end_up == "real" for h in members)
                and upper.u + 1 <= beside[0] <= upper.u + upper.w - 2
                and beside[0] not in used[key] | fixed.get(key, set())
            ):
                used[key].discard(trunk)
                used[key].add(beside[0])
                for hop in members:
                    hop.up_col = beside[0]
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
    if lower_end and hop.label and trunk > col:
        return  # the column of room kept for its label, right of the line, stays
    used[(ident, side)].discard(col)
    used[(ident, side)].add(trunk)
    if lower_end:
        hop.down_col = trunk
    else:
        hop.up_col = trunk


def straighten(
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
