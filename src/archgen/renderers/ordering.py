"""Keeping siblings in declaration order, which Graphviz does not always do.

Graphviz 2.43 sometimes lays out a cluster's members, or the clusters of an
LR layout, in reverse input order. This module lays a graph out once with
``dot -Tplain``, finds the containers whose children come out backwards, and
asks for those to be written reversed; it keeps whichever variant reads best.
"""

from __future__ import annotations

from collections.abc import Callable

from archgen import scratch
from archgen.errors import RenderError
from archgen.graph.model import Graph
from archgen.renderers.diagrams_dot import ANCHOR, ROOT, DotResult, resources_dir
from archgen.renderers.dotrun import run_dot_many
from archgen.renderers.images import copy_icons

Box = tuple[float, float, float, float]
"""Along-rank min and max, then across-rank min and max, of a container child."""

MAX_ROUNDS = 2


def positions(result: DotResult) -> dict[str, tuple[float, float]]:
    """Node centres from ``dot -Tplain`` (y grows upwards)."""
    return parse_plain(lay_out_plain(result))


def lay_out_plain(result: DotResult) -> bytes:
    """``dot -Tplain`` of a DOT with its icon files."""
    with scratch.folder() as folder:
        copy_icons(result.icons, folder, resources_dir())
        return run_dot_many(result.source, ["plain"], folder)["plain"]


def parse_plain(plain: bytes) -> dict[str, tuple[float, float]]:
    """Node centres from the text of a ``-Tplain`` layout."""
    out: dict[str, tuple[float, float]] = {}
    for line in plain.decode("utf-8", "replace").splitlines():
        if line.startswith("node "):
            parts = _split_plain(line)
            out[parts[1]] = (float(parts[2]), float(parts[3]))
    return out


def _split_plain(line: str) -> list[str]:
    """Split a -Tplain line, honouring double-quoted names."""
    parts: list[str] = []
    current, quoted, i = "", False, 0
    while i < len(line):
        ch = line[i]
        if quoted and ch == "\\" and i + 1 < len(line):
            current += line[i + 1]
            i += 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == " " and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
        i += 1
    parts.append(current)
    return parts


def inverted_containers(graph: Graph, pos: dict[str, tuple[float, float]]) -> tuple[set[str], int]:
    """Containers whose side-by-side children mostly run backwards, and the total inversions."""
    across_rank = graph.direction in ("LR", "RL")

    def box(ident: str) -> Box | None:
        leaves = list(graph.leaves(ident)) if graph.is_group(ident) else [ident]
        if graph.is_group(ident) and not leaves:
            leaves = [ident + ANCHOR]
        points = [pos[leaf] for leaf in leaves if leaf in pos]
        if not points:
            return None
        # In-rank order runs along x (TB, BT) or top-down, i.e. -y (LR, RL).
        along = [-y if across_rank else x for x, y in points]
        rank = [x if across_rank else y for x, y in points]
        return min(along), max(along), min(rank), max(rank)

    flips: set[str] = set()
    total = 0
    containers = [(ROOT, graph.roots)] + [(g.id, g.children) for g in graph.groups]
    for container, kids in containers:
        boxes = [(k, box(k)) for k in kids]
        placed = [(k, b) for k, b in boxes if b is not None]
        forward = backward = 0
        for i, (_, a) in enumerate(placed):
            for _, b in placed[i + 1 :]:
                if a[3] + 0.01 < b[2] or b[3] + 0.01 < a[2]:
                    continue  # on different ranks: order says nothing
                centre_a, centre_b = a[0] + a[1], b[0] + b[1]
                if centre_a < centre_b - 0.01:
                    forward += 1
                elif centre_a > centre_b + 0.01:
                    backward += 1
        total += backward
        if backward > forward and not _cyclic(graph, kids):
            flips.add(container)
    return flips, total


def _cyclic(graph: Graph, kids: tuple[str, ...]) -> bool:
    """Whether edges among a container's children form a cycle.

    Such children are ordered by their edges, not by declaration, and writing
    them reversed reshuffles the whole container (and Graphviz's label
    placement with it), so those containers are left as they are.
    """
    owner: dict[str, str] = {}
    for kid in kids:
        for leaf in graph.leaves(kid) if graph.is_group(kid) else (kid,):
            owner[leaf] = kid
    succ: dict[str, set[str]] = {k: set() for k in kids}
    for edge in graph.edges:
        for s in graph.leaves(edge.source):
            for t in graph.leaves(edge.target):
                a, b = owner.get(s), owner.get(t)
                if a is not None and b is not None and a != b:
                    succ[a].add(b)
    state: dict[str, int] = {}

    def visit(node: str) -> bool:
        state[node] = 1
        for nxt in succ[node]:
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(k not in state and visit(k) for k in kids)


def best_order(graph: Graph, make: Callable[[frozenset[str]], DotResult]) -> frozenset[str]:
    """The set of containers to write reversed so siblings read in declaration order."""
    made: dict[str, DotResult] = {}

    def make_source(flipped: frozenset[str]) -> str:
        result = make(flipped)
        made[result.source] = result
        return result.source

    return best_layout(graph, make_source, lambda source: lay_out_plain(made[source]))[0]


def best_layout(
    graph: Graph,
    make_source: Callable[[frozenset[str]], str],
    lay_out: Callable[[str], bytes],
    keep_trying: Callable[[], bool] = lambda: True,
) -> tuple[frozenset[str], str]:
    """Try the plain order, then flips of backward containers; keep the best.

    A new try is made only while ``keep_trying()`` says so (a big graph's layouts are
    slow, and the first is usually kept).

    ``lay_out`` runs Graphviz on a candidate and returns its ``-Tplain`` text
    (it may draw other formats in the same run, so the kept candidate's
    drawings need no second layout). Returns the flips and the chosen source.
    """
    flipped: frozenset[str] = frozenset()
    best: tuple[frozenset[str], str] | None = None
    best_score = -1
    for attempt in range(MAX_ROUNDS):
        source = make_source(flipped)
        try:
            plain = lay_out(source)
        except RenderError:
            if attempt == 0:
                raise
            break  # a flipped candidate Graphviz cannot draw: keep the best so far
        flips, score = inverted_containers(graph, parse_plain(plain))
        if best is None or score < best_score:
            best, best_score = (flipped, source), score
        if not flips or score == 0 or not keep_trying():
            break
        flipped = flipped ^ frozenset(flips)
    assert best is not None
    return best
