"""Pass 3, order: the units of every level in an order with few crossings.

Takes the normalized ``Layout``; gives each level its order (``lay.levels``)
and the *tokens* of each level: that order with the left and right border of
every group spanning the level set around the group's units. The members of
a group stay together on every level and nested groups nest (dagre's
subgraph-contiguous sorting); sibling groups keep one left-to-right order on
all levels, so their borders never cross. Barycentre sweeps run down and up,
and a sweep is kept only when it lowers the crossing count, so declaration
order stays wherever reordering buys nothing. A line that would pass a group
it has no end in, from one side to the other, counts as many crossings.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container
from functools import cached_property
from operator import itemgetter

from archgen.layout.model import ROOT, Layout

SWEEPS = 6
"""Barycentre sweeps (down, up, down, ...) tried before the order is kept."""

SIDE_PENALTY = 20
"""Crossings one line passing through a group it has no end in counts as."""
REPAIR_LIMIT = 400
"""Figures with more hops than this skip the local repair (a limit from when each
try rescored the whole figure; raising it would change those figures' layouts)."""

Token = str
"""A unit id, or ``<G`` / ``>G`` for the left / right border of group ``G``."""


def order(lay: Layout) -> None:
    """Order every level (see the module docstring); sets ``lay.levels`` and ``lay.tokens``."""
    kids: dict[str, list[str]] = {}
    for c in sorted(lay.clusters.values(), key=lambda c: (c.decl, c.id)):
        kids.setdefault(c.parent, []).append(c.id)
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for hop in lay.hops:
        if not hop.flat:
            down.setdefault(hop.upper, []).append(hop.lower)
            up.setdefault(hop.lower, []).append(hop.upper)
    arrange = _Arranger(lay, kids)
    scorer = _Scorer(lay)
    group_rank = {c.id: float(c.decl) for c in lay.clusters.values()}
    tokens = [arrange(lv, {}, group_rank) for lv in range(len(lay.levels))]
    best = tokens
    best_score = scorer.score(best)
    current = [list(t) for t in best]
    sweeps = SWEEPS if len(lay.units) < 1500 else 2
    for sweep in range(sweeps):
        if best_score == 0:
            break
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        neighbours = up if downward else down
        for r in indices:
            ref = current[r - 1] if downward else current[r + 1]
            pos = dict(zip(ref, range(len(ref)), strict=True))
            bary: dict[str, float] = {}
            for t in current[r]:
                near = [pos[n] for n in neighbours.get(t, ()) if n in pos]
                if near:
                    bary[t] = sum(near) / len(near)
            # Units with no neighbour there keep their place among the others.
            _interpolate(current[r], bary, lay.units)
            current[r] = arrange(r, bary, group_rank)
        group_rank = _group_ranks(lay, current, group_rank)
        for lv, level in enumerate(current):
            # Arranging a level no group spans by its own order gives it back
            # unchanged: only the groups' ranks can move anything.
            if arrange.has_groups(lv):
                current[lv] = arrange(lv, {t: float(i) for i, t in enumerate(level)}, group_rank)
        score = scorer.score(current)
        if score < best_score:
            best, best_score = [list(t) for t in current], score
        else:
            current = [list(t) for t in best]
    if best_score >= SIDE_PENALTY and len(lay.hops) < REPAIR_LIMIT:
        best = _move_past_groups(lay, best, scorer, up, down)
        best = _move_groups_past_groups(lay, best, scorer)
    lay.tokens = best
    lay.levels = [[t for t in level if t in lay.units] for level in best]


def _move_past_groups(
    lay: Layout,
    tokens: list[list[str]],
    scorer: _Scorer,
    up: dict[str, list[str]],
    down: dict[str, list[str]],
) -> list[list[str]]:
    """Local repair for lines that still pass a group sideways: move one end unit
    (in the same group as now) to just past the group's other border on its
    level, or, for a long edge, the chain of its line units with it; keep each
    move that lowers the score. ``up`` and ``down``: the units each unit's lines
    reach on the levels above and below."""
    tokens = list(tokens)
    # The groups a unit could move past: spanning its level, not around it, and
    # siblings of its own group. None of that changes as units move.
    past: dict[str, list[str]] = {}
    for hop in lay.hops:
        for uid in (hop.lower, hop.upper):
            if uid not in past:
                unit = lay.units[uid]
                past[uid] = [
                    g
                    for g, c in lay.clusters.items()
                    if c.top <= unit.level <= c.bottom
                    and not lay.inside(unit, g)
                    and c.parent == unit.cluster
                ]
    state = scorer.start(tokens)
    for _ in range(4):
        improved = False
        for hop in lay.hops:
            for uid in (hop.lower, hop.upper):
                lv = lay.units[uid].level
                level = tokens[lv]
                i = level.index(uid)
                for g in past[uid]:
                    left, right = level.index("<" + g), level.index(">" + g)
                    trial = [t for t in level if t != uid]
                    if i < left:
                        trial.insert(right, uid)
                    else:
                        trial.insert(left, uid)
                    if state.score_with(lv, trial) < state.total:
                        state.keep()
                        tokens[lv] = trial
                        improved = True
                        break
                    # A long edge's line units move together, with the box at the
                    # chain's far end: one alone only moves the pass to the next hop.
                    chain = _chain(lay, uid, down if hop.lower == uid else up, past, g)
                    if len(chain) > 1 and _keep_if_better(
                        state, tokens, _chain_past(lay, tokens, chain, g)
                    ):
                        improved = True
                        break
        if not improved or state.total < SIDE_PENALTY:
            break
    return tokens


def _chain(
    lay: Layout, uid: str, onward: dict[str, list[str]], past: dict[str, list[str]], g: str
) -> list[str]:
    """``uid`` and the units after it along its long edge (``onward``: the units
    each unit's lines reach, down or up), through line units, up to and with the
    first box, while each could move past ``g`` (see ``past``)."""
    chain = [uid]
    while lay.units[chain[-1]].kind in ("dummy", "label"):
        ends = onward.get(chain[-1], [])
        if len(ends) != 1 or g not in past.get(ends[0], ()):
            break
        chain.append(ends[0])
    return chain


def _chain_past(
    lay: Layout, tokens: list[list[str]], chain: list[str], g: str
) -> dict[int, list[str]]:
    """The levels with every unit of ``chain`` moved past group ``g`` (those on
    the same side of it as the first)."""
    first = tokens[lay.units[chain[0]].level]
    left_side = first.index(chain[0]) < first.index("<" + g)
    trials: dict[int, list[str]] = {}
    for uid in chain:
        lv = lay.units[uid].level
        level = tokens[lv]
        if "<" + g not in level or (level.index(uid) < level.index("<" + g)) != left_side:
            continue
        trial = [t for t in level if t != uid]
        trial.insert(trial.index(">" + g) + 1 if left_side else trial.index("<" + g), uid)
        trials[lv] = trial
    return trials


def _keep_if_better(state: _Scored, tokens: list[list[str]], trials: dict[int, list[str]]) -> bool:
    """Put every level of ``trials`` in place; keep them and say so when the
    score drops, else put the old levels back."""
    before = state.total
    old = {lv: tokens[lv] for lv in trials}
    for lv, trial in trials.items():
        state.score_with(lv, trial)
        state.keep()
        tokens[lv] = trial
    if state.total < before:
        return True
    for lv, level in old.items():
        state.score_with(lv, level)
        state.keep()
        tokens[lv] = level
    return False


def _move_groups_past_groups(
    lay: Layout, tokens: list[list[str]], scorer: _Scorer
) -> list[list[str]]:
    """Local repair for a line that passes a group G sideways when its end lies in
    a sibling group of G (moving the end alone would take it out of its group):
    move that whole sibling group past G, on every level it spans, keeping the
    move when it lowers the score."""
    state = scorer.start(tokens)
    tokens = list(tokens)
    for i, (a, _, b, _, border) in enumerate(scorer.sides):
        if not state.side_part[i]:
            continue
        g = lay.clusters[border[1:]]
        for end in (a, b):
            block = _sibling_block(lay, end, g.parent)
            if block is None or block == g.id:
                continue
            c = lay.clusters[block]
            trials: dict[int, list[str]] = {}
            for lv in range(c.top, c.bottom + 1):
                level = tokens[lv]
                if "<" + g.id not in level or "<" + block not in level:
                    continue
                start, stop = level.index("<" + block), level.index(">" + block) + 1
                run, rest = level[start:stop], level[:start] + level[stop:]
                at = (
                    rest.index(">" + g.id) + 1
                    if start < level.index("<" + g.id)
                    else rest.index("<" + g.id)
                )
                trials[lv] = rest[:at] + run + rest[at:]
            if _keep_if_better(state, tokens, trials):
                break
    return tokens


def _sibling_block(lay: Layout, uid: str, parent: str) -> str | None:
    """The child group of ``parent`` that holds unit ``uid``, or None when the
    unit lies in ``parent`` itself or outside it."""
    c = lay.units[uid].cluster
    while c != ROOT:
        cluster = lay.clusters[c]
        if cluster.parent == parent:
            return c
        c = cluster.parent
    return None


def _interpolate(tokens: list[str], bary: dict[str, float], units: Container[str]) -> None:
    """Give every unit with no barycentre a position between the nearest ones
    that have one (the one before it may be such a unit itself, placed already)."""
    # after[i]: the barycentre of the first unit from i on that had one to start with.
    after: list[float | None] = [None] * (len(tokens) + 1)
    for i in range(len(tokens) - 1, -1, -1):
        after[i] = bary.get(tokens[i], after[i + 1])
    before: float | None = None
    for i, t in enumerate(tokens):
        if t in bary:
            before = bary[t]
            continue
        if t not in units:
            continue
        nxt = after[i + 1]
        if before is None and nxt is None:
            key = float(i)
        elif before is None:
            assert nxt is not None
            key = nxt - 0.5
        elif nxt is None:
            key = before + 0.5
        else:
            key = (before + nxt) / 2
        bary[t] = before = key


class _Arranger:
    """One level's tokens: units sorted by barycentre within their group, groups
    kept whole and in their sibling order. What this reads that ordering does
    not change (each level's units by group and by place in ``lay.levels``, the
    groups spanning each level) is worked out once per figure."""

    def __init__(self, lay: Layout, kids: dict[str, list[str]]) -> None:
        self.members: list[dict[str, list[tuple[str, float]]]] = []
        """Per level: each group's units there, with their places in ``lay.levels``."""
        self.kids: list[dict[str, list[str]]] = []
        """Per level: each group's child groups spanning it, in declaration order."""
        for level, uids in enumerate(lay.levels):
            members: dict[str, list[tuple[str, float]]] = {}
            for i, uid in enumerate(uids):
                members.setdefault(lay.units[uid].cluster, []).append((uid, float(i)))
            self.members.append(members)
            spanning: dict[str, list[str]] = {}
            for parent, gs in kids.items():
                inner = [g for g in gs if lay.clusters[g].top <= level <= lay.clusters[g].bottom]
                if inner:
                    spanning[parent] = inner
            self.kids.append(spanning)

    def has_groups(self, level: int) -> bool:
        """Whether any group spans ``level`` (else its tokens are all units)."""
        return bool(self.kids[level])

    def __call__(
        self, level: int, bary: dict[str, float], group_rank: dict[str, float]
    ) -> list[str]:
        """The tokens of ``level``; a unit's key is its ``bary`` entry, or else its place
        in ``lay.levels``; a group's is the mean key of what it holds there."""
        members = self.members[level]
        kids = self.kids[level]

        def build(container: str) -> tuple[list[str], float | None]:
            groups = kids.get(container)
            if not groups:
                # Only units: sorted by (key, place), as places are distinct.
                here = members.get(container, ())
                units = sorted([(bary.get(uid, at), at, uid) for uid, at in here])
                keys = [key for key, _, _ in units]
                mean = sum(keys) / len(keys) if keys else None
                return [uid for _, _, uid in units], mean
            entries: list[tuple[float, float, list[str], bool, str]] = [
                (bary.get(uid, at), at, [uid], False, "") for uid, at in members.get(container, ())
            ]
            for g in groups:
                inner, inner_key = build(g)
                key = group_rank[g] if inner_key is None else inner_key
                entries.append((key, group_rank[g], ["<" + g, *inner, ">" + g], True, g))
            entries.sort(key=_KEY_AND_TIE)
            ranked = sorted((x for x in entries if x[3]), key=_TIE)
            it = iter(ranked)
            entries = [next(it) if x[3] else x for x in entries]
            out: list[str] = []
            for x in entries:
                out.extend(x[2])
            keys = [x[0] for x in entries]
            return out, (sum(keys) / len(keys) if keys else None)

        return build(ROOT)[0]


_KEY_AND_TIE = itemgetter(0, 1)
_TIE = itemgetter(1, 4)
"""Sibling groups' order: their rank, then their id (two empty groups can share a
rank, and the order must be the same on every level)."""


def _group_ranks(lay: Layout, tokens: list[list[str]], old: dict[str, float]) -> dict[str, float]:
    """Each group's sibling-order key: the mean relative position of its left border."""
    if not old:
        return {}  # no groups
    sums: dict[str, list[float]] = {}
    for level in tokens:
        n = max(len(level), 1)
        for i, t in enumerate(level):
            if t.startswith("<"):
                sums.setdefault(t[1:], []).append(i / n)
    return {g: (sum(v) / len(v) if (v := sums.get(g)) else old[g]) for g in old}


class _Scorer:
    """The score of an order: crossings between levels, plus ``SIDE_PENALTY`` for
    every line that passes a group sideways (its ends on either side of the
    group's left border, the group spanning both ends' levels and holding neither).

    Which lines cross which gap, and which could pass which group, do not
    depend on the order, so they are worked out once per figure. The score is
    a sum of parts (one per gap, one per line and group), so the repair pass can
    rescore a change to one level from the parts that involve that level."""

    def __init__(self, lay: Layout) -> None:
        links = [(h.upper, h.lower) for h in lay.hops if not h.flat]
        self.gaps: dict[int, list[tuple[str, str]]] = {}
        """The lines of each gap, keyed by the level of their upper ends."""
        for a, b in links:
            self.gaps.setdefault(lay.units[a].level, []).append((a, b))
        self.sides: list[tuple[str, int, str, int, str]] = []
        """(upper end, its level, lower end, its level, the group's left border)
        for every line and group the line could pass (same-level lines too: one
        drawn past a group on its level crosses that group's borders)."""
        every = [(h.upper, h.lower) for h in lay.hops]
        for a, b in every if lay.clusters else ():
            ua, ub = lay.units[a], lay.units[b]
            for g, c in lay.clusters.items():
                if not (c.top <= ua.level and ub.level <= c.bottom):
                    continue
                if lay.inside(ua, g) or lay.inside(ub, g):
                    continue
                self.sides.append((a, ua.level, b, ub.level, "<" + g))
        self.units = lay.units

    @cached_property
    def gaps_at(self) -> dict[int, set[int]]:
        """For each level, the gaps with a line ending on it (for the repair pass only)."""
        out: dict[int, set[int]] = {}
        for k, pairs in self.gaps.items():
            for a, b in pairs:
                out.setdefault(self.units[a].level, set()).add(k)
                out.setdefault(self.units[b].level, set()).add(k)
        return out

    @cached_property
    def sides_at(self) -> dict[int, list[int]]:
        """For each level, the (indices of) ``sides`` with an end on it."""
        out: dict[int, list[int]] = {}
        for i, (_, la, _, lb, _) in enumerate(self.sides):
            out.setdefault(la, []).append(i)
            if lb != la:
                out.setdefault(lb, []).append(i)
        return out

    def score(self, tokens: list[list[str]]) -> int:
        """The score of ``tokens``."""
        return self.start(tokens).total

    def start(self, tokens: list[list[str]]) -> _Scored:
        """``tokens`` scored part by part, to be changed one level at a time."""
        return _Scored(self, tokens)


class _Scored:
    """An order with its score kept by parts (see ``_Scorer``): ``score_with``
    scores the order with one level replaced, ``keep`` makes that the order."""

    def __init__(self, scorer: _Scorer, tokens: list[list[str]]) -> None:
        self.scorer = scorer
        # Units are on one level each, so one map serves for their places; a
        # border's place is looked up on its level.
        self.pos: dict[str, int] = {}
        for level in tokens:
            self.pos.update(zip(level, range(len(level)), strict=True))
        self.where = [dict(zip(level, range(len(level)), strict=True)) for level in tokens]
        self.gap_part = {k: self._gap(k) for k in scorer.gaps}
        self.side_part = [self._side(i) for i in range(len(scorer.sides))]
        self.total = sum(self.gap_part.values()) + sum(self.side_part)
        self._trial: tuple[int, dict[str, int], dict[int, int], dict[int, int], int] | None = None

    def _gap(self, k: int) -> int:
        """Crossing pairs of lines in gap ``k``: pairs whose upper ends are in one
        order and lower ends strictly in the other."""
        pos = self.pos
        pairs = sorted([(pos[a], pos[b]) for a, b in self.scorer.gaps[k]])
        # Inversions of the lower ends, each counted as it meets the larger ones
        # before it in a sorted list (bisect and insert run in C).
        seen: list[int] = []
        count = 0
        for n, (_, value) in enumerate(pairs):
            i = bisect_right(seen, value)
            count += n - i
            seen.insert(i, value)
        return count

    def _side(self, i: int) -> int:
        """The penalty of ``sides[i]``: whether the line passes its group sideways."""
        a, la, b, lb, border = self.scorer.sides[i]
        passes = (self.pos[a] < self.where[la][border]) != (self.pos[b] < self.where[lb][border])
        return SIDE_PENALTY if passes else 0

    def score_with(self, lv: int, level: list[str]) -> int:
        """The score with level ``lv``'s tokens replaced by ``level`` (the same tokens
        in another order); ``keep`` then makes the replacement stick."""
        scorer = self.scorer
        old_level = self.where[lv]
        new_level = dict(zip(level, range(len(level)), strict=True))
        self.pos.update(new_level)
        self.where[lv] = new_level
        gaps = {k: self._gap(k) for k in scorer.gaps_at.get(lv, ())}
        sides = {i: self._side(i) for i in scorer.sides_at.get(lv, ())}
        total = self.total
        total += sum(gaps.values()) - sum(self.gap_part[k] for k in gaps)
        total += sum(sides.values()) - sum(self.side_part[i] for i in sides)
        # Put the old level back until the replacement is kept.
        self.pos.update(old_level)
        self.where[lv] = old_level
        self._trial = (lv, new_level, gaps, sides, total)
        return total

    def keep(self) -> None:
        """Make the order last passed to ``score_with`` the current one."""
        assert self._trial is not None
        lv, new_level, gaps, sides, total = self._trial
        self.pos.update(new_level)
        self.where[lv] = new_level
        self.gap_part.update(gaps)
        for i, part in sides.items():
            self.side_part[i] = part
        self.total = total
        self._trial = None
