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

from collections.abc import Sequence

from archgen.layout.model import ROOT, Layout

Layers = list[list[str]]

SWEEPS = 6


def crossings(layers: Layers, links: Sequence[tuple[str, str]]) -> int:
    """Number of crossing pairs of links between adjacent layers."""
    where: dict[str, tuple[int, int]] = {}
    for r, layer in enumerate(layers):
        for i, item in enumerate(layer):
            where[item] = (r, i)
    by_gap: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        (ra, ia), (rb, ib) = where[a], where[b]
        if ra > rb:
            ra, ia, rb, ib = rb, ib, ra, ia
        if rb == ra + 1:
            by_gap.setdefault(ra, []).append((ia, ib))
    total = 0
    for pairs in by_gap.values():
        pairs.sort()
        total += _inversions([b for _, b in pairs])
    return total


def _inversions(seq: list[int]) -> int:
    """Pairs i < j with seq[i] > seq[j], counted with a Fenwick tree in O(n log n)."""
    if not seq:
        return 0
    size = max(seq) + 2
    tree = [0] * (size + 1)
    count = 0
    for seen, value in enumerate(seq):
        # elements so far that are <= value
        i, at_most = value + 1, 0
        while i > 0:
            at_most += tree[i]
            i -= i & -i
        count += seen - at_most
        i = value + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return count


def order_layers(layers: Layers, links: Sequence[tuple[str, str]]) -> Layers:
    """Reorder each layer by barycentres, keeping a sweep only when it removes crossings."""
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    rank = {item: r for r, layer in enumerate(layers) for item in layer}
    for a, b in links:
        if rank[a] > rank[b]:
            a, b = b, a
        if rank[b] == rank[a] + 1:
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
    best = [list(layer) for layer in layers]
    best_score = crossings(best, links)
    current = [list(layer) for layer in best]
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for r in indices:
            ref = current[r - 1] if downward else current[r + 1]
            pos = {item: i for i, item in enumerate(ref)}
            neighbours = up if downward else down
            keys: dict[str, float] = {}
            for i, item in enumerate(current[r]):
                near = [pos[n] for n in neighbours.get(item, []) if n in pos]
                keys[item] = sum(near) / len(near) if near else float(i) * 1.0
            current[r] = sorted(current[r], key=lambda it: keys[it])
        score = crossings(current, links)
        if score < best_score:
            best, best_score = [list(layer) for layer in current], score
        else:
            current = [list(layer) for layer in best]
        if best_score == 0:
            break
    return best


SIDE_PENALTY = 20
"""Crossings one line passing through a group it has no end in counts as."""
REPAIR_LIMIT = 400
"""Figures with more hops than this skip the local repair (each try rescores the figure)."""

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
    group_rank = {c.id: float(c.decl) for c in lay.clusters.values()}
    tokens = [_arrange(lay, kids, lv, {}, group_rank) for lv in range(len(lay.levels))]
    best = tokens
    best_score = _score(lay, best)
    current = [list(t) for t in best]
    sweeps = SWEEPS if len(lay.units) < 1500 else 2
    for sweep in range(sweeps):
        if best_score == 0:
            break
        downward = sweep % 2 == 0
        indices = range(1, len(current)) if downward else range(len(current) - 2, -1, -1)
        for r in indices:
            ref = current[r - 1] if downward else current[r + 1]
            pos = {t: i for i, t in enumerate(ref)}
            neighbours = up if downward else down
            bary: dict[str, float] = {}
            for t in current[r]:
                near = [pos[n] for n in neighbours.get(t, ()) if n in pos]
                if near:
                    bary[t] = sum(near) / len(near)
            # Units with no neighbour there keep their place among the others.
            for i, t in enumerate(current[r]):
                if t not in bary and t in lay.units:
                    bary[t] = _interpolate(current[r], bary, i)
            current[r] = _arrange(lay, kids, r, bary, group_rank)
        group_rank = _group_ranks(lay, current, group_rank)
        for lv in range(len(current)):
            current[lv] = _arrange(
                lay, kids, lv, {t: float(i) for i, t in enumerate(current[lv])}, group_rank
            )
        score = _score(lay, current)
        if score < best_score:
            best, best_score = [list(t) for t in current], score
        else:
            current = [list(t) for t in best]
    if best_score >= SIDE_PENALTY and len(lay.hops) < REPAIR_LIMIT:
        best = _move_past_groups(lay, best, best_score)
    lay.tokens = best
    lay.levels = [[t for t in level if t in lay.units] for level in best]


