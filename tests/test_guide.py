"""The text guide: built from templates and data, tables consistent, figures verbatim, errors located."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

import archgen
from archgen.guide import GuideError, GuideSources, render_guide
from archgen.layout import guide_figure
from tests.conftest import REPO, Golden, spec_paths

TEMPLATES = REPO / "templates"
DATA = REPO / "data"


def sources(templates: Path | None = TEMPLATES, data: Path | None = DATA) -> GuideSources:
    specs = {p.stem: archgen.load(p) for p in spec_paths()}
    return GuideSources(specs, lambda i: guide_figure(archgen.to_graph(specs[i])), templates, data)


@pytest.fixture(scope="module")
def guide() -> str:
    return render_guide(sources())


def test_guide_holds_the_chapters_facts(guide: str) -> None:
    for fact in ("15,000", "100,000+", "1M+", "0.1-1ms", "500-1,000", "50-150ms", "1 TB SSD"):
        assert fact in guide, fact
    for leftover in ("{{", "}}", "{%", "%}", "{#"):
        assert leftover not in guide


def test_every_table_has_consistent_columns(guide: str) -> None:
    tokens = MarkdownIt().enable("table").parse(guide)
    tables = 0
    cells_in_row: list[int] = []
    widths: list[int] = []
    for token in tokens:
        if token.type == "table_open":
            tables += 1
            widths = []
        elif token.type == "tr_open":
            cells_in_row = [0]
        elif token.type in ("th_open", "td_open"):
            cells_in_row[0] += 1
        elif token.type == "tr_close":
            widths.append(cells_in_row[0])
        elif token.type == "table_close":
            assert len(set(widths)) == 1, f"table {tables} has rows of {sorted(set(widths))} cells"
    assert tables >= 12


def test_every_figure_block_is_the_ascii_output(guide: str) -> None:
    tokens = MarkdownIt().parse(guide)
    blocks = [t.content for t in tokens if t.type == "fence"]
    arts = {p.stem: guide_figure(archgen.to_graph(archgen.load(p))) for p in spec_paths()}
    figures = [b for b in blocks if b in arts.values()]
    assert len(figures) >= len(arts), "some spec's box art is missing from the guide"
    for block in blocks:
        if "┌" in block:
            assert block in arts.values(), "a figure block differs from its ASCII output"


def test_svg_guide_links_images() -> None:
    text = render_guide(sources(), figure_format="svg")
    links = re.findall(r"!\[[^\]]*\]\(svg/([a-z0-9-]+)\.svg\)", text)
    assert set(links) == {p.stem for p in spec_paths()}
    assert "┌" not in text


def test_guide_matches_golden(guide: str, golden: Golden) -> None:
    golden("guide.md", guide)


def test_default_template_lists_every_spec(tmp_path: Path) -> None:
    text = render_guide(sources(templates=None, data=None))
    for path in spec_paths():
        assert archgen.load(path).title in text


def test_user_templates_override_the_default(tmp_path: Path) -> None:
    (tmp_path / "guide.md.j2").write_text("# Mine\n{{ spec('cqrs').title }}\n")
    assert render_guide(sources(templates=tmp_path)) == (
        "# Mine\nCQRS (Command Query Responsibility Segregation)\n"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "line one\n{{ data.benchmark }}\n",
            r"guide\.md\.j2:2: 'dict object' has no attribute 'benchmark' \(did you mean 'benchmarks'\?\)",
        ),
        (
            "a\nb\n{{ figure('cqr') }}\n",
            r"guide\.md\.j2:3: unknown spec 'cqr' \(did you mean 'cqrs'\?\)",
        ),
        ("{% for x in %}\n", r"guide\.md\.j2:1: template syntax error: "),
        (
            "\n\n\n{{ speck('cqrs') }}\n",
            r"guide\.md\.j2:4: 'speck' is undefined \(did you mean 'spec'\?\)",
        ),
    ],
)
def test_template_errors_name_template_line_and_fix(
    tmp_path: Path, template: str, message: str
) -> None:
    (tmp_path / "guide.md.j2").write_text(template)
    with pytest.raises(GuideError) as info:
        render_guide(sources(templates=tmp_path))
    assert re.search(message, str(info.value)), str(info.value)
