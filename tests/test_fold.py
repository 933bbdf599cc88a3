"""Folding texts to fit a width: at spaces, inside identifiers only after ``_ . / (``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from archgen.layout.text import BREAK_AFTER, fold, width, wrap


def unfold(lines: list[str]) -> str:
    """The reader's rule: a line ending in a break character runs on without a space."""
    out = ""
    for line in lines:
        glue = "" if not out or out.endswith(tuple(BREAK_AFTER)) else " "
        out += glue + line
    return out


def test_breaks_at_spaces_first() -> None:
    assert fold("Customer notification service", 14) == ["Customer", "notification", "service"]
    assert fold("fan out to every consumer", 16) == ["fan out to every", "consumer"]


def test_long_identifiers_break_only_after_break_characters() -> None:
    assert fold("get_partition(timestamp)", 12) == ["get_", "partition(", "timestamp)"]
    assert fold("file reads/writes", 10) == ["file", "reads/", "writes"]
    # No break character: the word stays whole, however long.
    assert fold("Supercalifragilistic", 8) == ["Supercalifragilistic"]


def test_a_line_never_ends_in_a_break_character_at_a_space() -> None:
    # "short URL /" would read back as "short URL /shorten".
    assert fold("short URL / shorten", 12) == ["short URL", "/ shorten"]


def test_wrapping_at_spaces_only_keeps_words_whole_by_the_same_rule() -> None:
    # A box note wraps at 12 columns without fitting: "(read /" would read back
    # as "(read /write)".
    assert wrap("(read / write)", 12) == ["(read", "/ write)"]
    assert wrap("get_partition(timestamp) here", 12) == ["get_partition(timestamp)", "here"]


words = st.text(alphabet="abcdefgh_./(", min_size=1, max_size=14)


@given(st.lists(words, min_size=1, max_size=8), st.integers(min_value=4, max_value=30))
def test_folded_text_reads_back_and_fits_where_it_can(parts: list[str], limit: int) -> None:
    text = " ".join(parts)
    lines = fold(text, limit)
    assert unfold(lines) == text or any(
        # A whole word that itself ends in a break character, followed by a
        # space, is the one case the reader's rule cannot tell apart.
        p.endswith(tuple(BREAK_AFTER))
        for p in parts[:-1]
    )
    for line in lines:
        if width(line) > limit:
            # Only a piece with no break place left may overrun.
            assert " " not in line
