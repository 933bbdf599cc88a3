"""Pass 6b, bands: a left-to-right layering too long for its width, wrapped into bands.

Takes the routed ``Layout`` of an LR or RL figure and a width; gives the
painted figure folded into bands one under another, the flow reading in the
spec's direction in each band (ELK Layered's graph wrapping does the same).

A band is a run of consecutive levels. A cut between two bands may lie
inside groups when each group spanning it is alone on its levels (nothing
outside it shares a level with it): such a group wraps its own levels, its
box one rectangle round its parts in both bands, the next band starting just
inside its border and whatever follows the group moved right where the
rectangle needs the room. Every line crossing a cut is a hop between the two
levels beside it (long edges have a unit on every level), so folding moves
each band's shapes as they are and redraws only those hops: out of the
band's far end to a column of their own, down into the gap under the band,
back along a row of their own, and down the next band's near margin into the
band. Hops of one net (a fan-out's branches) share that route and split in
the margin. The routes are stacked in the order of their rows, so they cross
only where the hops crossed; a cut inside a group has its routes inside it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass, field

from archgen.layout.geometry import BoxShape, Figure, LabelShape, NetShape, Rect
from archgen.layout.model import Cluster, Hop, Layout, text_size
from archgen.layout.paint import caption_corner, hop_ends, paint

WAYS = 4
"""How many ways of cutting the levels before it each cut keeps (see ``_cuts``)."""

Mover = Callable[[int, int, int], tuple[int, int]]
"""(band, u, v) → where that cell of that band goes in the folded figure."""


@dataclass
class _Band:
    """One band: its levels' slab of the layout frame and where it moves to."""

    first_v: int
    """The layout ``v`` of the band's first level."""
    end_v: int
    """The layout ``v`` where the next band's first level starts (or past the figure)."""
    origin: int
    """The folded column ``first_v`` goes to."""
    base: int
    """The folded column of the first route coming in from the band before (0, or
    just inside the border of the innermost group the cut before the band lies in)."""
    extra: int
    """Blank columns after the band before the routes going out (for labels)."""
    inserts: list[tuple[int, int]] = field(default_factory=list)
    """(layout ``v``, columns): shapes at or past ``v`` move right that much more,
    so that the far border of a group folded into earlier bands meets its rectangle."""

    def column(self, v: int) -> int:
        """The folded column of layout ``v`` in this band."""
        return v - self.first_v + self.origin + sum(d for t, d in self.inserts if v >= t)


@dataclass
class _Plan:
    """The bands of one choice of cuts, and the groups folded across them."""

    bands: list[_Band]
    widths: list[int]
    """Columns each band takes, its routes going out and the borders round them included."""
    folded: dict[str, tuple[int, int, int]]
    """A group spanning a cut → its first band, its last band and the folded column
    of its far border."""


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
    spanning = _spanning(lay)
    starts = _cuts(lay, width, end, crossing, spanning)
    if not starts:
        return None
    cut_hops = {
        i for i, hop in enumerate(lay.hops) if not hop.flat and lay.units[hop.lower].level in starts
    }
    plan = _plan(lay, starts, end, crossing, spanning)
    return _fold(lay, paint(lay, cut_hops), plan, cut_hops)


def _crossings(lay: Layout) -> list[int]:
    """For each level, how many nets cross into it from the level before it."""
    nets: list[set[int]] = [set() for _ in lay.levels]
    for h in lay.hops:
        if not h.flat:
            nets[lay.units[h.lower].level].add(h.net)
    return [len(x) for x in nets]


def _spanning(lay: Layout) -> list[list[Cluster]]:
    """For each level, the groups a cut before it would lie in, innermost first."""
    out: list[list[Cluster]] = [[] for _ in lay.levels]
    inner_first = sorted(lay.clusters.values(), key=lambda c: (-c.depth, c.decl))
    for c in inner_first:
        for lv in range(c.top + 1, c.bottom + 1):
            out[lv].append(c)
    return out


def _alone(lay: Layout, c: Cluster) -> bool:
    """Whether a group can wrap its own levels: nothing outside it lies on any
    level it spans (no unit, no other group's border), and no self-loop runs
    round its border."""
    if c.loops:
        return False
    for d in lay.clusters.values():
        related = c.id in lay.chain(d.id) or d.id in lay.chain(c.id)
        if not related and d.top <= c.bottom and c.top <= d.bottom:
            return False
    return all(
        lay.inside(lay.units[uid], c.id)
        for lv in range(c.top, c.bottom + 1)
        for uid in lay.levels[lv]
    )


