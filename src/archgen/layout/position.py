"""Pass 4, position: the column of every unit and every group border.

Takes the ordered ``Layout``; gives each unit its ``u`` and each cluster its
``left`` and ``right`` border columns. The left border of a group is one
column on every level the group spans (and so is the right), so the order of
each level's tokens becomes separation constraints between columns —
``x[b] >= x[a] + gap`` — in one system for the whole figure. Units are pulled
toward the units their lines join (long edges hardest, so they run straight;
Gansner et al.'s 8, 2, 1), and each round of pulls is projected back onto
the constraints by merging blocks of tight constraints, solving for each
block's weighted mean (the ``satisfy`` step of Dwyer, Marriott and Stuckey's
VPSC). ``place.pack`` is the same projection for a single level. After the
first round each line pulls by how straight it already is (reweighted least
absolute offsets), so a chain steps once rather than leaning at every link;
once the columns are whole, each run of a long edge's line units is put on
one column wherever the constraints leave room (``_straighten``).
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass, field

from archgen.layout.model import Cluster, Layout, Unit, edge_text, loop_offsets, text_size

ROUNDS = 10
PULL = (1.0, 2.0, 8.0)
"""Pull of a line between two boxes, a box and a dummy, and two dummies."""
LOOSE = 0.05
"""The pull of a box that no line pulls toward its group's left border."""


@dataclass
class _System:
    """Columns to solve for and the separation constraints between them."""

    names: list[str] = field(default_factory=list)
    index: dict[str, int] = field(default_factory=dict)
    cons: list[tuple[int, int, int]] = field(default_factory=list)

    def var(self, name: str) -> int:
        """The index of column ``name``, a new one if it has none yet."""
        i = self.index.get(name)
        if i is None:
            i = self.index[name] = len(self.names)
            self.names.append(name)
        return i

    def at_least(self, a: str, b: str, gap: int) -> None:
        """``x[b] >= x[a] + gap``."""
        self.cons.append((self.var(a), self.var(b), gap))


def position(lay: Layout) -> None:
    """Solve the columns (see the module docstring)."""
    system = _constraints(lay)
    n = len(system.names)
    order = _topological(n, system.cons)
    x = [0.0] * n
    incoming = _incoming(n, system.cons)
    cons = system.cons
    for v in order:
        if incoming[v]:
            x[v] = max([x[cons[i][0]] + cons[i][2] for i in incoming[v]])
    pulls = _pulls(lay, system)
    borders = _border_targets(lay, system)
    # The weights are the same every round: a unit's is the total pull of its
    # lines, a border's 0.5, anything else's next to nothing.
    weight = [1e-3] * n
    pulled: list[tuple[int, list[tuple[int, float, float, float]], float]] = []
    for v, near in pulls.items():
        total = sum(w for *_, w in near)
        pulled.append((v, near, total))
        weight[v] = total
    for v in borders:
        weight[v] = 0.5
    rounds = ROUNDS if n < 3000 else 4
    for r in range(rounds):
        target = list(x)
        for v, near, total in pulled:
            if r == 0:
                # A list, not a generator, for speed: ``sum`` adds the same terms in order.
                pull = sum([w * (x[o] + theirs - mine) for o, mine, theirs, w in near]) / total
            else:
                # Later rounds weigh each line by how straight it already is (least
                # absolute offsets, by reweighting): a chain of boxes then keeps
                # straight and steps once, where a least-squares pull would lean
                # every link of it by a little.
                terms = [
                    (w / (1.0 + abs(x[o] + theirs - mine - x[v])), x[o] + theirs - mine)
                    for o, mine, theirs, w in near
                ]
                pull = sum([w * at for w, at in terms]) / sum([w for w, _ in terms])
            target[v] = 0.5 * x[v] + 0.5 * pull
        for v, (inner, left_side) in borders.items():
            spots = [x[i] + off for i, off in inner]
            target[v] = min(spots) if left_side else max(spots)
        x = _project(n, target, weight, system.cons, order, incoming)
    xi = _integral(n, x, system.cons, order, incoming)
    _straighten(lay, system, xi, incoming)
    low = min(xi, default=0)
    for name, i in system.index.items():
        value = xi[i] - low
        if name.startswith("<"):
            lay.clusters[name[1:]].left = value
        elif name.startswith(">"):
            lay.clusters[name[1:]].right = value
        else:
            lay.units[name].u = value


