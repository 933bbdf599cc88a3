"""Composing glyphs: the abstract figure mapped onto a character grid in one direction."""

from __future__ import annotations

from bisect import bisect_left
from itertools import compress
from operator import or_

from archgen.layout.geometry import Figure, Rect
from archgen.layout.glyphs import Charset, E, N, S, W
from archgen.layout.text import char_width, width

_FLIP_NS = {N: S, S: N, E: E, W: W}
_TURN_LR = {S: E, N: W, E: S, W: N}
_TURN_RL = {S: W, N: E, E: S, W: N}


class Grid:
    """A character grid where a wide character fills its cell and a continuation cell.

    The cells are one flat list, row after row, so a straight run of line is a
    slice (step 1 along a row, step ``w`` down a column).
    """

    CONTINUATION = "\0"
    """Stands in the cell after a wide character; dropped when the grid becomes text."""

    def __init__(self, w: int, h: int) -> None:
        self.w, self.h = w, h
        self.cells: list[str] = [" "] * (w * h)

    def put(self, x: int, y: int, ch: str) -> None:
        """Set one cell (ignored outside the grid)."""
        if 0 <= y < self.h and 0 <= x < self.w:
            self.cells[y * self.w + x] = ch

    def get(self, x: int, y: int) -> str:
        """The character in a cell (space outside the grid)."""
        if 0 <= y < self.h and 0 <= x < self.w:
            return self.cells[y * self.w + x]
        return " "

    def text(self, x: int, y: int, line: str) -> None:
        """Write text from (x, y), wide characters taking two cells."""
        if line.isascii() and 0 <= y < self.h:
            # One cell a character: the whole run is one slice of the row.
            start, end = max(x, 0), min(x + len(line), self.w)
            if start < end:
                row = y * self.w
                self.cells[row + start : row + end] = line[start - x : end - x]
            return
        for ch in line:
            w = char_width(ch)
            if w == 0:
                continue
            self.put(x, y, ch)
            if w == 2:
                self.put(x + 1, y, self.CONTINUATION)
            x += w

    def render(self) -> tuple[str, int]:
        """The grid as text (rows right-stripped, trailing empty rows dropped) and
        the columns up to the last non-blank cell of any row."""
        w, cells = self.w, self.cells
        rows = ["".join(cells[y * w : y * w + w]).rstrip() for y in range(self.h)]
        widest = max((len(row) for row in rows), default=0)
        while rows and not rows[-1]:
            rows.pop()
        return "\n".join(rows).replace(self.CONTINUATION, "") + "\n", widest


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
        for _, _, u2, v2 in net.runs:
            span_u = max(span_u, u2 + 1)
            span_v = max(span_v, v2 + 1)
    # Labels count too: in BT and RL the far end of the layout frame is the
    # grid's near end, so a label reaching past it would be cut off.
    label_rects: list[tuple[Rect, tuple[str, ...]]] = []
    for lb in figure.labels:
        lw = max(width(x) for x in lb.lines)
        lh = len(lb.lines)
        size_u, size_v = (lw, lh) if direction in ("TB", "BT") else (lh, lw)
        label_rects.append((Rect(lb.u, lb.v, size_u, size_v), lb.lines))
        span_u = max(span_u, lb.u + size_u)
        span_v = max(span_v, lb.v + size_v)
    mapper = Mapper(direction, span_u, span_v)
    label_cells = [(*mapper.rect(rect)[:2], lines) for rect, lines in label_rects]
    gw, gh = mapper.size
    grid = Grid(gw, gh)
    border: dict[tuple[int, int], int] = {}
    horizontal, vertical = charset.lines[E | W], charset.lines[N | S]
    cells = grid.cells
    for box in sorted(figure.boxes, key=lambda b: -b.rect.w * b.rect.h):
        x, y, w, h = mapper.rect(box.rect)
        assert min(x, y) >= 0 and x + w <= gw and y + h <= gh  # the grid holds every box
        for j in (y, y + h - 1):
            cells[j * gw + x : j * gw + x + w] = [horizontal] * w
            border.update(dict.fromkeys([(i, j) for i in range(x, x + w)], E | W))
        for i in (x, x + w - 1):
            cells[y * gw + i : (y + h) * gw + i : gw] = [vertical] * h
            border.update(dict.fromkeys([(i, j) for j in range(y, y + h)], N | S))
        for cx, cy, d in (
            (x, y, S | E),
            (x + w - 1, y, S | W),
            (x, y + h - 1, N | E),
            (x + w - 1, y + h - 1, N | W),
        ):
            cells[cy * gw + cx] = charset.lines[d]
            border[(cx, cy)] = d
        if not box.is_group:
            for j in range(y + 1, y + h - 1):
                cells[j * gw + x + 1 : j * gw + x + w - 1] = [" "] * (w - 2)
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
    return grid.render()


