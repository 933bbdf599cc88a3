"""Composing glyphs: the abstract figure mapped onto a character grid in one direction."""

from __future__ import annotations

from archgen.layout.geometry import Figure, Rect
from archgen.layout.glyphs import Charset, E, N, S, W
from archgen.layout.text import char_width, width

_FLIP_NS = {N: S, S: N, E: E, W: W}
_TURN_LR = {S: E, N: W, E: S, W: N}
_TURN_RL = {S: W, N: E, E: S, W: N}


class Grid:
    """A character grid where a wide character fills its cell and a continuation cell."""

    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h
        self.cells: list[list[str]] = [[" "] * w for _ in range(h)]

    def put(self, x: int, y: int, ch: str) -> None:
        """Set one cell (ignored outside the grid)."""
        if 0 <= y < self.h and 0 <= x < self.w:
            self.cells[y][x] = ch

    def get(self, x: int, y: int) -> str:
        """The character in a cell (space outside the grid)."""
        if 0 <= y < self.h and 0 <= x < self.w:
            return self.cells[y][x]
        return " "

    def text(self, x: int, y: int, line: str) -> None:
        """Write text from (x, y), wide characters taking two cells."""
        for ch in line:
            w = char_width(ch)
            if w == 0:
                continue
            self.put(x, y, ch)
            if w == 2:
                self.put(x + 1, y, "")
            x += w

    def used_width(self) -> int:
        """Columns up to the last non-blank cell of any row."""
        widest = 0
        for row in self.cells:
            for i in range(len(row) - 1, -1, -1):
                if row[i] not in (" ",):
                    widest = max(widest, i + 1)
                    break
        return widest

    def render(self) -> str:
        """The grid as text: rows right-stripped, trailing empty rows dropped."""
        rows = ["".join(row).rstrip() for row in self.cells]
        while rows and not rows[-1]:
            rows.pop()
        return "\n".join(rows) + "\n"


class Mapper:
    """Maps the layout frame (u along ranks, v across them) onto grid (x, y)."""

    def __init__(self, direction: str, span_u: int, span_v: int) -> None:
        self.direction = direction
        self.span_u, self.span_v = span_u, span_v

    def point(self, u: int, v: int) -> tuple[int, int]:
        """Grid cell of a layout cell."""
        d = self.direction
        if d == "TB":
            return u, v
        if d == "BT":
            return u, self.span_v - 1 - v
        if d == "LR":
            return v, u
        return self.span_v - 1 - v, u

    def rect(self, r: Rect) -> tuple[int, int, int, int]:
        """Grid (x, y, width, height) of a layout rectangle."""
        d = self.direction
        if d == "TB":
            return r.u, r.v, r.w, r.h
        if d == "BT":
            return r.u, self.span_v - r.v - r.h, r.w, r.h
        if d == "LR":
            return r.v, r.u, r.h, r.w
        return self.span_v - r.v - r.h, r.u, r.h, r.w

    def dirs(self, bits: int) -> int:
        """Grid directions of layout-frame direction bits."""
        table = {"TB": None, "BT": _FLIP_NS, "LR": _TURN_LR, "RL": _TURN_RL}[self.direction]
        if table is None:
            return bits
        out = 0
        for d in (N, S, E, W):
            if bits & d:
                out |= table[d]
        return out

    @property
    def size(self) -> tuple[int, int]:
        """Grid width and height."""
        if self.direction in ("TB", "BT"):
            return self.span_u, self.span_v
        return self.span_v, self.span_u


