"""Edge labels: where each sits beside its own line, clear of every other line and box."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from itertools import chain

from archgen.layout.engine import Hop, Item, Style, text_size
from archgen.layout.geometry import Figure, LabelShape


class _Cells:
    """A set of grid cells that answers "how many lie in this rectangle?" in time
    proportional to its rows, so long labels cost no more to place than short ones."""

    def __init__(self, cells: Iterable[tuple[int, int]] = ()) -> None:
        self.rows: dict[int, list[int]] = {}
        for x, y in cells:
            self.rows.setdefault(y, []).append(x)
        for row in self.rows.values():
            row.sort()

    def add(self, x: int, y: int) -> None:
        insort(self.rows.setdefault(y, []), x)

    def count(self, u0: int, u1: int, v0: int, v1: int) -> int:
        """Cells with u0 <= x < u1 and v0 <= y < v1."""
        total = 0
        for y in range(v0, v1):
            row = self.rows.get(y)
            if row:
                total += bisect_left(row, u1) - bisect_left(row, u0)
        return total


def label_margin(style: Style) -> int:
    """Columns a label beside a line needs besides its own width (gap and clearance)."""
    return 4 if style.vertical else 2


def label_size(style: Style, text: str) -> tuple[int, int]:
    """Layout-frame size of an edge label."""
    return text_size(style, text)


def place_labels(
    style: Style,
    items: dict[str, Item],
    hops: list[Hop],
    direct_ids: set[int],
    figure: Figure,
    bounds: tuple[int, int, int, int] | None,
    caption: set[tuple[int, int]],
) -> set[int]:
    """Put each label beside its own line, a blank cell away from every other line,
    label and box (and inside the group's border, ``bounds`` being its columns).

    Returns the hops whose label found no such place (it is drawn anyway).
    """
    failed: set[int] = set()
    if not any(hop.label and id(hop) not in direct_ids for hop in hops):
        return failed
    line_set: set[tuple[int, int]] = set()
    for net in figure.nets:
        line_set.update(net.cells)
    lines = _Cells(line_set)
    captions = _Cells(caption)
    # Other labels keep two blank cells along a row (one blank between two
    # texts reads as one text), in the layout frame along u for TB and BT.
    texts = _Cells()
    for lb in figure.labels:
        lw, lh = label_size(style, "\n".join(lb.lines))
        for i in range(lw):
            for j in range(lh):
                texts.add(lb.u + i, lb.v + j)
    boxes = [
        (item.u, item.u + item.w, item.v, item.v + item.h)
        for item in items.values()
        if item.kind in ("node", "group") and item.w > 0 and item.h > 0
    ]

    def on_box(u0: int, u1: int, v0: int, v1: int) -> bool:
        return captions.count(u0, u1, v0, v1) > 0 or any(
            u0 < bu1 and bu0 < u1 and v0 < bv1 and bv0 < v1 for bu0, bu1, bv0, bv1 in boxes
        )

    # Text keeps two cells from other lines across them (one blank column would
    # still read as "beside" them) and one blank cell from boxes and other labels.
    mu, mv = (2, 1) if style.vertical else (1, 2)
    # Left to right: the room kept for a label is right of its line, so each
    # label finds its own room before a neighbour's label can spill into it.
    for hop in sorted(hops, key=lambda h: h.down_col):
        if not hop.label or id(hop) in direct_ids:
            continue
        lw, lh = label_size(style, hop.label)
        band_top, band_rows = hop.label_rows
        own = _Cells(set(hop.own) & line_set)
        if hop.flat:
            left, right = sorted((hop.up_col, hop.down_col))
            candidates: Iterable[tuple[int, int]] = [
                (max(left + (right - left - lw) // 2, left), hop.track_row + 1)
            ]
        else:
            col = hop.down_col
            rows = range(band_top + max(band_rows - lh, 0), band_top - 1, -1)
            # Beside a vertical line a blank column reads well; beside a horizontal
            # one (LR, RL) the text must sit on the very next row.
            gap = 2 if style.vertical else 1
            candidates = chain(
                (c for v in rows for c in ((col + gap, v), (col + 1 - gap - lw, v))),
                _beside(style, hop.own, lw, lh),
            )

        def free(u: int, v: int, lw: int = lw, lh: int = lh, own: _Cells = own) -> bool:
            if bounds is not None and (
                u - 1 < bounds[0] or u + lw + 1 > bounds[1] or v < bounds[2] or v + lh > bounds[3]
            ):
                return False
            if lines.count(u, u + lw, v, v + lh):
                return False
            box = (u - mu, u + lw + mu, v - mv, v + lh + mv)
            if lines.count(*box) > own.count(*box):
                return False
            if on_box(u - 1, u + lw + 1, v - 1, v + lh + 1):
                return False
            tu, tv = (2, 1) if style.vertical else (1, 2)
            return not texts.count(u - tu, u + lw + tu, v - tv, v + lh + tv)

        def clear(u: int, v: int, lw: int = lw, lh: int = lh) -> bool:
            """Not over any line, box, caption or label, nor past the group's border."""
            if bounds is not None and (
                u < bounds[0] or u + lw > bounds[1] or v < bounds[2] or v + lh > bounds[3]
            ):
                return False
            box = (u, u + lw, v, v + lh)
            return not (lines.count(*box) or on_box(*box) or texts.count(*box))

        tried: list[tuple[int, int]] = []
        seen: set[tuple[int, int]] = set()
        spot = None
        for c in candidates:
            if c[0] < 0 or c in seen:
                continue
            seen.add(c)
            tried.append(c)
            if free(*c):
                spot = c
                break
        if spot is None:
            # No place clear of everything: the caller makes room and tries again.
            # Meanwhile a place that at least covers nothing keeps every line whole.
            failed.add(id(hop))
            spot = next((c for c in tried if clear(*c)), tried[0] if tried else (0, 0))
        u, v = spot
        for i in range(lw):
            for j in range(lh):
                texts.add(u + i, v + j)
        figure.labels.append(LabelShape(u, v, tuple(hop.label.split("\n"))))
    return failed


def _beside(
    style: Style, own: list[tuple[int, int]], lw: int, lh: int
) -> Iterator[tuple[int, int]]:
    """Every spot where a label of size (lw, lh) sits beside one of the cells ``own``.

    ``own`` runs from the line's arrow end back to its start, so spots near the
    arrow come first.
    """
    cells = set(own)
    for x, y in own:
        vertical = (x, y - 1) in cells or (x, y + 1) in cells
        if vertical:
            gap = 2 if style.vertical else 1
            for y0 in range(y, y - lh, -1):
                yield (x + gap, y0)
                yield (x + 1 - gap - lw, y0)
        else:
            gap = 1 if style.vertical else 2
            for x0 in range(x, x - lw, -1):
                yield (x0, y + gap)
                yield (x0, y + 1 - gap - lh)