def _draw_nets(
    figure: Figure,
    mapper: Mapper,
    charset: Charset,
    grid: Grid,
    border: dict[tuple[int, int], int],
) -> None:
    """Draw every net: junctions set into borders, crossings, arrowheads.

    Nets are drawn in order; a cell a line reaches first keeps its line, except
    at a crossing, where a line between ranks (vertical in TB and BT,
    horizontal in LR and RL) interrupts a run along a channel: the lines that
    leave and enter boxes stay whole. Within a net, a cell's glyph joins every
    direction its runs reach. The hot loop of large figures, so it works on
    flat per-cell arrays: the cells where something happens (run ends,
    crossings within the net, arrowheads, border junctions) one by one, and the
    stretches of plain line between them as slices, one at a time only where
    they meet another line.
    """
    cells = grid.cells
    gw = grid.w
    on_border = [0] * (grid.w * grid.h)
    for (x, y), d in border.items():
        if 0 <= x < grid.w and 0 <= y < grid.h:
            on_border[y * gw + x] = d
    owner = [0] * (grid.w * grid.h)  # net index + 1
    owner_dirs = [0] * (grid.w * grid.h)
    solid = [charset.lines.get(d, " ") for d in range(16)]
    dashed_glyphs = [charset.line(d, True) if d in charset.lines else " " for d in range(16)]
    arrows = charset.arrows
    dir_map = [mapper.dirs(b) for b in range(16)]
    point = mapper.point
    vertical, horizontal = N | S, E | W  # layout frame
    leg, track = dir_map[vertical], dir_map[horizontal]  # on the grid
    # Grid step along a layout-frame run across ranks (v) and along a rank (u).
    step_v, step_u = (gw, 1) if mapper.direction in ("TB", "BT") else (1, gw)
    for index, net in enumerate(figure.nets, start=1):
        heads, borders = net.heads, net.borders
        glyphs = dashed_glyphs if net.dashed else solid
        along_u: dict[int, list[tuple[int, int, int, int]]] = {}  # v → runs along a rank
        along_v: dict[int, list[tuple[int, int, int, int]]] = {}  # u → runs across ranks
        special: set[tuple[int, int]] = set(heads) | borders
        for run in net.runs:
            u1, v1, u2, v2 = run
            special.add((u1, v1))
            special.add((u2, v2))
            if v1 == v2 and u1 != u2:
                along_u.setdefault(v1, []).append(run)
            elif u1 == u2 and v1 != v2:
                along_v.setdefault(u1, []).append(run)
        if along_u and along_v:
            for u, column in along_v.items():
                for _, a, _, b in column:
                    for v, row in along_u.items():
                        if a < v < b:
                            special.update((u, v) for c, _, d, _ in row if c < u < d)
        by_v: dict[int, list[int]] = {}
        by_u: dict[int, list[int]] = {}
        for key in special:
            u, v = key
            by_v.setdefault(v, []).append(u)
            by_u.setdefault(u, []).append(v)
            bits, covered = 0, False
            for c, _, d, _ in along_u.get(v, ()):
                if c <= u <= d:
                    covered = True
                    bits |= E if u == c else W if u == d else horizontal
            for _, a, _, b in along_v.get(u, ()):
                if a <= v <= b:
                    covered = True
                    bits |= S if v == a else N if v == b else vertical
            if not covered and not any(r[0] == u and r[1] == v for r in net.runs):
                continue
            x, y = point(u, v)
            at = y * gw + x
            dirs = dir_map[bits]
            if key in heads:
                cells[at] = arrows[dir_map[heads[key]]]
                owner[at], owner_dirs[at] = index, dirs
                continue
            edge_of_box = on_border[at]
            if edge_of_box:
                if key in borders:
                    # Lines meeting one border cell from both sides cross it.
                    on_border[at] = edge_of_box | dirs
                    cells[at] = solid[edge_of_box | dirs]
                continue
            seen = owner[at]
            if seen and seen != index:
                if owner_dirs[at] == track and dirs == leg:
                    # The line between ranks interrupts the run along the channel.
                    cells[at] = glyphs[leg]
                    owner[at], owner_dirs[at] = index, dirs
                continue
            if dirs:
                cells[at] = glyphs[dirs]
                owner[at], owner_dirs[at] = index, dirs
        for stops in by_v.values():
            stops.sort()
        for stops in by_u.values():
            stops.sort()
        for runs, stops_of, through, step in (
            (along_u, by_v, horizontal, step_u),
            (along_v, by_u, vertical, step_v),
        ):
            dirs = dir_map[through]
            glyph = glyphs[dirs]
            for line, line_runs in runs.items():
                stops = stops_of[line]
                for run in line_runs:
                    lo, hi = (run[0], run[2]) if through == horizontal else (run[1], run[3])
                    k = bisect_left(stops, lo)
                    while stops[k] < hi:
                        first, last = stops[k] + 1, stops[k + 1] - 1
                        k += 1
                        if first > last:
                            continue
                        if through == horizontal:
                            x1, y1 = point(first, line)
                            x2, y2 = point(last, line)
                        else:
                            x1, y1 = point(line, first)
                            x2, y2 = point(line, last)
                        a, b = y1 * gw + x1, y2 * gw + x2
                        start = min(a, b)
                        n = abs(b - a) // step + 1
                        span = slice(start, start + n * step, step)
                        # Cells already taken (by another line or a border) are
                        # decided one by one; the free stretches between them at once.
                        taken = list(compress(range(n), map(or_, owner[span], on_border[span])))
                        taken.append(n)
                        free_from = 0
                        for i in taken:
                            if i > free_from:
                                part = slice(start + free_from * step, start + i * step, step)
                                count = i - free_from
                                cells[part] = [glyph] * count
                                owner[part] = [index] * count
                                owner_dirs[part] = [dirs] * count
                            free_from = i + 1
                            if i == n:
                                break
                            at = start + i * step
                            if on_border[at]:
                                continue
                            seen = owner[at]
                            if seen != index and (owner_dirs[at] != track or dirs != leg):
                                continue
                            # Our own line already, or a line between ranks
                            # interrupting an earlier run along the channel.
                            cells[at] = glyph
                            owner[at], owner_dirs[at] = index, dirs
