"""The box-art engine: a Graph laid out on a character grid and drawn in box-drawing glyphs.

Stages, each in its own module: ``engine`` (ranks of every container and
the border sides of crossing edges), ``rank`` (layers), ``order``
(crossings), ``place`` (positions), ``block`` (one container, groups
recursively), ``ports`` (nets and where they meet boxes), ``route`` and
``wires`` (channel tracks, drawn lines), ``labels`` (edge labels), ``draw``
(glyphs in one of four directions).
"""

from __future__ import annotations

from archgen.errors import ArchgenError
from archgen.graph.model import Graph
from archgen.layout.block import layout
from archgen.layout.draw import draw
from archgen.layout.engine import ROOT, Style, make_plan
from archgen.layout.glyphs import CHARSETS

__all__ = ["CHARSETS", "FigureTooWide", "render_ascii"]


class FigureTooWide(ArchgenError):
    """The figure needs more columns than the caller allows."""


def render_ascii(graph: Graph, charset: str = "unicode", width: int | None = None) -> str:
    """Draw ``graph`` as box art; raise FigureTooWide when it exceeds ``width`` columns."""
    style = Style(vertical=graph.direction in ("TB", "BT"), header_at_end=graph.direction == "BT")
    plan = make_plan(graph)
    block = layout(plan, ROOT, style)
    text, widest = draw(block.figure, graph.direction, CHARSETS[charset])
    if width is not None and widest > width:
        raise FigureTooWide(
            f"the figure is {widest} columns wide, more than --width {width}; "
            "try direction: TB, shorter labels, or a larger --width"
        )
    return text
