"""Facts about icon image files: natural size, and SVG copies Graphviz can measure."""

from __future__ import annotations

import re
import struct
from pathlib import Path

_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_ATTR = re.compile(r'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')


def natural_size(path: Path) -> tuple[float, float]:
    """Pixel size of a PNG, or the declared size of an SVG (100×100 if it declares none)."""
    data = path.read_bytes()
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return float(width or 1), float(height or 1)
    root = _SVG_ROOT.search(data[:65536].decode("utf-8", "replace"))
    found = dict(_ATTR.findall(root.group(0))) if root else {}
    try:
        return _length(found["width"]), _length(found["height"])
    except (KeyError, ValueError):
        pass
    box = found.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
            if width > 0 and height > 0:
                return width, height
        except ValueError:
            pass
    return 100.0, 100.0


def _length(text: str) -> float:
    value = float(text.strip().removesuffix("px"))
    if value <= 0:
        raise ValueError(text)
    return value


def measurable_svg(path: Path, scratch: Path, index: int) -> Path:
    """A copy of an SVG icon in ``scratch`` that Graphviz can measure.

    Graphviz 2.43 recognises an SVG image only when it starts with an XML
    declaration, and sizes it only from the root's width and height; many
    icons have neither.
    """
    text = path.read_text(encoding="utf-8", errors="replace")
    root = _SVG_ROOT.search(text)
    if root is None:
        return path
    width, height = natural_size(path)
    tag = _ATTR.sub(lambda m: m.group(0) if m.group(1) == "viewBox" else "", root.group(0))
    tag = tag[:4] + f' width="{width:g}px" height="{height:g}px"' + tag[4:]
    copy = scratch / f"icon-{index}.svg"
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + tag + text[root.end() :]
    copy.write_text(body, encoding="utf-8")
    return copy
