"""Making Graphviz SVG self-contained: icons inlined once each, title and description added.

Graphviz writes each icon as ``<image xlink:href="/local/path.png">``. Each
distinct file goes once into ``<defs>`` as a data URI at its natural size and
every use becomes a scaled ``<use>``, so the file carries no local path and a
repeated icon costs a few bytes.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from pathlib import Path

from archgen.errors import RenderError
from archgen.escape import xml
from archgen.spec.iconfile import IconFileError, natural_size

_IMAGE = re.compile(
    r'<image xlink:href="(?P<href>[^"]*)" width="(?P<w>[0-9.]+)px" height="(?P<h>[0-9.]+)px" '
    r'preserveAspectRatio="(?P<par>[^"]*)" x="(?P<x>-?[0-9.]+)" y="(?P<y>-?[0-9.]+)"/>'
)
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def inline(svg: bytes, icons: Mapping[str, Path], title: str, description: str | None) -> bytes:
    """Return ``svg`` with every icon embedded and ``<title>``/``<desc>`` first in the root."""
    text = svg.decode("utf-8")
    ids: dict[str, str] = {}
    defs: list[str] = []

    def replace(match: re.Match[str]) -> str:
        href = html.unescape(match["href"])
        if href not in icons:
            raise RenderError(f"Graphviz referenced an unexpected image file: {href}")
        if href not in ids:
            ids[href] = f"archgen-icon-{len(ids)}"
            defs.append(_definition(ids[href], icons[href]))
        width, height = _size(icons[href])
        scale = min(float(match["w"]) / width, float(match["h"]) / height)
        x, y = float(match["x"]), float(match["y"])
        # Centre the icon in its cell, as the PNG renderer does.
        dx = (float(match["w"]) - width * scale) / 2
        dy = (float(match["h"]) - height * scale) / 2
        return (
            f'<use xlink:href="#{ids[href]}" '
            f'transform="translate({_num(x + dx)},{_num(y + dy)}) scale({_num(scale)})"/>'
        )

    text = _IMAGE.sub(replace, text)
    if "<image " in text:
        raise RenderError("Graphviz wrote an image element archgen could not inline")
    opening = _SVG_OPEN.search(text)
    if opening is None:
        raise RenderError("Graphviz output has no <svg> element")
    head = f"\n<title>{xml.text(title)}</title>\n"
    if description:
        head += f"<desc>{xml.text(description)}</desc>\n"
    if defs:
        head += "<defs>\n" + "\n".join(defs) + "\n</defs>\n"
    root = opening.group(0)
    if "role=" not in root:
        root = root[:-1] + ' role="img">'
    text = text[: opening.start()] + root + head.rstrip("\n") + text[opening.end() :]
    return text.encode("utf-8")


def _definition(ident: str, path: Path) -> str:
    data = path.read_bytes()
    mime = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    width, height = _size(path)
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<image id="{ident}" width="{_num(width)}" height="{_num(height)}" '
        f'xlink:href="data:{mime};base64,{encoded}"/>'
    )


def _size(path: Path) -> tuple[float, float]:
    try:
        return natural_size(path)
    except IconFileError as exc:
        raise RenderError(f"icon file {path} cannot be inlined: it {exc}") from None


def _num(value: float) -> str:
    """A short, deterministic number for SVG attributes."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
