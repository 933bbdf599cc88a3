"""Which characters a text in a spec may hold: the ones every output format can carry.

XML 1.0 cannot hold C0 control characters (but tab and newline), lone
surrogates, U+FFFE or U+FFFF; terminals act on C0/C1 controls and DEL. A spec
text holding any of these is refused when it is read, with its location.
"""

from __future__ import annotations

import re

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters no spec text may hold (tab and newline are allowed)."""


def join_surrogates(text: str) -> str:
    """Join surrogate pairs (as YAML's ``"\\ud83d\\udc4d"`` escapes write them) into the one
    character they encode; a lone surrogate stays, for ``first_forbidden`` to find."""
    if not re.search("[\ud800-\udfff]", text):
        return text
    return re.sub(
        "[\ud800-\udbff][\udc00-\udfff]",
        lambda m: chr(
            0x10000 + ((ord(m.group(0)[0]) - 0xD800) << 10) + (ord(m.group(0)[1]) - 0xDC00)
        ),
        text,
    )


def first_forbidden(text: str) -> tuple[int, str] | None:
    """The offset and description (``U+001B``) of the first forbidden character, if any."""
    found = FORBIDDEN.search(text)
    if found is None:
        return None
    return found.start(), f"U+{ord(found.group(0)):04X}"
