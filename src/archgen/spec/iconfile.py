"""What an icon file beside a spec must be: a real PNG or SVG, small, with a sane size.

The checker refuses any other file with its location; the renderers read the
natural size from here, so an icon that passes the check always inlines.
"""

from __future__ import annotations

import math
import re
import struct
from pathlib import Path

MAX_BYTES = 1024 * 1024
"""Largest icon file accepted (1 MiB): every icon is inlined into each SVG that uses it."""
MAX_SIDE = 8192.0
"""Largest width or height, in pixels."""
DEFAULT_SIZE = (100.0, 100.0)
"""The size of an SVG that declares none."""

_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_ATTR = re.compile(r'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')
_LENGTH = re.compile(r"^\s*([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px)?\s*$")


class IconFileError(ValueError):
    """An icon file that cannot be drawn, with the reason in words."""


def natural_size(path: Path) -> tuple[float, float]:
    """The pixel size of a PNG, or the declared size of an SVG (100×100 if it declares none);
    IconFileError says why a file is not a usable icon."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IconFileError(f"is {size / (1024 * 1024):.1f} MiB; an icon may be at most 1 MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise IconFileError(f"cannot be read ({exc.strerror})") from None
    if path.suffix.lower() == ".png":
        return _png_size(data)
    return _svg_size(data)


def _png_size(data: bytes) -> tuple[float, float]:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24 or data[12:16] != b"IHDR":
        raise IconFileError("is not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    return _side(width, "width"), _side(height, "height")


def _svg_size(data: bytes) -> tuple[float, float]:
    head = data[:65536].decode("utf-8", "replace")
    root = _SVG_ROOT.search(head)
    if root is None:
        raise IconFileError("is not an SVG image (no <svg> element)")
    found = dict(_ATTR.findall(root.group(0)))
    if "width" in found and "height" in found:
        width, height = _length(found["width"]), _length(found["height"])
        if width is not None and height is not None:
            return _side(width, "width"), _side(height, "height")
    box = found.get("viewBox", "").replace(",", " ").split()
    if box:
        try:
            numbers = [float(v) for v in box]
        except ValueError:
            numbers = []
        if len(numbers) != 4:
            raise IconFileError(f"has a viewBox that is not four numbers: '{found['viewBox']}'")
        return _side(numbers[2], "viewBox width"), _side(numbers[3], "viewBox height")
    return DEFAULT_SIZE


def _length(text: str) -> float | None:
    """A width or height in pixels; None for other units (%, em), which say nothing of size."""
    match = _LENGTH.match(text)
    if match is None:
        if text.strip().lower() in ("nan", "inf", "-inf", "infinity", "+inf"):
            raise IconFileError(f"has a size that is not a number: '{text}'")
        return None
    return float(match.group(1))


def _side(value: float, what: str) -> float:
    if not math.isfinite(value) or value <= 0 or value > MAX_SIDE:
        raise IconFileError(
            f"has a {what} of {value:g}; it must be more than 0 and at most {MAX_SIDE:g} pixels"
        )
    return float(value)
