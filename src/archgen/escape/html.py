"""HTML pages (the gallery): text content and attribute values."""

from __future__ import annotations

from archgen.escape import xml


def text(value: str) -> str:
    """Text inside an HTML element: ``& < >`` escaped, so no markup can start."""
    return xml.text(value)


def attribute(value: str) -> str:
    """A value for a quoted HTML attribute: quotes escaped as well."""
    return xml.attribute(value)
