"""The safe YAML reader: positions, typing, and refusal of everything that is not plain data."""

from __future__ import annotations

import pytest

from archgen.errors import SpecError
from archgen.spec.yamlsrc import MAX_BYTES, YMap, YScalar, YSeq, parse, read_source


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
