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


Run = tuple[int, int, int, int]
"""A straight run of line ``(u1, v1, u2, v2)``, lowest end first, ``u1 == u2`` or
``v1 == v2``; a run whose ends coincide is a single cell with no line through it."""


@dataclass
class NetShape:
    """One net: a line, or a trunk that splits, of one style.

    A net is kept as straight runs rather than cells, so joining two far cells
    costs the same as joining two neighbours; ``cells`` spells the runs out
    where a stage needs them cell by cell.
    """

    dashed: bool
    runs: list[Run] = field(default_factory=list)
    borders: set[tuple[int, int]] = field(default_factory=set)
    """Cells on a box border where the line joins the border (a junction glyph)."""
    heads: dict[tuple[int, int], int] = field(default_factory=dict)
    """Arrowhead cells → the direction the head points."""

    def link(self, a: tuple[int, int], b: tuple[int, int]) -> None:
        """Join two cells by a straight run of line."""
        (u1, v1), (u2, v2) = a, b
        if u1 != u2 and v1 != v2:
            raise ValueError("line runs must be straight")
        if (u1, v1) > (u2, v2):
            u1, v1, u2, v2 = u2, v2, u1, v1
        self.runs.append((u1, v1, u2, v2))

    def path(self, points: list[tuple[int, int]]) -> None:
        """Join consecutive points by straight runs."""
        for a, b in itertools.pairwise(points):
            self.link(a, b)
        if len(points) == 1:
            self.link(points[0], points[0])

    @property
    def cells(self) -> dict[tuple[int, int], int]:
        """Cell → the directions (N/S/E/W bits, layout frame) its line reaches there."""
        cells: dict[tuple[int, int], int] = {}
        get = cells.get
        for u1, v1, u2, v2 in self.runs:
            if (u1, v1) == (u2, v2):
                cells.setdefault((u1, v1), 0)
            elif u1 == u2:
                cells[(u1, v1)] = get((u1, v1), 0) | S
                cells[(u1, v2)] = get((u1, v2), 0) | N
                for v in range(v1 + 1, v2):
                    cells[(u1, v)] = get((u1, v), 0) | N | S
            else:
                cells[(u1, v1)] = get((u1, v1), 0) | E
                cells[(u2, v1)] = get((u2, v1), 0) | W
                for u in range(u1 + 1, u2):
                    cells[(u, v1)] = get((u, v1), 0) | E | W
        return cells

    def columns_between(self, top: int, bottom: int) -> set[int]:
        """The ``u`` of every cell the net occupies on rows ``top <= v < bottom``."""
        out: set[int] = set()
        for u1, v1, u2, v2 in self.runs:
            if v1 < bottom and v2 >= top:
                out.update(range(u1, u2 + 1))
        return out

    def shifted(self, du: int, dv: int) -> NetShape:
        """The same net moved by (du, dv)."""
        return NetShape(
            self.dashed,
            [(u1 + du, v1 + dv, u2 + du, v2 + dv) for u1, v1, u2, v2 in self.runs],
            {(u + du, v + dv) for u, v in self.borders},
            {(u + du, v + dv): d for (u, v), d in self.heads.items()},
        )


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
        out.nets = [net.shifted(du, dv) for net in self.nets]
        out.labels = [LabelShape(lb.u + du, lb.v + dv, lb.lines) for lb in self.labels]
        return out

    def extend(self, other: Figure) -> None:
        """Add another figure's shapes to this one."""
        self.boxes.extend(other.boxes)
        self.nets.extend(other.nets)
        self.labels.extend(other.labels)
