"""The edge expression grammar: ``a -> b, c``, chains, ``<-``, ``<->``, ``--``, dashed forms.

An expression is ``END OP END [OP END ...]``; an end is one id or several ids
separated by commas, optionally in brackets. A chain draws each consecutive
pair, and each pair fans out to every source × target combination.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS: dict[str, tuple[str, bool]] = {
    "->": ("forward", False),
    "<-": ("back", False),
    "<->": ("both", False),
    "--": ("none", False),
    "..>": ("forward", True),
    "<..": ("back", True),
    "<..>": ("both", True),
    "..": ("none", True),
}
"""Each operator's arrow and whether it is dashed."""

_TOKEN = re.compile(
    r"\s*(?:(?P<op><\.\.>|<->|\.\.>|<\.\.|->|<-|--|\.\.)"
    r"|(?P<punct>[\[\],])"
    r"|(?P<id>[A-Za-z0-9_](?:[A-Za-z0-9_]|-(?![->]))*))"
)


class ExprError(ValueError):
    """A malformed expression; ``offset`` is the 0-based position in the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


@dataclass(frozen=True)
class Ref:
    """An id as written in an expression, with its 0-based offset."""

    name: str
    offset: int


@dataclass(frozen=True)
class Hop:
    """One pair of a chain: every source to every target through one operator."""

    sources: tuple[Ref, ...]
    op: str
    targets: tuple[Ref, ...]

    @property
    def arrow(self) -> str:
        """forward, back, both or none."""
        return OPERATORS[self.op][0]

    @property
    def dashed(self) -> bool:
        """Whether the operator is one of the dashed forms."""
        return OPERATORS[self.op][1]


def split_label(text: str) -> tuple[str, str | None, int]:
    """Split ``"a -> b: label"`` into the expression, the label and the label's offset."""
    expr, sep, label = text.partition(":")
    if not sep:
        return text, None, -1
    start = len(expr) + 1
    stripped = label.strip()
    return expr, stripped, start + (len(label) - len(label.lstrip()))


def looks_like_expression(text: str) -> bool:
    """Whether ``text`` contains an edge operator (used to tell edge keys from fields)."""
    return any(op in text for op in OPERATORS)


def parse(text: str) -> tuple[Hop, ...]:
    """Parse an expression into hops, or raise ExprError with an offset."""
    tokens = _tokenize(text)
    if not tokens:
        raise ExprError("empty edge expression; write e.g. 'a -> b'", 0)
    pos = 0
    ends: list[tuple[Ref, ...]] = []
    ops: list[tuple[str, int]] = []
    end, pos = _end(tokens, pos, text)
    ends.append(end)
    while pos < len(tokens):
        kind, value, offset = tokens[pos]
        if kind != "op":
            prev = tokens[pos - 1][1]
            raise ExprError(
                f"expected an arrow such as '->' or a ',' between '{prev}' and '{value}'", offset
            )
        ops.append((value, offset))
        end, pos = _end(tokens, pos + 1, text, after=value)
        ends.append(end)
    if not ops:
        raise ExprError(
            f"'{text.strip()}' has no arrow; write e.g. 'a -> b' (operators: "
            + ", ".join(OPERATORS)
            + ")",
            0,
        )
    return tuple(Hop(ends[i], ops[i][0], ends[i + 1]) for i in range(len(ops)))


_Token = tuple[str, str, int]


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            bad = len(text[pos:]) - len(text[pos:].lstrip())
            where = pos + bad
            raise ExprError(f"unexpected character '{text[where]}' in edge expression", where)
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind), match.start(kind)))
        pos = match.end()
    return tokens


def _end(
    tokens: list[_Token], pos: int, text: str, after: str | None = None
) -> tuple[tuple[Ref, ...], int]:
    """Parse one end (``a``, ``a, b`` or ``[a, b]``) starting at ``pos``."""
    if pos >= len(tokens):
        where = f" after '{after}'" if after else ""
        raise ExprError(f"expected an id{where}", len(text.rstrip()))
    bracket = tokens[pos][0] == "punct" and tokens[pos][1] == "["
    if bracket:
        pos += 1
    refs: list[Ref] = []
    while True:
        if pos >= len(tokens):
            raise ExprError("expected an id" + ("" if refs else " after '['"), len(text.rstrip()))
        kind, value, offset = tokens[pos]
        if kind != "id":
            raise ExprError(f"expected an id, found '{value}'", offset)
        refs.append(Ref(value, offset))
        pos += 1
        if pos < len(tokens) and tokens[pos][1] == ",":
            pos += 1
            continue
        break
    if bracket:
        if pos >= len(tokens) or tokens[pos][1] != "]":
            raise ExprError("missing ']'", tokens[pos][2] if pos < len(tokens) else len(text))
        pos += 1
    elif pos < len(tokens) and tokens[pos][1] in "[]":
        raise ExprError(f"unexpected '{tokens[pos][1]}'", tokens[pos][2])
    return tuple(refs), pos
