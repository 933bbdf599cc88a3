"""Fuzzing the whole pipeline: odd and broken spec texts go through ``loads``, the graph, the box
art and the SVG. A refused spec must give located, printable messages; an accepted spec must
draw, deterministically, into an SVG that parses and holds no script, handler or local path."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import archgen
from archgen.errors import RenderError, SpecError
from archgen.layout import render_ascii
from archgen.renderers.graphviz import render_graphviz
from archgen.spec.edgeexpr import OPERATORS
from archgen.spec.load import display_path, loads
from tests.conftest import hunting, spec_paths

IDS = ["a", "b", "c", "d", "e", "javascript", "on-load", "x-1", "n_2", "9z"]
"""Node and group ids: a small alphabet, with a few that look like URL schemes or handlers."""

SAFE_ODD = [
    "",
    " ",
    "   ",
    "\\N",
    "\\G",
    "\\E",
    "\\T",
    "\\H",
    "\\L",
    "trailing\\",
    "\\",
    "]",
    "[x",
    '"',
    "'",
    "&",
    "&amp;",
    "&colon;",
    "&lt;b&gt;",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "JaVaScRiPt:x",
    "&#106;avascript:x",
    " javascript:x",
    "https://a.example/?a=1&b=2",
    "mailto:a@b.example",
    "rel/page.html",
    "中文标签",
    "😀",
    "👨‍👩‍👧",
    "e\u0301\u0301",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eevil",
    "\ud83d\udc4d",
    "# x",
    "*a*",
    "`code`",
    "a\nb",
    "line\n\nbreaks\n",
    "\tx",
    "{x}",
    "%s %d",
    "a: b",
    "- x",
    "-> b",
]
"""Odd texts every field should survive (the pair of surrogate escapes is one character)."""

BAD_ODD = ["\x1b[31mred", "\x07", "\x00", "\u0085", "\x9b2J", "\ufffe", "\uffff", "\ud800"]
"""Texts a valid spec cannot hold: control characters, noncharacters, a lone surrogate."""

ODD = SAFE_ODD + BAD_ODD

KINDS = ["service", "database", "cache", "client", "queue", "worker", "generic"]
STYLES = ["solid", "dashed", "dotted", "bold"]
ARROWS = ["forward", "back", "both", "none"]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters no message may hold raw (tab and newline may)."""

LOCAL_PATHS = ("/usr/", "/tmp/", "/root/", "/work/", "file:")


def _needs_escape(c: str) -> bool:
    o = ord(c)
    return (
        o < 0x20
        or 0x7F <= o <= 0x9F
        or 0xD800 <= o <= 0xDFFF
        or o in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF)
    )


