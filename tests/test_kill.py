"""A build killed with ``kill -9`` while ``dot`` runs leaves no ``dot`` behind and nothing in
the temp folder; the next build sweeps its scratch files; two builds into one folder take
turns, and the second says it is waiting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process table from /proc"
)


def _big_spec(path: Path, nodes: int = 600) -> Path:
    """A spec ``dot`` needs some seconds for (about 8 at 600 nodes): grouped nodes and two
    crossing edges each."""
    lines = ["archgen: 1", "title: Big", "nodes:"]
    lines += [f"  n{i}: {{}}" for i in range(nodes)]
    lines.append("groups:")
    for g in range(nodes // 20):
        members = ", ".join(f"n{i}" for i in range(g * 20, g * 20 + 20))
        lines.append(f"  g{g}: {{members: [{members}]}}")
    lines.append("edges:")
    for i in range(nodes):
        lines.append(f"  - n{i} -> n{(i * 7 + 13) % nodes}")
        lines.append(f"  - n{i} -> n{(i * 31 + 5) % nodes}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _small_spec(path: Path) -> Path:
    path.write_text("archgen: 1\ntitle: Small\nnodes: {a: , b: }\nedges: [a -> b]\n")
    return path


def _processes() -> dict[int, tuple[int, str]]:
    """Every process: pid -> (parent pid, command name)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        table[int(entry.name)] = (parent, name)
    return table


def _descendants(root: int) -> dict[int, str]:
    table = _processes()
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        for child, (parent, name) in table.items():
            if parent == pid and child not in found:
                found[child] = name
                frontier.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _archgen(args: list[str], tmp: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, TMPDIR=str(tmp))
    return subprocess.Popen(
        [sys.executable, "-m", "archgen", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_for_dot(build: subprocess.Popen[str], limit: float = 60) -> list[int]:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        dots = [pid for pid, name in _descendants(build.pid).items() if name == "dot"]
        if dots:
            return dots
        assert build.poll() is None, build.communicate()
        time.sleep(0.05)
    pytest.fail("dot never started")


def _build_running_dot(
    tmp_path: Path,
) -> tuple[Path, Path, subprocess.Popen[str], list[int]]:
    """Start a build of a big spec and wait until its dot runs: (TMPDIR, OUT, build, dots)."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    spec = _big_spec(tmp_path / "big.yaml")
    build = _archgen(["build", str(spec), "-o", str(out), "--format", "svg"], temp)
    return temp, out, build, _wait_for_dot(build)


def test_kill_9_leaves_no_dot_and_no_scratch(tmp_path: Path) -> None:
    temp, out, build, dots = _build_running_dot(tmp_path)
    time.sleep(0.3)  # dot is well into its layout
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    # dot would run for seconds more on its own: it must go with the build, at once.
    deadline = time.monotonic() + 1.5
    while any(_alive(pid) for pid in dots) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in dots if _alive(pid)] == [], "dot outlived the killed build"
    state = out / ".archgen"
    assert [p.name for p in state.iterdir() if p.name.startswith("run-")] != []
    assert not (out / "svg" / "big.svg").exists()  # no half-written figure either
    assert list(temp.iterdir()) == []

    again = _archgen(["build", str(_small_spec(tmp_path / "small.yaml")), "-o", str(out)], temp)
    _stdout, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert sorted(p.name for p in state.iterdir()) == [".gitignore", "lock"]
    assert list(temp.iterdir()) == []
    leftovers = [p for p in (out / "svg").iterdir() if p.name != "small.svg"]
    assert leftovers == []


def test_sigterm_stops_dot_too(tmp_path: Path) -> None:
    temp, out, build, dots = _build_running_dot(tmp_path)
    os.kill(build.pid, signal.SIGTERM)
    _stdout, stderr = build.communicate(timeout=30)
    assert build.returncode != 0
    assert "Traceback" not in stderr
    time.sleep(0.2)
    assert [pid for pid in dots if _alive(pid)] == []
    assert [p.name for p in (out / ".archgen").iterdir() if p.name.startswith("run-")] == []
    assert list(temp.iterdir()) == []


def test_concurrent_builds_into_one_folder_take_turns(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    out = tmp_path / "out"
    big = _big_spec(tmp_path / "big.yaml", nodes=200)
    small = _small_spec(tmp_path / "small.yaml")
    first = _archgen(["build", str(big), "-o", str(out), "--format", "svg"], temp)
    _wait_for_dot(first)
    second = _archgen(["build", str(small), "-o", str(out), "--format", "svg"], temp)
    _out2, err2 = second.communicate(timeout=300)
    _out1, err1 = first.communicate(timeout=300)
    assert first.returncode == 0, err1
    assert second.returncode == 0, err2
    assert f"archgen: note: waiting for another archgen build into {out} to finish" in err2
    assert "waiting" not in err1
    assert sorted(p.name for p in (out / "svg").iterdir()) == ["big.svg", "small.svg"]
    assert list(temp.iterdir()) == []
