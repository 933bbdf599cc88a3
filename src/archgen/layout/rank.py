"""Rank assignment: which layer each item of a container sits on.

Items are the children of one container (the figure's top level or a group),
or every node and group border of the figure's rank graph. Cycles are broken by
reversing the edges that close them, in declaration order, so the flow written
first decides the direction; ``ranks`` lists in the spec pull items onto one
layer. The layers then have the least total edge length (network simplex, as in
Graphviz dot and dagre): no edge is stretched over more layers than the graph
forces, so long edges, and the dummies and channel tracks they cost, stay few.
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
    tight: bool = True,
) -> Ranking:
    """Layers with cycles broken in declaration order and the least total edge
    length (longest-path layers when ``tight`` is False: enough to say which
    edges were reversed)."""
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
    weight: dict[tuple[str, str], int] = {}
    """How many edges run from one unit to another (parallel edges pull harder)."""
    for index, (a, b) in enumerate(edges):
        ua, ub = find(a), find(b)
        if ua == ub:
            continue
        if index in backward:
            ua, ub = ub, ua
        forward[ua].add(ub)
        preds[ub].add(ua)
        weight[(ua, ub)] = weight.get((ua, ub), 0) + 1

    order = _topological(units, forward, preds)
    level: dict[str, int] = {}
    for u in order:
        level[u] = max((level[p] + 1 for p in preds[u]), default=0)
    if tight:
        level = _tighten(units, forward, weight, level)
    return Ranking({i: level[find(i)] for i in items}, frozenset(backward))


def _tighten(
    units: list[str],
    forward: dict[str, set[str]],
    weight: dict[tuple[str, str], int],
    level: dict[str, int],
) -> dict[str, int]:
    """The levels with the least total edge length (parallel edges counted each),
    each edge at least one level long, from the feasible longest-path ``level``
    (network simplex, as Graphviz dot and dagre rank); each connected part starts
    at level 0."""
    index = {u: i for i, u in enumerate(units)}
    pairs = [(a, b) for a in units for b in sorted(forward[a], key=index.__getitem__)]
    edges = [(index[a], index[b]) for a, b in pairs]
    simplex = _Simplex(len(units), edges, [weight[p] for p in pairs], [level[u] for u in units])
    for part in _parts(len(units), edges):
        simplex.solve(part)
    return {u: simplex.rank[i] for i, u in enumerate(units)}


def _parts(count: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    """The weakly connected parts of the graph, each in node order, in order of
    their first node."""
    root = list(range(count))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    parts: dict[int, list[int]] = {}
    for i in range(count):
        parts.setdefault(find(i), []).append(i)
    return list(parts.values())


class _Simplex:
    """Network simplex (Gansner et al., 1993; Graphviz's ``ns.c``): a spanning
    tree of tight edges (exactly one level long) is kept; a tree edge whose cut
    value is negative (more edges cross its cut against it than with it) is
    swapped for the non-tree edge of least slack across that cut, until none is.

    A tree edge's cut value: with the edge removed, the edges (each weighed by the
    parallel edges it stands for) from its tail's side to its head's side, less
    those the other way. Nodes are numbered in postorder
    (``low``..``lim`` spans a subtree) so "is under" is two comparisons, and each
    swap renumbers and updates cut values only where the swap changed the tree."""

    def __init__(
        self, count: int, edges: list[tuple[int, int]], weights: list[int], rank: list[int]
    ) -> None:
        self.edges = edges
        self.weights = weights
        self.rank = rank
        self.incident: list[list[int]] = [[] for _ in range(count)]
        for i, (a, b) in enumerate(edges):
            self.incident[a].append(i)
            self.incident[b].append(i)
        self.tree: list[list[tuple[int, int]]] = [[] for _ in range(count)]
        """Each node's tree edges (indices into ``edges``) with the node at their far end."""
        self.up = [-1] * count
        """Each node's tree edge towards the root (-1 for the root)."""
        self.low = [0] * count
        self.lim = [0] * count
        self.cut: dict[int, int] = {}
        """The cut value of each tree edge."""
        self.order: list[int] = []
        """The tree edges, in the order a negative cut value is looked for."""

    def _slack(self, i: int) -> int:
        a, b = self.edges[i]
        return self.rank[b] - self.rank[a] - 1

    def _other(self, i: int, v: int) -> int:
        a, b = self.edges[i]
        return b if a == v else a

    def solve(self, part: list[int]) -> None:
        """Ranks of the connected ``part`` made optimal, its least rank 0."""
        if len(part) > 1:
            self._feasible_tree(part)
            root = part[0]
            self._number(root, -1, 1)
            for v in sorted(self._subtree(root), key=self.lim.__getitem__):
                if v != root:
                    self.cut[self.up[v]] = self._cut_value(v)
            start = 0
            while True:
                leave = self._leaving(start)
                if leave < 0:
                    break
                start = leave
                self._exchange(self.order[leave], self._entering(self.order[leave]), leave)
        low = min(self.rank[v] for v in part)
        for v in part:
            self.rank[v] -= low

    def _feasible_tree(self, part: list[int]) -> None:
        """Grow a tree of tight edges from the part's first node, shifting the
        tree's ranks by the least slack whenever no tight edge reaches a new node."""
        inside = {part[0]}
        frontier = [part[0]]
        crossing: set[int] = set()
        """Edges with exactly one end in the tree."""
        while True:
            while frontier:
                v = frontier.pop()
                for i in self.incident[v]:
                    other = self._other(i, v)
                    if other in inside:
                        crossing.discard(i)
                    elif self._slack(i) == 0:
                        inside.add(other)
                        self.tree[v].append((i, other))
                        self.tree[other].append((i, v))
                        self.order.append(i)
                        frontier.append(other)
                    else:
                        crossing.add(i)
            if len(inside) == len(part):
                return
            best = min(crossing, key=lambda i: (self._slack(i), i))
            delta = self._slack(best) if self.edges[best][0] in inside else -self._slack(best)
            for v in inside:
                self.rank[v] += delta
            frontier = [
                a if a in inside else b
                for a, b in (self.edges[i] for i in sorted(crossing))
                if self.rank[b] - self.rank[a] == 1
            ]

    def _number(self, v: int, up: int, low: int) -> int:
        """Postorder numbers of the subtree of ``v`` (reached by tree edge ``up``)
        from ``low`` on; gives the number after its last."""
        ups, lows, lims, tree = self.up, self.low, self.lim, self.tree
        ups[v] = up
        lows[v] = low
        counter = low
        stack = [v]
        branches = [iter(tree[v])]
        while stack:
            node = stack[-1]
            for i, child in branches[-1]:
                if i != ups[node]:
                    ups[child] = i
                    lows[child] = counter
                    stack.append(child)
                    branches.append(iter(tree[child]))
                    break
            else:
                lims[node] = counter
                counter += 1
                stack.pop()
                branches.pop()
        return counter

    def _subtree(self, top: int) -> list[int]:
        """The nodes of the subtree of ``top``."""
        out = [top]
        for v in out:
            out.extend(w for i, w in self.tree[v] if i != self.up[v])
        return out

    def _cut_value(self, child: int) -> int:
        """The cut value of the tree edge joining ``child`` to its parent, from the
        cut values of the tree edges below it."""
        tree_edge = self.up[child]
        child_is_tail = self.edges[tree_edge][0] == child
        value = self.weights[tree_edge]
        for i in self.incident[child]:
            if i == tree_edge:
                continue
            a, b = self.edges[i]
            out = a == child
            same_way = out == child_is_tail
            value += self.weights[i] if same_way else -self.weights[i]
            if i in self.cut and self.up[b if out else a] == i:
                value += -self.cut[i] if same_way else self.cut[i]
        return value

    def _leaving(self, start: int) -> int:
        """The position in ``order`` of a tree edge with a negative cut value,
        looking from ``start`` on and round, or -1."""
        count = len(self.order)
        for k in range(count):
            at = (start + k) % count
            if self.cut[self.order[at]] < 0:
                return at
        return -1

    def _below(self, v: int, top: int) -> bool:
        return self.low[top] <= self.lim[v] <= self.lim[top]

    def _entering(self, leaving: int) -> int:
        """The non-tree edge of least slack that joins the two halves the tree
        falls into without ``leaving``, crossing the cut against it."""
        a, b = self.edges[leaving]
        top = a if self.lim[a] < self.lim[b] else b
        into = top == a
        """The edge leaves the lower half, so the one entering must go into it."""
        best, least = -1, 0
        stack = [top]
        while stack:
            v = stack.pop()
            for i in self.incident[v]:
                x, y = self.edges[i]
                other = y if x == v else x
                if self.up[other] == i and other != top:
                    stack.append(other)
                elif not self._below(other, top) and (y == v) == into:
                    s = self._slack(i)
                    if best < 0 or s < least or (s == least and i < best):
                        best, least = i, s
        return best

    def _exchange(self, leaving: int, entering: int, at: int) -> None:
        """Swap the tree edge ``leaving`` for ``entering``: shift the lower half so
        ``entering`` is tight, update the cut values on the cycle, renumber."""
        a, b = self.edges[leaving]
        top = a if self.lim[a] < self.lim[b] else b
        delta = self._slack(entering)
        if delta:
            shift = -delta if top == a else delta
            for v in self._subtree(top):
                self.rank[v] += shift
        value = self.cut[leaving]
        x, y = self.edges[entering]
        lca = self._tree_update(x, y, value, True)
        self._tree_update(y, x, value, False)
        del self.cut[leaving]
        self.cut[entering] = -value
        self.tree[a].remove((leaving, b))
        self.tree[b].remove((leaving, a))
        self.tree[x].append((entering, y))
        self.tree[y].append((entering, x))
        self.order[at] = entering
        self._number(lca, self.up[lca], self.low[lca])

    def _tree_update(self, v: int, w: int, value: int, forward: bool) -> int:
        """Walk from ``v`` up to the first node whose subtree holds ``w``, adding
        ``value`` to or taking it from each tree edge passed; gives that node."""
        while not self._below(w, v):
            i = self.up[v]
            t, h = self.edges[i]
            self.cut[i] += value if (v == t) == forward else -value
            v = t if self.lim[t] > self.lim[h] else h
        return v


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
