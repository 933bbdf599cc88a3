"""The safe YAML reader: positions, typing, and refusal of everything that is not plain data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from archgen.errors import SpecError
from archgen.spec import yamlsrc
from archgen.spec.yamlsrc import MAX_BYTES, YMap, YScalar, YSeq, parse, read_source

SPECS = Path(__file__).resolve().parent.parent / "specs"


def messages(text: str) -> list[str]:
    with pytest.raises(SpecError) as info:
        parse("f.yaml", text)
    return [str(d) for d in info.value.diagnostics]


def test_positions_are_one_based_for_keys_and_values() -> None:
    root = parse("f.yaml", "a: 1\nb:\n  - x\n")
    assert isinstance(root, YMap)
    (ka, va), (_kb, vb) = root.items
    assert (ka.loc.line, ka.loc.column, va.loc.line, va.loc.column) == (1, 1, 1, 4)
    assert isinstance(vb, YSeq)
    assert (vb.items[0].loc.line, vb.items[0].loc.column) == (3, 5)


def test_plain_scalars_follow_yaml_1_2_core() -> None:
    root = parse("f.yaml", "a: no\nb: on\nc: true\nd: 12\ne: 1.5\nf: ~\ng: '12'\n")
    assert isinstance(root, YMap)
    values = {k.text: v.value for k, v in root.items if isinstance(v, YScalar)}
    assert values == {"a": "no", "b": "on", "c": True, "d": 12, "e": 1.5, "f": None, "g": "12"}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !!python/name:os.system\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "!!python/object:builtins.dict {}\n",
    ],
)
def test_tags_are_refused(text: str) -> None:
    (message,) = messages(text)
    assert "YAML tags are not allowed" in message


def test_duplicate_keys_name_the_first_line() -> None:
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: duplicate key 'a' (first defined at line 1)"
    ]


def test_merge_keys_are_refused() -> None:
    assert messages("base: &b {x: 1}\nother:\n  <<: *b\n") == [
        "f.yaml:3:3: YAML merge keys ('<<') are not supported; write the fields out"
    ]


def test_alias_bomb_is_stopped() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefg"):
        prev = "abcdefg"[i]
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    (message,) = messages("\n".join(lines) + "\n")
    assert "expands to more than 100,000 values" in message


def test_deep_nesting_is_stopped() -> None:
    (message,) = messages("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nesting is deeper than 64 levels" in message


def test_syntax_error_has_line_and_column() -> None:
    assert messages("a: [1, 2\nb: 3\n") == [
        "f.yaml:2:2: YAML syntax error: expected ',' or ']', but got ':'"
    ]


def test_non_utf8_is_refused_with_position() -> None:
    with pytest.raises(SpecError) as info:
        read_source("f.yaml", b"title: ok\nlabel: caf\xe9\n")
    assert str(info.value) == ("f.yaml:2:11: file is not UTF-8 text (byte 0xe9 cannot be decoded)")


def test_oversized_file_is_refused() -> None:
    with pytest.raises(SpecError) as info:
        read_source("f.yaml", b"#" * (MAX_BYTES + 1))
    assert "a spec may be at most 1,048,576 (1 MiB)" in str(info.value)


def test_bom_is_ignored() -> None:
    assert read_source("f.yaml", "\ufeffa: 1".encode()) == "a: 1"


def test_control_characters_are_refused_with_position() -> None:
    assert messages("a: 1\nb: x\x07y\n") == ["f.yaml:2:5: control character U+0007 is not allowed"]


def test_very_deep_nesting_is_a_located_error_not_a_crash() -> None:
    # Deeper than any recursive composer could go: refused where it passes 64 levels.
    (message,) = messages("a: " + "[" * 20000 + "]" * 20000 + "\n")
    assert message == "f.yaml:1:68: nesting is deeper than 64 levels"


def test_very_deep_nesting_with_a_syntax_error_is_still_located() -> None:
    (message,) = messages("a: " + "[" * 20000 + "\n")
    assert message == "f.yaml:1:68: nesting is deeper than 64 levels"


_TRICKY = [
    "a: {名前: x, b: [y, 'z']}\nc: \"é🙂\" # comment\n",
    "k: |\n  line one\n  line two\nm: >-\n  folded\n  text\n",
    "x: &a [1, 2]\ny: *a\nz: !!str 3\n",
    "- a\n- - b\n  - c\n- {d: e}\n",
    "a:\n\tb\n",
    'title: "tab\\there"\nempty:\nnull_value: ~\n',
    "%YAML 1.2\n---\na: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "a: *missing\n",
    "a: &x 1\nb: &x 2\n",
    "? complex\n: value\n",
    "a: [1, 2\nb: 3\n",
    "",
    "# only a comment\n",
]


def _shape(node: Node) -> object:
    """A node graph as plain data: what the converter reads of each node."""
    where = (node.start_mark.line, node.start_mark.column)
    if isinstance(node, ScalarNode):
        return ("scalar", node.tag, node.value, node.style, where)
    if isinstance(node, MappingNode):
        return ("map", node.tag, where, [(_shape(k), _shape(v)) for k, v in node.value])
    assert isinstance(node, SequenceNode)
    return ("seq", node.tag, where, [_shape(v) for v in node.value])


def _both(text: str) -> tuple[object, object]:
    results: list[object] = []
    for compose in (
        yamlsrc._compose_fast,
        lambda t: yamlsrc._compose(yamlsrc._PyEvents(t).get_event),
    ):
        try:
            node = compose(text)
            results.append(None if node is None else _shape(node))
        except yaml.YAMLError as exc:
            results.append(type(exc).__name__)
    return results[0], results[1]


@pytest.mark.parametrize(
    "text",
    _TRICKY + [p.read_text(encoding="utf-8") for p in sorted(SPECS.glob("*.yaml"))],
)
def test_libyaml_and_pyyaml_read_the_same_nodes(text: str) -> None:
    # Specs are read with libyaml for speed; errors are worded by PyYAML. The
    # two must agree on every document, positions included, and refuse the same
    # ones.
    if yamlsrc._CEvents is None:
        pytest.skip("this PyYAML is built without libyaml")
    fast, slow = _both(text)
    assert fast == slow
    assert fast != "YAMLError", "the libyaml path was not taken"


def test_a_second_document_is_named_as_such() -> None:
    assert messages("a: 1\n---\nb: 2\n") == [
        "f.yaml:2:1: YAML syntax error: expected a single document in the stream,"
        " but found another document"
    ]
