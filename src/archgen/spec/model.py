"""The validated spec: plain immutable records that keep their source locations."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from archgen.errors import Location


@dataclass(frozen=True)
class IconChoice:
    """An explicit ``icon:``: a catalogue key or a file inside the spec's folder."""

    key: str | None = None
    """``provider.category.Class`` from the diagrams catalogue."""
    file: Path | None = None
    """Absolute, resolved path of a PNG or SVG inside the spec's folder."""


@dataclass(frozen=True)
class NodeSpec:
    """One node as written, defaults filled in."""

    id: str
    label: str
    kind: str
    icon: IconChoice | None
    note: str | None
    fields: tuple[str, ...]
    url: str | None
    color: str | None
    loc: Location


@dataclass(frozen=True)
class GroupSpec:
    """One group (cluster) as written; members are node and group ids."""

    id: str
    label: str
    members: tuple[str, ...]
    note: str | None
    color: str | None
    loc: Location


@dataclass(frozen=True)
class EdgeSpec:
    """One drawn edge between two ids, after chains and fan-outs are expanded."""

    source: str
    target: str
    arrow: str
    style: str
    label: str | None
    color: str | None
    loc: Location


@dataclass(frozen=True)
class Spec:
    """A whole valid spec, in declaration order."""

    id: str
    path: Path
    title: str
    description: str | None
    direction: str
    icons: str
    nodes: tuple[NodeSpec, ...]
    groups: tuple[GroupSpec, ...]
    edges: tuple[EdgeSpec, ...]
    ranks: tuple[tuple[str, ...], ...]