def q(text: str) -> str:
    """``text`` as a double-quoted YAML scalar; control characters and surrogates as escapes."""
    out = []
    for c in text:
        if c in '\\"':
            out.append("\\" + c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif _needs_escape(c):
            out.append(f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


@st.composite
def odd_texts(draw: st.DrawFn, pool: list[str]) -> str:
    """One text from ``pool``, a few of them run together, or a long text (up to 300 chars)."""
    how = draw(st.integers(0, 5))
    if how <= 2:
        return draw(st.sampled_from(pool))
    if how <= 4:
        return "".join(draw(st.lists(st.sampled_from(pool), min_size=2, max_size=3)))
    n = draw(st.integers(1, 300))
    unit = draw(st.sampled_from(["W", "word ", "中", "😀", "a&b ", "<x>", pool[0] or "y"]))
    return (unit * n)[:n]


@st.composite
def generated_specs(draw: st.DrawFn) -> str:
    """A spec text with odd texts in every text field: nested groups, every edge form."""
    pool = ODD if draw(st.integers(0, 3)) == 0 else SAFE_ODD
    text = odd_texts(pool)
    ids = draw(st.permutations(IDS))
    n_nodes = draw(st.integers(1, 6))
    nodes, groups = ids[:n_nodes], ids[n_nodes : n_nodes + draw(st.integers(0, 4))]
    depth: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    for g in groups:
        options = [None, *(h for h in depth if depth[h] < 3)]
        parent[g] = draw(st.sampled_from(options))
        depth[g] = 1 if parent[g] is None else depth[parent[g]] + 1  # type: ignore[index]
    for n in nodes:
        parent[n] = draw(st.sampled_from([None, *groups])) if groups else None

    lines = ["archgen: 1"]
    if draw(st.integers(0, 9)):
        lines.append(f"title: {q(draw(text))}")
    if draw(st.booleans()):
        lines.append(f"description: {q(draw(text))}")
    if draw(st.booleans()):
        lines.append(f"direction: {draw(st.sampled_from(['TB', 'BT', 'LR', 'RL']))}")
    lines.append("nodes:")
    for n in nodes:
        form = draw(st.integers(0, 5))
        if form == 0:
            lines.append(f"  {n}:")
        elif form == 1:
            lines.append(f"  {n}: {q(draw(text))}")
        else:
            lines.append(f"  {n}:")
            lines.append(f"    label: {q(draw(text))}")
            if draw(st.booleans()):
                lines.append(f"    note: {q(draw(text))}")
            if draw(st.booleans()):
                lines.append(f"    kind: {draw(st.sampled_from(KINDS))}")
            if draw(st.integers(0, 2)) == 0:
                items = draw(st.lists(text, max_size=3))
                lines.append(f"    fields: [{', '.join(q(i) for i in items)}]")
            if draw(st.integers(0, 2)) == 0:
                lines.append(f"    url: {q(draw(text))}")
    if groups:
        lines.append("groups:")
        for g in groups:
            members = [m for m in [*nodes, *groups] if parent[m] == g]
            lines.append(f"  {g}:")
            if draw(st.booleans()):
                lines.append(f"    label: {q(draw(text))}")
            if draw(st.booleans()):
                lines.append(f"    note: {q(draw(text))}")
            lines.append(f"    members: [{', '.join(members)}]")

    ends = [*nodes, *groups]

    def end() -> str:
        many = draw(st.integers(0, 4))
        if many == 0:
            picked = draw(st.lists(st.sampled_from(ends), min_size=1, max_size=3))
            return "[" + ", ".join(picked) + "]"
        if many == 1:
            return ", ".join(draw(st.lists(st.sampled_from(ends), min_size=1, max_size=2)))
        return draw(st.sampled_from(ends))

    edges = []
    for _ in range(draw(st.integers(0, 8))):
        if draw(st.integers(0, 5)) == 0:
            first = draw(st.sampled_from(ends))
            expr = f"{first} {draw(st.sampled_from(list(OPERATORS)))} {first}"  # a self-loop
        else:
            expr = end()
            for _hop in range(draw(st.integers(1, 3))):
                expr += f" {draw(st.sampled_from(list(OPERATORS)))} {end()}"
        form = draw(st.integers(0, 4))
        if form <= 1:
            edges.append(f"  - {q(expr)}")
        elif form == 2:
            edges.append(f"  - {q(expr)}: {q(draw(text))}")
        elif form == 3:
            attrs = [f"label: {q(draw(text))}"]
            if draw(st.booleans()):
                attrs.append(f"style: {draw(st.sampled_from(STYLES))}")
            if draw(st.booleans()):
                attrs.append(f"arrow: {draw(st.sampled_from(ARROWS))}")
            edges.append(f"  - {q(expr)}: {{{', '.join(attrs)}}}")
        else:
            a = draw(st.sampled_from(ends))
            b = draw(st.lists(st.sampled_from(ends), min_size=1, max_size=2))
            edges.append(f"  - {{from: {a}, to: [{', '.join(b)}], label: {q(draw(text))}}}")
    if edges:
        lines += ["edges:", *edges]
    if draw(st.booleans()):
        ranks = draw(st.lists(st.lists(st.sampled_from(nodes), min_size=1, max_size=3), max_size=2))
        if ranks:
            lines += ["ranks:", *(f"  - [{', '.join(r)}]" for r in ranks)]
    return "\n".join(lines) + "\n"


SPEC_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in spec_paths()}
MUTATIONS = [
    "delete",
    "duplicate",
    "swap",
    "value",
    "raw-value",
    "archgen-true",
    "indent",
    "dedent",
    "javascript-id",
    "insert-node",
    "insert-edge",
    "truncate",
]


@st.composite
def mutated_specs(draw: st.DrawFn) -> str:
    """A real spec from specs/ with one to three random text mutations."""
    lines = SPEC_TEXTS[draw(st.sampled_from(sorted(SPEC_TEXTS)))].splitlines()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            lines = ["archgen: 1"]
        i = draw(st.integers(0, len(lines) - 1))
        how = draw(st.sampled_from(MUTATIONS))
        if how == "delete":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif how in ("value", "raw-value"):
            spots = [(k, m) for k, line in enumerate(lines) for m in _values(line)]
            if spots:
                k, (start, stop) = draw(st.sampled_from(spots))
                odd = draw(odd_texts(ODD))
                if how == "raw-value" and not any(0xD800 <= ord(c) <= 0xDFFF for c in odd):
                    new = odd
                else:
                    new = q(odd)
                lines[k] = lines[k][:start] + new + lines[k][stop:]
        elif how == "archgen-true":
            lines.insert(i, "archgen: true")
        elif how == "indent":
            lines[i] = "  " + lines[i]
        elif how == "dedent":
            lines[i] = lines[i].lstrip()
        elif how == "javascript-id":
            words = list(re.finditer(r"[a-z][a-z0-9_-]*", lines[i]))
            if words:
                w = draw(st.sampled_from(words))
                lines[i] = lines[i][: w.start()] + "javascript" + lines[i][w.end() :]
        elif how == "insert-node":
            label, url = q(draw(odd_texts(ODD))), q(draw(odd_texts(ODD)))
            lines.insert(i, f"  javascript: {{label: {label}, url: {url}}}")
        elif how == "insert-edge":
            other = draw(st.sampled_from(["client", "javascript", "a", "[x, y]"]))
            op = draw(st.sampled_from(list(OPERATORS)))
            lines.insert(i, f"  - javascript {op} {other}: {q(draw(odd_texts(ODD)))}")
        else:
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].splitlines()
    return "\n".join(lines) + "\n"


