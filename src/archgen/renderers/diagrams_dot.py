"""The diagrams back end: a Graph drawn with mingrammer/diagrams classes, as DOT text.

This is the only module that imports ``diagrams``. It fixes three of its
habits: node ids are the spec's ids (not random), clusters are keyed by group
id (not by label), and nothing is rendered or written on context exit.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import diagrams
from diagrams import Cluster, Diagram, Edge, Node, setcluster, setdiagram
from diagrams.custom import Custom

from archgen import kinds
from archgen.escape import dot as dot_escape
from archgen.graph.model import Graph
from archgen.graph.model import Node as GNode
from archgen.renderers import labels

FONT = "sans-serif"
"""Font family written into the DOT (and so the SVG): renderers pick their own sans face."""

GRAPH_ATTRS = {
    "pad": "0.4",
    "splines": "spline",
    "nodesep": "0.5",
    "ranksep": "0.7",
    "compound": "true",
    "newrank": "true",
    "fontname": FONT,
    "fontsize": "16",
    "labelloc": "t",
}
"""Plain splines: diagrams' default ``ortho`` silently drops edge labels and is far slower."""
NODE_ATTRS = {
    "shape": "plain",
    "fixedsize": "false",
    "width": "0",
    "height": "0",
    "margin": "0",
    "fontname": FONT,
}
EDGE_ATTRS = {"fontname": FONT, "fontsize": "11", "fontcolor": "#2D3436"}
_SAFE_COMMENT = re.compile(r"[^A-Za-z0-9._ -]")
"""What a comment line of the DOT keeps of an icon's name (nothing that ends the line)."""
ANCHOR = ".anchor"
"""Suffix of the invisible node that gives an empty group its place (ids have no dots)."""
_ARROWS = {
    "forward": (True, False),
    "back": (False, True),
    "both": (True, True),
    "none": (False, False),
}


@dataclass(frozen=True)
class Variant:
    """How a graph is written as DOT; the renderer falls back through several when
    Graphviz fails on one (``renderers.graphviz.VARIANTS``)."""

    splines: str = "spline"
    """Graphviz's edge drawing: ``spline``, or ``line`` for straight edges."""
    label_attr: str = "label"
    """The attribute edge labels go in: ``label``, or ``xlabel`` (placed after routing)."""
    newrank: bool = True
    """Rank the graph as a whole rather than cluster by cluster."""
    same_rank: bool = True
    """Write the spec's ``ranks`` (and the rows of groups) as ``rank=same``."""
    clusters: bool = True
    """Draw groups as clusters (boxes)."""
    quick: bool = False
    """Bound Graphviz's effort (``QUICK_ATTRS``): for graphs too big for a full layout."""


QUICK_ATTRS = {"nslimit": "0.1", "nslimit1": "0.1", "mclimit": "0.1", "searchsize": "10"}
"""Caps on Graphviz's iterations: network simplex (ranking and positions) stops after
0.1 passes per node and crossing reduction runs a tenth of its rounds. The layout is
still a valid one, with more crossings; a graph of 800 nodes that does not finish in a
minute is laid out in seconds."""


DEFAULT_VARIANT = Variant()


@dataclass(frozen=True)
class DotResult:
    """DOT text plus the icon files it references (name as written → file).

    The DOT names each icon ``icon-<n>.png`` (or ``.svg``), relative to the folder
    ``dot`` runs in, so it holds no path of the user's or of this machine.
    """

    source: str
    icons: dict[str, Path]


def resources_dir() -> Path:
    """The folder holding diagrams' icon files."""
    return Path(diagrams.__file__).resolve().parent.parent / "resources"


def node_class(key: str) -> type[Node]:
    """The diagrams class for a catalogue key (validated before it reaches here)."""
    provider, category, name = key.split(".")
    module = importlib.import_module(f"diagrams.{provider}.{category}")
    cls = getattr(module, name)
    if not (isinstance(cls, type) and issubclass(cls, Node)):
        raise LookupError(key)
    return cls


class _Canvas(Diagram):  # type: ignore[misc]
    """A Diagram that builds its graph and never renders or writes a file."""

    def __exit__(self, *exc: object) -> None:
        setdiagram(None)


