"""Golden DOT text for a few specs: what archgen hands to Graphviz, reviewed by eye."""

from __future__ import annotations

import re

import pytest

import archgen
from archgen.renderers.diagrams_dot import resources_dir, to_dot
from tests.conftest import SPECS, Golden

CASES = ["cqrs", "monolithic", "multi-region-database", "connection-pooling"]


def normalised_dot(spec_id: str) -> str:
    """DOT with the machine-specific icon folder replaced by a placeholder."""
    source = to_dot(archgen.to_graph(archgen.load(SPECS / f"{spec_id}.yaml"))).source
    return re.sub(re.escape(str(resources_dir())), "<resources>", source)


@pytest.mark.parametrize("spec_id", CASES)
def test_dot_matches_golden(spec_id: str, golden: Golden) -> None:
    golden(f"dot/{spec_id}.dot", normalised_dot(spec_id))


def test_dot_is_deterministic() -> None:
    assert normalised_dot("cqrs") == normalised_dot("cqrs")
