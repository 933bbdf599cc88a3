"""How much archgen adds on top of Graphviz: archgen's SVG render vs plain ``dot`` on its DOT.

Run: ``.venv/bin/python bench/render_vs_dot.py [--repeat N]``. For every spec it
times (a) ``archgen.render(spec, "svg")`` in process (load, validate, build the
diagrams graph, run dot, inline icons) and (b) ``dot -Tsvg`` alone on the same DOT
text, in the same run, and prints medians and the ratio a/b. Machines here are
noisy: read the medians, not single runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

import archgen
from archgen.renderers.diagrams_dot import to_dot
from archgen.renderers.dotrun import dot_path

REPO = Path(__file__).resolve().parent.parent


def median_seconds(action: object, repeat: int) -> float:
    """Median wall time of ``action()`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    dot = dot_path()
    ratios = []
    print(f"{'spec':<30} {'archgen ms':>10} {'dot ms':>8} {'ratio':>6}")
    for path in sorted((REPO / "specs").glob("*.yaml")):

        def ours(path: Path = path) -> None:
            archgen.render(archgen.load(path), "svg")

        source = to_dot(archgen.to_graph(archgen.load(path))).source.encode()

        def plain(source: bytes = source) -> None:
            subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, check=True)

        ours()  # warm imports and caches
        a, b = median_seconds(ours, args.repeat), median_seconds(plain, args.repeat)
        ratios.append(a / b)
        print(f"{path.stem:<30} {a * 1000:>10.1f} {b * 1000:>8.1f} {a / b:>6.2f}")
    print(f"median ratio archgen/dot over {len(ratios)} specs: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
