"""A long fuzzing run that counts outcomes instead of stopping at the first failure.

    python -m tests.fuzz_campaign --examples 5000 --seed 1 --cli-every 20 --keep /tmp/found

Draws specs from the same generators as ``tests/test_fuzz.py`` (generated and mutated,
half each), runs each through ``load`` → ``to_graph`` → box art → SVG with the same
checks, and every ``--cli-every``-th one also through ``archgen check``, ``ascii`` and
``build`` as a user would (exit code 0 or 1, no traceback, no raw control byte on the
terminal, well-formed SVG). A spec that takes longer than ``--hang`` seconds counts as a
hang. Inputs that fail are written to ``--keep``. Prints one line of counts at the end.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.test_fuzz import CONTROL, check_svg, generated_specs, mutated_specs, run_pipeline


class Hang(Exception):
    """The pipeline ran past its time."""


def _alarm(_signum: int, _frame: Any) -> None:
    raise Hang()


def _cli(text: str, folder: Path) -> str | None:
    """Run the spec through the CLI; return what went wrong, or None."""
    spec = folder / "fuzz.yaml"
    spec.write_text(text, encoding="utf-8", errors="surrogatepass")
    out = folder / "out"
    for args in (["check", str(spec)], ["ascii", str(spec)], ["build", str(spec), "-o", str(out)]):
        try:
            done = subprocess.run(
                [sys.executable, "-m", "archgen", *args],
                capture_output=True,
                timeout=120,
                env=dict(os.environ, TMPDIR=str(folder / "tmp")),
            )
        except subprocess.TimeoutExpired:
            return f"{args[0]}: hang"
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode not in (0, 1):
            return f"{args[0]}: exit {done.returncode}: {stderr[-300:]}"
        if "Traceback" in stderr:
            return f"{args[0]}: traceback: {stderr[-300:]}"
        if CONTROL.search(stderr):
            return f"{args[0]}: raw control character on stderr"
        if args[0] == "build" and done.returncode == 0:
            svg = out / "svg" / "fuzz.svg"
            try:
                check_svg(svg.read_bytes())
            except (AssertionError, Exception) as exc:
                return f"build: bad SVG: {exc}"
        if args[0] == "check" and done.returncode == 1:
            return None  # refused: nothing more to run
    leftovers = list((folder / "tmp").iterdir())
    if leftovers:
        return f"files left in TMPDIR: {leftovers}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cli-every", type=int, default=20)
    parser.add_argument("--hang", type=float, default=60.0)
    parser.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-found")
    args = parser.parse_args()
    args.keep.mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    seen = [0]
    signal.signal(signal.SIGALRM, _alarm)
    started = time.monotonic()

    def keep(kind: str, text: str, detail: str) -> None:
        name = f"{kind}-{args.seed}-{seen[0]}"
        (args.keep / f"{name}.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        (args.keep / f"{name}.txt").write_text(detail, encoding="utf-8", errors="replace")

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.one_of(generated_specs(), mutated_specs()))
    def campaign(text: str) -> None:
        seen[0] += 1
        with tempfile.TemporaryDirectory() as scratch:
            folder = Path(scratch)
            (folder / "tmp").mkdir()
            signal.setitimer(signal.ITIMER_REAL, args.hang)
            try:
                counts["drawn" if run_pipeline(text, folder / "fuzz.yaml") else "refused"] += 1
            except Hang:
                counts["hang"] += 1
                keep("hang", text, "")
            except AssertionError as exc:
                kind = "invalid-svg" if "SVG" in str(exc) or "ParseError" in str(exc) else "check"
                counts[kind] += 1
                keep(kind, text, str(exc))
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                name = type(exc).__name__
                kind = {"ParseError": "invalid-svg", "Failed": "not-rendered"}.get(name, "uncaught")
                counts[kind] += 1
                keep(kind, text, traceback.format_exc())
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            if args.cli_every and seen[0] % args.cli_every == 0:
                counts["cli-runs"] += 1
                problem = _cli(text, folder)
                if problem is not None:
                    counts["cli-problem"] += 1
                    keep("cli", text, problem)

    campaign()
    counts["examples"] = seen[0]
    counts["seconds"] = round(time.monotonic() - started)
    print(json.dumps(dict(sorted(counts.items()))))
    bad = sum(
        counts[k]
        for k in ("hang", "invalid-svg", "check", "uncaught", "not-rendered", "cli-problem")
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
