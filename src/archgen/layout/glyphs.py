"""Glyph sets: the same layout drawn in Unicode box-drawing characters or plain ASCII."""

from __future__ import annotations

from dataclasses import dataclass

N, S, E, W = 1, 2, 4, 8
"""Directions a cell's line reaches out to, combined as bit flags."""


@dataclass(frozen=True)
class Charset:
    """Every glyph a figure uses, by the directions a cell connects."""

    name: str
    lines: dict[int, str]
    dashed_h: str
    dashed_v: str
    arrows: dict[int, str]
    """Arrowhead by the direction it points."""

    def line(self, dirs: int, dashed: bool) -> str:
        """The glyph of a line cell reaching out in ``dirs``."""
        if dashed and dirs in (E, W, E | W):
            return self.dashed_h
        if dashed and dirs in (N, S, N | S):
            return self.dashed_v
        return self.lines[dirs]


_UNICODE_LINES = {
    N: "│",
    S: "│",
    N | S: "│",
    E: "─",
    W: "─",
    E | W: "─",
    S | E: "┌",
    S | W: "┐",
    N | E: "└",
    N | W: "┘",
    N | S | E: "├",
    N | S | W: "┤",
    E | W | S: "┬",
    E | W | N: "┴",
    N | S | E | W: "┼",
}
_ASCII_LINES = {
    d: ("|" if g in "│" else "-" if g == "─" else "+") for d, g in _UNICODE_LINES.items()
}

UNICODE = Charset("unicode", _UNICODE_LINES, "┄", "┆", {S: "▼", N: "▲", E: "►", W: "◄"})
ASCII = Charset("ascii", _ASCII_LINES, ".", ":", {S: "v", N: "^", E: ">", W: "<"})
CHARSETS = {"unicode": UNICODE, "ascii": ASCII}
