"""Hostile and odd specs: refused by ``check`` with an exact, located message, or drawn so
that no text from the spec can run script, break the SVG or reach outside its place."""

from __future__ import annotations

import html
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest

import archgen
from archgen.errors import SpecError
from archgen.guide import GuideSources, render_guide
from archgen.layout import render_ascii
from archgen.renderers.graphviz import render_graphviz
from archgen.spec.load import load, loads

HEAD = "archgen: 1\ntitle: T\n"

REFUSED: dict[str, tuple[str, list[str]]] = {
    "control character in a title": (
        'archgen: 1\ntitle: "a\\x01b"\nnodes: {a: }\n',
        [
            "bad.yaml:2:8: text contains the control character U+0001, which SVG and "
            "terminals cannot show"
        ],
    ),
    "U+FFFF in a description": (
        HEAD + 'description: "x\\uFFFF"\nnodes: {a: }\n',
        ["bad.yaml:3:14: text contains the noncharacter U+FFFF, which SVG and XML cannot hold"],
    ),
    "U+FFFE in a note": (
        HEAD + 'nodes: {a: {note: "\\uFFFE"}}\n',
        ["bad.yaml:3:19: text contains the noncharacter U+FFFE, which SVG and XML cannot hold"],
    ),
    "a group label that is only a control character": (
        HEAD + 'nodes: {a: }\ngroups: {g: {members: [a], label: "\\a"}}\n',
        [
            "bad.yaml:4:35: text contains the control character U+0007, which SVG and "
            "terminals cannot show"
        ],
    ),
    "C1 control character": (
        HEAD + 'nodes: {a: {label: "x\\x9b2J"}}\n',
        [
            "bad.yaml:3:20: text contains the control character U+009B, which SVG and "
            "terminals cannot show"
        ],
    ),
    "lone surrogate": (
        HEAD + 'nodes: {a: {label: "\\ud800"}}\n',
        [
            "bad.yaml:3:20: text contains a lone surrogate (U+D800); write the character "
            "itself, or both halves of its pair"
        ],
    ),
    "terminal escape in a kind is never echoed raw": (
        HEAD + 'nodes: {a: {kind: "\\e]0;title\\a"}}\n',
        [
            "bad.yaml:3:19: text contains the control character U+001B, which SVG and "
            "terminals cannot show",
            "bad.yaml:3:19: unknown kind ']0;title'; expected one of client, user, mobile, "
            "browser, dns, cdn, load-balancer, api-gateway, firewall, web-server, app-server, "
            "service, worker, function, scheduler, database, cache, queue, stream, event-bus, "
            "storage, search, monitoring, logging, network, generic",
        ],
    ),
    "version true": (
        "archgen: true\ntitle: T\nnodes: {a: }\n",
        [
            "bad.yaml:1:10: unsupported archgen version 'true'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "version 0x1": (
        "archgen: 0x1\ntitle: T\nnodes: {a: }\n",
        [
            "bad.yaml:1:10: unsupported archgen version '0x1'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "version 0o1": (
        "archgen: 0o1\ntitle: T\nnodes: {a: }\n",
        [
            "bad.yaml:1:10: unsupported archgen version '0o1'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "version +1": (
        "archgen: +1\ntitle: T\nnodes: {a: }\n",
        [
            "bad.yaml:1:10: unsupported archgen version '+1'; this archgen reads version 1 "
            "(write 'archgen: 1')"
        ],
    ),
    "version of 5,000 digits": (
        "archgen: " + "1" * 5000 + "\ntitle: T\nnodes: {a: }\n",
        [
            "bad.yaml:1:10: unsupported archgen version '" + "1" * 59 + "…'; this archgen "
            "reads version 1 (write 'archgen: 1')"
        ],
    ),
    "a label of 5,000 digits": (
        HEAD + "nodes: {a: {label: " + "9" * 5000 + "}}\n",
        ["bad.yaml:3:20: label is 5,000 characters long; it may be at most 200"],
    ),
    "a 10,000-character edge label": (
        HEAD + "nodes: {a: , b: }\nedges:\n  - a -> b: " + "x" * 10_000 + "\n",
        ["bad.yaml:5:13: edge label is 10,000 characters long; it may be at most 200"],
    ),
    "a long label in an edge string": (
        HEAD + 'nodes: {a: , b: }\nedges:\n  - "a -> b: ' + "x" * 201 + '"\n',
        ["bad.yaml:5:5: edge label is 201 characters long; it may be at most 200"],
    ),
    "a long title": (
        "archgen: 1\ntitle: " + "t" * 201 + "\nnodes: {a: }\n",
        ["bad.yaml:2:8: title is 201 characters long; it may be at most 200"],
    ),
    "an empty title": (
        'archgen: 1\ntitle: "  "\nnodes: {a: }\n',
        ["bad.yaml:2:8: title is empty; write a human title for the diagram"],
    ),
    "too many fields": (
        HEAD + "nodes: {a: {fields: [" + ", ".join(["f"] * 101) + "]}}\n",
        ["bad.yaml:3:21: fields has 101 items; a node may have at most 100"],
    ),
    "a fan-out past the edge limit": (
        HEAD
        + "nodes: {"
        + ", ".join(f"n{i}: " for i in range(101))
        + '}\nedges:\n  - "['
        + ", ".join(f"n{i}" for i in range(101))
        + "] -> ["
        + ", ".join(f"n{i}" for i in range(100))
        + ']"\n',
        [
            "bad.yaml:5:5: the edges expand to more than 10,000 lines (chains and fan-outs "
            "counted one line per pair); split the figure"
        ],
    ),
    "javascript: behind &#58;": (
        HEAD + "nodes: {a: {url: 'javascript&#58;alert(1)'}}\n",
        [
            "bad.yaml:3:18: url 'javascript&#58;alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "javascript: behind &colon;": (
        HEAD + "nodes: {a: {url: 'javascript&colon;alert(1)'}}\n",
        [
            "bad.yaml:3:18: url 'javascript&colon;alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "javascript: behind &#106;": (
        HEAD + "nodes: {a: {url: '&#106;avascript:alert(1)'}}\n",
        [
            "bad.yaml:3:18: url '&#106;avascript:alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "javascript: behind &#x3a;": (
        HEAD + "nodes: {a: {url: 'javascript&#x3a;alert(1)'}}\n",
        [
            "bad.yaml:3:18: url 'javascript&#x3a;alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "javascript: percent-encoded": (
        HEAD + "nodes: {a: {url: 'javascript%3Aalert(1)'}}\n",
        [
            "bad.yaml:3:18: url 'javascript%3Aalert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "javascript: split by a percent-encoded tab": (
        HEAD + "nodes: {a: {url: 'java%09script:alert(1)'}}\n",
        [
            "bad.yaml:3:18: url 'java%09script:alert(1)' is not allowed: it uses the scheme "
            "'javascript:'; use http, https, mailto or a relative link"
        ],
    ),
    "data: url": (
        HEAD + "nodes: {a: {url: 'DATA:text/html,x'}}\n",
        [
            "bad.yaml:3:18: url 'DATA:text/html,x' is not allowed: it uses the scheme 'data:'; "
            "use http, https, mailto or a relative link"
        ],
    ),
    "url with a blank": (
        HEAD + "nodes: {a: {url: ' javascript:alert(1)'}}\n",
        [
            "bad.yaml:3:18: url ' javascript:alert(1)' is not allowed: it contains white space "
            "(write a space as %20); use http, https, mailto or a relative link"
        ],
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_with_a_located_message(name: str, tmp_path: Path) -> None:
    text, expected = REFUSED[name]
    with pytest.raises(SpecError) as info:
        loads(text, tmp_path / "bad.yaml", display="bad.yaml")
    assert [str(d) for d in info.value.diagnostics] == expected


def test_size_message_gives_the_real_size(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 3_000_000)
    with pytest.raises(SpecError) as info:
        load(path)
    assert str(info.value).endswith(
        "big.yaml: file is 3,000,000 bytes; a spec may be at most 1,048,576 (1 MiB)"
    )


def test_a_surrogate_pair_is_the_character_it_encodes(tmp_path: Path) -> None:
    spec = loads(HEAD + 'nodes: {a: {label: "ok \\ud83d\\udc4d"}}\n', tmp_path / "s.yaml")
    assert spec.nodes[0].label == "ok 👍"
    assert "👍" in render_ascii(archgen.to_graph(spec))


# -- accepted, and drawn safely ------------------------------------------------------


def _svg(text: str, folder: Path, name: str = "s") -> str:
    spec = loads(text, folder / f"{name}.yaml")
    (artifact,) = render_graphviz(archgen.to_graph(spec), ["svg"])
    svg = artifact.data.decode("utf-8")
    ET.fromstring(svg)  # well-formed XML
    return svg


def _hrefs(svg: str) -> list[str]:
    found = [html.unescape(h) for h in re.findall(r'xlink:href="([^"#][^"]*)"', svg)]
    return [h for h in found if not h.startswith("data:image/")]


def _assert_inert(svg: str) -> None:
    assert "<script" not in svg.lower()
    root = ET.fromstring(svg)
    for element in root.iter():
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), f"event handler {name}={value!r}"
            seen = re.sub(r"[\x00-\x20]", "", value).lower()
            assert not seen.startswith(("javascript:", "vbscript:", "data:text")), value


def test_a_quote_in_a_url_cannot_close_the_attribute(tmp_path: Path) -> None:
    svg = _svg(
        HEAD + "nodes:\n  a: {url: 'https://example.com/\"><script>alert(1)</script>'}\n",
        tmp_path,
    )
    _assert_inert(svg)
    assert _hrefs(svg) == ["https://example.com/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"]


@pytest.mark.parametrize("escape", ["\\N", "\\G", "\\E", "\\T", "\\H", "\\L"])
def test_graphviz_escapes_in_a_url_stay_literal(escape: str, tmp_path: Path) -> None:
    # A node or spec named 'javascript' made \N:alert(1) a javascript: link.
    text = f"archgen: 1\ntitle: J\nnodes:\n  javascript: {{url: '{escape}:alert(1)'}}\n"
    svg = _svg(text, tmp_path, name="javascript")
    _assert_inert(svg)
    assert _hrefs(svg) == [f"%5C{escape[1]}:alert%281%29"]


def test_an_ampersand_in_a_url_keeps_the_svg_well_formed(tmp_path: Path) -> None:
    svg = _svg(HEAD + "nodes:\n  a: {url: 'https://a.example/?a=1&b=2&c=&colon;'}\n", tmp_path)
    assert _hrefs(svg) == ["https://a.example/?a=1&b=2&c=&colon;"]


def test_a_trailing_backslash_in_a_url_renders(tmp_path: Path) -> None:
    svg = _svg(HEAD + "nodes:\n  a: {url: 'docs\\'}\n", tmp_path)
    assert _hrefs(svg) == ["docs%5C"]


def test_texts_that_graphviz_would_reject_or_expand_draw_literally(tmp_path: Path) -> None:
    text = (
        'archgen: 1\ntitle: "\\\\G <b> &amp;"\ndescription: "</desc><script>x</script>"\n'
        'nodes:\n  a: {label: "\\\\N ] \\" \'", note: "\\\\E\\\\T\\\\H\\\\L", fields: ["", " "]}\n'
        "  b: {}\ngroups:\n  g: {members: [b], label: ']', note: '&'}\n"
        'edges:\n  - "a -> b: \\\\N </text>"\n'
    )
    svg = _svg(text, tmp_path)
    _assert_inert(svg)
    root = ET.fromstring(svg)
    # Graphviz writes each run of a label as its own <text>; read them in order.
    drawn = "".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "\\N ] \" '" in drawn
    assert "\\E\\T\\H\\L" in drawn
    assert "\\N </text>" in drawn
    assert root.find("{http://www.w3.org/2000/svg}title").text == "\\G <b> &amp;"  # type: ignore[union-attr]


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("name", ["a&b.png", 'q"uote.png', "back\\Nslash.png", "é ü.svg"])
def test_icon_files_with_odd_names_render(name: str, tmp_path: Path) -> None:
    if name.endswith(".svg"):
        (tmp_path / name).write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>'
        )
    else:
        (tmp_path / name).write_bytes(_png(4, 4))
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    svg = _svg(HEAD + f'nodes:\n  a: {{icon: "{quoted}"}}\n', tmp_path)
    assert "data:image/" in svg
    assert str(tmp_path) not in svg and "icon-0.png" not in svg


ICON_PROBLEMS = {
    "too big": (
        lambda: _png(4, 4) + b"\0" * (1024 * 1024),
        "icon.png",
        "icon file 'icon.png' is 1.0 MiB; an icon may be at most 1 MiB",
    ),
    "not a png": (lambda: b"GIF89a", "icon.png", "icon file 'icon.png' is not a PNG image"),
    "png of zero width": (
        lambda: _png(0, 4),
        "icon.png",
        "icon file 'icon.png' has a width of 0; it must be more than 0 and at most 8192 pixels",
    ),
    "svg width nan": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" width="nan" height="5"/>',
        "icon.svg",
        "icon file 'icon.svg' has a size that is not a number: 'nan'",
    ),
    "svg of huge size": (
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e9 5"/>',
        "icon.svg",
        "icon file 'icon.svg' has a viewBox width of 1e+09; it must be more than 0 and at "
        "most 8192 pixels",
    ),
    "not an svg": (
        lambda: b"<html></html>",
        "icon.svg",
        "icon file 'icon.svg' is not an SVG image (no <svg> element)",
    ),
}


@pytest.mark.parametrize("case", list(ICON_PROBLEMS))
def test_an_icon_that_cannot_be_inlined_is_refused(case: str, tmp_path: Path) -> None:
    make, name, message = ICON_PROBLEMS[case]
    (tmp_path / name).write_bytes(make())
    path = tmp_path / "s.yaml"
    path.write_text(HEAD + f"nodes:\n  a: {{icon: {name}}}\n")
    with pytest.raises(SpecError) as info:
        load(path)
    assert [d.message for d in info.value.diagnostics] == [message]


# -- the guide ------------------------------------------------------------------------


def _guide(template: str, tmp_path: Path, spec_text: str) -> str:
    spec = loads(spec_text, tmp_path / "x.yaml")
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "guide.md.j2").write_text(template)
    sources = GuideSources({"x": spec}, lambda _: "```\nart```\n", folder, None)
    return render_guide(sources)


def test_spec_text_in_the_guide_is_escaped_for_markdown(tmp_path: Path) -> None:
    text = (
        "archgen: 1\ntitle: '# <img src=x onerror=alert(1)> *b* [l](javascript:x) #'\n"
        'description: "<script>alert(1)</script>\\n\\n    code &amp; `tick` 1. item"\n'
        "nodes: {a: }\n"
    )
    out = _guide(
        "## {{ spec('x').title }}\n\n{{ spec('x').description }}\n\n{{ figure('x', 'svg') }}\n"
        "{{ figure('x') }}\n",
        tmp_path,
        text,
    )
    assert out == (
        "## \\# \\<img src=x onerror=alert(1)\\> \\*b\\* \\[l\\](javascript:x) \\#\n\n"
        "\\<script\\>alert(1)\\</script\\> code \\&amp; \\`tick\\` 1. item\n\n"
        "![\\# \\<img src=x onerror=alert(1)\\> \\*b\\* \\[l\\](javascript:x) \\#](svg/x.svg)\n"
        "````\n```\nart```\n````\n"
    )


def test_templates_see_plain_data_only(tmp_path: Path) -> None:
    from archgen.guide import GuideError

    with pytest.raises(GuideError) as info:
        _guide("{{ spec('x').path.read_text() }}\n", tmp_path, HEAD + "nodes: {a: }\n")
    assert str(info.value).endswith("guide.md.j2:1: 'dict object' has no attribute 'path'")
    out = _guide("{{ spec('x').nodes[0] }}\n", tmp_path, HEAD + "nodes: {a: {note: n}}\n")
    assert out == (
        "{'id': 'a', 'label': 'A', 'kind': 'service', 'note': 'n', 'fields': [], "
        "'url': None, 'color': None}\n"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("line\n{{ 1 / 0 }}\n", "guide.md.j2:2: division by zero"),
        ("{{ 2 ** 100000 }}\n", "guide.md.j2:1: the template raises a number to too high a power"),
        (
            "{{ 'x' * 10000000 }}\n",
            "guide.md.j2:1: the template repeats a text or list too many times",
        ),
        ("{{ [1][5] }}\n", "guide.md.j2:1: list object has no element 5"),
    ],
)
def test_any_template_error_is_located(template: str, message: str, tmp_path: Path) -> None:
    from archgen.guide import GuideError

    with pytest.raises(GuideError) as info:
        _guide(template, tmp_path, HEAD + "nodes: {a: }\n")
    assert str(info.value).endswith(message)
