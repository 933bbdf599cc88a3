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
    (Variant(splines="line", label_attr="xlabel", quick=True), "straight edges, laid out quickly"),
    (
        Variant(
            splines="line",
            label_attr="xlabel",
            newrank=False,
            same_rank=False,
            clusters=False,
            quick=True,
        ),
        "straight edges, laid out quickly, without 'ranks' and without group boxes",
    ),
)
"""The ways a graph is written, tried in turn, with what a note calls each fallback.

When Graphviz fails (an error, an assertion, a crash) the next way is tried; when it
runs out of time, the next quick one (Graphviz's effort bounded), since only less work
helps there. Past ``2 * time_limit`` the last, cheapest way is tried at once."""

DEFAULT_DPI = 96
GRAPHVIZ_BITMAP_DPI = 96
"""The resolution Graphviz draws bitmaps at when no ``dpi`` is given."""
GRAPHVIZ_FORMATS = ("svg", "png", "dot")


def time_limit(graph: Graph) -> float:
    """Seconds one ``dot`` run of ``graph`` may take: a few seconds, more for big graphs."""
    size = len(graph.nodes) + len(graph.groups) + len(graph.edges)
    return min(20.0, 5.0 + 0.01 * size)


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
    started = time.monotonic()
    deadline = started + 2 * limit
    tries_end = started + limit / 2  # no new ordering try after this
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
            # Drawing in the layout's own run saves a second layout, which for a big
            # graph takes as long as the first. PNG can join when it is drawn at
            # Graphviz's own bitmap resolution (-Gdpi would scale the SVG too).
            same_run = ["plain"] + [f for f in ("svg", "png") if f in wanted]
            if dpi != GRAPHVIZ_BITMAP_DPI and "png" in same_run:
                same_run.remove("png")
            drawn[source] = run_dot_many(source, same_run, folder, timeout=limit)
            return drawn[source]["plain"]

        failures: list[str] = []
        chosen: tuple[Variant, frozenset[str], str] | None = None
        index = 0
        while index < len(VARIANTS):
            variant, fallback = VARIANTS[index]
            try:
                flipped, source = best_layout(
                    graph,
                    partial(make, variant=variant),
                    lay_out,
                    lambda: time.monotonic() < tries_end,
                )
            except (DotFailed, DotTimeout) as exc:
                failures.append(_first_line(str(exc)))
                late = time.monotonic() > deadline
                index = next_variant(index, isinstance(exc, DotTimeout), late)
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
            elif "png" in drawn[source]:
                out.append(Artifact(drawn[source]["png"], "png"))
            else:
                png = run_dot_many(source, ["png"], folder, dpi=dpi, timeout=limit)["png"]
                out.append(Artifact(png, "png"))
        return out


def next_variant(index: int, timed_out: bool, late: bool) -> int:
    """The index in ``VARIANTS`` to try after ``VARIANTS[index]`` failed (past the end: give up).

    A timeout skips to the next quick way; past the deadline (``late``), the last way.
    """
    last = len(VARIANTS) - 1
    if index >= last:
        return last + 1
    if late:
        return last
    if timed_out:
        return next(i for i in range(index + 1, last + 1) if VARIANTS[i][0].quick)
    return index + 1


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else text
    return line if len(line) <= 160 else line[:159] + "…"
