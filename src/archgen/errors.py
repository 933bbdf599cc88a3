"""Error types: every user-facing failure carries a location and a message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: 1-based line and column (0 means unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.path
        return f"{self.path}:{self.line}:{max(self.column, 1)}"


class ArchgenError(Exception):
    """Base class of every error archgen reports to a user (never a bug)."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a spec: where it is and what is wrong."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class SpecError(ArchgenError):
    """A spec is invalid; holds every diagnostic found in it, in source order."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(sorted(diagnostics, key=_order))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


class RenderError(ArchgenError):
    """A back end could not turn a valid spec into an artifact."""


class UsageError(ArchgenError):
    """The command line asked for something that cannot be done."""


def _order(d: Diagnostic) -> tuple[int, int, str]:
    return (d.location.line, d.location.column, d.message)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """Return the nearest of ``choices`` to ``word``, if one is close enough."""
    pool = list(choices)
    found = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not found:
        lowered = {c.lower(): c for c in pool}
        found = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        return lowered[found[0]] if found else None
    return found[0]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A " (did you mean 'x'?)" suffix, or "" when nothing is close."""
    best = suggest(word, choices)
    return f" (did you mean '{best}'?)" if best is not None and best != word else ""