def draw(figure: Figure, direction: str, charset: Charset) -> tuple[str, int]:
    """Render a laid-out figure as text; also return its width in columns."""
    span_u = span_v = 0
    for box in figure.boxes:
        span_u = max(span_u, box.rect.u + box.rect.w)
        span_v = max(span_v, box.rect.v + box.rect.h)
    for net in figure.nets:
        for u, v in net.cells:
            if u >= span_u:
                span_u = u + 1
            if v >= span_v:
                span_v = v + 1
    mapper = Mapper(direction, span_u, span_v)
    label_cells: list[tuple[int, int, tuple[str, ...]]] = []
    for lb in figure.labels:
        lw = max(width(x) for x in lb.lines)
        lh = len(lb.lines)
        size_u, size_v = (lw, lh) if direction in ("TB", "BT") else (lh, lw)
        x, y, _, _ = mapper.rect(Rect(lb.u, lb.v, size_u, size_v))
        label_cells.append((x, y, lb.lines))
    gw, gh = mapper.size
    gw = max([gw] + [x + max(width(t) for t in lines) for x, _, lines in label_cells])
    gh = max([gh] + [y + len(lines) for _, y, lines in label_cells])
    grid = Grid(gw, gh)
    border: dict[tuple[int, int], int] = {}
    for box in sorted(figure.boxes, key=lambda b: -b.rect.w * b.rect.h):
        x, y, w, h = mapper.rect(box.rect)
        for i in range(x, x + w):
            grid.put(i, y, charset.lines[E | W])
            grid.put(i, y + h - 1, charset.lines[E | W])
            border[(i, y)] = E | W
            border[(i, y + h - 1)] = E | W
        for j in range(y, y + h):
            grid.put(x, j, charset.lines[N | S])
            grid.put(x + w - 1, j, charset.lines[N | S])
            border[(x, j)] = N | S
            border[(x + w - 1, j)] = N | S
        for cx, cy, d in ((x, y, S | E), (x + w - 1, y, S | W), (x, y + h - 1, N | E)):
            grid.put(cx, cy, charset.lines[d])
            border[(cx, cy)] = d
        grid.put(x + w - 1, y + h - 1, charset.lines[N | W])
        border[(x + w - 1, y + h - 1)] = N | W
        if not box.is_group:
            for j in range(y + 1, y + h - 1):
                for i in range(x + 1, x + w - 1):
                    grid.put(i, j, " ")
            # Label and note are centred; a record's fields (after the blank
            # separator row) are a left-aligned column.
            record = box.lines.index("") if "" in box.lines else len(box.lines)
            for k, line in enumerate(box.lines):
                lw = width(line)
                left = x + 2 if k > record else x + (w - lw) // 2
                grid.text(left, y + 1 + k, line)
    _draw_nets(figure, mapper, charset, grid, border)
    for x, y, lines in label_cells:
        for k, line in enumerate(lines):
            grid.text(x, y + k, line)
    return grid.render(), grid.used_width()


def _draw_nets(
    figure: Figure,
    mapper: Mapper,
    charset: Charset,
    grid: Grid,
    border: dict[tuple[int, int], int],
) -> None:
    """Draw every net's cells: junctions set into borders, crossings, arrowheads.

    The hot loop of large figures: flat per-cell arrays instead of dicts.
    """
    rows = grid.cells
    width_ = grid.w
    size = grid.w * grid.h
    on_border = [0] * size
    for (x, y), d in border.items():
        if 0 <= x < grid.w and 0 <= y < grid.h:
            on_border[y * width_ + x] = d
    owner = [0] * size  # net index + 1
    owner_dirs = [0] * size
    solid = [charset.lines.get(d, " ") for d in range(16)]
    dashed_glyphs = [charset.line(d, True) if d in charset.lines else " " for d in range(16)]
    arrows = charset.arrows
    dir_map = [mapper.dirs(b) for b in range(16)]
    identity = mapper.direction == "TB"
    point = mapper.point
    vertical = N | S
    horizontal = E | W
    for index, net in enumerate(figure.nets, start=1):
        heads, borders = net.heads, net.borders
        glyphs = dashed_glyphs if net.dashed else solid
        for key, bits in net.cells.items():
            x, y = key if identity else point(*key)
            at = y * width_ + x
            dirs = dir_map[bits]
            if key in heads:
                rows[y][x] = arrows[dir_map[heads[key]]]
                owner[at], owner_dirs[at] = index, dirs
                continue
            edge_of_box = on_border[at]
            if edge_of_box:
                if key in borders:
                    rows[y][x] = solid[edge_of_box | dirs]
                continue
            seen = owner[at]
            if seen and seen != index:
                if owner_dirs[at] == horizontal and dirs == vertical:
                    # The vertical line interrupts the horizontal one.
                    rows[y][x] = glyphs[vertical]
                    owner[at], owner_dirs[at] = index, dirs
                continue
            if dirs:
                rows[y][x] = glyphs[dirs]
                owner[at], owner_dirs[at] = index, dirs