class _Group(Cluster):  # type: ignore[misc]
    """A Cluster named after its group id, so two groups with one label stay apart."""

    def __init__(self, ident: str, caption: str, attrs: dict[str, str]) -> None:
        super().__init__(label=ident, direction="TB", graph_attr=attrs)
        self.name = cluster_name(ident)
        self.dot.name = self.name
        self.dot.graph_attr["label"] = caption


def cluster_name(ident: str) -> str:
    """The DOT subgraph name of a group."""
    return f"cluster_{ident}"


ROOT = ""
"""The container id of the top level, for ``flipped``."""


def to_dot(
    graph: Graph,
    flipped: frozenset[str] = frozenset(),
    variant: Variant = DEFAULT_VARIANT,
) -> DotResult:
    """Draw ``graph`` with diagrams' classes and return the DOT text.

    ``variant`` says how (edge drawing, ranking, clusters). ``flipped`` names containers
    (group ids, or ROOT) whose children are written in reverse order: Graphviz
    sometimes lays a container's children out backwards, and
    ``renderers.ordering`` finds which.
    """

    def children(ids: tuple[str, ...], container: str) -> tuple[str, ...]:
        return tuple(reversed(ids)) if container in flipped else ids

    icons: dict[str, Path] = {}
    names: dict[Path, str] = {}
    legend: list[str] = []
    base = resources_dir()
    made: dict[str, Node] = {}

    def icon_name(path: Path, what: str) -> str:
        if path not in names:
            names[path] = f"icon-{len(names)}{path.suffix.lower()}"
            icons[names[path]] = path
            legend.append(f"// {names[path]}: {_SAFE_COMMENT.sub('_', what)}\n")
        return names[path]

    def add_node(node: GNode) -> None:
        if node.icon.file is not None:
            path = node.icon.file
        else:
            assert node.icon.resource is not None
            path = base / node.icon.resource
        what = node.icon.key or f"file {path.name}"
        picture = None if node.icon.key == kinds.BLANK_ICON else icon_name(path, what)
        html = labels.node_label(node.label, node.note, node.fields, picture, node.color)
        attrs: dict[str, Any] = {**NODE_ATTRS, "image": ""}
        if node.url:
            attrs["URL"] = dot_escape.attribute(node.url)
            attrs["target"] = "_top"
        if node.icon.file is not None:
            made[node.id] = Custom(html, picture or "", nodeid=node.id, **attrs)
        else:
            assert node.icon.key is not None
            made[node.id] = node_class(node.icon.key)(html, nodeid=node.id, **attrs)

    def add_item(ident: str) -> None:
        if not graph.is_group(ident):
            add_node(graph.node(ident))
            return
        group = graph.group(ident)
        if not variant.clusters:
            for child in children(group.children, group.id):
                add_item(child)
            if not graph.leaves(group.id):
                canvas.dot.node(f"{group.id}{ANCHOR}", "", shape="point", style="invis")
            return
        attrs = {"fontname": FONT, "margin": "12"}
        if group.color:
            attrs["pencolor"] = group.color
        with _Group(group.id, labels.caption(group.label, group.note), attrs) as cluster:
            if not graph.leaves(group.id):
                anchor = f"{group.id}{ANCHOR}"
                cluster.node(anchor, "", shape="point", style="invis", width="0", height="0")
            for child in children(group.children, group.id):
                add_item(child)
            row = _row(graph, group.id) if variant.same_rank else []
            if len(row) > 1:
                chain = " -> ".join(_quote(i) for i in row)
                cluster.dot.body.append(f"\t{{rank=same; {chain} [style=invis]}}\n")

    setcluster(None)
    with _Canvas(
        name=graph.id,
        direction=graph.direction,
        curvestyle="curved",
        outformat="svg",
        show=False,
        graph_attr={
            **GRAPH_ATTRS,
            "splines": variant.splines,
            "newrank": "true" if variant.newrank else "false",
            **(QUICK_ATTRS if variant.quick else {}),
            "label": labels.caption(graph.title, size=16),
        },
        node_attr=NODE_ATTRS,
        edge_attr=EDGE_ATTRS,
    ) as canvas:
        for ident in children(graph.roots, ROOT):
            add_item(ident)
        flow: dict[str, set[str]] = {}
        for edge in graph.edges:
            forward, reverse = _ARROWS[edge.arrow]
            attrs: dict[str, str] = {}
            tails = _ports(graph, edge.source, entering=False)
            heads = _ports(graph, edge.target, entering=True)
            tail, head = tails[len(tails) // 2], heads[len(heads) // 2]
            clipped = variant.clusters
            if clipped and graph.is_group(edge.source) and not _inside(graph, head, edge.source):
                attrs["ltail"] = cluster_name(edge.source)
            if clipped and graph.is_group(edge.target) and not _inside(graph, tail, edge.target):
                attrs["lhead"] = cluster_name(edge.target)
            if edge.style == "bold":
                attrs["penwidth"] = "2.2"
            in_label = variant.label_attr == "label"
            if edge.label and not in_label:
                attrs[variant.label_attr] = labels.edge_label(edge.label)
            line = Edge(
                forward=forward,
                reverse=reverse,
                label=labels.edge_label(edge.label) if edge.label and in_label else "",
                color=edge.color or "",
                style=edge.style if edge.style != "solid" else "",
                **EDGE_ATTRS,
                **attrs,
            )
            # An edge that meets a group ranks the whole group, not one member:
            # invisible edges tie every entry (exit) member to the other end,
            # emitted in member order so Graphviz keeps declaration order. A
            # feedback edge (its target already reaches its source through edges
            # declared before it) neither ties nor ranks: the declared flow does.
            sources, targets = graph.leaves(edge.source), graph.leaves(edge.target)
            extra: dict[str, str] = {}
            if _reaches(flow, targets, sources) or set(sources) & set(targets):
                tails, heads = [tail], [head]
                extra = {"constraint": "false"}
            else:
                for leaf in sources:
                    flow.setdefault(leaf, set()).update(targets)
            for t in tails:
                for h in heads:
                    if (t, h) == (tail, head):
                        canvas.dot.edge(tail, head, **line.attrs, **extra)
                    elif t != h:
                        canvas.dot.edge(t, h, style="invis")
        for rank in graph.ranks if variant.same_rank else ():
            if rank:
                members = " ".join(_quote(i) for i in rank)
                canvas.dot.body.append(f"\t{{rank=same; {members}}}\n")
    return DotResult("".join(legend) + canvas.dot.source, icons)


def _inside(graph: Graph, port: str, group: str) -> bool:
    """Whether a DOT node (a node id or a group's anchor) lies inside ``group``."""
    owner = port.removesuffix(ANCHOR)
    return owner == group or group in graph.ancestors(owner)


def _reaches(flow: dict[str, set[str]], starts: Sequence[str], goals: Sequence[str]) -> bool:
    """Whether a path leads from any of ``starts`` to any of ``goals``."""
    wanted = set(goals)
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        for nxt in flow.get(current, ()):
            if nxt in wanted:
                return True
            stack.append(nxt)
    return False


def _ports(graph: Graph, ident: str, entering: bool) -> list[str]:
    """The DOT nodes an edge at ``ident`` ties to.

    A node is its own port. For a group, it is the members that no edge inside
    the group enters (for an edge entering the group) or leaves (for an edge
    leaving it): its first and last ranks. An empty group has its anchor.
    """
    if not graph.is_group(ident):
        return [ident]
    leaves = graph.leaves(ident)
    if not leaves:
        return [f"{ident}{ANCHOR}"]
    inside = set(leaves)
    blocked = set()
    for edge in graph.edges:
        if edge.source in inside and edge.target in inside and edge.source != edge.target:
            blocked.add(edge.target if entering else edge.source)
    ports = [leaf for leaf in leaves if leaf not in blocked]
    return ports or list(leaves)


def _row(graph: Graph, ident: str) -> list[str]:
    """Member nodes of a group that an edge at the group meets side by side.

    When an edge enters (or leaves) a group, its entry (exit) members all sit
    one rank from the other end; an invisible chain on that rank keeps them in
    declaration order, which Graphviz's cluster ordering alone does not.
    """
    group = graph.group(ident)
    direct = [c for c in group.children if not graph.is_group(c)]
    for entering in (True, False):
        if any((e.target if entering else e.source) == ident for e in graph.edges):
            ports = set(_ports(graph, ident, entering))
            return [c for c in direct if c in ports]
    return []


def _quote(ident: str) -> str:
    return '"' + ident.replace('"', '\\"') + '"'