def _cuts(
    lay: Layout, width: int, end: int, crossing: list[int], spanning: list[list[Cluster]]
) -> list[int]:
    """The levels that start a new band: the fewest bands that each fit ``width``
    (or, when no choice fits, the least overflow of the widest band), found by
    dynamic programming over the levels a cut may lie before. A cut may lie
    inside groups that are alone on their levels, with levels of the group on
    both sides of it."""
    count = len(lay.levels)
    alone = {c.id: _alone(lay, c) for c in lay.clusters.values()}
    candidates = [
        lv
        for lv in range(1, count)
        if all(alone[c.id] and c.top < lv - 1 and lv < c.bottom for c in spanning[lv])
    ]
    # The best ways (least overflow, then fewest bands, then narrowest widest
    # band) to start a band at each candidate, with their cuts. A band's width
    # depends on the cuts before it (where the groups it lies in begin, how far
    # their borders must reach), so each candidate keeps a few ways, not one.
    Way = tuple[tuple[int, int, int], list[int]]
    best: dict[int, list[Way]] = {0: [((0, 0, 0), [])]}
    for cut in [*candidates, count]:
        stop = end if cut == count else lay.level_v[cut]
        before = [p for p in best if stop - lay.level_v[p] <= width] or [max(best)]
        options: list[Way] = []
        for p in before:
            for (over, n, widest), starts in best[p]:
                cuts = [*starts, p] if p else []
                plan = _plan(lay, [*cuts, cut] if cut < count else cuts, end, crossing, spanning)
                wide = plan.widths[len(cuts)]
                options.append(((max(over, wide - width, 0), n + 1, max(widest, wide)), cuts))
        options.sort(key=lambda x: x[0])
        best[cut] = options[:WAYS]
    return best[count][0][1]


def _near_margin(lay: Layout, level: int, crossing: list[int]) -> int:
    """Columns before a band starting at ``level``: one per route coming in, a
    blank, and one more blank when the band starts with edge labels (text keeps
    two blank columns from lines not its own)."""
    return crossing[level] + 1 + (level in lay.label_levels)


def _plan(
    lay: Layout, starts: list[int], end: int, crossing: list[int], spanning: list[list[Cluster]]
) -> _Plan:
    """Where each band goes, for bands starting at ``starts`` (and level 0).

    A band after a cut inside groups starts just inside the innermost one's
    near border, in its rectangle. A group folded across cuts has its far
    border past every route leaving it (and two columns outside the border of
    each group inside it there); where its last band puts that border short of
    it, the band's shapes from the border on move right to meet it.
    """
    firsts = [0, *starts]
    band_at = [0] * len(lay.levels)
    for k, first in enumerate(firsts):
        for lv in range(first, len(lay.levels)):
            band_at[lv] = k
    rl = lay.graph.direction == "RL"
    bands: list[_Band] = []
    widths: list[int] = []
    need: dict[str, int] = {}
    folded: dict[str, tuple[int, int, int]] = {}
    for k, first in enumerate(firsts):
        last = k + 1 == len(firsts)
        stop = end if last else lay.level_v[firsts[k + 1]]
        extra = int(not last and firsts[k + 1] - 1 in lay.label_levels)
        inside = spanning[first] if k else []
        base = 0
        if inside:
            g = inside[0]
            base = bands[band_at[g.top]].column(g.top_row) + 2
        origin = base + _near_margin(lay, first, crossing) if k else 0
        band = _Band(lay.level_v[first], stop, origin, base, extra)
        ending = sorted(
            (c for c in lay.clusters.values() if c.id in need and band_at[c.bottom] == k),
            key=lambda c: c.bottom_row,
        )
        for c in ending:
            natural = band.column(c.bottom_row)
            if need[c.id] > natural:
                # From the column inside the border on (only straight cells of
                # crossings and arrowheads at the border lie there, contract rule 3).
                band.inserts.append((c.bottom_row - 1, need[c.id] - natural))
            folded[c.id] = (band_at[c.top], k, max(need[c.id], natural))
        bands.append(band)
        if last:
            widths.append(band.column(stop))
            continue
        cut = firsts[k + 1]
        routes = crossing[cut]
        far = band.column(stop) + extra
        inner = far + routes - 1  # each border two columns outside the one inside it
        for c in spanning[cut]:
            want = inner + 2
            if band_at[c.top] == k:
                # The caption, in the group's first band, stays inside the box: in
                # RL it sits at the far end, past the routes going out.
                at = far + routes if rl else band.column(c.top_row)
                want = max(want, at + c.caption_width + 3)
            need[c.id] = inner = max(need.get(c.id, 0), want)
        widths.append(max(far + routes, inner) + 1)
    return _Plan(bands, widths, folded)


