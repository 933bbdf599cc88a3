"""Building many specs: discovery, rendering in parallel, and atomic writes of the results."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archgen.errors import ArchgenError, SpecError, UsageError
from archgen.graph.build import build as build_graph
from archgen.graph.model import Graph
from archgen.renderers import Artifact
from archgen.renderers.graphviz import DEFAULT_DPI, GRAPHVIZ_FORMATS, render_graphviz
from archgen.spec.load import display_path, load
from archgen.spec.model import Spec

ALL_FORMATS = (*GRAPHVIZ_FORMATS, "ascii")
"""Every format ``archgen build --format`` accepts."""
DEFAULT_FORMATS = ("svg", "png", "ascii")
SPEC_SUFFIXES = (".yaml", ".yml")


def discover(paths: Sequence[str | os.PathLike[str]]) -> list[Path]:
    """Spec files named by ``paths`` (files, or folders whose *.yaml files are taken), sorted."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(p for p in path.iterdir() if p.suffix in SPEC_SUFFIXES and p.is_file())
            )
        elif path.is_file():
            found.append(path)
        else:
            raise UsageError(f"no such spec file or folder: {raw}")
    unique: dict[Path, Path] = {}
    for p in found:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


@dataclass
class SpecResult:
    """What happened to one spec in a build."""

    path: Path
    written: list[Path] = field(default_factory=list)
    error: ArchgenError | None = None
    spec: Spec | None = None
    artifacts: dict[str, bytes] = field(default_factory=dict)
    """Artifact suffix → bytes, kept for the guide and the gallery."""


def render_spec(graph: Graph, formats: Sequence[str], dpi: int) -> list[Artifact]:
    """Every requested artifact of one graph."""
    wanted = [f for f in formats if f in GRAPHVIZ_FORMATS]
    out = render_graphviz(graph, wanted, dpi=dpi) if wanted else []
    if "ascii" in formats:
        from archgen.layout import render_ascii

        out.append(Artifact(render_ascii(graph).encode("utf-8"), "txt"))
    order = {fmt: i for i, fmt in enumerate(formats)}
    return sorted(out, key=lambda a: order.get("ascii" if a.suffix == "txt" else a.suffix, 0))


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def output_path(out_dir: Path, spec_id: str, suffix: str) -> Path:
    """Where one artifact of a spec goes: ``DIR/<suffix>/<id>.<suffix>``."""
    folder = "ascii" if suffix == "txt" else suffix
    return out_dir / folder / f"{spec_id}.{suffix}"


def build(
    spec_paths: Iterable[Path],
    out_dir: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    dpi: int = DEFAULT_DPI,
    jobs: int | None = None,
    report: Callable[[SpecResult], None] | None = None,
) -> list[SpecResult]:
    """Render each spec into ``out_dir``; invalid specs write nothing and keep old outputs."""
    paths = list(spec_paths)
    by_id: dict[str, Path] = {}
    for p in paths:
        if p.stem in by_id:
            raise UsageError(
                f"two specs share the id '{p.stem}': {display_path(by_id[p.stem])} and "
                f"{display_path(p)}"
            )
        by_id[p.stem] = p

    def one(path: Path) -> SpecResult:
        result = SpecResult(path)
        try:
            spec = load(path)
            artifacts = render_spec(build_graph(spec), formats, dpi)
        except ArchgenError as exc:
            result.error = exc
            return result
        result.spec = spec
        for artifact in artifacts:
            target = output_path(out_dir, spec.id, artifact.suffix)
            write_atomic(target, artifact.data)
            result.written.append(target)
            if artifact.suffix in ("svg", "txt"):
                result.artifacts[artifact.suffix] = artifact.data
        return result

    workers = jobs or min(4, (os.cpu_count() or 1) + 1)
    results: list[SpecResult] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for result in pool.map(one, paths):
            results.append(result)
            if report is not None:
                report(result)
    return results


def check_all(spec_paths: Iterable[Path]) -> list[SpecResult]:
    """Validate specs without rendering."""
    results = []
    for path in spec_paths:
        result = SpecResult(path)
        try:
            load(path)
        except SpecError as exc:
            result.error = exc
        results.append(result)
    return results


GUIDE_TEMPLATE = "guide.md.j2"


def write_guides(
    results: Sequence[SpecResult], out_dir: Path, templates: Path | None, data: Path | None
) -> list[Path]:
    """Write ``guide.md`` (box art) and ``guide-svg.md`` (SVG images) from the templates.

    Only when ``templates`` holds ``guide.md.j2`` and every spec built; the figures
    are the very ASCII bytes this build wrote.
    """
    from archgen.guide import GuideSources, render_guide
    from archgen.layout import render_ascii

    if templates is None or not (templates / GUIDE_TEMPLATE).is_file():
        return []
    specs = {r.spec.id: r.spec for r in results if r.spec is not None}
    art = {
        i: r.artifacts["txt"].decode("utf-8")
        for r in results
        if r.spec and "txt" in r.artifacts
        for i in [r.spec.id]
    }

    def figure_text(ident: str) -> str:
        if ident not in art:
            art[ident] = render_ascii(build_graph(specs[ident]))
        return art[ident]

    sources = GuideSources(specs, figure_text, templates, data)
    written = []
    for name, fmt in (("guide.md", "ascii"), ("guide-svg.md", "svg")):
        text = render_guide(sources, GUIDE_TEMPLATE, fmt)
        target = out_dir / name
        write_atomic(target, text.encode("utf-8"))
        written.append(target)
    return written


def write_gallery(results: Sequence[SpecResult], out_dir: Path, formats: Sequence[str]) -> Path:
    """Write ``index.html``: every built spec's SVG, box art and download links."""
    from archgen.guide.gallery import GalleryEntry, gallery_html

    entries = [
        GalleryEntry(
            r.spec,
            r.artifacts["svg"].decode("utf-8") if "svg" in r.artifacts else None,
            r.artifacts["txt"].decode("utf-8") if "txt" in r.artifacts else None,
            tuple(formats),
        )
        for r in sorted(results, key=lambda r: r.spec.id if r.spec else "")
        if r.spec is not None
    ]
    target = out_dir / "index.html"
    write_atomic(target, gallery_html("Architecture figures", entries).encode("utf-8"))
    return target
