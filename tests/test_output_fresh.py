"""The committed output/ folder is what the specs build to today (SVG bytes; PNGs exist)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.build import build, write_gallery, write_guides
from tests.conftest import REPO, spec_paths

OUTPUT = REPO / "output"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fresh")
    results = build(spec_paths(), out, ["svg", "ascii"])
    assert not [r for r in results if r.error]
    write_guides(results, out, REPO / "templates", REPO / "data")
    write_gallery(results, out, ["svg", "png", "ascii"])
    return out


def test_no_output_without_a_spec() -> None:
    stems = {p.stem for p in spec_paths()}
    for folder in ("svg", "png", "ascii"):
        have = {p.stem for p in (OUTPUT / folder).glob("*")}
        assert have == stems, f"output/{folder} is stale: run `make build` and commit"


@pytest.mark.parametrize("suffix", ["svg", "txt"])
@pytest.mark.parametrize("path", spec_paths(), ids=lambda p: p.stem)
def test_committed_figure_is_up_to_date(fresh: Path, path: Path, suffix: str) -> None:
    relative = Path("ascii" if suffix == "txt" else suffix) / f"{path.stem}.{suffix}"
    committed = OUTPUT / relative
    assert committed.exists(), f"output/{relative} missing: run `make build` and commit"
    assert committed.read_bytes() == (fresh / relative).read_bytes(), (
        f"output/{relative} is stale against specs/{path.name}: run `make build`"
    )


@pytest.mark.parametrize("name", ["guide.md", "guide-svg.md", "index.html"])
def test_committed_guide_and_gallery_are_up_to_date(fresh: Path, name: str) -> None:
    committed = OUTPUT / name
    assert committed.exists(), f"output/{name} missing: run `make build` and commit"
    assert committed.read_bytes() == (fresh / name).read_bytes(), (
        f"output/{name} is stale against specs/, templates/ or data/: run `make build`"
    )
