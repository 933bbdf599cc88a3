"""Ordering within ranks: few crossings, declaration order wherever it costs nothing."""

from __future__ import annotations

from collections.abc import Sequence

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
