"""Shared fixtures: the repo paths and the golden-file helper (``--update-golden``)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
GOLDEN = Path(__file__).resolve().parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite golden files with the current output (review the diff by eye!)",
    )


Golden = Callable[[str, str], None]


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare text with ``tests/golden/<name>``; rewrite it under ``--update-golden``."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run pytest --update-golden and review it")
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(keepends=True),
                    actual.splitlines(keepends=True),
                    f"golden/{name}",
                    "actual",
                )
            )
            pytest.fail(f"output differs from golden/{name}:\n{diff}")

    return check


def spec_paths() -> list[Path]:
    """Every spec in the repository's specs/ folder."""
    return sorted(SPECS.glob("*.yaml"))


def hunting(ci_examples: int) -> Any:
    """Hypothesis settings for the random-spec tests: in CI a fixed (derandomized)
    set of ``ci_examples``; ``ARCHGEN_EXAMPLES=N ARCHGEN_RANDOM=1`` hunts for more."""
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=int(os.environ.get("ARCHGEN_EXAMPLES", str(ci_examples))),
        derandomize="ARCHGEN_RANDOM" not in os.environ,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
