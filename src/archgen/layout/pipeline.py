"""The passes of the compound layout, in order, from a Graph to an abstract Figure."""

from __future__ import annotations

from archgen.graph.model import Graph
from archgen.layout.channels import route
from archgen.layout.geometry import Figure
from archgen.layout.model import Style
from archgen.layout.nesting import build
from archgen.layout.normalize import normalize
from archgen.layout.order import order
from archgen.layout.paint import paint
from archgen.layout.position import position


def lay_out(graph: Graph) -> Figure:
    """Nesting, normalize, order, position, channels, paint."""
    style = Style(vertical=graph.direction in ("TB", "BT"), caption_at_end=graph.direction == "BT")
    lay = build(graph, style)
    normalize(lay)
    order(lay)
    position(lay)
    route(lay)
    return paint(lay)
