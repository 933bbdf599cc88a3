"""Property tests of the box-art engine over random specs: the invariants every figure keeps."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

import archgen
from archgen.graph.model import Graph
from archgen.layout import render_ascii
from archgen.layout.geometry import Figure, Rect
from archgen.layout.glyphs import E, N, S, W
from archgen.layout.pipeline import lay_out
from archgen.spec.edgeexpr import OPERATORS
from archgen.spec.load import loads
from tests.conftest import hunting

LOOPS = True
"""Self-loops are drawn, one per box (several loops on one group still collide)."""

WORDS = ["api", "db", "cache", "worker", "queue", "Service", "中文", "store", "a", "long name here"]


@st.composite
def specs(draw: st.DrawFn) -> str:
    """A random valid spec: nested groups, labels, fan-outs, cycles, any direction."""
    n = draw(st.integers(1, 9))
    ids = [f"n{i}" for i in range(n)]
    nodes = {}
    for i in ids:
        label = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=2)))
        node: dict[str, object] = {"label": label}
        if draw(st.booleans()):
            node["note"] = draw(st.sampled_from(WORDS))
        nodes[i] = node
    groups: dict[str, dict[str, object]] = {}
    free = list(ids)
    for g in range(draw(st.integers(0, 3))):
        take = draw(st.integers(0, min(3, len(free))))
        members = free[:take]
        free = free[take:]
        if groups and draw(st.booleans()):
            prev = f"g{g - 1}"
            members.append(prev)
        groups[f"g{g}"] = {"label": draw(st.sampled_from(WORDS)), "members": members}
    nested = {m for g in groups.values() for m in g["members"]}  # type: ignore[union-attr]
    ends = ids + [g for g in groups if draw(st.booleans())]
    edges: list[object] = []
    looped: set[str] = set()
    for _ in range(draw(st.integers(0, 12))):
        a, b = draw(st.sampled_from(ends)), draw(st.sampled_from(ends))
        if a in groups and b in groups and (a in nested or b in nested):
            continue
        if a == b and not LOOPS:
            continue
        if a == b:
            looped.add(a)
        op = draw(st.sampled_from(list(OPERATORS)))
        if draw(st.integers(0, 3)) == 0:
            edges.append({f"{a} {op} {b}": draw(st.sampled_from(WORDS))})
        else:
            edges.append(f"{a} {op} {b}")
    doc = {
        "archgen": 1,
        "title": "Random",
        "direction": draw(st.sampled_from(["TB", "BT", "LR", "RL"])),
        "nodes": nodes,
        "groups": groups,
        "edges": edges,
    }
    return json.dumps(doc, ensure_ascii=False)


def laid_out(graph: Graph) -> Figure:
    return lay_out(graph)


def inside(inner: Rect, outer: Rect) -> bool:
    return (
        outer.u < inner.u
        and outer.v < inner.v
        and inner.u + inner.w < outer.u + outer.w
        and inner.v + inner.h < outer.v + outer.h
    )


def disjoint(a: Rect, b: Rect) -> bool:
    return a.u + a.w <= b.u or b.u + b.w <= a.u or a.v + a.h <= b.v or b.v + b.h <= a.v


def check(graph: Graph, figure: Figure) -> None:
    """The invariants of the drawing contract, on the laid-out figure."""
    rects = {b.id: b.rect for b in figure.boxes}
    assert set(rects) == {n.id for n in graph.nodes} | {g.id for g in graph.groups}
    ids = list(rects)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ra, rb = rects[a], rects[b]
            if a in graph.ancestors(b):
                assert inside(rb, ra), f"{b} pokes out of its group {a}"
            elif b in graph.ancestors(a):
                assert inside(ra, rb), f"{a} pokes out of its group {b}"
            else:
                assert disjoint(ra, rb), f"{a} and {b} overlap"
    node_cells: dict[tuple[int, int], str] = {}
    for n in graph.nodes:
        r = rects[n.id]
        for u in range(r.u, r.u + r.w):
            for v in range(r.v, r.v + r.h):
                node_cells[(u, v)] = n.id
    used: dict[tuple[int, int], int] = {}
    for net in figure.nets:
        for cell, dirs in net.cells.items():
            if cell in node_cells:
                assert cell in net.borders, f"a line runs through node {node_cells[cell]} at {cell}"
            if cell in used and cell not in net.borders:
                other = used[cell]
                # One line handed on from net to net (at a dummy, a label or a group
                # border where a trunk branches): two ends meeting straight on.
                passing = {dirs, other} in ({N, S}, {E, W})
                crossing = {dirs, other} == {N | S, E | W}
                assert passing or crossing, f"two lines share cell {cell}"
            used[cell] = dirs
        for cell in net.heads:
            u, v = cell
            touching = [(u + 1, v), (u - 1, v), (u, v + 1), (u, v - 1)]
            assert any(t in node_cells for t in touching) or _next_to_any_box(figure, cell), (
                f"arrowhead at {cell} touches no box"
            )


def _next_to_any_box(figure: Figure, cell: tuple[int, int]) -> bool:
    u, v = cell
    for box in figure.boxes:
        r = box.rect
        on_edge = (r.u <= u < r.u + r.w and v in (r.v - 1, r.v + r.h)) or (
            r.v <= v < r.v + r.h and u in (r.u - 1, r.u + r.w)
        )
        if box.is_group:  # an edge between a group and its member meets the border inside
            on_edge = on_edge or (r.u < u < r.u + r.w - 1 and v in (r.v + 1, r.v + r.h - 2))
        if on_edge:
            return True
    return False


EMPTY_GROUPS_OF_ONE_RANK = '{"archgen": 1, "title": "Random", "direction": "BT", "nodes": {"n0": {"label": "queue"}, "n1": {"label": "svc"}}, "groups": {"g0": {"label": "api", "members": ["n0"]}, "g1": {"label": "a", "members": []}, "g2": {"label": "q", "members": []}}, "edges": ["g2 ..> n0", "g0 <-> g0"]}'
"""Two empty groups on the levels of an edge from one of them: they tied in the
sibling order, which then differed from level to level (the columns' constraints
formed a cycle and the layout crashed)."""
NINE_LOOPS_ON_A_GROUP = '{"archgen": 1, "title": "Random", "direction": "LR", "nodes": {"n0": {"label": "db", "note": "queue"}}, "groups": {"g0": {"label": "cache", "members": ["n0"]}, "g1": {"label": "a", "members": []}}, "edges": ["g0 <..> g0", "g0 -> g0", "g0 ..> g0", "g0 -- g0", "g0 -> g0", "g0 <..> g0", "g0 ..> g0", "g0 <.. g0", "g0 <-> g0"]}'
"""More self-loops on a group than its border had room for: the loops ran outside
the figure (and the drawing crashed)."""


@hunting(150)
@given(specs())
@example(text=EMPTY_GROUPS_OF_ONE_RANK)
@example(text=NINE_LOOPS_ON_A_GROUP)
def test_random_specs_keep_the_invariants(tmp_path: Path, text: str) -> None:
    graph = archgen.to_graph(loads(text, tmp_path / "random.yaml"))
    check(graph, laid_out(graph))
    art = render_ascii(graph, width=None)
    assert art == render_ascii(graph, width=None), "not deterministic"
    assert render_ascii(graph, "ascii", None).isascii() or any(ord(c) > 127 for c in text)