def _move_past_groups(lay: Layout, tokens: list[list[str]], score: int) -> list[list[str]]:
    """Local repair for lines that still pass a group sideways: move one end unit
    (in the same group as now) to just past the group's other border on its
    level, keeping each move that lowers the score."""
    for _ in range(4):
        improved = False
        for hop in lay.hops:
            if hop.flat:
                continue
            for uid in (hop.lower, hop.upper):
                unit = lay.units[uid]
                level = tokens[unit.level]
                i = level.index(uid)
                for g, c in lay.clusters.items():
                    if not c.top <= unit.level <= c.bottom or lay.inside(unit, g):
                        continue
                    if c.parent != unit.cluster:
                        continue
                    left, right = level.index("<" + g), level.index(">" + g)
                    trial = [t for t in level if t != uid]
                    if i < left:
                        trial.insert(right, uid)
                    else:
                        trial.insert(left, uid)
                    candidate = [*tokens[: unit.level], trial, *tokens[unit.level + 1 :]]
                    new = _score(lay, candidate)
                    if new < score:
                        tokens, score, improved = candidate, new, True
                        break
        if not improved or score < SIDE_PENALTY:
            break
    return tokens


def _interpolate(tokens: list[str], bary: dict[str, float], i: int) -> float:
    """A position for a unit with no neighbour: between the nearest ones that have one."""
    before = next((bary[t] for t in reversed(tokens[:i]) if t in bary), None)
    after = next((bary[t] for t in tokens[i + 1 :] if t in bary), None)
    if before is None and after is None:
        return float(i)
    if before is None:
        assert after is not None
        return after - 0.5
    if after is None:
        return before + 0.5
    return (before + after) / 2


def _arrange(
    lay: Layout,
    kids: dict[str, list[str]],
    level: int,
    bary: dict[str, float],
    group_rank: dict[str, float],
) -> list[str]:
    """One level's tokens: units sorted by barycentre within their group, groups kept
    whole and in their sibling order."""
    members: dict[str, list[str]] = {}
    previous = {u: i for i, u in enumerate(lay.levels[level])}
    for uid in lay.levels[level]:
        members.setdefault(lay.units[uid].cluster, []).append(uid)

    def build(container: str) -> tuple[list[str], float | None]:
        entries: list[tuple[float, float, list[str], bool]] = []
        for uid in members.get(container, ()):
            key = bary.get(uid, float(previous[uid]))
            entries.append((key, float(previous[uid]), [uid], False))
        for g in kids.get(container, ()):
            c = lay.clusters[g]
            if not c.top <= level <= c.bottom:
                continue
            inner, inner_key = build(g)
            key = group_rank[g] if inner_key is None else inner_key
            entries.append((key, group_rank[g], ["<" + g, *inner, ">" + g], True))
        entries.sort(key=lambda x: (x[0], x[1]))
        groups = sorted((x for x in entries if x[3]), key=lambda x: x[1])
        it = iter(groups)
        entries = [next(it) if x[3] else x for x in entries]
        out: list[str] = []
        for x in entries:
            out.extend(x[2])
        keys = [x[0] for x in entries]
        return out, (sum(keys) / len(keys) if keys else None)

    return build(ROOT)[0]


def _group_ranks(lay: Layout, tokens: list[list[str]], old: dict[str, float]) -> dict[str, float]:
    """Each group's sibling-order key: the mean relative position of its left border."""
    sums: dict[str, list[float]] = {}
    for level in tokens:
        n = max(len(level), 1)
        for i, t in enumerate(level):
            if t.startswith("<"):
                sums.setdefault(t[1:], []).append(i / n)
    return {g: (sum(v) / len(v) if (v := sums.get(g)) else old[g]) for g in old}


def _score(lay: Layout, tokens: list[list[str]]) -> int:
    """Crossings between levels, plus the penalty of lines passing groups sideways."""
    pos: dict[str, int] = {}
    border: dict[tuple[int, str], int] = {}
    for lv, level in enumerate(tokens):
        for i, t in enumerate(level):
            if t in lay.units:
                pos[t] = i
            else:
                border[(lv, t)] = i
    links = [(h.upper, h.lower) for h in lay.hops if not h.flat]
    by_gap: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        by_gap.setdefault(lay.units[a].level, []).append((pos[a], pos[b]))
    total = 0
    for pairs in by_gap.values():
        pairs.sort()
        total += _inversions([b for _, b in pairs])
    if lay.clusters:
        for a, b in links:
            ua, ub = lay.units[a], lay.units[b]
            for g, c in lay.clusters.items():
                if not (c.top <= ua.level and ub.level <= c.bottom):
                    continue
                if lay.inside(ua, g) or lay.inside(ub, g):
                    continue
                side_a = pos[a] < border[(ua.level, "<" + g)]
                side_b = pos[b] < border[(ub.level, "<" + g)]
                if side_a != side_b:
                    total += SIDE_PENALTY
    return total
