"""Edge labels: where each sits beside its own line, clear of every other line and box."""

from __future__ import annotations

from archgen.layout.engine import Hop, Item, Style, text_size
from archgen.layout.geometry import Figure, LabelShape


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
    lines: set[tuple[int, int]] = set()
    for net in figure.nets:
        lines.update(net.cells)
    solid: set[tuple[int, int]] = set(caption)
    # Other labels keep two blank cells along a row (one blank between two
    # texts reads as one text), in the layout frame along u for TB and BT.
    texts: set[tuple[int, int]] = set()
    for lb in figure.labels:
        lw, lh = label_size(style, "\n".join(lb.lines))
        texts.update((lb.u + i, lb.v + j) for i in range(lw) for j in range(lh))
    for item in items.values():
        if item.kind in ("node", "group"):
            solid.update((item.u + i, item.v + j) for i in range(item.w) for j in range(item.h))
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
        own = set(hop.own)
        if hop.flat:
            left, right = sorted((hop.up_col, hop.down_col))
            candidates = [(max(left + (right - left - lw) // 2, left), hop.track_row + 1)]
        else:
            col = hop.down_col
            rows = range(band_top + max(band_rows - lh, 0), band_top - 1, -1)
            # Beside a vertical line a blank column reads well; beside a horizontal
            # one (LR, RL) the text must sit on the very next row.
            gap = 2 if style.vertical else 1
            candidates = [c for v in rows for c in ((col + gap, v), (col + 1 - gap - lw, v))]
            candidates += _beside(style, hop.own, lw, lh)

        def free(
            u: int, v: int, lw: int = lw, lh: int = lh, own: set[tuple[int, int]] = own
        ) -> bool:
            if bounds is not None and (
                u - 1 < bounds[0] or u + lw + 1 > bounds[1] or v < bounds[2] or v + lh > bounds[3]
            ):
                return False
            over_line = any((x, y) in lines for x in range(u, u + lw) for y in range(v, v + lh))
            near_line = over_line or any(
                (x, y) in lines and (x, y) not in own
                for x in range(u - mu, u + lw + mu)
                for y in range(v - mv, v + lh + mv)
            )
            near_solid = any(
                (x, y) in solid for x in range(u - 1, u + lw + 1) for y in range(v - 1, v + lh + 1)
            )
            tu, tv = (2, 1) if style.vertical else (1, 2)
            near_solid = near_solid or any(
                (x, y) in texts
                for x in range(u - tu, u + lw + tu)
                for y in range(v - tv, v + lh + tv)
            )
            return not near_line and not near_solid

        def clear(u: int, v: int, lw: int = lw, lh: int = lh) -> bool:
            """Not over any line, box, caption or label, nor past the group's border."""
            if bounds is not None and (
                u < bounds[0] or u + lw > bounds[1] or v < bounds[2] or v + lh > bounds[3]
            ):
                return False
            cells = [(u + i, v + j) for i in range(lw) for j in range(lh)]
            return not any(c in lines or c in solid or c in texts for c in cells)

        spot = next((c for c in candidates if c[0] >= 0 and free(*c)), None)
        if spot is None:
            # No place clear of everything: the caller makes room and tries again.
            # Meanwhile a place that at least covers nothing keeps every line whole.
            failed.add(id(hop))
            spot = next((c for c in candidates if c[0] >= 0 and clear(*c)), candidates[0])
        u, v = spot
        texts.update((u + i, v + j) for i in range(lw) for j in range(lh))
        figure.labels.append(LabelShape(u, v, tuple(hop.label.split("\n"))))
    return failed


def _beside(style: Style, own: list[tuple[int, int]], lw: int, lh: int) -> list[tuple[int, int]]:
    """Every spot where a label of size (lw, lh) sits beside one of the cells ``own``.

    ``own`` runs from the line's arrow end back to its start, so spots near the
    arrow come first.
    """
    spots: list[tuple[int, int]] = []
    cells = set(own)
    for x, y in own:
        vertical = (x, y - 1) in cells or (x, y + 1) in cells
        if vertical:
            gap = 2 if style.vertical else 1
            for y0 in range(y, y - lh, -1):
                spots += [(x + gap, y0), (x + 1 - gap - lw, y0)]
        else:
            gap = 1 if style.vertical else 2
            for x0 in range(x, x - lw, -1):
                spots += [(x0, y + gap), (x0, y + 1 - gap - lh)]
    return spots
