"""Specs nobody on the team wrote: SPEC.md's own example and random specs built to SPEC.md."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import archgen
from archgen.spec.edgeexpr import OPERATORS
from archgen.spec.load import loads
from tests.conftest import REPO, hunting

SPEC_MD = REPO.parent / "shared" / "SPEC.md"
DIRECTIONS = ["TB", "LR", "BT", "RL"]
KINDS = ["client", "database", "cache", "queue", "worker", "generic", "service", "cdn"]


@pytest.mark.skipif(not SPEC_MD.exists(), reason="shared/SPEC.md is not beside the checkout")
def test_the_spec_md_example_builds(tmp_path: Path) -> None:
    text = SPEC_MD.read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(# yaml-language-server.*?)```", text, re.S)
    assert example is not None
    spec = loads(example.group(1), tmp_path / "cqrs.yaml")
    assert [e.style for e in spec.edges if e.label == "replay"] == ["dashed"]
    svg = archgen.render(spec, "svg")
    assert b"Projections" in svg and b"replay" in svg and b"update" in svg


# Text a spec may hold: no control characters, surrogates or unassigned code
# points (YAML refuses U+FFFE and U+FFFF), no line or paragraph separators.
label_text = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs", "Cc", "Cn"], blacklist_characters="\u2028\u2029"
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s and s != "")


@st.composite
def random_spec(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A valid spec as YAML text (written as JSON, which YAML reads) and its labels."""
    n = draw(st.integers(1, 7))
    ids = [f"n{i}" for i in range(n)]
    labels = [draw(label_text) for _ in ids]
    nodes = {
        i: {"label": lab, "kind": draw(st.sampled_from(KINDS))}
        | ({"note": draw(label_text)} if draw(st.booleans()) else {})
        for i, lab in zip(ids, labels, strict=True)
    }
    groups: dict[str, dict[str, object]] = {}
    free = list(ids)
    for g in range(draw(st.integers(0, 2))):
        take = draw(st.integers(0, len(free)))
        members = free[:take]
        free = free[take:]
        if groups and draw(st.booleans()):
            members.append(f"g{g - 1}")
            free = [x for x in free if x != f"g{g - 1}"]
        groups[f"g{g}"] = {"label": draw(label_text), "members": members}
    ends = ids + list(groups)
    edges: list[object] = []
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(st.sampled_from(ends)), draw(st.sampled_from(ends))
        op = draw(st.sampled_from(list(OPERATORS)))
        if draw(st.booleans()):
            edges.append({f"{a} {op} {b}": draw(label_text)})
        else:
            edges.append(f"{a} {op} {b}")
    doc = {
        "archgen": 1,
        "title": draw(label_text),
        "direction": draw(st.sampled_from(DIRECTIONS)),
        "nodes": nodes,
        "groups": groups,
        "edges": edges,
    }
    return json.dumps(doc, ensure_ascii=False), labels


def squash(text: str) -> str:
    """Text with every run of white space as one space (Graphviz may swap kinds of space)."""
    return " ".join(text.split())


@hunting(30)
@given(random_spec())
def test_random_valid_specs_render(tmp_path: Path, case: tuple[str, list[str]]) -> None:
    text, labels = case
    spec = loads(text, tmp_path / "random.yaml")
    svg = archgen.render(spec, "svg")
    drawn = squash("".join(ET.fromstring(svg).itertext()))
    for label in labels:
        assert squash(label) in drawn
    assert archgen.render(spec, "svg") == svg
