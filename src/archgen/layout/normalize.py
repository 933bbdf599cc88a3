"""Pass 2, normalize: every edge as a chain of hops between neighbouring levels.

Takes the ranked ``Layout``; gives it its dummies, labels, gates and hops.

- A labelled edge gets a level of its own for the label, in the channel just
  before the end it points at (dagre puts labels on a middle rank the same
  way), so the label is an item the later passes make room for.
- An edge whose end is a group ends on a *gate* on that group's border: on
  the border facing the other end, or, for an edge between a group and its
  own member, on the border the line reaches from inside.
- A long edge gets a dummy on each level it passes. A dummy lies in the
  groups of the edge's upper end down to their bottom borders and in those of
  its lower end from their top borders on; when the two do not nest, it stays
  in the upper end's groups and the line enters the others through their
  side. A dummy on a border level of one of its groups is the port where the
  line crosses that border.
- Arrows of one style and label from one box share their dummies for as long
  as they keep to the same groups, so a fan-out crosses a border once and
  branches on the far side; when their labels fall on one level they share
  that too, so the label is drawn once, on the trunk. Lines of one style and
  label into one box (from boxes that fan out no further) join at their label
  the same way and end in one head.
- Hops are grouped into nets (a fan-out's branches share a trunk, plain arrows
  into one box may share a head), and each box grows along its level until
  every net meeting one of its sides has a cell of its own there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from archgen.graph.model import Edge
from archgen.layout.model import ROOT, Hop, Layout, Unit, edge_text, loop_height, text_size
from archgen.layout.nesting import own_group


def normalize(lay: Layout) -> None:
    """Add label levels, gates, dummies and hops to ``lay``; each edge runs down from
    whichever end its levels put higher."""
    graph = lay.graph
    plans: list[tuple[Edge, Unit, Unit]] = []
    for e in graph.edges:
        if e.source == e.target:
            if graph.is_group(e.source):
                lay.clusters[e.source].loops.append(e)
            else:
                unit = lay.units[e.source]
                unit.loops.append(e)
                unit.h = max(unit.h, loop_height(lay.style, unit))
            continue
        a, b = _end(lay, e, e.source, True), _end(lay, e, e.target, False)
        plans.append((e, a, b))
        for end in (a, b):
            if end.kind == "gate":
                lay.units[end.id] = end
    # Label levels: one per channel holding a label, before the end it points at.
    label_channel: dict[str, int] = {}
    for e, a, b in plans:
        if e.label and a.level != b.level:
            label_channel[e.id] = (b.level - 1) if a.level < b.level else b.level
    shift = set(label_channel.values())
    total = max([u.level for u in lay.units.values()] + [c.bottom for c in lay.clusters.values()])
    new_index = {}
    k = 0
    for old in range(total + 1):
        new_index[old] = old + k
        if old in shift:
            k += 1
            lay.label_levels.add(old + k)
    for unit in lay.units.values():
        unit.level = new_index[unit.level]
    for c in lay.clusters.values():
        c.top, c.bottom = new_index[c.top], new_index[c.bottom]
    label_level = {ident: new_index[ch] + 1 for ident, ch in label_channel.items()}
    bundles: dict[tuple[str, bool, str, str | None], list[list[str]]] = {}
    bundled: set[str] = set()  # edges sharing dummies with another
    joined: dict[tuple[str, bool, str, str | None, int, str], str] = {}  # shared labels
    shared_labels: set[str] = set()
    # Lines leaving a box that fans out join no other box's line (a net may fan
    # out from one box or into one box, never both).
    fans: dict[tuple[str, bool], int] = {}
    for e, a, b in plans:
        up = a if a.level <= b.level else b
        fans[(up.id, e.dashed)] = fans.get((up.id, e.dashed), 0) + 1
    made: set[tuple[str, str]] = set()
    for e, a, b in plans:
        upper, lower = (a, b) if a.level <= b.level else (b, a)
        head_up = e.arrow in ("back", "both") if upper is a else e.arrow in ("forward", "both")
        head_down = e.arrow in ("forward", "both") if upper is a else e.arrow in ("back", "both")
        if upper.level == lower.level:
            lay.hops.append(
                Hop(
                    e,
                    upper.id,
                    lower.id,
                    head_up,
                    head_down,
                    flat=True,
                    label=edge_text(e, lay.style.limit("edge")),
                )
            )
            continue
        key = (upper.id, e.dashed, e.arrow, e.label)
        share = upper.kind == "node" and not head_up and e.arrow != "none"
        mine = label_level.get(e.id, -1)
        partners = bundles.get(key, [])
        riding = _shared_prefix(lay, partners, upper, lower, mine) if share else {}
        chain = [upper.id]
        for level in range(upper.level + 1, lower.level):
            cluster = _membership(lay, upper, lower, level)
            if level in riding and riding[level][1] == cluster:
                chain.append(riding[level][0])
                bundled |= {e.id, _edge_of(lay, riding[level][0]).id}
                continue
            riding = {}
            is_label = label_level.get(e.id) == level
            # Lines of one style and label into one box share that label, drawn
            # once on the line they join into (the label level is the last
            # before the box, so they join there and go on as one).
            joint = (lower.id, e.dashed, e.arrow, e.label, level, cluster)
            can_join = (
                is_label
                and lower.kind == "node"
                and head_down
                and not head_up
                and fans[(upper.id, e.dashed)] == 1
            )
            if can_join and joint in joined:
                chain.append(joined[joint])
                shared_labels.add(joined[joint])
                bundled |= {e.id, _edge_of(lay, joined[joint]).id}
                continue
            unit = _dummy(lay, e, level, cluster, is_label)
            unit.decl = upper.decl + 0.5 + e.order * 1e-4
            lay.units[unit.id] = unit
            chain.append(unit.id)
            if can_join:
                joined[joint] = unit.id
        chain.append(lower.id)
        if share:
            bundles.setdefault(key, []).append(chain)
        last = len(chain) - 2
        for i in range(last + 1):
            pair = (chain[i], chain[i + 1])
            if pair in made and (i < last or chain[i] in shared_labels):
                continue  # a stretch shared with a bundle partner: drawn once
            made.add(pair)
            lay.hops.append(
                Hop(e, *pair, head_up if i == 0 else False, head_down if i == last else False)
            )
    levels = max([u.level for u in lay.units.values()] + [c.bottom for c in lay.clusters.values()])
    lay.levels = [[] for _ in range(levels + 1)]
    for unit in sorted(lay.units.values(), key=lambda x: (x.decl, x.id)):
        lay.levels[unit.level].append(unit.id)
    _nets(lay, bundled)
    _room_for_ends(lay)


def _room_for_ends(lay: Layout) -> None:
    """Make each box long enough along its level for every net that meets one of its
    sides to meet it on a cell of its own, one blank cell apart (in LR a three-row box
    has a single such cell on its right side; two lines leaving it would merge)."""
    nets: dict[tuple[str, bool], set[int]] = {}
    for hop in lay.hops:
        nets.setdefault((hop.upper, True), set()).add(hop.net)
        nets.setdefault((hop.lower, hop.flat), set()).add(hop.net)
    for unit in lay.units.values():
        if unit.kind != "node":
            continue
        for far_side in (True, False):
            ends = len(nets.get((unit.id, far_side), ()))
            if far_side:
                ends += len(unit.loops)  # they leave the far side too
            unit.w = max(unit.w, 2 * ends + 1)


def _edge_of(lay: Layout, uid: str) -> Edge:
    """The edge a line unit belongs to (its bundle's first)."""
    edge = lay.units[uid].edge
    assert edge is not None
    return edge


def _dummy(lay: Layout, e: Edge, level: int, cluster: str, is_label: bool) -> Unit:
    """A dummy of edge ``e`` on ``level`` (its label, if this is its label level)."""
    if not is_label:
        unit = Unit(f"{e.id}#{level}", "dummy", 1, 1, level, cluster)
    else:
        text = edge_text(e, lay.style.limit("edge")) or ""
        lw, lh = text_size(lay.style, text)
        w = (2 if lay.style.vertical else 1) + lw
        unit = Unit(
            f"{e.id}~{level}", "label", w, lh, level, cluster, lines=tuple(text.split("\n"))
        )
    unit.edge = e
    return unit


def _end(lay: Layout, e: Edge, ident: str, is_source: bool) -> Unit:
    """The unit an edge ends at: the node, or a gate on the group's border facing
    the other end (the border the line reaches from inside, for a group's own member)."""
    graph = lay.graph
    if not graph.is_group(ident):
        return lay.units[ident]
    own = own_group(graph, e) == ident
    cluster = lay.clusters[ident]
    gate = Unit(
        f"{e.id}@{'source' if is_source else 'target'}",
        "gate",
        1,
        1,
        cluster=ident,
        gate_of=ident,
        gate_inside=own,
    )
    gate.edge = e
    gate.decl = cluster.decl + e.order * 1e-4
    if own:
        gate.level = cluster.top if is_source else cluster.bottom
    else:
        other = _item_level(lay, e.target if is_source else e.source)
        gate.level = cluster.bottom if other > cluster.bottom else cluster.top
    return gate


def _item_level(lay: Layout, ident: str) -> int:
    """The middle level of a node or group (for which side of a group it lies on)."""
    if ident in lay.units:
        return lay.units[ident].level
    c = lay.clusters[ident]
    return (c.top + c.bottom) // 2


def _groups_of(lay: Layout, unit: Unit) -> list[str]:
    """The groups a line at this end lies in, innermost first."""
    if unit.kind == "gate":
        assert unit.gate_of is not None
        chain = lay.chain(unit.gate_of)
        return chain if unit.gate_inside else chain[1:]
    return lay.chain(unit.cluster)


def _membership(lay: Layout, upper: Unit, lower: Unit, level: int) -> str:
    """The innermost group a dummy of the edge on ``level`` lies in."""
    a = [g for g in _groups_of(lay, upper) if level <= lay.clusters[g].bottom]
    b = [g for g in _groups_of(lay, lower) if level >= lay.clusters[g].top]
    sa, sb = set(a), set(b)
    chosen = b if sa <= sb else a
    return chosen[0] if chosen else ROOT


def _shared_prefix(
    lay: Layout, partners: list[list[str]], upper: Unit, lower: Unit, label_level: int
) -> dict[int, tuple[str, str]]:
    """Levels where this edge can ride an earlier bundle partner's dummies: while the
    partner's dummies lie in the same groups as this edge's would, up to the last
    border both cross, or on through the partner's label when this edge's label
    (the same text) falls on the same level, so the bundle draws it once, on its
    trunk, and branches after it."""
    best: dict[int, tuple[str, str]] = {}
    for chain in partners:
        if chain[-1] == lower.id:
            continue  # two lines to one box would branch into the same box
        shared: dict[int, tuple[str, str]] = {}
        last = -1
        for uid in chain[1:-1]:
            unit = lay.units[uid]
            if unit.level >= lower.level:
                break
            mine = _membership(lay, upper, lower, unit.level)
            if mine != unit.cluster:
                break
            if unit.kind == "label":
                if unit.level == label_level:
                    shared[unit.level] = (uid, mine)
                    last = unit.level
                break
            if unit.kind != "dummy" or unit.level == label_level:
                break
            shared[unit.level] = (uid, mine)
            if lay.is_port(unit):
                last = unit.level
        shared = {k: v for k, v in shared.items() if k <= last}
        if len(shared) > len(best):
            best = shared
    return best


def _nets(lay: Layout, bundled: set[str]) -> None:
    """Group hops into nets: a shared trunk out of one box (fan-out) or into one (fan-in)."""
    units = lay.units
    leaving: dict[str, int] = {}
    for hop in lay.hops:
        leaving[hop.upper] = leaving.get(hop.upper, 0) + 1
    fan_out: dict[tuple[str, bool], list[Hop]] = {}
    for hop in lay.hops:
        up = units[hop.upper]
        # A line unit (dummy or shared label) that more than one hop leaves is
        # where a bundle branches.
        source_like = up.kind == "node" or (up.passes and leaving[hop.upper] > 1)
        if not hop.flat and source_like and not hop.head_up and hop.edge.arrow != "none":
            fan_out.setdefault((hop.upper, hop.edge.dashed), []).append(hop)
    key = _share(fan_out.values(), lambda h: h.lower, 0)
    # A long edge may share a head only when no part of it shares a trunk: the
    # joined lines must meet no fan-out on their way.
    trunked = bundled | {h.edge.id for h in lay.hops if h.net >= 0}
    fan_in: dict[tuple[str, bool], list[Hop]] = {}
    for hop in lay.hops:
        one_head = hop.head_down and hop.edge.arrow in ("forward", "back")
        if (
            hop.net < 0
            and not hop.flat
            and one_head
            and not hop.head_up
            and units[hop.lower].kind == "node"
            and (
                units[hop.upper].kind == "node"
                or (units[hop.upper].kind == "dummy" and hop.edge.id not in trunked)
            )
        ):
            fan_in.setdefault((hop.lower, hop.edge.dashed), []).append(hop)
    key = _share(fan_in.values(), lambda h: h.upper, key)
    into_label: dict[str, list[Hop]] = {}
    for hop in lay.hops:
        if hop.net < 0 and not hop.flat and units[hop.lower].kind == "label":
            into_label.setdefault(hop.lower, []).append(hop)
    key = _share(into_label.values(), lambda h: h.upper, key)
    for hop in lay.hops:
        if hop.net < 0:
            hop.net = key
            key += 1


def _share(groups: Iterable[list[Hop]], other_end: Callable[[Hop], str], key: int) -> int:
    """Make the first hop to each other end, in each group of two or more, one net
    numbered from ``key`` (two lines to one box cannot share a trunk); return the
    next free number."""
    for group in groups:
        seen: set[str] = set()
        members = []
        for hop in group:
            if other_end(hop) not in seen:
                seen.add(other_end(hop))
                members.append(hop)
        if len(members) > 1:
            for hop in members:
                hop.net = key
            key += 1
    return key
