"""Pass 7, fit: the figure laid out again with its texts wrapped until it fits a width.

Takes a ``Graph`` and a target width; gives the drawn figure. The first
layout keeps every text as written. When it is wider than the target, the
texts (box labels and notes, group captions, edge labels) are folded at a
column limit, at spaces and, inside identifiers, after ``_ . / (``
(``text.fold``): first at the tightest limit worth trying, and if that fits,
at the widest limit that still fits (a binary search), so the figure keeps
its texts as whole as the width allows. When no limit fits, an LR or RL
layering is wrapped into bands (``bands``), texts whole, then folded; last,
boxes lose the blank column inside their sides (``│Regional│``, as hand
drawings do when pressed for room). The spec's direction never changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from archgen.graph.model import Graph
from archgen.layout.draw import draw
from archgen.layout.glyphs import Charset
from archgen.layout.pipeline import lay_out
from archgen.layout.text import width

TIGHTEST = 10
"""The narrowest column limit texts are folded at."""


KINDS = ("caption", "edge", "box")
"""The kinds of text fitting tries to keep whole after all, in this order."""


def fit(graph: Graph, glyphs: Charset, target: int) -> tuple[str, int]:
    """The figure's text and its width: as written when it fits ``target`` columns
    (or ``target`` is 0); else with its texts folded at the widest limit that fits,
    each kind of text (captions, edge labels, box texts) then kept whole if the
    figure still fits; else (LR and RL) wrapped into bands, texts whole or folded;
    else with no blank column inside box sides; else the narrowest figure found."""

    def attempt(
        limit: int, pad: int, bands: int = 0, whole: frozenset[str] = frozenset()
    ) -> tuple[str, int]:
        return draw(lay_out(graph, limit, pad, bands, whole), graph.direction, glyphs)

    first = attempt(0, 1)
    if not target or first[1] <= target:
        return first
    longest = _longest_text(graph)
    tried = [first]
    across = graph.direction in ("LR", "RL")
    # (padding, band width): texts folded alone, then (LR, RL) in bands, then unpadded.
    steps = [(1, 0), (1, target), (0, target)] if across else [(1, 0), (0, 0)]
    for pad, bands in steps:
        if pad == 0 or bands:
            tried.append(attempt(0, pad, bands))
            if tried[-1][1] <= target:
                return tried[-1]
        if longest <= TIGHTEST:
            continue
        tight = attempt(TIGHTEST, pad, bands)
        tried.append(tight)
        if tight[1] <= target:
            best, limit = _widest_fitting(
                partial(attempt, pad=pad, bands=bands), longest, tight, target
            )
            whole: frozenset[str] = frozenset()
            for kind in KINDS:
                trial = attempt(limit, pad, bands, whole | {kind})
                if trial[1] <= target:
                    best, whole = trial, whole | {kind}
            return best
    return min(tried, key=lambda x: x[1])


def _widest_fitting(
    attempt: Callable[[int], tuple[str, int]],
    longest: int,
    tight: tuple[str, int],
    target: int,
) -> tuple[tuple[str, int], int]:
    """The figure at the widest fold limit that fits ``target``, and that limit, by
    binary search from ``tight`` (the figure at ``TIGHTEST``, known to fit)."""
    low, high = TIGHTEST, longest - 1
    best = tight
    while low < high:
        mid = (low + high + 1) // 2
        result = attempt(mid)
        if result[1] <= target:
            low, best = mid, result
        else:
            high = mid - 1
    return best, low


def _longest_text(graph: Graph) -> int:
    """Columns of the longest line of any text folding could shorten."""
    texts: list[str] = []
    for n in graph.nodes:
        texts += [n.label, n.note or ""]
    for g in graph.groups:
        texts += [g.label, g.note or ""]
    texts += [e.label or "" for e in graph.edges]
    return max((width(line) + 2 for t in texts for line in t.split("\n")), default=0)
