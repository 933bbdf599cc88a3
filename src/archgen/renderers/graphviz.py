"""SVG, PNG and DOT artifacts from a Graph, through diagrams and Graphviz.

Graphviz 2.43 sometimes fails on a valid graph: its spline router gives up or
crashes, an assertion fires, or the layout never ends (nested clusters with
``rank=same`` can loop forever). Every ``dot`` runs under a time limit scaled
to the graph, and on any failure the graph is written again in the next of
``VARIANTS``, in a fixed order, so the same spec always comes out the same;
a note says which variant was used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from archgen import scratch
from archgen.errors import RenderError
from archgen.graph.model import Graph
from archgen.renderers import Artifact
from archgen.renderers.diagrams_dot import DEFAULT_VARIANT, Variant
from archgen.renderers.dotrun import DotFailed, DotTimeout, run_dot_many
from archgen.renderers.images import copy_icons
from archgen.renderers.svg_inline import inline

VARIANTS: tuple[tuple[Variant, str], ...] = (
    (DEFAULT_VARIANT, ""),
    (Variant(splines="line"), "straight edges"),
    (Variant(label_attr="xlabel"), "edge labels placed after routing"),
    (Variant(newrank=False), "groups ranked one by one"),
    (
        Variant(splines="line", label_attr="xlabel", newrank=False, same_rank=False),
        "straight edges, without 'ranks'",
    ),
    (
        Variant(splines="line", label_attr="xlabel", same_rank=False, clusters=False),
        "straight edges, without 'ranks' and without group boxes",
    ),
)
"""The ways a graph is written, tried in turn, with what a note calls each fallback."""

DEFAULT_DPI = 96
GRAPHVIZ_FORMATS = ("svg", "png", "dot")


def time_limit(graph: Graph) -> float:
    """Seconds one ``dot`` run of ``graph`` may take: a few seconds, more for big graphs."""
    size = len(graph.nodes) + len(graph.groups) + len(graph.edges)
    return min(120.0, 6.0 + 0.02 * size)


def render_graphviz(
    graph: Graph,
    formats: Iterable[str],
    dpi: int = DEFAULT_DPI,
    scratch_root: Path | None = None,
    note: Callable[[str], None] | None = None,
) -> list[Artifact]:
    """Draw ``graph`` and return one artifact per requested format.

    SVG comes out self-contained (icons inlined, ``<title>``/``<desc>`` from the
    spec); PNG is drawn at ``dpi``; ``dot`` is the DOT text itself. The layout
    that keeps siblings in declaration order is chosen first (usually the first
    try), and its SVG is drawn in the same Graphviz run. Scratch files live
    under ``scratch_root`` (see ``archgen.scratch``); ``note`` hears of fallbacks.
    """
    from archgen.renderers.diagrams_dot import DotResult, resources_dir, to_dot
    from archgen.renderers.ordering import best_layout

    wanted = list(formats)
    for fmt in wanted:
        if fmt not in GRAPHVIZ_FORMATS:
            raise ValueError(f"not a Graphviz format: {fmt}")
    limit = time_limit(graph)
    deadline = time.monotonic() + 4 * limit
    drawn: dict[str, dict[str, bytes]] = {}

    with scratch.folder(scratch_root) as folder:
        built: dict[tuple[frozenset[str], Variant], DotResult] = {}

        def make(flipped: frozenset[str], variant: Variant) -> str:
            # Each candidate's DOT is made once, then reused.
            if (flipped, variant) not in built:
                result = to_dot(graph, flipped, variant)
                copy_icons(result.icons, folder, resources_dir())
                built[(flipped, variant)] = result
            return built[(flipped, variant)].source

        def lay_out(source: str) -> bytes:
            same_run = ["plain"] + (["svg"] if "svg" in wanted else [])
            drawn[source] = run_dot_many(source, same_run, folder, timeout=limit)
            return drawn[source]["plain"]

        failures: list[str] = []
        chosen: tuple[Variant, frozenset[str], str] | None = None
        for variant, fallback in VARIANTS:
            if failures and time.monotonic() > deadline:
                break
            try:
                flipped, source = best_layout(graph, partial(make, variant=variant), lay_out)
            except (DotFailed, DotTimeout) as exc:
                failures.append(_first_line(str(exc)))
                continue
            chosen = (variant, flipped, source)
            if failures and note is not None:
                note(f"Graphviz failed on the usual layout ({failures[0]}); drawn with {fallback}")
            break
        if chosen is None:
            raise RenderError(f"Graphviz could not draw this graph: {'; '.join(failures)}")
        variant, flipped, source = chosen
        icons = built[(flipped, variant)].icons
        out: list[Artifact] = []
        for fmt in wanted:
            if fmt == "dot":
                out.append(Artifact(source.encode("utf-8"), "dot"))
            elif fmt == "svg":
                svg = inline(drawn[source]["svg"], icons, graph.title, graph.description)
                out.append(Artifact(svg, "svg"))
            else:
                png = run_dot_many(source, ["png"], folder, dpi=dpi, timeout=limit)["png"]
                out.append(Artifact(png, "png"))
        return out


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else text
    return line if len(line) <= 160 else line[:159] + "…"
