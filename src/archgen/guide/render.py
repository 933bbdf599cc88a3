"""The guide's Jinja environment: templates (user's first, then packaged), data, figures, specs."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from archgen.errors import ArchgenError, SpecError, did_you_mean
from archgen.escape import markdown
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


class _GuideEnvironment(SandboxedEnvironment):
    """Jinja's sandbox, with ``**`` and ``*`` bounded so no template can exhaust memory."""

    intercepted_binops = frozenset(["**", "*"])
    MAX_SIZE = 1_000_000

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > 128:
            raise SecurityError("the template raises a number to too high a power")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, str | list | tuple)]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and sizes[0] * max(counts[0], 0) > self.MAX_SIZE:
                raise SecurityError("the template repeats a text or list too many times")
        return super().call_binop(context, operator, left, right)


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
    env = _GuideEnvironment(
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
        if not isinstance(ident, str) or ident not in sources.specs:
            shown = str(ident)
            raise UnknownSpec(f"unknown spec '{shown}'{did_you_mean(shown, ids)}", shown)
        return sources.specs[ident]

    def spec_view(ident: str) -> dict[str, Any]:
        return template_view(known_spec(ident))

    def figure(ident: str, format: str = "ascii") -> str:  # the template API names it format
        spec = known_spec(ident)
        if format not in FIGURE_FORMATS:
            raise ValueError(f"unknown figure format '{format}'; use ascii, svg or png")
        if format == "ascii":
            return markdown.fenced(sources.art(ident))
        return f"![{markdown.inline(spec.title)}]({format}/{ident}.{format})"

    def table(
        rows: Sequence[Any],
        columns: Sequence[str] | None = None,
        headers: Sequence[str] | None = None,
    ) -> str:
        return markdown_table(rows, columns, headers)

    env.globals.update(
        data=data,
        figure=figure,
        spec=spec_view,
        spec_ids=ids,
        table=table,
        figure_format=figure_format,
    )
    env.filters["table"] = table
    known = [*env.globals, *data, *_keys(data)]
    shown = _shown_names(sources.templates)
    try:
        text = env.get_template(name).render()
    except ArchgenError:
        raise
    except OSError as exc:
        raise GuideError(f"cannot read a template: {exc.filename}: {exc.strerror}") from None
    except Exception as exc:  # any failure inside a template is the template's, with its line
        raise explain(exc, known, shown) from None
    return text if text.endswith("\n") else text + "\n"


def template_view(spec: Spec) -> dict[str, Any]:
    """What ``spec(id)`` gives a template: a fresh mapping of plain values (no paths, no
    methods that reach the file system), every text from the spec escaped for Markdown
    (``markdown.inline``), so it reads as plain words in a heading, alt text, paragraph
    or table cell."""

    def md(text: str | None) -> str | None:
        return None if text is None else markdown.inline(text)

    return {
        "id": spec.id,
        "title": markdown.inline(spec.title),
        "description": md(spec.description),
        "direction": spec.direction,
        "icons": spec.icons,
        "nodes": [
            {
                "id": n.id,
                "label": markdown.inline(n.label),
                "kind": n.kind,
                "note": md(n.note),
                "fields": [markdown.inline(f) for f in n.fields],
                "url": n.url,
                "color": n.color,
            }
            for n in spec.nodes
        ],
        "groups": [
            {
                "id": g.id,
                "label": markdown.inline(g.label),
                "members": list(g.members),
                "note": md(g.note),
                "color": g.color,
            }
            for g in spec.groups
        ],
        "edges": [
            {
                "from": e.source,
                "to": e.target,
                "arrow": e.arrow,
                "style": e.style,
                "label": md(e.label),
                "color": e.color,
            }
            for e in spec.edges
        ],
        "ranks": [list(r) for r in spec.ranks],
    }


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
