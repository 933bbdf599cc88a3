"""The gallery: one self-contained HTML page with every figure, for browsing and copying."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archgen.escape import html
from archgen.spec.model import Spec

_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'(xlink:href|href)="#([^"]+)"')


@dataclass(frozen=True)
class GalleryEntry:
    """One spec's figures as the gallery shows them."""

    spec: Spec
    svg: str | None
    art: str | None
    formats: tuple[str, ...]
    """Formats written for this spec (svg, png, ascii), for the download links."""


def scoped_svg(svg: str, prefix: str) -> str:
    """An SVG ready to inline beside others: no XML prolog, every id prefixed."""
    body = svg[svg.index("<svg") :]
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    return _HREF.sub(lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"', body)


_STYLE = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e;
  --card: #f6f8fa; --line: #d1d9e0; --figure: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --card: #151b23;
    --line: #3d444d; --figure: #f6f8fa; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  background: var(--bg); color: var(--fg); }
header { position: sticky; top: 0; background: var(--bg); border-bottom: 1px solid var(--line);
  padding: 1rem 2rem; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
header h1 { font-size: 1.25rem; margin: 0; flex: 1; }
#filter { font: inherit; padding: .4rem .6rem; min-width: 18rem; border-radius: 6px;
  border: 1px solid var(--line); background: var(--card); color: var(--fg); }
#count { color: var(--muted); }
main { padding: 1rem 2rem 3rem; display: grid; gap: 2rem; }
article { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 1rem 1.5rem; }
article h2 { margin: .2rem 0; font-size: 1.2rem; }
article p { color: var(--muted); max-width: 70rem; }
.figures { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1rem;
  align-items: start; }
@media (max-width: 1100px) { .figures { grid-template-columns: minmax(0, 1fr); } }
.svg { background: var(--figure); border-radius: 8px; padding: .5rem; overflow: auto; }
.svg svg { display: block; max-width: 100%; height: auto; }
pre { margin: 0; overflow: auto; padding: .75rem; border-radius: 8px; background: var(--bg);
  border: 1px solid var(--line); font: 13px/1.25 ui-monospace, "DejaVu Sans Mono", monospace; }
.links a { margin-right: 1rem; color: inherit; }
.kinds { color: var(--muted); font-size: .85rem; }
[hidden] { display: none !important; }
"""

_SCRIPT = """
(function () {
  var box = document.getElementById("filter");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article"));
  var count = document.getElementById("count");
  function apply() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      var hay = card.getAttribute("data-search");
      var ok = words.every(function (w) { return hay.indexOf(w) !== -1; });
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + cards.length;
  }
  box.addEventListener("input", apply);
  apply();
})();
"""


def gallery_html(title: str, entries: Sequence[GalleryEntry]) -> str:
    """The whole page: works offline from file://, no external resources."""
    cards = []
    for entry in entries:
        spec = entry.spec
        kinds = sorted({n.kind for n in spec.nodes})
        search = " ".join([spec.id, spec.title.lower(), *kinds]).lower()
        links = " ".join(
            f'<a href="{folder}/{spec.id}.{suffix}">{label}</a>'
            for fmt, folder, suffix, label in (
                ("svg", "svg", "svg", "SVG"),
                ("png", "png", "png", "PNG"),
                ("ascii", "ascii", "txt", "TXT"),
            )
            if fmt in entry.formats
        )
        parts = [
            f'<article id="{html.attribute(spec.id)}" data-search="{html.attribute(search)}">',
            f"<h2>{html.text(spec.title)}</h2>",
            f'<div class="kinds">{html.text(spec.id)} · {html.text(", ".join(kinds))}</div>',
        ]
        if spec.description:
            parts.append(f"<p>{html.text(spec.description)}</p>")
        figures = []
        if entry.svg is not None:
            figures.append(f'<div class="svg">{scoped_svg(entry.svg, spec.id)}</div>')
        if entry.art is not None:
            figures.append(f'<pre aria-label="box art">{html.text(entry.art)}</pre>')
        parts.append(f'<div class="figures">{"".join(figures)}</div>')
        parts.append(f'<div class="links">{links}</div>')
        parts.append("</article>")
        cards.append("\n".join(parts))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.text(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<header><h1>{html.text(title)}</h1>"
        '<input id="filter" type="search" placeholder="Filter by name or kind (e.g. cache)" '
        'aria-label="Filter figures"><span id="count"></span></header>\n'
        "<main>\n" + "\n".join(cards) + "\n</main>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