def _gap(lay: Layout, a: str, b: str) -> int:
    """Least distance from token ``a``'s column to token ``b``'s, ``b`` next on its level."""
    style = lay.style
    if a.startswith("<"):
        rows = len(lay.clusters[a[1:]].caption)
        inner = 2 if style.vertical else rows + 2
        if b.startswith(">"):
            return max(inner, 3)
        return inner
    if a.startswith(">"):
        return 2 + _loop_room(lay, lay.clusters[a[1:]])
    ua = lay.units[a]
    end = ua.w + _loop_room(lay, ua)
    if b.startswith(">"):
        c = lay.clusters[b[1:]]
        if c.loops and ua.level == c.bottom:
            # The group's self-loops leave its bottom border at its right end.
            return end + 1 + 2 * len(c.loops)
        return end + 1
    if b.startswith("<"):
        return end + 1
    ub = lay.units[b]
    blank = 2 if ua.kind == "label" or (ua.kind == "node" and ub.kind == "node") else 1
    return end + blank


def _constraints(lay: Layout) -> _System:
    """Separation constraints from every level's tokens, captions and same-level edges."""
    system = _System()
    for tokens in lay.tokens:
        ids = [system.var(t) for t in tokens]
        for (a, b), (ia, ib) in zip(
            itertools.pairwise(tokens), itertools.pairwise(ids), strict=True
        ):
            system.cons.append((ia, ib, _gap(lay, a, b)))
    style = lay.style
    for g, c in lay.clusters.items():
        cw = c.caption_width
        if style.vertical:
            system.at_least("<" + g, ">" + g, cw + 3)
            level = c.bottom if style.caption_at_end else c.top
            for uid in lay.levels[level]:
                unit = lay.units[uid]
                # A line crossing the caption's border keeps right of the caption;
                # an arrowhead that stops outside the border need not.
                outside = unit.kind == "gate" and unit.gate_of == g and not unit.gate_inside
                if unit.cluster == g and not outside:
                    system.at_least("<" + g, uid, cw + 4)
        else:
            system.at_least("<" + g, ">" + g, len(c.caption) + 3)
        if c.loops:
            # Loops leave the far border two columns apart, from its end inwards.
            system.at_least("<" + g, ">" + g, max(4 + len(c.loops), 2 * len(c.loops) + 2))
    position = {uid: i for level in lay.levels for i, uid in enumerate(level)}
    for hop in lay.hops:
        if not hop.flat:
            continue
        a, b = sorted((hop.upper, hop.lower), key=position.__getitem__)
        need = 5
        if hop.label:
            need = max(need, text_size(style, hop.label)[0] + 4)
        system.at_least(a, b, lay.units[a].w + need)
    return system


def _loop_room(lay: Layout, unit: Unit | Cluster) -> int:
    """Columns kept right of a node or group for its self-loops (and their labels)."""
    if not unit.loops:
        return 0  # the common case, without working out the (no) loops' offsets
    room = 0
    for e, (out, _) in zip(unit.loops, loop_offsets(lay.style, unit), strict=True):
        text = edge_text(e, lay.style.limit("edge"))
        beside = (2 if lay.style.vertical else 1) + text_size(lay.style, text)[0] if text else 0
        room = max(room, out + 1 + beside)
    return room


def _pulls(lay: Layout, system: _System) -> dict[int, list[tuple[int, float, float, float]]]:
    """For each unit: (other unit, my offset, its offset, weight) of every line it has."""
    out: dict[int, list[tuple[int, float, float, float]]] = {}
    units, index = lay.units, system.index
    for hop in lay.hops:
        if hop.flat:
            continue
        a, b = units[hop.upper], units[hop.lower]
        a_box, b_box = a.kind == "node", b.kind == "node"
        weight = PULL[(not a_box) + (not b_box)]
        # A line ends at a box's middle, and at a dummy's (or label's) first column.
        off_a = (a.w - 1) / 2 if a_box else 0.0
        off_b = (b.w - 1) / 2 if b_box else 0.0
        ia, ib = index[a.id], index[b.id]
        out.setdefault(ia, []).append((ib, off_a, off_b, weight))
        out.setdefault(ib, []).append((ia, off_b, off_a, weight))
    for run in lay.stacked:
        nodes = [lay.units[k] for k in run if k in lay.units]
        for a, b in itertools.pairwise(nodes):
            ia, ib = system.index[a.id], system.index[b.id]
            out.setdefault(ia, []).append((ib, a.w / 2, b.w / 2, 1.0))
            out.setdefault(ib, []).append((ia, b.w / 2, a.w / 2, 1.0))
    # A box no line pulls keeps to its group's left side, gently, rather than stay
    # where the first pass put it and hold the group wide open.
    for unit in units.values():
        i = index[unit.id]
        if unit.kind == "node" and i not in out and unit.cluster:
            border = index["<" + unit.cluster]
            out[i] = [(border, 0.0, float(_gap(lay, "<" + unit.cluster, unit.id)), LOOSE)]
    return out


