"""Graphviz HTML-like label text: every user string is escaped, so any text draws literally."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

NOTE_COLOR = "#636E72"
FIELD_COLOR = "#2D3436"


_GRAPHVIZ_ESCAPE = re.compile(r"\\([NGEHTL])")


def escape(text: str) -> str:
    """Escape one line of user text for an HTML-like label, so it is drawn literally.

    Beyond XML escaping, ``]`` becomes an entity (Graphviz 2.43 rejects a text
    that is only ``]``), and Graphviz expands ``\\N``, ``\\G`` and friends even in
    HTML labels; putting the letter in its own ``<FONT>`` element stops that
    without changing what is drawn.
    """
    cleaned = "".join(" " if ch == "\t" else ch for ch in text if ch >= " " or ch == "\t")
    text = html.escape(cleaned, quote=True).replace("]", "&#93;")
    return _GRAPHVIZ_ESCAPE.sub(r"\\<FONT>\1</FONT>", text)


def lines(text: str, align: str = "CENTER") -> str:
    """User text with newlines as HTML-label line breaks."""
    brk = "<BR/>" if align == "CENTER" else f'<BR ALIGN="{align}"/>'
    return brk.join(escape(line) for line in text.split("\n"))


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
            f'<IMG SRC="{escape(icon)}" SCALE="TRUE"/></TD></TR>'
        )
    rows.append(f"<TR><TD>{lines(label)}</TD></TR>")
    if note:
        rows.append(
            f'<TR><TD><FONT POINT-SIZE="11" COLOR="{NOTE_COLOR}">{lines(note)}</FONT></TD></TR>'
        )
    if fields:
        cells = "".join(
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{FIELD_COLOR}">'
            f"{escape(f)}</FONT></TD></TR>"
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
