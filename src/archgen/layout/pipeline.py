"""The passes of the compound layout, in order, from a Graph to an abstract Figure."""

from __future__ import annotations

from archgen.graph.model import Graph
from archgen.layout.bands import wrap_bands
from archgen.layout.channels import route
from archgen.layout.geometry import Figure
from archgen.layout.model import Style
from archgen.layout.nesting import build
from archgen.layout.normalize import normalize
from archgen.layout.order import order
from archgen.layout.paint import paint
from archgen.layout.position import position


def lay_out(
    graph: Graph,
    wrap: int = 0,
    pad: int = 1,
    bands: int = 0,
    whole: frozenset[str] = frozenset(),
) -> Figure:
    """Nesting, normalize, order, position, channels, paint; every text folded at
    ``wrap`` columns when it is not 0, ``pad`` blank columns inside box sides, and
    an LR or RL layering wider than ``bands`` columns (when it is not 0) wrapped
    into bands; the kinds of text in ``whole`` (see ``Style.whole``) never wrap."""
    style = Style(
        vertical=graph.direction in ("TB", "BT"),
        caption_at_end=graph.direction == "BT",
        wrap=wrap,
        pad=pad,
        whole=whole,
    )
    lay = build(graph, style)
    normalize(lay)
    order(lay)
    position(lay)
    route(lay)
    if bands:
        folded = wrap_bands(lay, bands)
        if folded is not None:
            return folded
    return paint(lay)
