"""Orthogonal routing in the channel between two ranks.

Each net (one line, or a trunk shared by the hops of one end) gets a track:
a row for its horizontal run. Tracks are packed left to right without
overlap, and a net whose line rises at a column where another net's line
descends goes above it, so no two nets ever share a column on one row. The
two are kept a row apart, so the corner where one line leaves that column
never touches the corner where the other enters it (in ASCII, where every
corner is ``+``, two touching corners would read as one line). For the same
reason no run passes such a column on the one track between the two corners.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ChannelNet:
    """The part of one net inside one channel: where it meets the ranks above and below."""

    key: int
    tops: list[int]
    """Columns where the net leaves the rank above (descending into the channel)."""
    bottoms: list[int]
    """Columns where the net enters the rank below."""
    track: int = -1
    """Row index among the channel's tracks; -1 for a straight net (no horizontal run)."""
    flat_bottoms: list[int] = field(default_factory=list)
    """Columns where the net rises back into the rank above (same-rank edges)."""
    dogleg: int | None = None
    """For a net that breaks a cycle of constraints: the free column it drops down
    between its upper track (``track``) and its lower track (``track2``)."""
    track2: int = -1

    def span(self) -> tuple[int, int]:
        """Leftmost and rightmost column the net touches."""
        cols = self.tops + self.bottoms + self.flat_bottoms
        return min(cols), max(cols)

    @property
    def straight(self) -> bool:
        """One column from top to bottom: no track needed."""
        cols = set(self.tops + self.bottoms + self.flat_bottoms)
        return len(cols) == 1 and not self.flat_bottoms


def assign_tracks(nets: list[ChannelNet]) -> int:
    """Give every non-straight net a track; return how many tracks the channel needs."""
    rising: dict[int, list[ChannelNet]] = {}
    for net in nets:
        for col in net.tops + net.flat_bottoms:
            rising.setdefault(col, []).append(net)
    # A net descending (to the rank below) at a column where another net rises
    # from the rank above must take a lower track than that other net.
    above: dict[int, set[int]] = {net.key: set() for net in nets}
    for net in nets:
        for col in net.bottoms:
            for other in rising.get(col, []):
                if other.key != net.key:
                    above[net.key].add(other.key)
    share_column = {key: set(keys) for key, keys in above.items()}
    _prefer_fewer_crossings(nets, above)
    placed: dict[int, ChannelNet] = {}
    tracks: list[list[tuple[int, int]]] = []
    on_track: list[list[ChannelNet]] = []
    pending = sorted((n for n in nets if not n.straight), key=lambda n: (n.span(), n.key))
    for n in nets:
        if n.straight:
            n.track = -1
    guard = 0
    doglegs: list[ChannelNet] = []
    while pending and guard < 10_000:
        guard += 1
        progress = False
        waiting = {p.key for p in pending}
        for net in list(pending):
            if any(k in waiting and k != net.key for k in above[net.key]):
                continue
            lowest = max(
                (
                    placed[k].track + (2 if k in share_column[net.key] else 1)
                    for k in above[net.key]
                    if k in placed
                ),
                default=0,
            )
            left, right = net.span()
            t = lowest
            while (
                t < len(tracks) and any(not (right < a - 1 or left > b + 1) for a, b in tracks[t])
            ) or _wedged(net, t, on_track):
                t += 1
            while len(tracks) <= t:
                tracks.append([])
                on_track.append([])
            tracks[t].append((left, right))
            on_track[t].append(net)
            net.track = t
            placed[net.key] = net
            pending.remove(net)
            waiting.discard(net.key)
            progress = True
        if not progress:
            # A cycle of constraints. A net on it breaks it with a dogleg: it runs
            # on a new top track, drops down a free column, and ends on a new
            # bottom track, so it is above and below whatever it must be (a
            # fan-out branches, and a fan-in joins, on those tracks). A lone line
            # is chosen first; a net that rises back to the rank above cannot.
            cyclic = _on_cycles(pending, above)
            able = [n for n in pending if n.key in cyclic and not n.flat_bottoms]
            lone = [n for n in able if len(n.tops) == 1 and len(n.bottoms) == 1]
            net = (lone or able or pending)[0]
            if lone or able:
                net.dogleg = _free_column(nets, net)
                doglegs.append(net)
                pending.remove(net)
                for other in pending:
                    above[other.key].discard(net.key)
            else:
                above[net.key] = {k for k in above[net.key] if k in placed}
    if not doglegs:
        return len(tracks)
    # Each dogleg gets a top track and a bottom track of its own.
    count = len(doglegs)
    for net in nets:
        if net.track >= 0 and net not in doglegs:
            net.track += count
    for i, net in enumerate(doglegs):
        net.track, net.track2 = i, count + len(tracks) + (count - 1 - i)
    return len(tracks) + 2 * count


