"""Building many specs: discovery, rendering in parallel, and atomic writes of the results."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from archgen.errors import ArchgenError, SpecError, UsageError, file_error
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


def render_spec(
    graph: Graph,
    formats: Sequence[str],
    dpi: int,
    scratch_root: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> list[Artifact]:
    """Every requested artifact of one graph."""
    wanted = [f for f in formats if f in GRAPHVIZ_FORMATS]
    out = render_graphviz(graph, wanted, dpi, scratch_root, note) if wanted else []
    if "ascii" in formats:
        from archgen.layout import guide_figure

        out.append(Artifact(guide_figure(graph).encode("utf-8"), "txt"))
    order = {fmt: i for i, fmt in enumerate(formats)}
    return sorted(out, key=lambda a: order.get("ascii" if a.suffix == "txt" else a.suffix, 0))


_PARTIAL = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
"""The name of a temporary file ``write_atomic`` makes: ``.<name>.<pid>.<random>.tmp``."""


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename.

    Raises FileSystemError (never a bare OSError) naming the file and what to do.
    """
    try:
        _write_atomic(target, data)
    except OSError as exc:
        # A failed mkdir names the folder; a failed write or rename names the target,
        # never the temporary file.
        made = exc.filename is not None and not str(exc.filename).endswith(".tmp")
        raise file_error(exc, "write", exc.filename if made else target) from None


def _write_atomic(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sweep_partial_writes(out_dir: Path) -> None:
    """Remove temporary files that a killed build's ``write_atomic`` left in ``out_dir``."""
    from archgen.scratch import _alive

    for folder in (out_dir, *(out_dir / f for f in ("svg", "png", "ascii", "dot"))):
        try:
            names = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        except OSError:
            continue
        for path in names:
            found = _PARTIAL.match(path.name)
            if found is not None and not _alive(int(found.group(1))):
                path.unlink(missing_ok=True)


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
    scratch_root: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> list[SpecResult]:
    """Render each spec into ``out_dir``; invalid specs write nothing and keep old outputs.

    The caller holds the folder's build lock (``archgen.lock.output_lock``), whose
    folder is ``scratch_root``; ``note`` hears of Graphviz fallbacks.
    """
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
        shown = display_path(path)

        def spec_note(message: str) -> None:
            if note is not None:
                note(f"{shown}: {message}")

        try:
            spec = load(path)
            artifacts = render_spec(build_graph(spec), formats, dpi, scratch_root, spec_note)
            for artifact in artifacts:
                target = output_path(out_dir, spec.id, artifact.suffix)
                write_atomic(target, artifact.data)
                result.written.append(target)
                if artifact.suffix in ("svg", "txt"):
                    result.artifacts[artifact.suffix] = artifact.data
        except ArchgenError as exc:
            result.error = exc
            return result
        except OSError as exc:
            result.error = file_error(exc, "read", exc.filename)
            return result
        result.spec = spec
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
    from archgen.layout import guide_figure

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
            art[ident] = guide_figure(build_graph(specs[ident]))
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