def _fold(
    lay: Layout,
    figure: Figure,
    plan: _Plan,
    cut_hops: set[int],
) -> Figure:
    """Move each band under the one before it, draw each folded group's box round
    its parts, and route the hops across each cut."""
    bands = plan.bands
    band_starts = [b.first_v for b in bands]

    def band_of(v: int) -> int:
        return max(bisect_right(band_starts, v) - 1, 0)

    # Each band's rows, from its shapes, to stack the bands with a gap for routes.
    # A folded group's box belongs to no band: it reaches from its top row in its
    # first band to a blank row under what it holds in its last band.
    spans = [(band_of(v0), u0, v0, u1) for u0, v0, u1 in _spans(lay, figure, skip=plan.folded)]
    routes: list[list[int]] = [[] for _ in bands]  # hop indices leaving band k
    for i in sorted(cut_hops):
        hop = lay.hops[i]
        k = band_of(lay.level_v[lay.units[hop.upper].level])
        routes[k].append(i)
        # The ends of a cut hop belong to their bands too (a dummy's line through
        # its own level is drawn by the route, not by the band).
        (su, sv), (eu, ev) = hop_ends(lay, hop, NetShape(False))
        spans += [(k, su, sv, su), (k + 1, eu, ev, eu)]
    low = [10**9] * len(bands)
    high = [-(10**9)] * len(bands)
    for k, u0, _, u1 in spans:
        low[k], high[k] = min(low[k], u0), max(high[k], u1)
    bottoms: dict[str, int] = {}
    for gid in sorted(plan.folded, key=lambda g: -lay.clusters[g].depth):
        c = lay.clusters[gid]
        k0, k1, _ = plan.folded[gid]
        low[k0] = min(low[k0], c.left)
        held = [u1 for k, _, v0, u1 in spans if k == k1 and v0 <= c.bottom_row]
        held += [b for g, b in bottoms.items() if plan.folded[g][1] == k1 and g in _inner(lay, gid)]
        bottoms[gid] = max(held, default=c.left) + 2
        high[k1] = max(high[k1], bottoms[gid])
    shift_u, top = [], 0
    for k in range(len(bands)):
        if low[k] > high[k]:
            low[k] = high[k] = 0
        shift_u.append(top - low[k])
        gap = len({lay.hops[i].net for i in routes[k]})
        top += high[k] - low[k] + 1 + (gap + 2 if gap else 1)

    def move(k: int, u: int, v: int) -> tuple[int, int]:
        return u + shift_u[k], bands[k].column(v)

    out = Figure()
    captions = {}
    for gid, (k0, k1, right) in plan.folded.items():
        c = lay.clusters[gid]
        u, v = move(k0, c.left, c.top_row)
        rect = Rect(u, v, bottoms[gid] + shift_u[k1] - u + 1, right - v + 1)
        out.boxes.append(BoxShape(gid, rect, c.caption, True))
        out.labels.append(LabelShape(*caption_corner(lay, c, rect), c.caption))
        captions[gid] = caption_corner(lay, c, _frame_rect(c))
    for box in figure.boxes:
        if box.id in plan.folded and box.is_group:
            continue
        k = band_of(box.rect.v)
        u, v = move(k, box.rect.u, box.rect.v)
        out.boxes.append(
            BoxShape(box.id, Rect(u, v, box.rect.w, box.rect.h), box.lines, box.is_group)
        )
    skip = {(*captions[g], lay.clusters[g].caption) for g in captions}
    for label in figure.labels:
        if (label.u, label.v, label.lines) in skip:
            continue
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


def _frame_rect(c: Cluster) -> Rect:
    """A group's box in the layout frame, as ``paint`` draws it."""
    return Rect(c.left, c.top_row, c.right - c.left + 1, c.bottom_row - c.top_row + 1)


def _inner(lay: Layout, gid: str) -> set[str]:
    """The groups inside a group, at any depth."""
    return {g for g, c in lay.clusters.items() if g != gid and gid in lay.chain(c.id)}


def _spans(lay: Layout, figure: Figure, skip: Container[str] = ()) -> list[tuple[int, int, int]]:
    """(first row, band-deciding column, last row) of every shape in the figure
    but the boxes of the groups in ``skip``."""
    out = []
    for box in figure.boxes:
        if box.is_group and box.id in skip:
            continue
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
    base = bands[k + 1].base
    out = []
    for i, (_, _, net, ends) in enumerate(plans):
        column, row, margin = far + i, gap_top + i, base + i
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
