"""Safe YAML reading that keeps the line and column of every key and value.

Only plain YAML data comes out: no tag can build an object, merge keys are
refused, aliases are expanded against a budget, and nesting is bounded. Plain
scalars are typed by the YAML 1.2 core schema, so ``no`` and ``on`` stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NoReturn

import yaml
import yaml.reader
from yaml.composer import ComposerError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import CollectionNode, MappingNode, ScalarNode, SequenceNode
from yaml.nodes import Node as YamlNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from archgen.errors import Diagnostic, Location, SpecError
from archgen.escape import chars

MAX_BYTES = 1024 * 1024
"""Largest spec file accepted (1 MiB)."""
MAX_NODES = 100_000
"""Most YAML values a spec may expand to, aliases counted at every use."""
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences."""

MAX_INT_DIGITS = 1000
"""Longer unquoted runs of digits are read as text, not as a number."""

Value = str | int | float | bool | None

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    ".Inf": float("inf"),
    "+.Inf": float("inf"),
    "-.Inf": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
}


@dataclass(frozen=True)
class YScalar:
    """A scalar with its typed value, its source text and where it starts."""

    value: Value
    text: str
    quoted: bool
    loc: Location


@dataclass(frozen=True)
class YMap:
    """A mapping whose keys are scalars, in source order."""

    items: tuple[tuple[YScalar, YValue], ...]
    loc: Location

    def get(self, key: str) -> YValue | None:
        """The value under ``key`` (compared as text), or None."""
        for k, v in self.items:
            if k.text == key:
                return v
        return None

    def key_loc(self, key: str) -> Location | None:
        """Where ``key`` is written, or None when absent."""
        for k, _ in self.items:
            if k.text == key:
                return k.loc
        return None


@dataclass(frozen=True)
class YSeq:
    """A sequence, in source order."""

    items: tuple[YValue, ...]
    loc: Location


YValue = YScalar | YMap | YSeq


