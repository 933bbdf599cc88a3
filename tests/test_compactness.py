"""The guide's 11 figures drawn by archgen take at most 1.3x the area of the hand drawings."""

from __future__ import annotations

import re

import pytest

import archgen
from archgen.layout import guide_figure
from archgen.layout.text import width
from tests.conftest import REPO, SPECS

GUIDE = REPO.parent / "shared" / "guide" / "visual-diagrams.md"
FIGURES = {
    "Monolithic Architecture": "monolithic",
    "Microservices Architecture": "microservices",
    "Event-Driven Architecture": "event-driven",
    "CQRS (Command Query Responsibility Segregation)": "cqrs",
    "CDN (Content Delivery Network)": "cdn",
    "Multi-Region Database Setup": "multi-region-database",
    "Load Balancer Tiers": "load-balancer-tiers",
    "Master-Slave Replication": "master-slave",
    "Master-Master Replication": "master-master",
    "Horizontal Sharding (by User ID)": "horizontal-sharding",
    "Vertical Sharding (by Feature)": "vertical-sharding",
}
LIMIT = 1.3


def guide_sizes() -> dict[str, tuple[int, int]]:
    """Width and height of each hand-drawn figure (up to its first blank line)."""
    text = GUIDE.read_text(encoding="utf-8")
    sizes = {}
    for title, body in re.findall(r"#{3,4} ([^\n]+)\n```\n(.*?)```", text, re.S):
        if title not in FIGURES:
            continue
        figure: list[str] = []
        for line in body.split("\n"):
            if not line.strip() and figure:
                break
            figure.append(line.rstrip())
        sizes[FIGURES[title]] = (max(width(x) for x in figure), len(figure))
    return sizes


@pytest.mark.skipif(not GUIDE.exists(), reason="shared/guide is not beside the checkout")
def test_guide_figures_are_compact() -> None:
    sizes = guide_sizes()
    assert set(sizes) == set(FIGURES.values())
    report = []
    for spec_id, (gw, gh) in sorted(sizes.items()):
        art = guide_figure(archgen.to_graph(archgen.load(SPECS / f"{spec_id}.yaml")))
        lines = art.rstrip("\n").split("\n")
        aw, ah = max(width(x) for x in lines), len(lines)
        ratio = aw * ah / (gw * gh)
        report.append(f"{spec_id}: {aw}x{ah} vs guide {gw}x{gh} = {ratio:.2f}")
        assert ratio <= LIMIT, "\n".join(report)
    print("\n".join(report))
