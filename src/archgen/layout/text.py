"""Text measured by display width: CJK and most emoji take two terminal columns."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns one character takes in a monospace terminal (0 for combining marks)."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\u2060\ufe0f":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def width(text: str) -> int:
    """Display width of a line of text."""
    return sum(char_width(ch) for ch in text)


def clean(text: str) -> str:
    """A label line fit for a grid: tabs as spaces, control characters dropped, and
    accents composed with their letters (NFC), so that "e" + U+0301 is drawn as
    "é" in one cell rather than losing its accent (the grid has no room for
    characters of no width)."""
    text = unicodedata.normalize("NFC", text)
    return "".join(" " if ch == "\t" else ch for ch in text if ch >= " " or ch == "\t")


BREAK_AFTER = "_./("
"""Characters after which a word too long for its line may break (identifiers, paths)."""


def fold(text: str, limit: int, inside_words: bool = True) -> list[str]:
    """Break a line of text into lines of at most ``limit`` columns: at spaces, and
    (unless ``inside_words`` is off) inside a longer word only after one of
    ``BREAK_AFTER``; a word with no such place stays whole, however long. Only a
    break inside a word leaves a line ending in one of ``BREAK_AFTER``, so a
    reader can join the lines back."""
    pieces: list[tuple[str, bool]] = []  # (text, starts a new word)
    for word in text.split(" "):
        parts = _split_word(word, limit) if inside_words else [word]
        for k, part in enumerate(parts):
            pieces.append((part, k == 0))
    out: list[str] = []
    current = ""
    for part, new_word in pieces:
        candidate = (f"{current} {part}" if new_word else current + part) if current else part
        if current and width(candidate) > limit:
            head, _, tail = current.rpartition(" ")
            moved = f"{tail} {part}"
            if new_word and current.endswith(tuple(BREAK_AFTER)) and head and width(moved) <= limit:
                # A line ending in a break character reads as running on without a
                # space: break at the space before that word instead.
                out.append(head)
                current = moved
            else:
                out.append(current)
                current = part
        else:
            current = candidate
    out.append(current)
    return out


def wrap(text: str, limit: int) -> list[str]:
    """Break text at spaces only into lines of at most ``limit`` columns (long words
    stay whole), by the same rule as ``fold``."""
    return fold(text, limit, inside_words=False)


def _split_word(word: str, limit: int) -> list[str]:
    """A word as parts that each end after a break character, as few as fit ``limit``."""
    parts: list[str] = []
    while width(word) > limit:
        cuts = [i + 1 for i, ch in enumerate(word[:-1]) if ch in BREAK_AFTER]
        if not cuts:
            break
        fitting = [i for i in cuts if width(word[:i]) <= limit]
        cut = fitting[-1] if fitting else cuts[0]
        parts.append(word[:cut])
        word = word[cut:]
    parts.append(word)
    return parts