class _PyEvents(Reader, Scanner, Parser):
    """PyYAML's pure-Python reader, scanner and parser: the source of exact error messages."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


_CEvents: Any
try:
    from yaml._yaml import CParser as _CEvents
except ImportError:  # PyYAML built without libyaml
    _CEvents = None


class _TooDeep(Exception):
    """A collection nested deeper than MAX_DEPTH, at ``mark``."""

    def __init__(self, mark: Any) -> None:
        super().__init__(mark)
        self.mark = mark


def _compose(next_event: Callable[[], Any]) -> YamlNode | None:
    """Build the single document's node graph from a parser's events.

    Iterative, so nesting is refused at MAX_DEPTH instead of exhausting the
    stack, and with no tag resolution: every node gets the plain str, seq or
    map tag unless the text names one (which the converter refuses).
    Raises ComposerError with PyYAML's own wording for alias and document
    problems.
    """
    next_event()  # stream start
    event: Any = next_event()
    if isinstance(event, StreamEndEvent):
        return None
    document_mark = event.start_mark
    anchors: dict[str, YamlNode] = {}
    stack: list[CollectionNode] = []
    pending_key: list[YamlNode | None] = []
    root: YamlNode | None = None
    while root is None:
        event = next_event()
        # libyaml's marks are not yaml.Mark, but read the same (line, column).
        mark: Any = event.start_mark
        done: YamlNode | None = None
        if isinstance(event, AliasEvent):
            if event.anchor not in anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", mark)
            done = anchors[event.anchor]
        elif isinstance(event, ScalarEvent | SequenceStartEvent | MappingStartEvent):
            anchor = event.anchor
            if anchor is not None and anchor in anchors:
                raise ComposerError(
                    f"found duplicate anchor {anchor!r}; first occurrence",
                    anchors[anchor].start_mark,
                    "second occurrence",
                    mark,
                )
            if len(stack) > MAX_DEPTH:
                raise _TooDeep(mark)
            tag = event.tag if event.tag not in (None, "!") else None
            node: YamlNode
            if isinstance(event, ScalarEvent):
                # libyaml calls the plain style '' where PyYAML says None.
                end: Any = event.end_mark
                node = ScalarNode(tag or _STR, event.value, mark, end, event.style or None)
                done = node
            elif isinstance(event, SequenceStartEvent):
                node = SequenceNode(tag or _SEQ, [], mark, None, event.flow_style)
                stack.append(node)
                pending_key.append(None)
            else:
                node = MappingNode(tag or _MAP, [], mark, None, event.flow_style)
                stack.append(node)
                pending_key.append(None)
            if anchor is not None:
                anchors[anchor] = node
        else:  # the end of a sequence or mapping
            done = stack.pop()
            done.end_mark = event.end_mark
            pending_key.pop()
        if done is None:
            continue
        if not stack:
            root = done
        elif isinstance(stack[-1], SequenceNode):
            stack[-1].value.append(done)
        elif pending_key[-1] is None:
            pending_key[-1] = done
        else:
            stack[-1].value.append((pending_key[-1], done))
            pending_key[-1] = None
    if not isinstance(next_event(), DocumentEndEvent):
        raise ComposerError(None, None, "expected the end of the document", event.end_mark)
    event = next_event()
    if not isinstance(event, StreamEndEvent):
        raise ComposerError(
            "expected a single document in the stream",
            document_mark,
            "but found another document",
            event.start_mark,
        )
    return root


def _compose_fast(text: str) -> YamlNode | None:
    """The node graph by libyaml's C parser; raises yaml.YAMLError on any problem
    (control characters included), whose wording ``parse`` then takes from PyYAML."""
    if _CEvents is None or Reader.NON_PRINTABLE.search(text):
        raise yaml.YAMLError("use the Python parser")
    parser = _CEvents(text)
    try:
        return _compose(parser.get_event)
    finally:
        parser.dispose()


def too_big(path: str, size: int) -> NoReturn:
    """Refuse a file of ``size`` bytes, more than MAX_BYTES."""
    raise SpecError(
        [
            Diagnostic(
                Location(path),
                f"file is {size:,} bytes; a spec may be at most {MAX_BYTES:,} (1 MiB)",
            )
        ]
    )


def read_source(path: str, data: bytes) -> str:
    """Decode a spec's bytes as UTF-8, or fail with the offending position."""
    if len(data) > MAX_BYTES:
        too_big(path, len(data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError(
            [
                Diagnostic(
                    Location(path, line, column),
                    f"file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded)",
                )
            ]
        ) from None
    return text.removeprefix("\ufeff")


def parse_with_problems(path: str, text: str) -> tuple[YValue | None, list[Diagnostic]]:
    """Parse one YAML document into located values, and the problems found in them
    (which leave a value the checker can still read); raises SpecError for syntax."""
    try:
        try:
            root = _compose_fast(text)
        except yaml.YAMLError:
            # Parse again with PyYAML's Python parser, whose messages are the ones we show.
            root = _compose(_PyEvents(text).get_event)
    except _TooDeep as exc:
        loc = Location(path, exc.mark.line + 1, exc.mark.column + 1)
        raise SpecError([Diagnostic(loc, f"nesting is deeper than {MAX_DEPTH} levels")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and problem.startswith("but "):
            # "but found another document" says nothing without what was expected.
            problem = f"{exc.context}, {problem}"
        raise SpecError(
            [Diagnostic(loc, f"YAML syntax error: {problem}{_hint(text, mark)}")]
        ) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        loc = Location(path, before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1)
        shown = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise SpecError([Diagnostic(loc, f"control character {shown} is not allowed")]) from None
    except yaml.YAMLError as exc:
        raise SpecError([Diagnostic(Location(path), f"YAML error: {exc}")]) from None
    if root is None:
        return None, []
    converter = _Converter(path)
    result = converter.convert(root, 0)
    if converter.structural:
        raise SpecError(converter.diagnostics)
    return result, converter.diagnostics


def parse(path: str, text: str) -> YValue | None:
    """Parse one YAML document into located values; None for an empty file.

    Raises SpecError for the first syntax error, or for every problem of the values
    (tags, merge keys, duplicate keys, characters no output can hold).
    """
    root, problems = parse_with_problems(path, text)
    if problems:
        raise SpecError(problems)
    return root


class _Converter:
    """Turns PyYAML's node graph into located values, collecting problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.count = 0
        self.diagnostics: list[Diagnostic] = []
        self.structural = False

    def loc(self, node: YamlNode) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def fail(self, node: YamlNode, message: str, structural: bool = True) -> None:
        """Record a problem; a structural one (a tag, a merge key, a duplicate key) leaves
        no value worth checking further."""
        self.diagnostics.append(Diagnostic(self.loc(node), message))
        self.structural = self.structural or structural

    def convert(self, node: YamlNode, depth: int) -> YValue:
        self.count += 1
        if self.count > MAX_NODES:
            raise SpecError(
                [
                    Diagnostic(
                        self.loc(node),
                        f"document expands to more than {MAX_NODES:,} values "
                        "(too many YAML aliases?)",
                    )
                ]
            )
        if depth > MAX_DEPTH:
            raise SpecError(
                [Diagnostic(self.loc(node), f"nesting is deeper than {MAX_DEPTH} levels")]
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            self.check_tag(node, _SEQ)
            return YSeq(tuple(self.convert(item, depth + 1) for item in node.value), self.loc(node))
        assert isinstance(node, MappingNode)
        self.check_tag(node, _MAP)
        items: list[tuple[YScalar, YValue]] = []
        seen: dict[str, YScalar] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.fail(key_node, "a key must be a plain string, not a list or mapping")
                continue
            key = self.scalar(key_node)
            if key.text == "<<" and not key.quoted:
                self.fail(
                    key_node, "YAML merge keys ('<<') are not supported; write the fields out"
                )
                continue
            if key.text in seen:
                first = seen[key.text].loc
                self.fail(
                    key_node, f"duplicate key '{key.text}' (first defined at line {first.line})"
                )
                continue
            seen[key.text] = key
            items.append((key, self.convert(value_node, depth + 1)))
        return YMap(tuple(items), self.loc(node))

    def check_tag(self, node: YamlNode, default: str) -> None:
        if node.tag != default:
            self.fail(node, f"YAML tags are not allowed (found '{_short_tag(node.tag)}')")

    def scalar(self, node: ScalarNode) -> YScalar:
        self.check_tag(node, _STR)
        quoted = node.style is not None and node.style in "'\"|>"
        text: str = chars.join_surrogates(node.value)
        bad = chars.first_forbidden(text)
        if bad is not None:
            self.fail(node, _forbidden_message(bad[1]), structural=False)
            text = chars.FORBIDDEN.sub("", text)
        value: Value = text if quoted else _plain_value(text)
        return YScalar(value, text, quoted, self.loc(node))


def _forbidden_message(code: str) -> str:
    number = int(code[2:], 16)
    if 0xD800 <= number <= 0xDFFF:
        what = f"a lone surrogate ({code}); write the character itself, or both halves of its pair"
    elif number in (0xFFFE, 0xFFFF):
        what = f"the noncharacter {code}, which SVG and XML cannot hold"
    else:
        what = f"the control character {code}, which SVG and terminals cannot show"
    return f"text contains {what}"


def _hint(text: str, mark: yaml.Mark | None) -> str:
    """A hint for the classic slip of an unquoted edge that starts with '['."""
    if mark is None:
        return ""
    lines = text.split("\n")
    for line in lines[max(0, mark.line - 1) : mark.line + 1]:
        if re.match(r"^\s*-\s*\[[^\]]*\]\s*(<|-|\.)", line):
            return " (an edge that starts with '[' must be quoted: - \"[a, b] -> c\")"
    return ""


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org") else tag


def _plain_value(text: str) -> Value:
    """Type an unquoted scalar by the YAML 1.2 core schema."""
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        # Python refuses to convert more digits than this; such a number is text to us.
        return int(text) if len(text) <= MAX_INT_DIGITS else text
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if text in _SPECIAL_FLOAT:
        return _SPECIAL_FLOAT[text]
    return text
