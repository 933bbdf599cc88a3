"""Pass 6b, bands: a left-to-right layering too long for its width, wrapped into bands.

Takes the routed ``Layout`` of an LR or RL figure and a width; gives the
painted figure folded into bands one under another, the flow reading in the
spec's direction in each band (ELK Layered's graph wrapping does the same).

A band is a run of consecutive levels; a cut between two bands lies where no
group spans it (a band that starts or ends with edge labels keeps a blank
column more between them and the routes). Every
line crossing a cut is a hop between the two levels beside it (long edges
have a unit on every level), so folding moves each band's shapes as they are
and redraws only those hops: out of the band's far end to a column of their
own, down into the gap under the band, back along a row of their own, and
down the next band's near margin into the band. Hops of one net (a fan-out's
branches) share that route and split in the margin. The routes are stacked
in the order of their rows, so they cross only where the hops crossed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from archgen.layout.geometry import BoxShape, Figure, LabelShape, NetShape, Rect
from archgen.layout.model import Hop, Layout, text_size
from archgen.layout.paint import hop_ends, paint

Mover = Callable[[int, int, int], tuple[int, int]]
"""(band, u, v) → where that cell of that band goes in the folded figure."""


@dataclass(frozen=True)
class _Band:
    """One band: its levels' slab of the layout frame and where it moves to."""

    first_v: int
    """The layout ``v`` of the band's first level."""
    end_v: int
    """The layout ``v`` where the next band's first level starts (or past the figure)."""
    margin: int
    """Columns before the band for lines coming in from the band before."""
    extra: int
    """Blank columns after the band before the routes going out (for labels)."""


def wrap_bands(lay: Layout, width: int) -> Figure | None:
    """The figure folded into bands that each fit ``width`` columns where a cut
    allows, or None when it fits as it is or no level can start a band."""
    if lay.style.vertical or not lay.levels:
        return None
    full = paint(lay)
    end = _extent(lay, full)[1] + 1
    if end <= width:
        return None
    crossing = _crossings(lay)
    starts = _cuts(lay, width, end, crossing)
    if not starts:
        return None
    cut_hops = {
        i for i, hop in enumerate(lay.hops) if not hop.flat and lay.units[hop.lower].level in starts
    }
    return _fold(lay, paint(lay, cut_hops), starts, cut_hops, end, crossing)


def _crossings(lay: Layout) -> list[int]:
    """For each level, how many nets cross into it from the level before it."""
    nets: list[set[int]] = [set() for _ in lay.levels]
    for h in lay.hops:
        if not h.flat:
            nets[lay.units[h.lower].level].add(h.net)
    return [len(x) for x in nets]


def _cuts(lay: Layout, width: int, end: int, crossing: list[int]) -> list[int]:
    """The levels that start a new band, greedily: each band as long as fits (a
    stretch between two allowed cuts that is too wide on its own stays whole)."""
    count = len(lay.levels)
    candidates = [
        lv
        for lv in range(1, count)
        if not any(c.top < lv <= c.bottom for c in lay.clusters.values())
    ]

    def need(first: int, margin: int, cut: int) -> int:
        stop = lay.level_v[cut] if cut < count else end
        right = _far_margin(lay, cut, crossing) if cut < count else 0
        return margin + stop - lay.level_v[first] + right

    starts: list[int] = []
    first, margin = 0, 0
    while True:
        later = [c for c in candidates if c > first] + [count]
        fitting = [c for c in later if need(first, margin, c) <= width]
        cut = fitting[-1] if fitting else later[0]
        if cut >= count:
            return starts
        starts.append(cut)
        first, margin = cut, _near_margin(lay, cut, crossing)


def _near_margin(lay: Layout, level: int, crossing: list[int]) -> int:
    """Columns before a band starting at ``level``: one per route coming in, a
    blank, and one more blank when the band starts with edge labels (text keeps
    two blank columns from lines not its own)."""
    return crossing[level] + 1 + (level in lay.label_levels)


def _far_margin(lay: Layout, level: int, crossing: list[int]) -> int:
    """Columns after a band ending before ``level``: one per route going out, a
    blank, and one more when the band ends with edge labels."""
    return crossing[level] + 1 + (level - 1 in lay.label_levels)


def _fold(
    lay: Layout,
    figure: Figure,
    starts: list[int],
    cut_hops: set[int],
    end: int,
    crossing: list[int],
) -> Figure:
    """Move each band under the one before it and route the hops across each cut."""
    firsts = [0, *starts]
    bands = []
    for k, first in enumerate(firsts):
        stop = lay.level_v[firsts[k + 1]] if k + 1 < len(firsts) else end
        margin = _near_margin(lay, first, crossing) if k else 0
        extra = int(k + 1 < len(firsts) and firsts[k + 1] - 1 in lay.label_levels)
        bands.append(_Band(lay.level_v[first], stop, margin, extra))

    band_starts = [b.first_v for b in bands]

    def band_of(v: int) -> int:
        return max(bisect_right(band_starts, v) - 1, 0)

    # Each band's rows, from its shapes, to stack the bands with a gap for routes.
    low = [10**9] * len(bands)
    high = [-(10**9)] * len(bands)
    for u0, v0, u1 in _spans(lay, figure):
        k = band_of(v0)
        low[k], high[k] = min(low[k], u0), max(high[k], u1)
    routes: list[list[int]] = [[] for _ in bands]  # hop indices leaving band k
    for i in sorted(cut_hops):
        hop = lay.hops[i]
        k = band_of(lay.level_v[lay.units[hop.upper].level])
        routes[k].append(i)
        # The ends of a cut hop belong to their bands too (a dummy's line through
        # its own level is drawn by the route, not by the band).
        (su, _), (eu, _) = hop_ends(lay, hop, NetShape(False))
        low[k], high[k] = min(low[k], su), max(high[k], su)
        low[k + 1], high[k + 1] = min(low[k + 1], eu), max(high[k + 1], eu)
    shift_u, top = [], 0
    for k in range(len(bands)):
        if low[k] > high[k]:
            low[k] = high[k] = 0
        shift_u.append(top - low[k])
        gap = len({lay.hops[i].net for i in routes[k]})
        top += high[k] - low[k] + 1 + (gap + 2 if gap else 1)

    def move(k: int, u: int, v: int) -> tuple[int, int]:
        return u + shift_u[k], v - bands[k].first_v + bands[k].margin

    out = Figure()
    for box in figure.boxes:
        k = band_of(box.rect.v)
        u, v = move(k, box.rect.u, box.rect.v)
        out.boxes.append(
            BoxShape(box.id, Rect(u, v, box.rect.w, box.rect.h), box.lines, box.is_group)
        )
    for label in figure.labels:
        k = band_of(label.v)
        u, v = move(k, label.u, label.v)
        out.labels.append(LabelShape(u, v, label.lines))
    for net in figure.nets:
        out.nets.append(_moved_net(net, band_of, move))
    for k, hops in enumerate(routes):
        if hops:
            gap_top = shift_u[k] + high[k] + 2
            out.nets.extend(_routes(lay, [lay.hops[i] for i in hops], k, bands, move, gap_top))
    return out


