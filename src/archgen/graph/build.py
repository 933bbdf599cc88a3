"""Building the neutral Graph from a validated Spec: icons resolved, group tree ordered."""

from __future__ import annotations

from archgen import kinds
from archgen.graph.model import Edge, Graph, Group, Icon, Node
from archgen.spec.model import NodeSpec, Spec


def build(spec: Spec) -> Graph:
    """Turn a Spec into a Graph; pure, deterministic, never fails on a valid Spec."""
    parent: dict[str, str] = {}
    for group in spec.groups:
        for member in group.members:
            parent[member] = group.id
    node_rank = {n.id: i for i, n in enumerate(spec.nodes)}
    group_members = {g.id: g.members for g in spec.groups}

    first_cache: dict[str, float] = {}

    def first(ident: str) -> float:
        """The declaration index of the first node at or under ``ident`` (sort key)."""
        if ident in first_cache:
            return first_cache[ident]
        if ident in node_rank:
            value = float(node_rank[ident])
        else:
            keys = [first(m) for m in group_members.get(ident, ())]
            value = min(keys) if keys else float(len(node_rank)) + _group_index(spec, ident)
        first_cache[ident] = value
        return value

    def ordered(ids: list[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=lambda i: (first(i), i in group_members)))

    nodes = tuple(
        Node(
            id=n.id,
            label=n.label,
            kind=n.kind,
            icon=_icon(n, spec.icons),
            note=n.note,
            fields=n.fields,
            url=n.url,
            color=n.color,
            parent=parent.get(n.id),
            order=i,
        )
        for i, n in enumerate(spec.nodes)
    )
    groups = tuple(
        Group(
            id=g.id,
            label=g.label,
            note=g.note,
            color=g.color,
            parent=parent.get(g.id),
            children=ordered(list(g.members)),
            order=i,
        )
        for i, g in enumerate(spec.groups)
    )
    roots = ordered(
        [n.id for n in spec.nodes if n.id not in parent]
        + [g.id for g in spec.groups if g.id not in parent]
    )
    edges = tuple(
        Edge(
            id=f"e{i}",
            source=e.source,
            target=e.target,
            arrow=e.arrow,
            style=e.style,
            label=e.label,
            color=e.color,
            order=i,
        )
        for i, e in enumerate(spec.edges)
    )
    return Graph(
        id=spec.id,
        title=spec.title,
        description=spec.description,
        direction=spec.direction,
        icon_set=spec.icons,
        nodes=nodes,
        groups=groups,
        edges=edges,
        ranks=spec.ranks,
        roots=roots,
    )


def _group_index(spec: Spec, ident: str) -> int:
    return next(i for i, g in enumerate(spec.groups) if g.id == ident)


def _icon(node: NodeSpec, icon_set: str) -> Icon:
    if node.icon is not None and node.icon.file is not None:
        return Icon(file=node.icon.file)
    ref = None
    if node.icon is not None and node.icon.key is not None:
        ref = kinds.lookup_icon(node.icon.key)
    if ref is None:
        ref = kinds.icon_for_kind(node.kind, icon_set)
    return Icon(key=ref.key, resource=ref.resource)
