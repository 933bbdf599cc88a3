"""SVG, PNG and DOT artifacts from a Graph, through diagrams and Graphviz."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from archgen.graph.model import Graph
from archgen.renderers import Artifact
from archgen.renderers.dotrun import run_dot
from archgen.renderers.svg_inline import inline

if TYPE_CHECKING:
    from archgen.renderers.diagrams_dot import DotResult

DEFAULT_DPI = 96
GRAPHVIZ_FORMATS = ("svg", "png", "dot")


def render_graphviz(graph: Graph, formats: Iterable[str], dpi: int = DEFAULT_DPI) -> list[Artifact]:
    """Draw ``graph`` once as DOT and return one artifact per requested format.

    SVG comes out self-contained (icons inlined, ``<title>``/``<desc>`` from the
    spec); PNG is drawn at ``dpi``; ``dot`` is the DOT text itself.
    """
    from archgen.renderers.diagrams_dot import to_dot

    with tempfile.TemporaryDirectory(prefix="archgen-") as scratch:
        result = to_dot(graph, Path(scratch))
        return _run(graph, result, formats, dpi)


def _run(graph: Graph, result: DotResult, formats: Iterable[str], dpi: int) -> list[Artifact]:
    out: list[Artifact] = []
    for fmt in formats:
        if fmt == "dot":
            out.append(Artifact(result.source.encode("utf-8"), "dot"))
        elif fmt == "svg":
            raw = run_dot(result.source, "svg")
            out.append(Artifact(inline(raw, result.icons, graph.title, graph.description), "svg"))
        elif fmt == "png":
            out.append(Artifact(run_dot(result.source, "png", dpi=dpi), "png"))
        else:
            raise ValueError(f"not a Graphviz format: {fmt}")
    return out
