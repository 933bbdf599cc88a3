"""Back ends: each turns a Graph into the bytes of one output format."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("svg", "png", "dot")
"""Formats ``render`` produces."""


@dataclass(frozen=True)
class Artifact:
    """The bytes of one rendered output and the file suffix they belong under."""

    data: bytes
    suffix: str
