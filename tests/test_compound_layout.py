"""The compound layout (issue 9's one global layout), while it is built beside the old engine.

``archgen.layout.pipeline.lay_out`` is not yet what ``render_ascii`` draws;
these tests hold what it already promises: it draws every spec of
``specs/`` and of ``tests/data/boxart/`` with every box, keeps each group
around its members and each line crossing a group border on a ``┼``, gives
the same bytes every time, and its column solver meets every constraint.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import archgen
from archgen.layout.draw import draw
from archgen.layout.glyphs import CHARSETS
from archgen.layout.pipeline import lay_out
from archgen.layout.place import pack
from archgen.layout.position import _integral, _project, _topological
from tests.conftest import spec_paths

ROOT = Path(__file__).resolve().parent.parent
BOXART = sorted((ROOT / "tests" / "data" / "boxart").glob("*.yaml"))


def _figure(path: Path, charset: str = "unicode") -> tuple[str, archgen.Graph]:
    graph = archgen.to_graph(archgen.load(path))
    text, _ = draw(lay_out(graph), graph.direction, CHARSETS[charset])
    return text, graph


@pytest.mark.parametrize("path", [*spec_paths(), *BOXART], ids=lambda p: p.stem)
def test_every_box_is_drawn_and_output_is_deterministic(path: Path) -> None:
    text, graph = _figure(path)
    again, _ = _figure(path)
    assert text == again
    for node in graph.nodes:
        first = node.label.split("\n")[0].strip()
        assert first in text, f"{node.id}: {first!r} missing"
    for group in graph.groups:
        first = group.label.split("\n")[0].strip()
        assert first in text, f"group {group.id}: {first!r} missing"


@pytest.mark.parametrize("path", BOXART, ids=lambda p: p.stem)
def test_realistic_specs_are_valid(path: Path) -> None:
    spec = archgen.load(path)
    assert spec.groups, "these specs are there to exercise groups"


def test_a_line_into_a_group_crosses_its_border_on_a_junction(tmp_path: Path) -> None:
    spec = tmp_path / "into.yaml"
    spec.write_text(
        "archgen: 1\ntitle: Into\nnodes:\n  client:\n  api:\n  db:\n"
        "groups:\n  backend: {label: Backend, members: [api, db]}\n"
        "edges:\n  - client -> api -> db\n",
        encoding="utf-8",
    )
    text, _ = _figure(spec)
    rows = text.splitlines()
    top = next(i for i, row in enumerate(rows) if "┼" in row)
    col = rows[top].index("┼")
    assert rows[top - 1][col] == "│" and rows[top + 1][col] == "│"
    assert rows[top + 1].lstrip().startswith("│ Backend")


@given(st.integers(min_value=0, max_value=10_000))
def test_projection_meets_every_constraint(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(1, 25)
    cons = []
    for b in range(1, n):
        for a in rng.sample(range(b), k=min(b, rng.randint(0, 3))):
            cons.append((a, b, rng.randint(0, 6)))
    target = [rng.uniform(-20, 60) for _ in range(n)]
    weight = [rng.uniform(0.1, 5) for _ in range(n)]
    order = _topological(n, cons)
    incoming: list[list[int]] = [[] for _ in range(n)]
    for i, (_, b, _) in enumerate(cons):
        incoming[b].append(i)
    x = _project(n, target, weight, cons, order)
    for a, b, gap in cons:
        assert x[b] >= x[a] + gap - 1e-6
    xi = _integral(n, x, cons, order, incoming)
    for a, b, gap in cons:
        assert xi[b] >= xi[a] + gap


@given(st.lists(st.tuples(st.integers(-30, 30), st.integers(1, 8)), min_size=1, max_size=12))
def test_projection_of_one_level_is_pack(items: list[tuple[int, int]]) -> None:
    targets = [float(t) for t, _ in items]
    widths = [w for _, w in items]
    n = len(items)
    cons = [(i, i + 1, widths[i] + 2) for i in range(n - 1)]
    x = _project(n, targets, [1.0] * n, cons, list(range(n)))
    packed = pack(targets, widths, [2] * (n - 1))
    cost = sum((a - t) ** 2 for a, t in zip(x, targets, strict=True))
    best = sum((a - t) ** 2 for a, t in zip(packed, targets, strict=True))
    # pack rounds to whole columns; the projection is the real-valued optimum.
    assert cost <= best + 1e-6
