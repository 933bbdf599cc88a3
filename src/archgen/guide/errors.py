"""Template errors reported with the template's name, line and a suggestion."""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import TracebackType

import jinja2

from archgen.errors import ArchgenError, did_you_mean


class GuideError(ArchgenError):
    """A guide template could not be rendered: where, what, and what was meant."""


class UnknownSpec(ValueError):
    """A template asked for a spec id the guide was not given."""

    def __init__(self, message: str, ident: str) -> None:
        super().__init__(message)
        self.ident = ident


class MissingSpecError(GuideError):
    """The guide needs spec ``ident``, which it was not given (a typo, or a build of
    some specs only)."""

    def __init__(self, message: str, ident: str) -> None:
        super().__init__(message)
        self.ident = ident


def template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost traceback frame that is a template (Jinja rewrites them to template lines)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or "/templates/" in name:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def explain(exc: Exception, known: Iterable[str], shown: dict[str, str]) -> GuideError:
    """Turn a Jinja exception into a GuideError naming template and line.

    ``known`` are names worth suggesting; ``shown`` maps absolute template
    paths to the names users know them by.
    """
    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = f"{shown.get(exc.filename or '', exc.name or exc.filename or '?')}:{exc.lineno}"
        return GuideError(f"{where}: template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return GuideError(f"template not found: {exc.name}")
    frame = template_frame(exc.__traceback__)
    where = f"{shown.get(frame[0], frame[0])}:{frame[1]}: " if frame else ""
    message = str(exc)
    if isinstance(exc, UnknownSpec):
        return MissingSpecError(f"{where}{message}", exc.ident)
    missing = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", message)
    hint = ""
    if missing:
        name = missing.group(1) or missing.group(2)
        hint = did_you_mean(name, known)
    return GuideError(f"{where}{message}{hint}")
