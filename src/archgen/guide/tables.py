"""Markdown tables from rows of data, with aligned columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from archgen.escape import markdown
from archgen.layout.text import width


def markdown_table(
    rows: Sequence[Any],
    columns: Sequence[str] | None = None,
    headers: Sequence[str] | None = None,
) -> str:
    """A Markdown table: ``rows`` are mappings (``columns`` picks and orders keys) or lists.

    Cells are padded to their column's display width so the source reads as a table too.
    """
    if not rows:
        raise ValueError("table() needs at least one row")
    first = rows[0]
    if isinstance(first, Mapping):
        keys = list(columns) if columns is not None else list(first)
        cells = [[_cell(row.get(k, "")) for k in keys] for row in rows]
    else:
        keys = list(columns) if columns is not None else [str(i) for i in range(len(first))]
        cells = [[_cell(v) for v in row] for row in rows]
    head = [str(h) for h in (headers if headers is not None else keys)]
    if any(len(r) != len(head) for r in cells):
        raise ValueError("table() rows and headers have different numbers of columns")
    widths = [max(width(x) for x in col) for col in zip(head, *cells, strict=True)]
    widths = [max(w, 3) for w in widths]

    def line(values: Sequence[str]) -> str:
        padded = (v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
        return "| " + " | ".join(padded) + " |"

    out = [line(head), "| " + " | ".join("-" * w for w in widths) + " |"]
    out.extend(line(r) for r in cells)
    return "\n".join(out)


def _cell(value: object) -> str:
    return markdown.table_cell("" if value is None else str(value))
