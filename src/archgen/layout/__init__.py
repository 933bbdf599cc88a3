"""The box-art engine: a Graph laid out on a character grid and drawn in box-drawing glyphs.

One compound layered layout for the whole figure, groups included, in passes
that each have a module, in pipeline order:

1. ``nesting``: the rank graph, with a top and bottom border unit per group,
   cycles broken in declaration order, ``ranks`` honoured across groups;
2. ``normalize``: edges as chains of hops, with dummies, label items, gates
   on group borders and nets (shared trunks);
3. ``order``: each level's order, groups kept contiguous, crossings and
   lines passing groups sideways kept few;
4. ``position``: every unit's and group border's column, from one system of
   separation constraints;
5. ``channels``: line ends on box sides, tracks and the rows of every level;
6. ``paint``: the abstract figure (boxes, captions, nets, ``┼`` crossings,
   arrowheads, labels), and ``bands``: an LR/RL figure folded into bands;
7. ``fit``: the layout again with its texts wrapped, in bands, or with boxes
   unpadded, when the figure is wider than its target.

``pipeline`` runs passes 1-6; ``draw`` turns the figure into glyphs of one
charset in the spec's direction. The shared pieces: ``model`` (the compound
graph), ``rank``, ``place``, ``route`` (channel tracks), ``geometry``,
``glyphs`` and ``text``.
"""

from __future__ import annotations

from archgen.errors import ArchgenError
from archgen.graph.model import Graph
from archgen.layout.fit import fit
from archgen.layout.glyphs import CHARSETS

__all__ = [
    "CHARSETS",
    "DEFAULT_WIDTH",
    "GUIDE_WIDTH",
    "FigureTooWide",
    "guide_figure",
    "render_ascii",
]

DEFAULT_WIDTH = 100
"""The columns a figure is fitted to unless the caller says otherwise."""
GUIDE_WIDTH = 80
"""The columns a figure of the text guide (and ``output/ascii/``) is fitted to."""


class FigureTooWide(ArchgenError):
    """The figure needs more columns than the caller allows."""


def render_ascii(graph: Graph, charset: str = "unicode", width: int | None = DEFAULT_WIDTH) -> str:
    """Draw ``graph`` as box art fitted to ``width`` columns (``None`` or 0: as
    written, no limit); raise FigureTooWide when even the fitted figure is wider."""
    text, widest = fit(graph, CHARSETS[charset], width or 0)
    if width and widest > width:
        raise FigureTooWide(
            f"the figure is {widest} columns wide, more than --width {width} even with "
            "its texts wrapped; try direction: TB (or LR), shorter labels, a larger "
            "--width, or --width 0 for no limit"
        )
    return text


def guide_figure(graph: Graph) -> str:
    """A figure for the text guide: fitted to ``GUIDE_WIDTH`` columns, or as narrow as
    fitting makes it when it cannot be (a build never fails on width)."""
    return fit(graph, CHARSETS["unicode"], GUIDE_WIDTH)[0]
