"""SVG and XML: text content and attribute values."""

from __future__ import annotations

from archgen.escape.chars import FORBIDDEN


def text(value: str) -> str:
    """Character data for an XML element (characters XML cannot hold are dropped)."""
    cleaned = FORBIDDEN.sub("", value)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attribute(value: str) -> str:
    """A value for a double- or single-quoted XML attribute."""
    return text(value).replace('"', "&quot;").replace("'", "&#39;")
