"""Every kind of invalid spec that SPEC.md lists is refused with an exact, located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.errors import SpecError
from archgen.spec.load import load, loads

HEAD = "archgen: 1\ntitle: T\n"

CASES: dict[str, tuple[str, list[str]]] = {
    "yaml syntax": (
        HEAD + "nodes:\n  a: [1, 2\n",
        ["bad.yaml:5:1: YAML syntax error: expected ',' or ']', but got '<stream end>'"],
    ),
    "unquoted list edge": (
        HEAD + "nodes: {a: A, b: B}\nedges:\n  - [a, b] -> c\n",
        [
            "bad.yaml:5:12: YAML syntax error: expected <block end>, but found '<scalar>' "
            "(an edge that starts with '[' must be quoted: - \"[a, b] -> c\")"
        ],
    ),
    "missing version": (
        "title: T\nnodes: {a: A}\n",
        [
            "bad.yaml:1:1: missing required field 'archgen' (the language version: write 'archgen: 1')"
        ],
    ),
    "unsupported version": (
        "archgen: 2\ntitle: T\nnodes: {a: A}\n",
        [
            "bad.yaml:1:10: unsupported archgen version '2'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "quoted version": (
        "archgen: '1'\ntitle: T\nnodes: {a: A}\n",
        [
            "bad.yaml:1:10: unsupported archgen version '1'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "missing title": (
        "archgen: 1\nnodes: {a: A}\n",
        ["bad.yaml:1:1: missing required field 'title' (a human title for the diagram)"],
    ),
    "missing nodes": (
        HEAD,
        ["bad.yaml:1:1: missing required field 'nodes' (a mapping of node id to node)"],
    ),
    "no nodes": (HEAD + "nodes: {}\n", ["bad.yaml:3:8: 'nodes' must declare at least one node"]),
    "unknown top-level field": (
        HEAD + "nodes: {a: A}\ndirecton: LR\n",
        ["bad.yaml:4:1: unknown top-level field 'directon' (did you mean 'direction'?)"],
    ),
    "unknown node field": (
        HEAD + "nodes:\n  a: {lable: A}\n",
        ["bad.yaml:4:7: unknown node field 'lable' (did you mean 'label'?)"],
    ),
    "bad id": (
        HEAD + "nodes:\n  Web Server: {}\n",
        [
            "bad.yaml:4:3: invalid node id 'Web Server': ids use lowercase letters, digits, '-' "
            "and '_' and start with a letter or digit (try 'web-server')"
        ],
    ),
    "duplicate node id": (
        HEAD + "nodes:\n  a: A\n  a: B\n",
        ["bad.yaml:5:3: duplicate key 'a' (first defined at line 4)"],
    ),
    "group id equals node id": (
        HEAD + "nodes:\n  a: A\ngroups:\n  a: {members: []}\n",
        ["bad.yaml:6:3: duplicate id 'a': already a node (line 4)"],
    ),
    "unknown kind": (
        HEAD + "nodes:\n  db: {kind: databse}\n",
        ["bad.yaml:4:14: unknown kind 'databse' (did you mean 'database'?)"],
    ),
    "unknown kind, nothing close": (
        HEAD + "nodes:\n  db: {kind: xyzzy}\n",
        [
            "bad.yaml:4:14: unknown kind 'xyzzy'; expected one of client, user, mobile, browser, "
            "dns, cdn, load-balancer, api-gateway, firewall, web-server, app-server, service, "
            "worker, function, scheduler, database, cache, queue, stream, event-bus, storage, "
            "search, monitoring, logging, network, generic"
        ],
    ),
    "unknown icon class": (
        HEAD + "nodes:\n  a: {icon: aws.database.RDSS}\n",
        [
            "bad.yaml:4:13: unknown icon class 'aws.database.RDSS' (did you mean "
            "'aws.database.RDS'?); write provider.category.Class (e.g. aws.database.RDS) or a "
            ".png/.svg path"
        ],
    ),
    "icon class that is python code": (
        HEAD + "nodes:\n  a: {icon: os.system}\n",
        [
            "bad.yaml:4:13: unknown icon class 'os.system'; write provider.category.Class "
            "(e.g. aws.database.RDS) or a .png/.svg path"
        ],
    ),
    "unknown icon set": (
        HEAD + "icons: awz\nnodes:\n  a: A\n",
        ["bad.yaml:3:8: unknown icon set 'awz' (did you mean 'aws'?)"],
    ),
    "missing icon file": (
        HEAD + "nodes:\n  a: {icon: missing.png}\n",
        ["bad.yaml:4:13: icon file 'missing.png' does not exist next to the spec"],
    ),
    "icon path leaving the folder": (
        HEAD + "nodes:\n  a: {icon: ../../etc/passwd.png}\n",
        ["bad.yaml:4:13: icon path '../../etc/passwd.png' leaves the spec's folder"],
    ),
    "absolute icon path": (
        HEAD + "nodes:\n  a: {icon: /etc/x.png}\n",
        ["bad.yaml:4:13: icon path '/etc/x.png' must be relative to the spec's folder"],
    ),
    "edge to unknown id": (
        HEAD + "nodes:\n  client: A\nedges:\n  - clinet -> client\n",
        ["bad.yaml:6:5: unknown id 'clinet' (did you mean 'client'?)"],
    ),
    "edge to unknown id later in a chain": (
        HEAD + "nodes:\n  a: A\n  b: B\nedges:\n  - a -> b -> cc\n",
        ["bad.yaml:7:15: unknown id 'cc'"],
    ),
    "full edge to unknown id": (
        HEAD + "nodes: {a: A}\nedges:\n  - {from: a, to: [a, bb]}\n",
        ["bad.yaml:5:23: unknown id 'bb'"],
    ),
    "group member unknown": (
        HEAD + "nodes:\n  a: A\ngroups:\n  g: {members: [a, b]}\n",
        ["bad.yaml:6:20: unknown id 'b'"],
    ),
    "rank names unknown id": (
        HEAD + "nodes:\n  a: A\nranks:\n  - [a, z]\n",
        ["bad.yaml:6:9: unknown id 'z'"],
    ),
    "rank names a group": (
        HEAD + "nodes: {a: A}\ngroups:\n  g: {members: [a]}\nranks:\n  - [g]\n",
        ["bad.yaml:7:6: 'g' is a group; ranks list node ids only"],
    ),
    "malformed edge operator": (
        HEAD + "nodes:\n  a: A\n  b: B\nedges:\n  - a => b\n",
        ["bad.yaml:7:7: malformed edge 'a => b': unexpected character '=' in edge expression"],
    ),
    "malformed edge, missing end": (
        HEAD + "nodes:\n  a: A\n  b: B\nedges:\n  - 'a -> '\n",
        ["bad.yaml:7:10: malformed edge 'a ->': expected an id after '->'"],
    ),
    "malformed edge, no arrow": (
        HEAD + "nodes:\n  a: A\nedges:\n  - a\n",
        [
            "bad.yaml:6:5: malformed edge 'a': 'a' has no arrow; write e.g. 'a -> b' "
            "(operators: ->, <-, <->, --, ..>, <.., <..>, ..)"
        ],
    ),
    "malformed edge, missing comma": (
        HEAD + "nodes: {a: A, b: B, c: C}\nedges:\n  - a b -> c\n",
        [
            "bad.yaml:5:7: malformed edge 'a b -> c': expected an arrow such as '->' or a ',' "
            "between 'a' and 'b'"
        ],
    ),
    "edge mapping without from/to": (
        HEAD + "nodes: {a: A}\nedges:\n  - {label: x, style: bold}\n",
        [
            "bad.yaml:5:5: an edge mapping needs 'from' and 'to', or a single key that is an "
            "edge expression ('a -> b: label')"
        ],
    ),
    "full edge missing to": (
        HEAD + "nodes: {a: A}\nedges:\n  - {from: a, label: x}\n",
        ["bad.yaml:5:5: edge is missing required field 'to'"],
    ),
    "unknown edge attribute": (
        HEAD + "nodes: {a: A, b: B}\nedges:\n  - a -> b: {lable: x}\n",
        ["bad.yaml:5:14: unknown edge field 'lable' (did you mean 'label'?)"],
    ),
    "unknown edge style": (
        HEAD + "nodes: {a: A, b: B}\nedges:\n  - a -> b: {style: dashd}\n",
        ["bad.yaml:5:21: unknown edge style 'dashd' (did you mean 'dashed'?)"],
    ),
    "node in two groups": (
        HEAD + "nodes:\n  a: A\ngroups:\n  g: {members: [a]}\n  h: {members: [a]}\n",
        ["bad.yaml:7:17: 'a' is already a member of group 'g' (line 6)"],
    ),
    "group cycle": (
        HEAD + "nodes:\n  a: A\ngroups:\n  g: {members: [h]}\n  h: {members: [g]}\n",
        ["bad.yaml:6:17: group cycle: g contains h contains g"],
    ),
    "group containing itself": (
        HEAD + "nodes:\n  a: A\ngroups:\n  g: {members: [g, a]}\n",
        ["bad.yaml:6:17: group cycle: g contains g"],
    ),
    "unknown direction": (
        HEAD + "direction: TD\nnodes: {a: A}\n",
        ["bad.yaml:3:12: unknown direction 'TD'; expected one of TB, LR, BT, RL"],
    ),
    "unknown colour": (
        HEAD + "nodes:\n  a: {color: blu}\n",
        ["bad.yaml:4:14: unknown colour 'blu' (did you mean 'blue'?)"],
    ),
    "script url": (
        HEAD + "nodes:\n  a: {url: 'javascript:alert(1)'}\n",
        [
            "bad.yaml:4:12: url 'javascript:alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "not a mapping": ("- a\n- b\n", ["bad.yaml:1:1: a spec must be a mapping, not a list"]),
    "empty file": ("", ["bad.yaml:1:1: empty spec; expected 'archgen: 1', a 'title' and 'nodes'"]),
    "python tag": (
        HEAD + "nodes:\n  a: !!python/object/apply:os.system ['touch /tmp/pwned']\n",
        ["bad.yaml:4:6: YAML tags are not allowed (found '!!python/object/apply:os.system')"],
    ),
    "all errors at once": (
        "archgen: 1\nnodes:\n  a: {kind: databse, lable: x}\nedges:\n  - a -> nope\n",
        [
            "bad.yaml:1:1: missing required field 'title' (a human title for the diagram)",
            "bad.yaml:3:13: unknown kind 'databse' (did you mean 'database'?)",
            "bad.yaml:3:22: unknown node field 'lable' (did you mean 'label'?)",
            "bad.yaml:5:10: unknown id 'nope'",
        ],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_invalid_spec_message(name: str, tmp_path: Path) -> None:
    text, expected = CASES[name]
    with pytest.raises(SpecError) as info:
        loads(text, tmp_path / "bad.yaml", display="bad.yaml")
    assert [str(d) for d in info.value.diagnostics] == expected


def test_not_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"archgen: 1\ntitle: Caf\xe9\nnodes: {a: A}\n")
    with pytest.raises(SpecError) as info:
        load(path)
    assert str(info.value).endswith(
        "latin.yaml:2:11: file is not UTF-8 text (byte 0xe9 cannot be decoded)"
    )


def test_file_over_one_mebibyte(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(HEAD.encode() + b"nodes: {a: A}\n" + b"#" * (1024 * 1024))
    with pytest.raises(SpecError) as info:
        load(path)
    assert "a spec may be at most 1,048,576 (1 MiB)" in str(info.value)


def test_alias_expansion_bomb(tmp_path: Path) -> None:
    lines = [HEAD + "nodes: {a: A}", "x0: &x0 [a, a, a, a, a, a, a, a, a, a]"]
    for i in range(1, 7):
        lines.append(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 10) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SpecError) as info:
        load(path)
    assert "expands to more than 100,000 values (too many YAML aliases?)" in str(info.value)


def test_icon_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "specs"
    folder.mkdir()
    (folder / "link.png").symlink_to(outside)
    path = folder / "s.yaml"
    path.write_text(HEAD + "nodes:\n  a: {icon: link.png}\n")
    with pytest.raises(SpecError) as info:
        load(path)
    assert str(info.value).endswith("s.yaml:4:13: icon path 'link.png' leaves the spec's folder")


def test_spec_file_name_must_be_an_id(tmp_path: Path) -> None:
    path = tmp_path / "My Spec.yaml"
    path.write_text(HEAD + "nodes: {a: A}\n")
    with pytest.raises(SpecError) as info:
        load(path)
    assert "spec file name 'My Spec' is not a valid spec id" in str(info.value)
