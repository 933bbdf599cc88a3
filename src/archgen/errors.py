"""Error types: every user-facing failure carries a location and a message."""

from __future__ import annotations

import errno
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
    import difflib  # only when there is a mistake to suggest a fix for

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


class FileSystemError(ArchgenError):
    """A file or folder could not be read or written: which, why, and what to do."""


_ERRNO_HINTS = {
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.EROFS: "the file system is read-only; write somewhere else (-o DIR)",
    errno.ENOSPC: "the disk is full; free some space",
    errno.EDQUOT: "the disk quota is used up; free some space",
    errno.ENOTDIR: "a file stands where a folder should be; move it away",
    errno.EISDIR: "a folder stands where a file should be; move it away",
    errno.ENOENT: "check that the path exists",
    errno.EEXIST: "a file stands where a folder should be; move it away",
    errno.EFBIG: "the file is too large for the disk or a file size limit",
    errno.ENAMETOOLONG: "use a shorter path",
    errno.EMFILE: "too many files are open; close some programs",
    errno.EIO: "the device reported an input/output error",
}


def file_error(exc: OSError, action: str, path: object | None = None) -> FileSystemError:
    """A one-line FileSystemError for an OSError: ``cannot ACTION PATH: reason (hint)``."""
    where = path if path is not None else exc.filename
    reason = exc.strerror or exc.__class__.__name__
    hint = _ERRNO_HINTS.get(exc.errno or 0)
    shown = f" {where}" if where is not None else ""
    return FileSystemError(f"cannot {action}{shown}: {reason}" + (f" ({hint})" if hint else ""))
