"""The abstract figure: boxes, line pieces and labels in layout coordinates.

Layout works in one frame for every direction: ``u`` runs along a rank (the
order axis), ``v`` runs from rank to rank (the rank axis). ``transform`` maps
that frame onto the character grid for TB, BT, LR or RL.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from archgen.layout.glyphs import E, N, S, W


@dataclass(frozen=True)
class Rect:
    """A rectangle of grid cells: top-left corner and size."""

    u: int
    v: int
    w: int
    h: int

    def moved(self, du: int, dv: int) -> Rect:
        """The same rectangle shifted."""
        return Rect(self.u + du, self.v + dv, self.w, self.h)


@dataclass(frozen=True)
class BoxShape:
    """A node or group box with the text rows it shows (real-grid text)."""

    id: str
    rect: Rect
    lines: tuple[str, ...]
    is_group: bool


@dataclass
class NetShape:
    """The cells of one net: a line, or a trunk that splits, of one style."""

    dashed: bool
    cells: dict[tuple[int, int], int] = field(default_factory=dict)
    """Cell → the directions (N/S/E/W bits, layout frame) its line reaches."""
    borders: set[tuple[int, int]] = field(default_factory=set)
    """Cells on a box border where the line joins the border (a junction glyph)."""
    heads: dict[tuple[int, int], int] = field(default_factory=dict)
    """Arrowhead cells → the direction the head points."""

    def link(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        """Join two cells by a straight run of line."""
        cells = self.cells
        (u1, v1), (u2, v2) = a, b
        if a == b:
            cells.setdefault(a, 0)
            return
        get = cells.get
        if u1 == u2:
            lo, hi = (v1, v2) if v1 < v2 else (v2, v1)
            cells[(u1, lo)] = get((u1, lo), 0) | S
            cells[(u1, hi)] = get((u1, hi), 0) | N
            through = N | S
            for key in [(u1, v) for v in range(lo + 1, hi)]:
                cells[key] = get(key, 0) | through
        elif v1 == v2:
            lo, hi = (u1, u2) if u1 < u2 else (u2, u1)
            cells[(lo, v1)] = get((lo, v1), 0) | E
            cells[(hi, v1)] = get((hi, v1), 0) | W
            through = E | W
            for key in [(u, v1) for u in range(lo + 1, hi)]:
                cells[key] = get(key, 0) | through
        else:
            raise ValueError("line runs must be straight")

    def path(self, points: list[tuple[int, int]]) -> None:
        """Join consecutive points by straight runs."""
        for a, b in itertools.pairwise(points):
            self.link(a, b)
        if len(points) == 1:
            self.cells.setdefault(points[0], 0)


@dataclass(frozen=True)
class LabelShape:
    """Text beside an edge: its top-left cell (layout frame) and its real-grid lines."""

    u: int
    v: int
    lines: tuple[str, ...]


@dataclass
class Figure:
    """Everything to draw, in the layout frame."""

    boxes: list[BoxShape] = field(default_factory=list)
    nets: list[NetShape] = field(default_factory=list)
    labels: list[LabelShape] = field(default_factory=list)

    def shifted(self, du: int, dv: int) -> Figure:
        """The figure moved by (du, dv)."""
        out = Figure()
        out.boxes = [BoxShape(b.id, b.rect.moved(du, dv), b.lines, b.is_group) for b in self.boxes]
        for net in self.nets:
            moved = NetShape(net.dashed)
            moved.cells = {(u + du, v + dv): d for (u, v), d in net.cells.items()}
            moved.borders = {(u + du, v + dv) for u, v in net.borders}
            moved.heads = {(u + du, v + dv): d for (u, v), d in net.heads.items()}
            out.nets.append(moved)
        out.labels = [LabelShape(lb.u + du, lb.v + dv, lb.lines) for lb in self.labels]
        return out

    def extend(self, other: Figure) -> None:
        """Add another figure's shapes to this one."""
        self.boxes.extend(other.boxes)
        self.nets.extend(other.nets)
        self.labels.extend(other.labels)
