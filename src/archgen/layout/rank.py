"""Rank assignment: which layer each item of a container sits on.

Items are the children of one container (the figure's top level or a group).
Edges are lifted to those children; cycles are broken by reversing the edges
that close them, in declaration order, so the flow written first decides the
direction; ``ranks`` lists in the spec pull items onto one layer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ranking:
    """Each item's layer, and which lifted edges were reversed to break cycles."""

    rank: dict[str, int]
    reversed: frozenset[int]
    """Indices (into the edge list given) of edges that point up the layers."""


def assign_ranks(
    items: Sequence[str],
    edges: Sequence[tuple[str, str]],
    same_rank: Sequence[Sequence[str]] = (),
) -> Ranking:
    """Longest-path layering with cycles broken in declaration order."""
    unit = {i: i for i in items}

    def find(i: str) -> str:
        while unit[i] != i:
            unit[i] = unit[unit[i]]
            i = unit[i]
        return i

    for group in same_rank:
        members = [m for m in group if m in unit]
        for m in members[1:]:
            unit[find(m)] = find(members[0])
    units = list(dict.fromkeys(find(i) for i in items))
    succ: dict[str, list[tuple[str, int]]] = {u: [] for u in units}
    for index, (a, b) in enumerate(edges):
        ua, ub = find(a), find(b)
        if ua != ub:
            succ[ua].append((ub, index))

    # Depth-first in declaration order: an edge into a unit still on the stack closes a cycle.
    state: dict[str, int] = {}
    backward: set[int] = set()
    for start in units:
        if start in state:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while stack:
            node, pos = stack[-1]
            if pos < len(succ[node]):
                stack[-1] = (node, pos + 1)
                nxt, index = succ[node][pos]
                if state.get(nxt) == 1:
                    backward.add(index)
                elif nxt not in state:
                    state[nxt] = 1
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                stack.pop()

    forward: dict[str, set[str]] = {u: set() for u in units}
    preds: dict[str, set[str]] = {u: set() for u in units}
    for index, (a, b) in enumerate(edges):
        ua, ub = find(a), find(b)
        if ua == ub:
            continue
        if index in backward:
            ua, ub = ub, ua
        forward[ua].add(ub)
        preds[ub].add(ua)

    order = _topological(units, forward, preds)
    level: dict[str, int] = {}
    for u in order:
        level[u] = max((level[p] + 1 for p in preds[u]), default=0)
    # Pull sources down next to their first successor, so they don't float at the top.
    for u in reversed(order):
        if not preds[u] and forward[u]:
            level[u] = min(level[s] for s in forward[u]) - 1
    low = min(level.values(), default=0)
    return Ranking({i: level[find(i)] - low for i in items}, frozenset(backward))


def _topological(
    units: list[str], forward: dict[str, set[str]], preds: dict[str, set[str]]
) -> list[str]:
    """Units in an order where every edge goes forward (ties in declaration order)."""
    position = {u: i for i, u in enumerate(units)}
    waiting = {u: len(preds[u]) for u in units}
    ready = [u for u in units if waiting[u] == 0]
    out: list[str] = []
    while ready:
        ready.sort(key=position.__getitem__)
        u = ready.pop(0)
        out.append(u)
        for s in sorted(forward[u], key=position.__getitem__):
            waiting[s] -= 1
            if waiting[s] == 0:
                ready.append(s)
    return out
