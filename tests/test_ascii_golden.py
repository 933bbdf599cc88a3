"""Golden box art for every spec, in both charsets, fitted to the guide's 80 columns
(rewrite with --update-golden, read by eye)."""

from __future__ import annotations

from pathlib import Path

import pytest

import archgen
from archgen.layout import GUIDE_WIDTH, render_ascii
from tests.conftest import Golden, spec_paths


@pytest.mark.parametrize("charset", ["unicode", "ascii"])
@pytest.mark.parametrize("path", spec_paths(), ids=lambda p: p.stem)
def test_box_art_matches_golden(path: Path, charset: str, golden: Golden) -> None:
    graph = archgen.to_graph(archgen.load(path))
    art = render_ascii(graph, charset, GUIDE_WIDTH)  # FigureTooWide past 80 columns
    suffix = "txt" if charset == "unicode" else "ascii.txt"
    golden(f"ascii/{path.stem}.{suffix}", art)
    assert render_ascii(graph, charset, GUIDE_WIDTH) == art, "box art is not deterministic"
