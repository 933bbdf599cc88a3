"""Pass 1, nesting: the spec's graph as one rank graph with a border pair per group.

Takes a ``Graph``; gives a ``Layout`` whose node units and clusters have
their levels. Each group G becomes two rank-graph units, its top border
``^G`` and its bottom border ``_G``, with ``^G`` before everything inside G
and ``_G`` after it (dagre's nesting graph). Each edge is oriented first, by
breaking the cycles of the edges lifted to every container in declaration
order (so the flow written first points down); then it constrains the ranks
of its ends as lifted to their lowest common container, so a group that an
edge leaves lies wholly above a group it enters. ``ranks`` lists pull nodes
onto one level across groups; when one cannot be honoured together with the
groups around its nodes, the group constraints of the edges give way first,
then the list.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from archgen.graph.model import Edge, Graph
from archgen.layout.model import ROOT, Cluster, Layout, Style, Unit, group_header, node_lines
from archgen.layout.rank import assign_ranks
from archgen.layout.text import width

GAP = 2
"""Blank columns between two boxes side by side."""


def build(graph: Graph, style: Style) -> Layout:
    """Units for the nodes, clusters for the groups, all with levels."""
    lay = Layout(graph, style)
    leaf_order = {ident: i for i, ident in enumerate(_leaves(graph))}
    for g in graph.groups:
        depth = len(graph.ancestors(g.id))
        first = min((leaf_order[x] for x in graph.leaves(g.id)), default=len(leaf_order))
        lay.clusters[g.id] = Cluster(
            g.id,
            g.parent or ROOT,
            depth,
            group_header(graph, g.id, style.limit("caption")),
            decl=first,
        )
    for n in graph.nodes:
        lines = node_lines(graph, n.id, style.limit("box"))
        pad = 1 if n.fields else style.pad
        real_w = max(max((width(x) for x in lines), default=0) + 2 + 2 * pad, 5)
        w, h = style.size(real_w, len(lines) + 2)
        lay.units[n.id] = Unit(
            n.id, "node", w, h, cluster=n.parent or ROOT, decl=leaf_order[n.id], lines=lines
        )
    reversed_ = _orient(graph)
    stacks = _stacks(graph, lay)
    lay.stacked = stacks
    levels = _rank(graph, reversed_, stacks)
    for ident, unit in lay.units.items():
        unit.level = levels[ident]
    for ident, cluster in lay.clusters.items():
        cluster.top, cluster.bottom = levels["^" + ident], levels["_" + ident]
    return lay


def _leaves(graph: Graph) -> list[str]:
    """Every node in the order a reader meets them: groups expanded where they stand."""
    out: list[str] = []
    for ident in graph.roots:
        out.extend(graph.leaves(ident))
    return out


def children(graph: Graph, container: str) -> tuple[str, ...]:
    """The items of a container."""
    return graph.roots if container == ROOT else graph.group(container).children


def lift(graph: Graph, ident: str, container: str) -> str | None:
    """The child of ``container`` that is or holds ``ident`` (None if outside)."""
    chain = (ident, *graph.ancestors(ident))
    for c in chain:
        if (graph.item(c).parent or ROOT) == container:
            return c
    return None


def lowest_common(graph: Graph, a: str, b: str) -> str:
    """The innermost container holding both ``a`` and ``b`` (neither of them)."""
    above_b = set(graph.ancestors(b)) | {ROOT}
    for c in [*graph.ancestors(a), ROOT]:
        if c in above_b and c not in (a, b):
            return c
    return ROOT


def own_group(graph: Graph, edge: Edge) -> str | None:
    """For an edge between a group and one of its own members: that group."""
    if edge.target in graph.ancestors(edge.source):
        return edge.target
    if edge.source in graph.ancestors(edge.target):
        return edge.source
    return None


def _orient(graph: Graph) -> dict[str, bool]:
    """Which edges point up: those closing a cycle among the lifted edges of their
    lowest common container, in declaration order."""
    out = {e.id: False for e in graph.edges}
    containers = [ROOT] + [g.id for g in graph.groups]
    same = [list(r) for r in graph.ranks]
    for c in containers:
        kids = children(graph, c)
        lifted: list[tuple[str, str]] = []
        ids: list[str] = []
        for e in graph.edges:
            if e.source == e.target or own_group(graph, e) is not None:
                continue
            if lowest_common(graph, e.source, e.target) != c:
                continue
            a, b = lift(graph, e.source, c), lift(graph, e.target, c)
            if a is not None and b is not None and a != b:
                lifted.append((a, b))
                ids.append(e.id)
        groups = [[x for x in (lift(graph, m, c) for m in r) if x] for r in same]
        ranking = assign_ranks(kids, lifted, groups, tight=False)
        for i in ranking.reversed:
            out[ids[i]] = True
    return out


def _out(graph: Graph, ident: str) -> str:
    """The rank-graph unit an edge leaving ``ident`` starts from."""
    return "_" + ident if graph.is_group(ident) else ident


def _in(graph: Graph, ident: str) -> str:
    """The rank-graph unit an edge entering ``ident`` ends at."""
    return "^" + ident if graph.is_group(ident) else ident


def _rank(graph: Graph, reversed_: dict[str, bool], stacks: list[list[str]]) -> dict[str, int]:
    """Levels of every node and border unit (see the module docstring)."""
    units = [n.id for n in graph.nodes]
    nesting: list[tuple[str, str]] = []
    for g in graph.groups:
        units += ["^" + g.id, "_" + g.id]
        nesting.append(("^" + g.id, "_" + g.id))  # (an empty group has no kids between)
        for kid in g.children:
            nesting.append(("^" + g.id, _in(graph, kid)))
            nesting.append((_out(graph, kid), "_" + g.id))
    for run in stacks:
        for a, b in itertools.pairwise(run):
            nesting.append((_out(graph, a), _in(graph, b)))
    lifted: list[tuple[str, str]] = []
    plain: list[tuple[str, str]] = []
    for e in graph.edges:
        if e.source == e.target or own_group(graph, e) is not None:
            continue
        up, down = (e.target, e.source) if reversed_[e.id] else (e.source, e.target)
        lca = lowest_common(graph, up, down)
        top, bottom = lift(graph, up, lca), lift(graph, down, lca)
        assert top is not None and bottom is not None
        lifted.append((_out(graph, top), _in(graph, bottom)))
        plain.append((_out(graph, up), _in(graph, down)))
    same = [[m for m in r if not graph.is_group(m)] for r in graph.ranks]
    levels = _try(units, nesting, lifted, same)
    if levels is not None:
        return levels
    # Some group constraint clashes with a ``ranks`` list: keep each one that does
    # not, in declaration order, on top of the edges between the nodes themselves.
    kept = list(plain)
    levels = _try(units, nesting, kept, same)
    if levels is not None:
        for group_edge, node_edge in zip(lifted, plain, strict=True):
            if group_edge != node_edge:
                attempt = _try(units, nesting, [*kept, group_edge], same)
                if attempt is not None:
                    kept.append(group_edge)
                    levels = attempt
        return levels
    levels = _try(units, nesting, lifted, [])
    if levels is not None:
        return levels
    levels = _try(units, nesting, [], [])
    assert levels is not None
    return levels


def _try(
    units: list[str],
    nesting: list[tuple[str, str]],
    edges: list[tuple[str, str]],
    same_rank: Sequence[Sequence[str]],
) -> dict[str, int] | None:
    """Levels of least total edge length, or None when a nesting constraint does not hold."""
    ranking = assign_ranks(units, nesting + edges, same_rank)
    level = ranking.rank
    if any(level[a] >= level[b] for a, b in nesting):
        return None
    return level


def _stacks(graph: Graph, lay: Layout) -> list[list[str]]:
    """Containers whose members have no edge at all, when one column takes less room
    than one row: their members, to be put one under another."""
    # A container is quiet when no edge has an end strictly inside it.
    inner_ends: dict[str, bool] = {}
    for e in graph.edges:
        for end in (e.source, e.target):
            for g in graph.ancestors(end):
                inner_ends[g] = True
    runs: list[list[str]] = []
    sizes: dict[str, tuple[int, int]] = {}

    def size(ident: str) -> tuple[int, int]:
        if ident in sizes:
            return sizes[ident]
        if not graph.is_group(ident):
            unit = lay.units[ident]
            sizes[ident] = (unit.w, unit.h)
            return sizes[ident]
        kids = [size(k) for k in graph.group(ident).children]
        cw = lay.clusters[ident].caption_width + 4
        if not kids:
            sizes[ident] = (cw, 4)
        else:
            sizes[ident] = (
                max(cw, sum(w for w, _ in kids) + GAP * (len(kids) - 1) + 4),
                max(h for _, h in kids) + 4,
            )
        return sizes[ident]

    containers = [ROOT] + [g.id for g in graph.groups]
    for c in containers:
        kids = list(children(graph, c))
        quiet = not graph.edges if c == ROOT else not inner_ends.get(c, False)
        if len(kids) < 2 or not quiet:
            continue
        dims = [size(k) for k in kids]
        row_area = (sum(w for w, _ in dims) + GAP * (len(kids) - 1)) * max(h for _, h in dims)
        column_area = max(w for w, _ in dims) * sum(h for _, h in dims)
        if column_area < row_area:
            runs.append(kids)
    return runs
