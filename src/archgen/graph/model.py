"""The neutral graph every renderer reads: resolved kinds and icons, a group tree, ordered edges."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Icon:
    """The picture of a node: a diagrams catalogue class or a file beside the spec."""

    key: str | None = None
    """``provider.category.Class`` in the diagrams catalogue."""
    resource: str | None = None
    """The class's icon file, relative to the diagrams resources folder."""
    file: Path | None = None
    """An icon file inside the spec's folder (absolute, resolved)."""


@dataclass(frozen=True)
class Node:
    """A box in the figure."""

    id: str
    label: str
    kind: str
    icon: Icon
    note: str | None
    fields: tuple[str, ...]
    url: str | None
    color: str | None
    parent: str | None
    """The id of the innermost enclosing group, if any."""
    order: int
    """Declaration index among nodes."""

    @property
    def lines(self) -> tuple[str, ...]:
        """The label's lines."""
        return tuple(self.label.split("\n"))


@dataclass(frozen=True)
class Group:
    """An enclosing box; ``children`` are node and group ids in layout order."""

    id: str
    label: str
    note: str | None
    color: str | None
    parent: str | None
    children: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class Edge:
    """A line from ``source`` to ``target`` (either may be a group).

    ``arrow`` says where heads are drawn: forward (at target), back (at source),
    both, or none. The layout keeps ``source`` before ``target``.
    """

    id: str
    source: str
    target: str
    arrow: str
    style: str
    label: str | None
    color: str | None
    order: int

    @property
    def dashed(self) -> bool:
        """Whether text renderers draw the line broken (dashed and dotted alike)."""
        return self.style in ("dashed", "dotted")


@dataclass(frozen=True)
class Graph:
    """A whole figure, immutable; built by ``archgen.graph.build``."""

    id: str
    title: str
    description: str | None
    direction: str
    icon_set: str
    nodes: tuple[Node, ...]
    groups: tuple[Group, ...]
    edges: tuple[Edge, ...]
    ranks: tuple[tuple[str, ...], ...]
    roots: tuple[str, ...]
    """Top-level node and group ids in layout order."""
    _index: dict[str, Node | Group] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({n.id: n for n in self.nodes})
        self._index.update({g.id: g for g in self.groups})

    def item(self, ident: str) -> Node | Group:
        """The node or group with this id."""
        return self._index[ident]

    def is_group(self, ident: str) -> bool:
        """Whether ``ident`` names a group."""
        return isinstance(self._index.get(ident), Group)

    def node(self, ident: str) -> Node:
        """The node with this id."""
        found = self._index[ident]
        assert isinstance(found, Node)
        return found

    def group(self, ident: str) -> Group:
        """The group with this id."""
        found = self._index[ident]
        assert isinstance(found, Group)
        return found

    def ancestors(self, ident: str) -> tuple[str, ...]:
        """Enclosing group ids of a node or group, innermost first."""
        out: list[str] = []
        parent = self._index[ident].parent
        while parent is not None:
            out.append(parent)
            parent = self._index[parent].parent
        return tuple(out)

    def leaves(self, ident: str) -> tuple[str, ...]:
        """The node ids at or under ``ident``, in layout order."""
        found = self._index[ident]
        if isinstance(found, Node):
            return (found.id,)
        out: list[str] = []
        for child in found.children:
            out.extend(self.leaves(child))
        return tuple(out)
