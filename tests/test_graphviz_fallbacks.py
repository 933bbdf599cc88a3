"""When ``dot`` crashes, asserts or runs out of time, archgen draws the graph another way,
chosen by a fixed ladder, and says so; it never hands the failure to the user."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import archgen
from archgen.renderers import graphviz
from archgen.renderers.graphviz import VARIANTS, next_variant, render_graphviz
from archgen.spec.load import load
from tests.conftest import SPECS

FAULTS = Path(__file__).parent / "data" / "graphviz-faults"


@pytest.mark.parametrize("path", sorted(FAULTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_specs_that_crash_dot_still_draw(path: Path) -> None:
    # Found by fuzzing small nested-group specs with `ranks` (dot 2.43 segfaults on one and
    # fails an assertion on the other with the usual layout).
    notes: list[str] = []
    graph = archgen.to_graph(load(path))
    svg, png = render_graphviz(graph, ["svg", "png"], note=notes.append)
    ET.fromstring(svg.data)
    assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
    for note in notes:
        assert note.startswith("Graphviz failed on the usual layout (")
        assert "; drawn with " in note
    again = render_graphviz(graph, ["svg"])
    assert again[0].data == svg.data  # the same fallback, chosen the same way


def test_a_crash_moves_one_step_down_the_ladder() -> None:
    assert [next_variant(i, timed_out=False, late=False) for i in range(len(VARIANTS))] == list(
        range(1, len(VARIANTS) + 1)
    )


def test_a_timeout_moves_to_the_next_quick_way() -> None:
    quick = [i for i, (variant, _) in enumerate(VARIANTS) if variant.quick]
    assert quick and quick[-1] == len(VARIANTS) - 1
    assert next_variant(0, timed_out=True, late=False) == quick[0]
    assert next_variant(quick[0], timed_out=True, late=False) == quick[1]
    assert next_variant(len(VARIANTS) - 1, timed_out=True, late=False) == len(VARIANTS)


def test_past_the_deadline_only_the_cheapest_way_is_left() -> None:
    assert next_variant(0, timed_out=False, late=True) == len(VARIANTS) - 1
    assert next_variant(len(VARIANTS) - 1, timed_out=False, late=True) == len(VARIANTS)


def test_a_graph_too_slow_for_the_usual_layout_is_drawn_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A graph dot needs about eight seconds for, given a one-second limit: the quick
    # ways (Graphviz's effort bounded) must draw it, and the note must say so.
    from tests.test_kill import _big_spec

    monkeypatch.setattr(graphviz, "time_limit", lambda graph: 1.5)
    graph = archgen.to_graph(load(_big_spec(tmp_path / "big.yaml", nodes=600)))
    notes: list[str] = []
    (svg,) = render_graphviz(graph, ["svg"], note=notes.append)
    ET.fromstring(svg.data)
    assert len(notes) == 1
    assert "took longer than 1.5 s" in notes[0]
    assert "laid out quickly" in notes[0]


def test_quick_ways_bound_graphviz_effort() -> None:
    from archgen.renderers.diagrams_dot import to_dot

    graph = archgen.to_graph(load(SPECS / "cqrs.yaml"))
    for variant, _ in VARIANTS:
        source = to_dot(graph, frozenset(), variant).source
        assert ("nslimit" in source) == variant.quick
