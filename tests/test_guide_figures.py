"""Each guide figure's spec holds every box, group and arrow that the guide's figure draws."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import archgen
from archgen.graph.model import Graph
from tests.conftest import SPECS

FIGURES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "guide_figures.yaml").read_text(encoding="utf-8")
)
PATTERNS = [
    "circuit-breaker",
    "bulkhead",
    "retry-backoff",
    "cache-aside",
    "event-sourcing",
    "read-replicas",
    "partitioning",
    "microservices-communication",
    "connection-pooling",
    "batch-processing",
    "lazy-loading",
]
ARROWS = {"forward": "->", "back": "<-", "both": "<->", "none": "--"}


def describe(graph: Graph, ident: str) -> str:
    item = graph.item(ident)
    text = item.label.replace("\n", " ")
    return f"{text} ({item.note})" if item.note else text


@pytest.mark.parametrize("figure", list(FIGURES))
def test_figure_spec_draws_what_the_guide_draws(figure: str) -> None:
    graph = archgen.to_graph(archgen.load(SPECS / f"{figure}.yaml"))
    expected = FIGURES[figure]
    assert sorted(describe(graph, n.id) for n in graph.nodes) == expected["boxes"]
    assert {
        describe(graph, g.id): sorted(describe(graph, c) for c in g.children) for g in graph.groups
    } == expected["groups"]
    arrows = sorted(
        f"{describe(graph, e.source)} {ARROWS[e.arrow]} {describe(graph, e.target)}"
        for e in graph.edges
    )
    assert arrows == expected["arrows"]


def test_every_guide_pattern_has_a_spec() -> None:
    stems = {p.stem for p in SPECS.glob("*.yaml")}
    assert set(FIGURES) | set(PATTERNS) <= stems
    assert len(FIGURES) == 11


@pytest.mark.parametrize("pattern", PATTERNS)
def test_pattern_specs_explain_something(pattern: str) -> None:
    spec = archgen.load(SPECS / f"{pattern}.yaml")
    assert spec.description and len(spec.description) > 80
    assert 3 <= len(spec.nodes) <= 12
    assert spec.edges, "a pattern figure without arrows explains nothing"
    first = (SPECS / f"{pattern}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/archgen.schema.json"