def _border_targets(
    lay: Layout, system: _System
) -> dict[int, tuple[list[tuple[int, float]], bool]]:
    """Each border is drawn toward its group's contents: for the left border, the
    first token inside on every level (and how far the border stays left of it),
    for the right border the last one (and how far right of its column)."""
    out: dict[int, tuple[list[tuple[int, float]], bool]] = {}
    firsts: dict[str, list[tuple[int, float]]] = {}
    lasts: dict[str, list[tuple[int, float]]] = {}
    for tokens in lay.tokens:
        for i, t in enumerate(tokens):
            if t.startswith("<") and i + 1 < len(tokens) and not tokens[i + 1].startswith(">"):
                nxt = tokens[i + 1]
                firsts.setdefault(t[1:], []).append((system.index[nxt], -float(_gap(lay, t, nxt))))
            if t.startswith(">") and i > 0 and not tokens[i - 1].startswith("<"):
                prev = tokens[i - 1]
                lasts.setdefault(t[1:], []).append((system.index[prev], float(_gap(lay, prev, t))))
    for g in lay.clusters:
        if g in firsts:
            out[system.index["<" + g]] = (firsts[g], True)
        if g in lasts:
            out[system.index[">" + g]] = (lasts[g], False)
    return out


def _topological(n: int, cons: list[tuple[int, int, int]]) -> list[int]:
    """Variables in an order where every constraint's left side comes first."""
    succ: list[list[int]] = [[] for _ in range(n)]
    deg = [0] * n
    for a, b, _ in cons:
        succ[a].append(b)
        deg[b] += 1
    ready = [v for v in range(n) if deg[v] == 0]
    ready.reverse()
    out = []
    while ready:
        v = ready.pop()
        out.append(v)
        for s in succ[v]:
            deg[s] -= 1
            if deg[s] == 0:
                ready.append(s)
    if len(out) != n:
        raise ValueError("column constraints form a cycle")
    return out


def _project(
    n: int,
    target: list[float],
    weight: list[float],
    cons: list[tuple[int, int, int]],
    order: list[int],
    incoming: list[list[int]] | None = None,
) -> list[float]:
    """The columns nearest ``target`` (weighted least squares) that meet every
    constraint, by merging blocks along violated constraints in topological order.

    Each variable, in ``order``, starts a block of its own and absorbs the block
    on the far side of its most violated incoming constraint until none is
    violated (the most violated first, ties to the lower constraint index).

    Blocks are a union-find forest, so a merge costs O(1) instead of relabelling
    every member of the absorbed block: ``parent[v]`` is the variable whose
    block ``v``'s was absorbed into, ``offset[v]`` ``v``'s column relative to its
    parent's, and a block is named by its root, the variable that started it
    (whose offset is 0). Offsets are sums of integer gaps, so they are kept as
    ints: path compression may add them up in any order and still give exactly
    the offsets (and so the floating-point columns) of relabelling every member.
    """
    if incoming is None:
        incoming = _incoming(n, cons)
    parent = list(range(n))
    offset = [0] * n
    # Per block root: the sum of its members' weights, the sum of their
    # weight * (target - offset), and a heap of the constraints into the block
    # as (minus the column the constraint needs the root at, constraint index).
    wsum = [0.0] * n
    wt = [0.0] * n
    heaps: list[list[tuple[float, int]]] = [[] for _ in range(n)]

    def find(v: int) -> int:
        """The root of ``v``'s block; afterwards ``offset[v]`` is relative to it."""
        path = []
        while parent[v] != v:
            path.append(v)
            v = parent[v]
        # From the root down, point every variable on the path straight at it.
        for u in reversed(path):
            p = parent[u]
            if p != v:
                offset[u] += offset[p]
                parent[u] = v
        return v

    heapify, heappop, heappush = heapq.heapify, heapq.heappop, heapq.heappush
    for v in order:
        wsum[v] = weight[v]
        wt[v] = weight[v] * target[v]
        into = incoming[v]
        if not into:
            continue
        heap = heaps[v]
        for ci in into:
            a, _, gap = cons[ci]
            # Most variables are a root or a root's child: skip the call to find.
            left = parent[a]
            if parent[left] != left:
                left = find(a)
            heap.append((-(wt[left] / wsum[left] + offset[a] + gap), ci))
        if len(heap) > 1:
            heapify(heap)
        b = v
        while heap:
            key, ci = heap[0]
            a, r, gap = cons[ci]
            left = parent[a]
            if parent[left] != left:
                left = find(a)
            if left == b:
                heappop(heap)
                continue
            # Every key in the heap is up to date (see below), so it is minus the
            # column the constraint needs this block's root at.
            if -key - wt[b] / wsum[b] <= 1e-9:
                break
            heappop(heap)
            if parent[r] != b:
                find(r)
            shift = offset[r] - gap - offset[a]
            parent[left] = b
            offset[left] = shift
            wt[b] += wt[left] - shift * wsum[left]
            wsum[b] += wsum[left]
            # The keys of constraints already in this block's heap still hold (their
            # ends have not moved relative to their blocks, and only this block is
            # moving); those of the absorbed block's are stale, as the blocks at
            # their left ends may have moved since: work them out afresh.
            for _, cj in heaps[left]:
                a2, r2, gap2 = cons[cj]
                left2 = find(a2)
                if left2 != b:
                    find(r2)
                    key = -(wt[left2] / wsum[left2] + offset[a2] + gap2 - offset[r2])
                    heappush(heap, (key, cj))
            heaps[left] = []
    # A block's root comes after its members in ``order``, so walking it backwards
    # meets each variable's parent first: add up the offsets down from the roots.
    root = list(range(n))
    for v in reversed(order):
        p = parent[v]
        if p != v:
            offset[v] += offset[p]
            root[v] = root[p]
    return [wt[root[v]] / wsum[root[v]] + offset[v] for v in range(n)]


