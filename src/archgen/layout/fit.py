"""Pass 7, fit: the figure laid out again with its texts wrapped until it fits a width.

Takes a ``Graph`` and a target width; gives the drawn figure. The first
layout keeps every text as written. When it is wider than the target, the
texts (box labels and notes, group captions, edge labels) are folded at a
column limit, at spaces and, inside identifiers, after ``_ . / (``
(``text.fold``): first at the tightest limit worth trying, and if that fits,
at the widest limit that still fits (a binary search), so the figure keeps
its texts as whole as the width allows. When no limit fits, boxes lose the
blank column inside their sides (``│Regional│``, as hand drawings do when
pressed for room), first with their texts whole, then folded. The spec's
direction never changes.
"""

from __future__ import annotations

from collections.abc import Callable

from archgen.graph.model import Graph
from archgen.layout.draw import draw
from archgen.layout.glyphs import Charset
from archgen.layout.pipeline import lay_out
from archgen.layout.text import width

TIGHTEST = 10
"""The narrowest column limit texts are folded at."""


def fit(graph: Graph, glyphs: Charset, target: int) -> tuple[str, int]:
    """The figure's text and its width: as written when it fits ``target`` columns
    (or ``target`` is 0); else with its texts folded at the widest limit that fits;
    else, the same with no blank column inside box sides; else the narrowest
    figure found."""

    def attempt(limit: int, pad: int) -> tuple[str, int]:
        return draw(lay_out(graph, limit, pad), graph.direction, glyphs)

    first = attempt(0, 1)
    if not target or first[1] <= target:
        return first
    longest = _longest_text(graph)
    tried = [first]
    for pad in (1, 0):
        if pad == 0:
            tried.append(attempt(0, 0))
            if tried[-1][1] <= target:
                return tried[-1]
        if longest <= TIGHTEST:
            continue
        tight = attempt(TIGHTEST, pad)
        tried.append(tight)
        if tight[1] <= target:
            return _widest_fitting(attempt, pad, longest, tight, target)
    return min(tried, key=lambda x: x[1])


def _widest_fitting(
    attempt: Callable[[int, int], tuple[str, int]],
    pad: int,
    longest: int,
    tight: tuple[str, int],
    target: int,
) -> tuple[str, int]:
    """The figure at the widest fold limit that fits ``target``, by binary search
    from ``tight`` (the figure at ``TIGHTEST``, known to fit)."""
    low, high = TIGHTEST, longest - 1
    best = tight
    while low < high:
        mid = (low + high + 1) // 2
        result = attempt(mid, pad)
        if result[1] <= target:
            low, best = mid, result
        else:
            high = mid - 1
    return best


def _longest_text(graph: Graph) -> int:
    """Columns of the longest line of any text folding could shorten."""
    texts: list[str] = []
    for n in graph.nodes:
        texts += [n.label, n.note or ""]
    for g in graph.groups:
        texts += [g.label, g.note or ""]
    texts += [e.label or "" for e in graph.edges]
    return max((width(line) + 2 for t in texts for line in t.split("\n")), default=0)
