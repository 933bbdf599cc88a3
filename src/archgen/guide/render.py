"""The guide's Jinja environment: templates (user's first, then packaged), data, figures, specs."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from archgen.errors import ArchgenError, SpecError, did_you_mean
from archgen.guide.errors import GuideError, UnknownSpec, explain
from archgen.guide.tables import markdown_table
from archgen.spec.model import Spec
from archgen.spec.yamlsrc import YMap, YScalar, YSeq, YValue, parse, read_source

FIGURE_FORMATS = ("ascii", "svg", "png")
PACKAGED = Path(__file__).parent / "templates"
"""Default templates shipped with archgen; a user's template folder overrides them."""


@dataclass(frozen=True)
class GuideSources:
    """Everything a guide is made from."""

    specs: Mapping[str, Spec]
    """Spec id → validated spec."""
    art: Callable[[str], str]
    """Spec id → its box art (the very text ``archgen build`` writes)."""
    templates: Path | None = None
    """The user's template folder (looked in first)."""
    data: Path | None = None
    """The folder of ``*.yaml`` data files exposed as ``data``."""


def load_data(folder: Path | None) -> dict[str, Any]:
    """Every ``<name>.yaml`` in ``folder`` as plain data under ``name``."""
    out: dict[str, Any] = {}
    if folder is None or not folder.is_dir():
        return out
    for path in sorted(folder.glob("*.yaml")):
        shown = os.path.relpath(path)
        try:
            root = parse(shown, read_source(shown, path.read_bytes()))
        except SpecError as exc:
            raise GuideError(str(exc)) from None
        out[path.stem] = _plain(root)
    return out


def _plain(value: YValue | None) -> Any:
    if value is None:
        return None
    if isinstance(value, YScalar):
        return value.value
    if isinstance(value, YSeq):
        return [_plain(v) for v in value.items]
    assert isinstance(value, YMap)
    return {k.text: _plain(v) for k, v in value.items}


def render_guide(
    sources: GuideSources, name: str = "guide.md.j2", figure_format: str = "ascii"
) -> str:
    """Render the guide template ``name``; raise GuideError with template and line on failure."""
    if figure_format not in FIGURE_FORMATS:
        raise GuideError(f"unknown figure format '{figure_format}'")
    folders = [str(sources.templates)] if sources.templates is not None else []
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([*folders, str(PACKAGED)]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    data = load_data(sources.data)
    ids = sorted(sources.specs)

    def known_spec(ident: str) -> Spec:
        if ident not in sources.specs:
            raise UnknownSpec(f"unknown spec '{ident}'{did_you_mean(ident, ids)}", ident)
        return sources.specs[ident]

    def figure(ident: str, format: str = "ascii") -> str:  # the template API names it format
        spec = known_spec(ident)
        if format not in FIGURE_FORMATS:
            raise ValueError(f"unknown figure format '{format}'; use ascii, svg or png")
        if format == "ascii":
            return "```\n" + sources.art(ident) + "```"
        return f"![{spec.title}]({format}/{ident}.{format})"

    def table(
        rows: Sequence[Any],
        columns: Sequence[str] | None = None,
        headers: Sequence[str] | None = None,
    ) -> str:
        return markdown_table(rows, columns, headers)

    env.globals.update(
        data=data,
        figure=figure,
        spec=known_spec,
        spec_ids=ids,
        table=table,
        figure_format=figure_format,
    )
    env.filters["table"] = table
    known = [*env.globals, *data, *_keys(data)]
    shown = _shown_names(sources.templates)
    try:
        text = env.get_template(name).render()
    except (jinja2.TemplateError, ValueError, TypeError, KeyError) as exc:
        raise explain(exc, known, shown) from None
    except ArchgenError:
        raise
    return text if text.endswith("\n") else text + "\n"


def _keys(value: Any) -> list[str]:
    """Every mapping key under ``value`` (for suggestions)."""
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append(str(k))
            out.extend(_keys(v))
    elif isinstance(value, list):
        for v in value:
            out.extend(_keys(v))
    return out


def _shown_names(folder: Path | None) -> dict[str, str]:
    """Absolute template paths → how messages show them (relative to the working folder)."""
    out: dict[str, str] = {}
    for base in [p for p in (folder, PACKAGED) if p is not None and p.is_dir()]:
        for path in base.rglob("*.j2"):
            try:
                out[str(path)] = os.path.relpath(path)
            except ValueError:
                out[str(path)] = str(path)
    return out
