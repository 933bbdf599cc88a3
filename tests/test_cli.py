"""The archgen command: exit codes, messages, and outputs that are never half written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from archgen import __version__
from archgen.cli import main
from tests.conftest import SPECS

GOOD = "archgen: 1\ntitle: Good\nnodes:\n  a: A\n  b: B\nedges:\n  - a -> b\n"
BAD = "archgen: 1\ntitle: Bad\nnodes:\n  a: {kind: databse}\nedges:\n  - a -> zz\n"


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning:archgen"}
    return subprocess.run(
        [sys.executable, "-m", "archgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "good.yaml").write_text(GOOD)
    return tmp_path


def test_version(project: Path) -> None:
    done = run(["--version"], project)
    assert done.returncode == 0
    assert done.stdout.strip() == f"archgen {__version__}"


def test_help_has_examples(project: Path) -> None:
    done = run(["--help"], project)
    assert done.returncode == 0
    assert "examples:" in done.stdout and "archgen build specs/cqrs.yaml" in done.stdout
    assert "examples:" in run(["build", "--help"], project).stdout


def test_build_defaults_to_specs_and_output(project: Path) -> None:
    done = run(["build"], project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "built specs/good.yaml -> output/svg/good.svg, output/png/good.png, output/ascii/good.txt\n"
        "1 spec built; wrote output/index.html\n"
    )
    assert (project / "output" / "svg" / "good.svg").stat().st_size > 0
    assert (project / "output" / "png" / "good.png").stat().st_size > 0


def test_build_quiet_and_formats(project: Path) -> None:
    done = run(["build", "-q", "--format", "svg,dot", "-o", "out"], project)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        ".archgen",
        "dot",
        "index.html",
        "svg",
    ]


def test_bad_spec_fails_without_output_and_keeps_old_outputs(project: Path) -> None:
    assert run(["build", "-q"], project).returncode == 0
    svg = project / "output" / "svg" / "good.svg"
    before = svg.read_bytes()
    (project / "specs" / "good.yaml").write_text(BAD.replace("Bad", "Good"))
    (project / "specs" / "other.yaml").write_text(GOOD)
    (project / "specs" / "bad.yaml").write_text(BAD)
    done = run(["build"], project)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "specs/bad.yaml:4:13: unknown kind 'databse' (did you mean 'database'?)",
        "specs/bad.yaml:6:10: unknown id 'zz'",
        "specs/good.yaml:4:13: unknown kind 'databse' (did you mean 'database'?)",
        "specs/good.yaml:6:10: unknown id 'zz'",
        "archgen: 2 of 3 specs failed; 1 built",
        "archgen: guide and gallery not written: fix the specs first",
    ]
    assert (
        done.stdout
        == "built specs/other.yaml -> output/svg/other.svg, output/png/other.png, output/ascii/other.txt\n"
    )
    assert svg.read_bytes() == before, "earlier output of an invalid spec changed"
    assert not (project / "output" / "svg" / "bad.svg").exists()
    leftovers = [
        p.name
        for p in (project / "output").rglob("*")
        if p.name.startswith(".") and p.relative_to(project / "output").parts[0] != ".archgen"
    ]
    assert leftovers == []
    # The build's lock and scratch folder: no scratch left once the build is over.
    state = sorted(p.name for p in (project / "output" / ".archgen").iterdir())
    assert state == [".gitignore", "lock"]


def test_check_reports_every_error(project: Path) -> None:
    (project / "specs" / "bad.yaml").write_text(BAD)
    done = run(["check"], project)
    assert done.returncode == 1
    assert done.stdout == "ok specs/good.yaml\n"
    assert done.stderr.splitlines()[-1] == "archgen: 1 of 2 specs are invalid"
    assert not (project / "output").exists()


def test_check_passes_on_the_repository_specs() -> None:
    done = run(["check", "-q", str(SPECS)], SPECS.parent)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--format", "gif"], "unknown format 'gif'; choose from svg, png, dot, ascii"),
        (["build", "--dpi", "abc"], "'abc' is not a whole number"),
        (["build", "--dpi", "5"], "dpi must be between 24 and 1200"),
        (["build", "nowhere.yaml"], "archgen: error: no such spec file or folder: nowhere.yaml"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    done = run(args, project)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    done = run(["build"], tmp_path)
    assert done.returncode == 2
    assert done.stderr == "archgen: error: no spec files (*.yaml) found in specs\n"


def test_missing_graphviz_is_a_clear_error(project: Path) -> None:
    env_path = str(Path(sys.executable).parent)
    done = subprocess.run(
        [sys.executable, "-m", "archgen", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": env_path},
        timeout=120,
    )
    assert done.returncode == 1
    assert "Graphviz 'dot' was not found on PATH; install Graphviz" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (project / "output").exists()


def test_kinds_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["kind", "generic", "onprem", "aws", "gcp", "azure", "k8s"]
    database = next(line for line in lines if line.startswith("database "))
    assert "aws.database.RDS" in database
    assert len(lines) == 2 + 26


def test_nothing_in_a_spec_runs_code(project: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    (project / "specs" / "evil.yaml").write_text(
        "archgen: 1\ntitle: Evil\nnodes:\n"
        f"  a: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    done = run(["build", "-q"], project)
    assert done.returncode == 1
    assert "YAML tags are not allowed" in done.stderr
    assert not marker.exists()


def test_ascii_prints_box_art(project: Path) -> None:
    done = run(["ascii", "specs/good.yaml"], project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].strip().startswith("┌")
    assert "▼" in done.stdout and "│ A │" in done.stdout
    plain = run(["ascii", "specs/good.yaml", "--charset", "ascii"], project)
    assert plain.returncode == 0 and plain.stdout.isascii() and "v" in plain.stdout


def test_ascii_too_wide_is_a_clear_error(project: Path) -> None:
    (project / "specs" / "wide.yaml").write_text(
        "archgen: 1\ntitle: Wide\nnodes:\n  a: A\n  b: B\n  c: C\n  d: D\n"
        "edges:\n  - a -> b, c, d\n"
    )
    done = run(["ascii", "specs/wide.yaml", "--width", "12"], project)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.startswith("archgen: error: the figure is ")
    assert "more than --width 12" in done.stderr and "Traceback" not in done.stderr


def test_ascii_fits_the_width_by_wrapping_texts(project: Path) -> None:
    # Four boxes with long labels side by side: 112 columns as written.
    (project / "specs" / "long.yaml").write_text(
        "archgen: 1\ntitle: Long\nnodes:\n  a: Source\n"
        "  b: {label: Order history service}\n  c: {label: Payment reconciliation}\n"
        "  d: {label: Customer notification service}\n"
        "edges:\n  - a -> b, c, d: fan out to every consumer\n"
    )
    free = run(["ascii", "specs/long.yaml", "--width", "0"], project)
    assert free.returncode == 0, free.stderr
    assert max(len(x) for x in free.stdout.splitlines()) > 60
    assert "Customer notification service" in free.stdout
    fitted = run(["ascii", "specs/long.yaml", "--width", "60"], project)
    assert fitted.returncode == 0, fitted.stderr
    rows = fitted.stdout.splitlines()
    assert max(len(x) for x in rows) <= 60
    # Wrapped at spaces, never inside a word.
    assert "Customer notification service" not in fitted.stdout
    assert any("Customer" in x for x in rows) and any("service" in x for x in rows)
    assert run(["ascii", "specs/long.yaml", "--width", "5"], project).returncode == 2


def test_ascii_bad_spec_and_usage(project: Path) -> None:
    (project / "specs" / "bad.yaml").write_text(BAD)
    done = run(["ascii", "specs/bad.yaml"], project)
    assert done.returncode == 1
    assert "unknown kind 'databse' (did you mean 'database'?)" in done.stderr
    assert run(["ascii", "specs/good.yaml", "--charset", "ebcdic"], project).returncode == 2
    assert run(["ascii"], project).returncode == 2


def test_ascii_does_not_import_diagrams(project: Path) -> None:
    code = (
        "import sys; from archgen.cli import main; main(['ascii', 'specs/good.yaml']); "
        "sys.stdout.flush(); print('diagrams' in sys.modules, 'graphviz' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.splitlines()[-1] == "False False"


def test_guide_command(project: Path) -> None:
    done = run(["guide"], project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# Architecture figures\n")
    assert "## Good\n" in done.stdout and "```\n┌" in done.stdout
    (project / "templates").mkdir()
    (project / "templates" / "guide.md.j2").write_text("x\n{{ data.nope }}\n")
    bad = run(["guide", "-o", "g.md"], project)
    assert bad.returncode == 1
    assert bad.stderr.startswith("archgen: error: templates/guide.md.j2:2: ")
    assert not (project / "g.md").exists()


def test_build_writes_guide_and_gallery(project: Path) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "guide.md.j2").write_text(
        "{{ figure('good', format=figure_format) }}\n"
    )
    done = run(["build", "--format", "svg,ascii"], project)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == (
        "1 spec built; wrote output/guide.md, output/guide-svg.md, output/index.html"
    )
    art = (project / "output" / "ascii" / "good.txt").read_text()
    assert (project / "output" / "guide.md").read_text() == "```\n" + art + "```\n"
    assert (project / "output" / "guide-svg.md").read_text() == "![Good](svg/good.svg)\n"


def test_building_chosen_specs_skips_a_guide_that_shows_others(project: Path) -> None:
    # A quick preview of one spec must not fail because the guide shows more.
    (project / "specs" / "other.yaml").write_text(GOOD.replace("Good", "Other"))
    (project / "templates").mkdir()
    (project / "templates" / "guide.md.j2").write_text("{{ figure('other') }}\n")
    done = run(["build", "specs/good.yaml", "-o", "preview", "--format", "ascii"], project)
    assert done.returncode == 0, done.stderr
    assert "guide not written: it shows spec 'other'" in done.stderr
    assert (project / "preview" / "ascii" / "good.txt").is_file()
    assert (project / "preview" / "index.html").is_file()
    assert not (project / "preview" / "guide.md").exists()
    # Building the whole folder, the same guide is written ...
    assert run(["build", "--format", "ascii", "-q"], project).returncode == 0
    assert (project / "output" / "guide.md").is_file()
    # ... and a spec the guide shows that the folder lacks is an error.
    (project / "specs" / "other.yaml").unlink()
    failed = run(["build", "--format", "ascii", "-q"], project)
    assert failed.returncode == 1
    assert "templates/guide.md.j2:1: unknown spec 'other'" in failed.stderr
