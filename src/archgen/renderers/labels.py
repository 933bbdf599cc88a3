"""Graphviz HTML-like labels of nodes, groups and edges, built from text escaped by
``escape.dot``, so any text draws literally and no element is ever empty."""

from __future__ import annotations

from collections.abc import Sequence

from archgen.escape import dot

NOTE_COLOR = "#636E72"
FIELD_COLOR = "#2D3436"


escape = dot.html_text
lines = dot.html_lines


def node_label(
    label: str,
    note: str | None,
    fields: Sequence[str],
    icon: str | None,
    color: str | None,
    icon_size: int = 64,
) -> str:
    """The full label of a node: icon, label lines, note, then a record of fields.

    A node without an icon, or with a ``color``, is framed by a rounded box.
    """
    if color:
        frame = f' BORDER="1" STYLE="ROUNDED" COLOR="{color}" CELLPADDING="6"'
    elif icon is None:
        frame = ' BORDER="1" STYLE="ROUNDED" COLOR="#2D3436" CELLPADDING="6"'
    else:
        frame = ' BORDER="0"'
    rows: list[str] = []
    if icon is not None:
        rows.append(
            f'<TR><TD FIXEDSIZE="TRUE" WIDTH="{icon_size}" HEIGHT="{icon_size}">'
            f'<IMG SRC="{dot.html_attribute(icon)}" SCALE="TRUE"/></TD></TR>'
        )
    rows.append(f"<TR><TD>{lines(label)}</TD></TR>")
    if note:
        rows.append(
            f'<TR><TD><FONT POINT-SIZE="11" COLOR="{NOTE_COLOR}">{lines(note)}</FONT></TD></TR>'
        )
    if fields:
        cells = "".join(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{FIELD_COLOR}">'
            f"{escape(f) or dot.NBSP}</FONT></TD></TR>"
            for f in fields
        )
        rows.append(
            '<TR><TD><TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
            f'COLOR="#AEB6BE">{cells}</TABLE></TD></TR>'
        )
    body = "".join(rows)
    return f'<<TABLE{frame} CELLBORDER="0" CELLSPACING="0">{body}</TABLE>>'


def caption(title: str, note: str | None = None, size: int = 12) -> str:
    """A group or diagram caption: its label in bold, then an optional note."""
    text = f"<B>{lines(title)}</B>"
    if note:
        text += (
            f'<BR/><FONT POINT-SIZE="{max(size - 2, 8)}" COLOR="{NOTE_COLOR}">{lines(note)}</FONT>'
        )
    return f"<{text}>"


def edge_label(text: str) -> str:
    """An edge's label."""
    return f"<{lines(text)}>"
