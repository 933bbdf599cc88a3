"""File-system and I/O faults: each ends in one line naming the path and what to do, exit 1,
and never a traceback. (Tests run as root, so permissions are exercised through /sys, which
is read-only for everyone here, and a full disk through a file size limit.)"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

GOOD = "archgen: 1\ntitle: Good\nnodes:\n  a: A\n  b: B\nedges:\n  - a -> b\n"
FAILED = [
    "archgen: 1 of 1 specs failed; 0 built",
    "archgen: guide and gallery not written: fix the specs first",
]


def _run(
    args: list[str], cwd: Path, stdout: int | None = subprocess.PIPE, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    def small_files() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "archgen", *args],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        preexec_fn=small_files,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(GOOD)
    return tmp_path


def _file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")


def _folder(path: Path) -> None:
    path.mkdir(parents=True)


Case = tuple[Callable[[Path], None], list[str], list[str]]

CASES: dict[str, Case] = {
    "a file where the output folder should be": (
        lambda p: _file(p / "out"),
        ["build", "-q", "-o", "out"],
        [
            "archgen: error: cannot write the output folder out: Not a directory (a file "
            "stands where a folder should be; move it away)"
        ],
    ),
    "a file where output/svg should be": (
        lambda p: _file(p / "out" / "svg"),
        ["build", "-q", "-o", "out"],
        [
            "archgen: error: cannot write out/svg: File exists (a file stands where a folder "
            "should be; move it away)",
            *FAILED,
        ],
    ),
    "a folder where an SVG should be": (
        lambda p: _folder(p / "out" / "svg" / "good.svg"),
        ["build", "-q", "-o", "out"],
        [
            "archgen: error: cannot write out/svg/good.svg: Is a directory (a folder stands "
            "where a file should be; move it away)",
            *FAILED,
        ],
    ),
    "a folder where the gallery should be": (
        lambda p: _folder(p / "out" / "index.html"),
        ["build", "-q", "-o", "out", "--format", "ascii"],
        [
            "archgen: error: cannot write out/index.html: Is a directory (a folder stands "
            "where a file should be; move it away)"
        ],
    ),
    "a folder where the guide should be": (
        lambda p: _folder(p / "guide.md"),
        ["guide", "-o", "guide.md"],
        [
            "archgen: error: cannot write guide.md: Is a directory (a folder stands where a "
            "file should be; move it away)"
        ],
    ),
    "a read-only output folder": (
        lambda p: None,
        ["build", "-q", "-o", "/sys/archgen-out", "--format", "ascii"],
        [
            "archgen: error: cannot write the output folder /sys/archgen-out: Operation not "
            "permitted (check its permissions)"
        ],
    ),
    "a guide into a read-only folder": (
        lambda p: None,
        ["guide", "-o", "/sys/guide.md"],
        ["archgen: error: cannot write /sys/guide.md: Permission denied (check its permissions)"],
    ),
    "a name too long": (
        lambda p: None,
        ["build", "-q", "-o", "x" * 300, "--format", "ascii"],
        [
            f"archgen: error: cannot write the output folder {'x' * 300}: File name too long "
            "(use a shorter path)"
        ],
    ),
    "a data file that is a folder": (
        lambda p: _folder(p / "data" / "table.yaml"),
        ["guide", "-o", "guide.md"],
        [
            "archgen: error: cannot use data/table.yaml: Is a directory (a folder stands where "
            "a file should be; move it away)"
        ],
    ),
    "a templates folder that is a file": (
        lambda p: _file(p / "tpl"),
        ["guide", "-t", "tpl"],
        ["archgen: error: --templates tpl is not a folder"],
    ),
    "a spec that cannot be read": (
        lambda p: (p / "specs" / "gone.yaml").symlink_to(p / "nowhere.yaml"),
        ["check", "-q", "specs/gone.yaml"],
        ["archgen: error: no such spec file or folder: specs/gone.yaml"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_system_fault_is_one_clear_line(case: str, project: Path) -> None:
    setup, args, expected = CASES[case]
    setup(project)
    done = _run(args, project)
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == expected
    usage = "no such spec" in expected[0] or "--templates" in expected[0]
    assert done.returncode == (2 if usage else 1)


@pytest.mark.parametrize(
    "args", [["ascii", "specs/good.yaml"], ["check", "specs"], ["kinds"], ["schema"]]
)
def test_stdout_on_a_full_disk(args: list[str], project: Path) -> None:
    with open("/dev/full", "w") as full:
        done = _run(args, project, stdout=full.fileno())
    assert done.stderr.splitlines() == [
        "archgen: error: cannot write to standard output: No space left on device"
    ]
    assert done.returncode == 1


def test_stdout_closed_early_is_quiet(project: Path) -> None:
    reader = subprocess.Popen(
        ["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL
    )
    assert reader.stdin is not None
    done = _run(["kinds"], project, stdout=reader.stdin.fileno())
    reader.stdin.close()
    reader.wait()
    assert done.stderr == ""
    assert done.returncode == 0


def test_output_on_a_full_disk(project: Path) -> None:
    done = _run(["build", "-q", "-o", "out", "--format", "ascii,svg"], project, limit=4096)
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "archgen: error: cannot write out/svg/good.svg: File too large (the file is too large "
        "for the disk or a file size limit)",
        *FAILED,
    ]
    assert done.returncode == 1
    assert not any(p.name.endswith(".tmp") for p in (project / "out").rglob("*"))


def test_no_fault_reaches_python_as_a_traceback_when_not_root(project: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions")
    (project / "out").mkdir()
    (project / "out").chmod(0o500)
    done = _run(["build", "-q", "-o", "out"], project)
    assert "Traceback" not in done.stderr and done.returncode == 1
