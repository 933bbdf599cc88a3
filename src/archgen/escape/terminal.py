"""Text shown on a terminal: control characters written as escapes, never sent raw.

A message may quote spec text; ``visible`` makes sure an ESC or BEL in it is
printed as ``\\x1b`` or ``\\x07`` instead of retitling or recolouring the terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every control character (but tab and newline) as a ``\\xNN``/``\\uNNNN``
    escape."""

    def show(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(show, text)


def shorten(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
