"""Markdown (the text guide): spec text as inline text, and box art as a fenced block.

``inline`` makes a title, a label or a description read as plain words wherever
a template puts it (a heading, image alt text, a paragraph, a table cell): no
emphasis, link, image, raw HTML, entity or block construct can start in it.
"""

from __future__ import annotations

import re

from archgen.escape.chars import FORBIDDEN

_INLINE = re.compile(r"([\\`*\[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
"""Characters that can start markup; ``_`` between two letters or digits cannot
(CommonMark: no emphasis inside a word), so ``user_id`` stays as it is."""
_ENTITY = re.compile(r"&(?=#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_BLOCK_START = re.compile(r"^(?:([0-9]+)([.)])|([#=+>-]))")
_CLOSING_HASHES = re.compile(r"( )(#+)$")


def inline(text: str) -> str:
    """``text`` as one line of literal Markdown: white space runs folded to one space,
    markup characters backslash-escaped."""
    flat = " ".join(FORBIDDEN.sub("", text).split())
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))
    escaped = _BLOCK_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", escaped
    )
    # A heading's closing hashes (``## Title #``) would be dropped from it.
    return _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + "\\".join(m.group(2)), escaped)


def fenced(body: str, info: str = "") -> str:
    """``body`` in a fenced code block whose fence is longer than any backtick run in it,
    so no text in the body can close the block early."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    if not body.endswith("\n"):
        body += "\n"
    return f"{fence}{info}\n{body}{fence}"


def table_cell(text: str) -> str:
    """A cell of a Markdown table: one line, and every ``|`` not already escaped escaped."""
    flat = text.replace("\r", " ").replace("\n", " ")
    return re.sub(r"(?<!\\)((?:\\\\)*)\|", r"\1\\|", flat)