def _spans(lay: Layout, figure: Figure) -> list[tuple[int, int, int]]:
    """(first row, band-deciding column, last row) of every shape in the figure."""
    out = []
    for box in figure.boxes:
        out.append((box.rect.u, box.rect.v, box.rect.u + box.rect.w - 1))
    for label in figure.labels:
        lu, _ = text_size(lay.style, "\n".join(label.lines))
        out.append((label.u, label.v, label.u + lu - 1))
    for net in figure.nets:
        for u1, v1, u2, _ in net.runs:  # a run lies in one band: its first end says which
            out.append((u1, v1, u2))
        for u, v in net.heads:
            out.append((u, v, u))
    return out


def _moved_net(net: NetShape, band_of: Callable[[int], int], move: Mover) -> NetShape:
    """A net whose every run lies in one band, moved with it."""
    out = NetShape(net.dashed)
    for u1, v1, u2, v2 in net.runs:
        k = band_of(v1)
        a, b = move(k, u1, v1), move(k, u2, v2)
        out.runs.append((*a, *b))
    out.borders = {move(band_of(v), u, v) for u, v in net.borders}
    out.heads = {move(band_of(v), u, v): d for (u, v), d in net.heads.items()}
    return out


def _routes(
    lay: Layout,
    hops: Sequence[Hop],
    k: int,
    bands: list[_Band],
    move: Mover,
    gap_top: int,
) -> list[NetShape]:
    """The lines of the hops crossing the cut after band ``k``: one route per net."""
    by_net: dict[int, list[Hop]] = {}
    for hop in hops:
        by_net.setdefault(hop.net, []).append(hop)
    plans = []
    for key, members in by_net.items():
        net = NetShape(members[0].edge.dashed)
        ends = []
        for hop in members:
            raw = NetShape(net.dashed)
            (su, sv), (eu, ev) = hop_ends(lay, hop, raw)
            for u, v in raw.borders:
                net.borders.add(move(k, u, v) if v < bands[k].end_v else move(k + 1, u, v))
            for (u, v), d in raw.heads.items():
                side = k if (u, v) != (eu, ev) else k + 1
                net.heads[move(side, u, v)] = d
            # Where the line leaves or reaches a group's border (a port), the route
            # and the line inside meet there: the border shows the crossing.
            if lay.is_port(lay.units[hop.upper]):
                net.borders.add(move(k, su, sv))
            if lay.is_port(lay.units[hop.lower]):
                net.borders.add(move(k + 1, eu, ev))
            ends.append((move(k, su, sv), move(k + 1, eu, ev)))
        plans.append((max(s[0] for s, _ in ends), key, net, ends))
    # The lowest start takes the innermost column on the far side, the first gap
    # row and the outermost column of the near margin: no two routes cross there.
    plans.sort(key=lambda p: (-p[0], p[1]))
    far = max(move(k, 0, bands[k].end_v)[1], 0) + bands[k].extra
    out = []
    for i, (_, _, net, ends) in enumerate(plans):
        column, row, margin = far + i, gap_top + i, i
        tops = [s for s, _ in ends]
        bottoms = [e for _, e in ends]
        for s in tops:
            net.path([s, (s[0], column)])
        net.path([(min(s[0] for s in tops), column), (row, column), (row, margin)])
        net.path([(row, margin), (max(e[0] for e in bottoms), margin)])
        for e in bottoms:
            net.path([(e[0], margin), e])
        out.append(net)
    return out


def _extent(lay: Layout, figure: Figure) -> tuple[int, int]:
    """The last row and column (layout frame) any shape of the figure takes."""
    last_u = last_v = 0
    for box in figure.boxes:
        last_u = max(last_u, box.rect.u + box.rect.w - 1)
        last_v = max(last_v, box.rect.v + box.rect.h - 1)
    for net in figure.nets:
        for _, _, u2, v2 in net.runs:  # runs keep their lowest end first
            last_u, last_v = max(last_u, u2), max(last_v, v2)
        for u, v in net.heads:
            last_u, last_v = max(last_u, u), max(last_v, v)
    for label in figure.labels:
        lu, lv = text_size(lay.style, "\n".join(label.lines))
        last_u, last_v = max(last_u, label.u + lu - 1), max(last_v, label.v + lv - 1)
    return last_u, last_v
