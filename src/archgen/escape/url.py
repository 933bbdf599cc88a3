"""Links (``url``): parsed once, checked after decoding, written percent-encoded.

A browser decodes HTML entities in an attribute and ignores tabs, newlines and
leading blanks in a link before it looks at the scheme, so ``&#106;avascript:``
and ``java\\tscript:`` both run script. The check decodes entities and
percent-escapes (repeatedly) and strips what a browser strips before it reads
the scheme; only http, https, mailto and relative links pass. What is written
is the text as the author gave it with every character outside the safe URL set
percent-encoded, so it cannot close an attribute, start markup or carry a
Graphviz escape (``\\N``).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

SCHEMES = ("http", "https", "mailto")
"""Link schemes a ``url`` may use."""

MAX_LENGTH = 2000
"""Longest ``url`` accepted, in characters."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_STRIPPED = re.compile(r"[\x00-\x20\x7f-\x9f]")
_SAFE = "/:?#[]@!$&*+,;=-._~%"
"""Characters written as they are: RFC 3986's reserved and unreserved ones, less the
quote ``'`` and parentheses, which could end a Markdown link or a CSS ``url()``."""


def problem(text: str) -> str | None:
    """Why ``text`` is not an allowed link, or None when it is."""
    if len(text) > MAX_LENGTH:
        return f"is {len(text):,} characters long; a url may be at most {MAX_LENGTH:,}"
    if any(ch.isspace() for ch in text):
        return "contains white space (write a space as %20)"
    seen = _decoded(text)
    scheme = _SCHEME.match(seen)
    if scheme is not None and scheme.group(1).lower() not in SCHEMES:
        return f"uses the scheme '{scheme.group(1).lower()}:'"
    return None


def _decoded(text: str) -> str:
    """What a browser may end up reading: entities and percent-escapes decoded until
    nothing changes, then the characters it skips removed."""
    import html  # only specs with URLs need it (~3 ms of start-up otherwise)

    current = text
    for _ in range(8):
        step = unquote(html.unescape(current), errors="replace")
        step = step.replace("\\", "/")
        if step == current:
            break
        current = step
    return _STRIPPED.sub("", current)


def encode(text: str) -> str:
    """``text`` with every character outside the safe set percent-encoded (as UTF-8);
    existing ``%XX`` escapes are kept."""
    return quote(text, safe=_SAFE)
