"""A gallery built from hostile specs, opened in a real headless Chromium: no script from a
spec runs, no dialog opens, and no link on the page leads anywhere but http(s), mailto or a
relative file."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.build import build, write_gallery
from archgen.errors import SpecError
from archgen.spec.load import load
from tests.test_gallery import run_probe

# Urls that `check` accepts (they are written percent-encoded) and urls it refuses.
URLS = [
    'https://example.com/"><script>alert(1)</script>',
    "\\N:alert(3)",
    "\\G:alert(4)",
    "https://a.example/?a=1&b=2&c=&colon;",
    "docs/page.html#\"onmouseover='alert(9)'",
    "mailto:x@example.com?subject=<svg/onload=alert(10)>",
    "//evil.example/%22%3E%3Cscript%3Ealert(11)%3C/script%3E",
]
REFUSED_URLS = [
    "https://example.com/'><img src=x onerror=alert(2)>",
    "javascript&#58;alert(5)",
    "javascript&colon;alert(6)",
    "&#106;avascript:alert(7)",
    "javascript&#x3a;alert(8)",
    "JaVaScRiPt:alert(12)",
    "java\tscript:alert(13)",
    "data:text/html,<script>alert(14)</script>",
    "vbscript:msgbox(15)",
]

TEXTS = [
    "<script>alert(101)</script>",
    "<img src=x onerror=alert(102)>",
    "</text></svg><svg onload=alert(103)>",
    "]]><script>alert(104)</script>",
    "<!--<script>alert(105)//-->",
    "&lt;script&gt;alert(106)&lt;/script&gt;",
    "[x](javascript:alert(107))",
    "\\N \\G \\L",
]

# The probe replaces the dialogs before anything else on the page runs, records every call,
# then, once the page has loaded (images failed included), reads every link the page holds
# as the browser resolves it.
PROBE_HEAD = """<script>
window.__dialogs = [];
["alert", "confirm", "prompt", "print"].forEach(function (name) {
  window[name] = function () { window.__dialogs.push(name + ":" + String(arguments[0])); };
});
</script>"""

PROBE_TAIL = """<script>
window.addEventListener("load", function () {
  var out = {dialogs: window.__dialogs, links: [], handlers: [], scripts: 0};
  document.querySelectorAll("a, [href], [xlink\\\\:href]").forEach(function (a) {
    var raw = a.getAttribute("href") || a.getAttributeNS("http://www.w3.org/1999/xlink", "href");
    if (raw === null) { return; }
    var url;
    try { url = new URL(raw, document.baseURI); } catch (e) { out.links.push(["bad", raw]); return; }
    out.links.push([url.protocol, raw]);
  });
  document.querySelectorAll("*").forEach(function (el) {
    Array.prototype.forEach.call(el.attributes, function (at) {
      if (/^on/i.test(at.name)) { out.handlers.push(el.tagName + " " + at.name); }
    });
  });
  out.scripts = document.querySelectorAll("script").length;
  var pre = document.createElement("pre");
  pre.id = "__result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def _spec_text(url: str, text: str) -> str:
    """A spec with ``text`` in every text field and ``url`` on a node named ``javascript``."""
    quoted = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "archgen: 1\n"
        f'title: "{quoted}"\n'
        f'description: "{quoted}"\n'
        "nodes:\n"
        f"  javascript: {{label: \"{quoted}\", url: '{url.replace(chr(39), chr(39) * 2)}',"
        f' note: "{quoted}", fields: ["{quoted}"]}}\n'
        f'  b: {{label: "{quoted}"}}\n'
        "groups:\n"
        f'  g: {{members: [b], label: "{quoted}", note: "{quoted}"}}\n'
        "edges:\n"
        f'  - "javascript -> b: {quoted}"\n'
    )


def _hostile_specs(folder: Path) -> list[Path]:
    paths = []
    for i in range(max(len(URLS), len(TEXTS))):
        path = folder / f"hostile-{i:02d}.yaml"
        path.write_text(_spec_text(URLS[i % len(URLS)], TEXTS[i % len(TEXTS)]), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_script_urls_are_refused_by_check(url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(_spec_text(url, "t"), encoding="utf-8")
    with pytest.raises(SpecError, match=r"bad\.yaml:5:\d+: url .* is not allowed"):
        load(path)


def test_a_gallery_of_hostile_specs_runs_no_script(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    out = tmp_path / "out"
    formats = ["svg", "png", "ascii"]
    results = build(_hostile_specs(specs), out, formats)
    assert [r.error for r in results if r.error] == []
    page = write_gallery(results, out, formats).read_text(encoding="utf-8")
    own_scripts = page.count("<script")
    result = run_probe(page, PROBE_HEAD, PROBE_TAIL, out / "probe.html", tmp_path)
    assert result["dialogs"] == []
    assert result["handlers"] == []
    assert result["scripts"] == own_scripts + 2  # the gallery's own and the probe's two
    links = result["links"]
    assert isinstance(links, list) and links
    protocols = {protocol for protocol, _raw in links}
    assert protocols <= {"http:", "https:", "mailto:", "file:"}, links
    # The javascript-named node with \N and \G urls stays a relative file link.
    assert any(raw.startswith("%5CN:") for _p, raw in links)
