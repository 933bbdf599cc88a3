"""SVG, PNG and DOT artifacts from a Graph, through diagrams and Graphviz."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from archgen.errors import RenderError
from archgen.graph.model import Graph
from archgen.renderers import Artifact
from archgen.renderers.dotrun import run_dot, run_dot_many
from archgen.renderers.svg_inline import inline

SPLINE_FAILURES = (
    "routesplines",
    "lost ",
    "unexpected trapezoid",
    "triangulation failed",
    "not in any triangle",
    "(crashed: signal",
)
"""Graphviz messages that mean its edge router, not the graph, failed."""

ROUTINGS = (("spline", "label"), ("line", "label"), ("spline", "xlabel"))
"""Edge drawing tried in turn, as (``splines``, the attribute edge labels go in).
Graphviz 2.43's router gives up on (or crashes over) some graphs with clusters
and same-rank edges; straight edges route most of those, and labels placed
after routing (``xlabel``) the rest."""

DEFAULT_DPI = 96
GRAPHVIZ_FORMATS = ("svg", "png", "dot")


def render_graphviz(graph: Graph, formats: Iterable[str], dpi: int = DEFAULT_DPI) -> list[Artifact]:
    """Draw ``graph`` and return one artifact per requested format.

    SVG comes out self-contained (icons inlined, ``<title>``/``<desc>`` from the
    spec); PNG is drawn at ``dpi``; ``dot`` is the DOT text itself. The layout
    that keeps siblings in declaration order is chosen first (usually the first
    try), and its SVG is drawn in the same Graphviz run.
    """
    from archgen.renderers.diagrams_dot import DotResult, to_dot
    from archgen.renderers.ordering import best_layout

    wanted = list(formats)
    for fmt in wanted:
        if fmt not in GRAPHVIZ_FORMATS:
            raise ValueError(f"not a Graphviz format: {fmt}")
    drawn: dict[str, dict[str, bytes]] = {}

    def lay_out(source: str) -> bytes:
        same_run = ["plain"] + (["svg"] if "svg" in wanted else [])
        drawn[source] = run_dot_many(source, same_run)
        return drawn[source]["plain"]

    with tempfile.TemporaryDirectory(prefix="archgen-") as scratch:
        folder = Path(scratch)
        built: dict[tuple[frozenset[str], tuple[str, str]], DotResult] = {}

        def make(flipped: frozenset[str], routing: tuple[str, str]) -> str:
            # Each candidate's DOT (and icon copies) is made once, then reused.
            if (flipped, routing) not in built:
                built[(flipped, routing)] = to_dot(graph, folder, flipped, *routing)
            return built[(flipped, routing)].source

        for attempt, routing in enumerate(ROUTINGS):
            try:
                flipped, source = best_layout(graph, partial(make, routing=routing), lay_out)
                break
            except RenderError as exc:
                last = attempt == len(ROUTINGS) - 1
                if last or not any(sign in str(exc) for sign in SPLINE_FAILURES):
                    raise
        icons = built[(flipped, routing)].icons
        out: list[Artifact] = []
        for fmt in wanted:
            if fmt == "dot":
                out.append(Artifact(source.encode("utf-8"), "dot"))
            elif fmt == "svg":
                svg = inline(drawn[source]["svg"], icons, graph.title, graph.description)
                out.append(Artifact(svg, "svg"))
            else:
                out.append(Artifact(run_dot(source, "png", dpi=dpi), "png"))
        return out