def _wedged(net: ChannelNet, t: int, on_track: list[list[ChannelNet]]) -> bool:
    """Whether ``net`` on track ``t`` would make a column read as one line through
    another: a corner rising at some column two tracks above a corner descending
    there, with a run passing that column on the track between (in ASCII
    ``+``, ``-``, ``+`` one under the other, the ``-`` read as a crossing)."""

    def at(k: int) -> list[ChannelNet]:
        return on_track[k] if 0 <= k < len(on_track) else []

    def rises(n: ChannelNet) -> set[int]:
        return set(n.tops + n.flat_bottoms)

    def passes(n: ChannelNet, col: int) -> bool:
        low, high = n.span()
        return low < col < high

    for col in rises(net):  # net is the upper corner
        if any(passes(b, col) for b in at(t + 1)) and any(col in c.bottoms for c in at(t + 2)):
            return True
    for col in net.bottoms:  # net is the lower corner
        if any(passes(b, col) for b in at(t - 1)) and any(col in rises(a) for a in at(t - 2)):
            return True
    low, high = net.span()  # net is the run between
    return any(
        low < col < high and any(col in c.bottoms for c in at(t + 1))
        for a in at(t - 1)
        for col in rises(a)
    )


def _on_cycles(pending: list[ChannelNet], above: dict[int, set[int]]) -> set[int]:
    """The keys of the pending nets on a cycle of "runs above" constraints among
    the pending nets (a net only waiting behind a cycle is not on it: a dogleg of
    its own would not break the cycle)."""
    keys = {n.key for n in pending}
    return {
        n.key
        for n in pending
        if any(_reaches(above, k, n.key, keys) for k in above[n.key] if k in keys)
    }


def _reaches(
    above: dict[int, set[int]], start: int, goal: int, within: set[int] | None = None
) -> bool:
    """Whether net ``goal`` must run above net ``start``, directly or through
    others (only through the nets in ``within``, when given)."""
    seen, stack = set(), [start]
    while stack:
        k = stack.pop()
        if k == goal:
            return True
        if k not in seen:
            seen.add(k)
            stack.extend(x for x in above.get(k, ()) if within is None or x in within)
    return False


SOFT_LIMIT = 60
"""Channels with more nets than this skip the crossing-saving pass (it is quadratic)."""


def _crossings_if_above(upper: ChannelNet, lower: ChannelNet) -> int:
    """Crossings when ``upper`` runs on a higher track than ``lower``."""
    ul, ur = upper.span()
    ll, lr = lower.span()
    count = sum(1 for c in lower.tops + lower.flat_bottoms if ul < c < ur)
    count += sum(1 for c in upper.bottoms if ll < c < lr)
    return count


def _prefer_fewer_crossings(nets: list[ChannelNet], above: dict[int, set[int]]) -> None:
    """Order overlapping nets that nothing else orders so their lines cross less.

    ``above[k]`` holds the nets that must run higher than net ``k``; a preference
    is added only where it keeps those relations free of cycles.
    """
    routed = [n for n in nets if not n.straight]
    if len(routed) > SOFT_LIMIT:
        return

    for i, x in enumerate(routed):
        for y in routed[i + 1 :]:
            (xl, xr), (yl, yr) = x.span(), y.span()
            if xr < yl or yr < xl:
                continue
            x_up, y_up = _crossings_if_above(x, y), _crossings_if_above(y, x)
            if x_up == y_up:
                continue
            high, low = (x, y) if x_up < y_up else (y, x)
            # "low below high": high must not already need to be below low.
            if not _reaches(above, high.key, low.key) and not _reaches(above, low.key, high.key):
                above[low.key].add(high.key)


def _free_column(nets: list[ChannelNet], net: ChannelNet) -> int:
    """A column no other net rises, descends or drops down at, as near the middle of
    ``net`` as can be."""
    used = {c for n in nets if n is not net for c in n.tops + n.bottoms + n.flat_bottoms}
    # (and every other dogleg's column: two doglegs would drop down one column)
    used |= {n.dogleg for n in nets if n is not net and n.dogleg is not None}
    used |= {c + d for c in used for d in (-1, 1)}
    left, right = net.span()
    middle = (left + right) // 2
    for step in range(0, 10_000):
        for c in (middle + step, middle - step):
            if c >= 1 and c not in used:
                return c
    return right + 2
