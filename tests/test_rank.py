"""Rank assignment: cycles broken in declaration order, and layers of least total edge length."""

from __future__ import annotations

import itertools

from hypothesis import example, given
from hypothesis import strategies as st

from archgen.layout.rank import assign_ranks
from tests.conftest import hunting


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    """A small random directed graph (cycles, parallel and opposite edges allowed)."""
    n = draw(st.integers(1, 5))
    items = [f"n{i}" for i in range(n)]
    pairs = st.tuples(st.sampled_from(items), st.sampled_from(items)).filter(lambda p: p[0] != p[1])
    edges = draw(st.lists(pairs, max_size=8)) if n > 1 else []
    return items, edges


def _total(rank: dict[str, int], edges: list[tuple[str, str]]) -> int:
    return sum(abs(rank[b] - rank[a]) for a, b in edges)


# Found while hunting: two parallel edges n2 -> n0 were weighed as one.
PARALLEL = (
    ["n0", "n1", "n2", "n3", "n4"],
    [("n1", "n3"), ("n2", "n0"), ("n2", "n0"), ("n3", "n0"), ("n4", "n1"), ("n4", "n2")],
)


@hunting(200)
@given(graphs())
@example(graph=PARALLEL)
def test_layers_are_feasible_and_of_least_total_length(
    graph: tuple[list[str], list[tuple[str, str]]],
) -> None:
    items, edges = graph
    ranking = assign_ranks(items, edges)
    rank = ranking.rank
    down = [(b, a) if i in ranking.reversed else (a, b) for i, (a, b) in enumerate(edges)]
    assert all(rank[b] >= rank[a] + 1 for a, b in down)
    # No ranking that keeps the same edges pointing down is shorter (brute force).
    best = min(
        _total(dict(zip(items, levels, strict=True)), down)
        for levels in itertools.product(range(len(items)), repeat=len(items))
        if all(levels[items.index(b)] >= levels[items.index(a)] + 1 for a, b in down)
    )
    assert _total(rank, down) == best


@hunting(100)
@given(graphs())
def test_every_connected_part_starts_at_level_zero(
    graph: tuple[list[str], list[tuple[str, str]]],
) -> None:
    items, edges = graph
    rank = assign_ranks(items, edges).rank
    part = {i: {i} for i in items}
    for a, b in edges:
        merged = part[a] | part[b]
        for x in merged:
            part[x] = merged
    for members in {frozenset(p) for p in part.values()}:
        assert min(rank[m] for m in members) == 0


def test_the_edge_written_first_decides_a_cycle():
    ranking = assign_ranks(["a", "b", "c"], [("a", "b"), ("b", "c"), ("c", "a")])
    assert ranking.reversed == frozenset({2})
    assert ranking.rank == {"a": 0, "b": 1, "c": 2}


def test_a_node_with_a_long_path_beside_it_sits_next_to_its_neighbours():
    # a -> b -> c -> d is the long way; e feeds d only and x hangs off a only.
    # Longest-path layering puts e on level 0, three levels above d.
    edges = [("a", "b"), ("b", "c"), ("c", "d"), ("e", "d"), ("a", "x")]
    rank = assign_ranks(["a", "b", "c", "d", "e", "x"], edges).rank
    assert rank["e"] == rank["d"] - 1
    assert rank["x"] == rank["a"] + 1


def test_a_chain_of_fan_ins_keeps_every_edge_short():
    # Each node feeds the next two: longest-path layering stretches i -> i+2 over
    # two levels whatever is done, but no edge need be longer than that.
    n = 30
    items = [f"n{i}" for i in range(n)]
    edges = [(items[i], items[j]) for i in range(n) for j in (i + 1, i + 2) if j < n]
    rank = assign_ranks(items, edges).rank
    assert max(rank[b] - rank[a] for a, b in edges) == 2


def test_same_rank_lists_share_a_level():
    rank = assign_ranks(["a", "b", "c"], [("a", "b")], [["a", "c"]]).rank
    assert rank["a"] == rank["c"]
    assert rank["b"] == rank["a"] + 1
