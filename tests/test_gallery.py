"""The gallery page, opened in a real headless Chromium: figures show, filter works, no errors."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from archgen.build import build, write_gallery
from tests.conftest import spec_paths

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

PROBE_HEAD = """<script>
window.__errors = [];
window.addEventListener("error", function (e) { window.__errors.push(String(e.message)); });
var __consoleError = console.error;
console.error = function () {
  window.__errors.push(Array.prototype.join.call(arguments, " "));
  __consoleError.apply(console, arguments);
};
</script>"""

PROBE_TAIL = """<script>
(function () {
  var out = {figures: [], errors: window.__errors};
  document.querySelectorAll("article").forEach(function (card) {
    var svg = card.querySelector("svg"), pre = card.querySelector("pre");
    var s = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    var p = pre ? pre.getBoundingClientRect() : {width: 0, height: 0};
    out.figures.push({id: card.id, svg: [s.width, s.height], pre: [p.width, p.height]});
  });
  var box = document.getElementById("filter");
  box.value = "cache";
  box.dispatchEvent(new Event("input"));
  out.cacheShown = Array.prototype.filter.call(
    document.querySelectorAll("article"), function (a) { return !a.hidden; }
  ).map(function (a) { return a.id; });
  box.value = "";
  box.dispatchEvent(new Event("input"));
  out.allShown = document.querySelectorAll("article:not([hidden])").length;
  var pre = document.createElement("pre");
  pre.id = "__result";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed; run `make test` (it installs Debian's chromium)")
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    formats = ["svg", "png", "ascii"]
    results = build(spec_paths(), out, formats)
    assert not [r for r in results if r.error]
    write_gallery(results, out, formats)
    return out


def run_page(page: Path, tmp_path: Path) -> dict[str, object]:
    done = subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'<pre id="__result">(.*?)</pre>', done.stdout, re.S)
    assert found, f"the probe did not run: {done.stderr[-2000:]}"
    return dict(json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<")))


def run_probe(page: str, head: str, tail: str, probe: Path, tmp_path: Path) -> dict[str, object]:
    """Open ``page`` with ``head`` first in its <head> and ``tail`` last in its <body>;
    return what the probe wrote into ``<pre id="__result">``."""
    probe.write_text(
        page.replace("<head>", "<head>\n" + head, 1).replace("</body>", tail + "</body>"),
        encoding="utf-8",
    )
    return run_page(probe, tmp_path)


def test_gallery_in_a_real_browser(site: Path, tmp_path: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "http://" not in page.replace('xmlns="http://www.w3.org', "").replace(
        'xmlns:xlink="http://www.w3.org', ""
    ).replace("http://www.w3.org/1999/xlink", "").replace("http://www.w3.org/2000/svg", "")
    result = run_probe(page, PROBE_HEAD, PROBE_TAIL, site / "probe.html", tmp_path)
    assert result["errors"] == []
    figures = result["figures"]
    assert isinstance(figures, list)
    assert sorted(f["id"] for f in figures) == sorted(p.stem for p in spec_paths())
    for f in figures:
        assert f["svg"][0] > 50 and f["svg"][1] > 50, f"{f['id']}: SVG not displayed"
        assert f["pre"][0] > 50 and f["pre"][1] > 20, f"{f['id']}: box art not displayed"
    assert "cache-aside" in result["cacheShown"]
    assert "monolithic" not in result["cacheShown"]
    assert result["allShown"] == len(spec_paths())


def test_gallery_screenshot(site: Path, tmp_path: Path) -> None:
    shot = tmp_path / "gallery.png"
    subprocess.run(
        [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1400,2400",
            (site / "index.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    keep = Path("/tmp/archgen-gallery.png")
    keep.write_bytes(data)  # for a person to look at after the run