def _values(line: str) -> list[tuple[int, int]]:
    """The spans of the values after each ``: `` in ``line`` (up to ``,`` ``}`` or the end)."""
    return [m.span(1) for m in re.finditer(r": ([^,{}\[\]\n]*)", line)]


def check_refusal(exc: SpecError, path: Path) -> None:
    """Every diagnostic names the file (and line:col unless about the whole file), printably."""
    shown = re.escape(display_path(path))
    assert exc.diagnostics, "a SpecError without diagnostics"
    for d in exc.diagnostics:
        message = str(d)
        assert re.match(rf"^{shown}:\d+:\d+: ", message) or re.match(rf"^{shown}: ", message), (
            f"diagnostic without a location: {message!r}"
        )
        assert not CONTROL.search(message), f"raw control character in {message!r}"
        message.encode("utf-8")  # no lone surrogate: every message can be printed


def _scrubbed(value: str) -> str:
    text = html.unescape(value)
    return "".join(c for c in text if not c.isspace() and not CONTROL.match(c)).lower()


def check_svg(data: bytes) -> None:
    """The SVG parses and carries no script, handler, ``javascript:`` value or local path."""
    text = data.decode("utf-8")
    root = ET.fromstring(data)
    assert "<script" not in text.lower(), "a <script> element in the SVG"
    for element in root.iter():
        assert not element.tag.rsplit("}", 1)[-1].lower().startswith("script")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), f"handler attribute {name}={value!r}"
            assert not _scrubbed(value).startswith("javascript:"), (
                f"javascript: in attribute {name}={value!r} of <{element.tag}>"
            )
    for local_path in LOCAL_PATHS:
        assert local_path not in text, f"local path {local_path!r} in the SVG"


def run_pipeline(text: str, path: Path) -> bool:
    """Load ``text``; check a refusal's messages, or draw an accepted spec and check the SVG.

    Returns whether the spec was accepted (and drawn)."""
    try:
        spec = loads(text, path)
    except SpecError as exc:
        check_refusal(exc, path)
        return False
    graph = archgen.to_graph(spec)
    art = render_ascii(graph, width=None)
    assert art == render_ascii(graph, width=None), "box art is not deterministic"
    assert not CONTROL.search(art), "raw control character in the box art"
    try:
        artifacts = render_graphviz(graph, ["svg"])
    except RenderError as exc:
        pytest.fail(f"an accepted spec failed to render: {exc}")
    svgs = [a for a in artifacts if a.suffix.lstrip(".") == "svg"]
    assert len(svgs) == 1, f"expected one SVG, got {[a.suffix for a in artifacts]}"
    check_svg(svgs[0].data)
    return True


@hunting(40)
@given(generated_specs())
def test_generated_specs_are_refused_cleanly_or_drawn_safely(tmp_path: Path, text: str) -> None:
    run_pipeline(text, tmp_path / "fuzz.yaml")


@hunting(25)
@given(mutated_specs())
def test_mutated_specs_are_refused_cleanly_or_drawn_safely(tmp_path: Path, text: str) -> None:
    run_pipeline(text, tmp_path / "fuzz.yaml")
