"""DOT, Graphviz's language: HTML-like label text and quoted attribute values.

Graphviz expands ``\\N``, ``\\G``, ``\\E``, ``\\T``, ``\\H`` and ``\\L`` (node,
graph, edge, tail, head names and line breaks) in labels and in attributes such
as ``URL``; every value written here comes out literally instead.
"""

from __future__ import annotations

import re

from archgen.escape.chars import FORBIDDEN

_GRAPHVIZ_ESCAPE = re.compile(r"\\([NGEHTL])")

NBSP = "&#160;"
"""Stands in for an empty text: Graphviz refuses an HTML element with nothing inside."""


def html_text(line: str) -> str:
    """One line of text for an HTML-like label, drawn literally.

    Beyond XML escaping, ``]`` becomes an entity (Graphviz 2.43 rejects a text
    that is only ``]``), and a Graphviz escape keeps its letter in an element
    of its own (``\\<FONT>N</FONT>``), which stops the expansion without
    changing what is drawn. Tabs become spaces.
    """
    cleaned = FORBIDDEN.sub("", line).replace("\t", " ")
    text = (
        cleaned.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
        .replace("]", "&#93;")
    )
    return _GRAPHVIZ_ESCAPE.sub(r"\\<FONT>\1</FONT>", text)


def html_lines(text: str, align: str = "CENTER") -> str:
    """User text with newlines as HTML-label line breaks; never empty."""
    brk = "<BR/>" if align == "CENTER" else f'<BR ALIGN="{align}"/>'
    body = brk.join(html_text(line) for line in text.split("\n"))
    return body or NBSP


def html_attribute(value: str) -> str:
    """A value for a double-quoted attribute inside an HTML-like label (``SRC``)."""
    cleaned = FORBIDDEN.sub("", value)
    if _GRAPHVIZ_ESCAPE.search(cleaned) or "\\" in cleaned:
        raise ValueError(f"a backslash cannot be written in an HTML-label attribute: {value!r}")
    return cleaned.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def attribute(value: str) -> str:
    """A value for a quoted DOT attribute that Graphviz copies into its SVG (``URL``).

    Backslashes are doubled (so no ``\\N`` expands), quotes escaped, and ``&``
    written as ``&amp;``: Graphviz passes entities through to the SVG as they are,
    so a bare ``&`` would leave the SVG not well-formed.
    """
    cleaned = FORBIDDEN.sub("", value)
    return (
        cleaned.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
    )