def _incoming(n: int, cons: list[tuple[int, int, int]]) -> list[list[int]]:
    """For each variable, the indices of the constraints on its left side."""
    incoming: list[list[int]] = [[] for _ in range(n)]
    for i, (_, b, _) in enumerate(cons):
        incoming[b].append(i)
    return incoming


def _integral(
    n: int,
    x: list[float],
    cons: list[tuple[int, int, int]],
    order: list[int],
    incoming: list[list[int]],
) -> list[int]:
    """Whole columns: rounded, then pushed right wherever rounding broke a constraint."""
    out = [round(v) for v in x]
    for v in order:
        for ci in incoming[v]:
            a, _, gap = cons[ci]
            if out[v] < out[a] + gap:
                out[v] = out[a] + gap
    return out


def _straighten(lay: Layout, system: _System, x: list[int], incoming: list[list[int]]) -> None:
    """Put each run of a long edge's line units (dummies, labels) on one column
    wherever every constraint leaves room, so a line through many levels runs
    straight instead of stepping aside a column at a time.

    Longest runs go first; a run that no one column fits is split where it must.
    The column kept is the free one nearest the run's median, preferring one
    under the box the run comes from, so the line leaves that box straight too.
    """
    outgoing: list[list[int]] = [[] for _ in range(len(x))]
    for i, (a, _, _) in enumerate(system.cons):
        outgoing[a].append(i)
    units, index = lay.units, system.index
    nxt: dict[str, str] = {}
    prev: dict[str, str] = {}
    fan: dict[str, int] = {}
    above: dict[str, str] = {}  # the box a run's first unit hangs from
    below: dict[str, str] = {}  # the box a run's last unit goes into
    for hop in lay.hops:
        if hop.flat:
            continue
        fan[hop.upper] = fan.get(hop.upper, 0) + 1
        fan[hop.lower + "^"] = fan.get(hop.lower + "^", 0) + 1
        upper, lower = units[hop.upper], units[hop.lower]
        if upper.passes and lower.passes:
            nxt[hop.upper], prev[hop.lower] = hop.lower, hop.upper
        if lower.passes and upper.kind == "node":
            above[hop.lower] = hop.upper
        if upper.passes and lower.kind == "node":
            below[hop.upper] = hop.lower
    runs = []
    for uid, unit in units.items():
        inside_run = uid in prev and fan.get(uid + "^") == 1 and fan.get(prev[uid]) == 1
        if not unit.passes or inside_run:
            continue
        run = [uid]
        while run[-1] in nxt and fan.get(run[-1]) == 1 and fan.get(nxt[run[-1]] + "^") == 1:
            run.append(nxt[run[-1]])
        runs.append(run)
    runs.sort(key=lambda r: (-len(r), units[r[0]].decl, r[0]))
    cons = system.cons

    def room(v: int) -> tuple[int, int]:
        low = max((x[cons[i][0]] + cons[i][2] for i in incoming[v]), default=-(10**9))
        high = min((x[cons[i][1]] - cons[i][2] for i in outgoing[v]), default=10**9)
        return low, high

    for run in runs:
        start = 0
        while start < len(run):
            low, high = -(10**9), 10**9
            end = start
            while end < len(run):
                lo, hi = room(index[run[end]])
                if max(low, lo) > min(high, hi):
                    break
                low, high = max(low, lo), min(high, hi)
                end += 1
            if end > start:
                cols = sorted(x[index[u]] for u in run[start:end])
                want = cols[len(cols) // 2]
                # Under the box the run comes from and over the one it goes to,
                # when there is room: then the line meets both without a step.
                for box in (above.get(run[start]), below.get(run[end - 1])):
                    if box is not None:
                        b = units[box]
                        bx = x[index[box]]
                        lo, hi = max(low, bx + 1), min(high, bx + b.w - 2)
                        if lo <= hi:
                            low, high = lo, hi
                col = min(max(want, low), high)
                for u in run[start:end]:
                    x[index[u]] = col
            start = max(end, start + 1)
