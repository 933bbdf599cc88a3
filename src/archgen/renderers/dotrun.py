"""Running Graphviz ``dot`` on DOT text; the only place archgen starts a subprocess.

Each ``dot`` runs in its own process group under a time limit; when the limit
passes, or archgen is stopped, the whole group is killed. On Linux ``dot`` is
started through ``setpriv --pdeathsig KILL`` where that exists, so it dies with
archgen even when archgen is killed with ``kill -9``.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path

from archgen import scratch
from archgen.errors import RenderError

DEFAULT_TIMEOUT = 20.0
"""Seconds one ``dot`` run may take when the caller names no limit."""

INSTALL_HINT = (
    "install Graphviz: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' "
    "(macOS), 'choco install graphviz' or 'winget install graphviz' (Windows)"
)

_running: set[subprocess.Popen[bytes]] = set()
_lock = threading.Lock()
_stopping = threading.Event()


class DotTimeout(RenderError):
    """``dot`` ran past its time limit and was killed."""


class DotFailed(RenderError):
    """``dot`` exited with an error, an assertion or a crash."""


def dot_path() -> str:
    """The ``dot`` executable, or a RenderError saying how to install it."""
    found = shutil.which("dot")
    if found is None:
        raise RenderError(f"Graphviz 'dot' was not found on PATH; {INSTALL_HINT}")
    return found


def _launcher() -> list[str]:
    """What ``dot`` is started through: setpriv, so it dies with archgen, where it exists."""
    if os.name != "posix" or os.uname().sysname != "Linux":
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "KILL", "--"] if setpriv else []


def run_dot(source: str, fmt: str, dpi: int | None = None, timeout: float | None = None) -> bytes:
    """Lay out and draw DOT text that names no image files; return the output bytes."""
    with scratch.folder() as folder:
        return run_dot_many(source, [fmt], folder, dpi, timeout)[fmt]


def run_dot_many(
    source: str,
    formats: Sequence[str],
    folder: Path,
    dpi: int | None = None,
    timeout: float | None = None,
) -> dict[str, bytes]:
    """Lay out DOT text once and draw it in several formats.

    ``dot`` runs in ``folder``, so the image files the DOT names (``icon-0.png``)
    are read from there, and writes its outputs there.
    """
    args = [*_launcher(), dot_path()]
    outputs = {fmt: folder / f"out.{fmt}" for fmt in formats}
    for fmt, path in outputs.items():
        path.unlink(missing_ok=True)
        args += [f"-T{fmt}", "-o", path.name]
    if dpi is not None:
        args.append(f"-Gdpi={dpi}")
    _run(args, source, folder, timeout if timeout is not None else DEFAULT_TIMEOUT)
    out: dict[str, bytes] = {}
    for fmt, path in outputs.items():
        try:
            out[fmt] = path.read_bytes()
        except FileNotFoundError:
            out[fmt] = b""
        if not out[fmt]:
            raise DotFailed(f"Graphviz wrote no {fmt} output")
    return out


def _run(args: list[str], source: str, cwd: Path, timeout: float) -> None:
    with _lock:
        if _stopping.is_set():
            raise RenderError("archgen is stopping")
        process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=cwd,
            start_new_session=True,
        )
        _running.add(process)
    try:
        _, stderr = process.communicate(source.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        process.communicate()
        raise DotTimeout(f"Graphviz took longer than {timeout:g} s and was stopped") from None
    except BaseException:
        _kill(process)
        raise
    finally:
        with _lock:
            _running.discard(process)
    if process.returncode != 0:
        code = process.returncode
        message = stderr.decode("utf-8", "replace").strip()
        if code == -getattr(signal, "SIGXFSZ", -1):
            message = "it could not write its output (file size limit reached; is the disk full?)"
        elif code < 0:
            crash = f"it crashed ({_signal_name(-code)})"
            message = f"{message} ({crash})" if message else crash
        elif not message:
            message = f"exit code {code}"
        raise DotFailed(f"Graphviz failed: {message}")


def _signal_name(number: int) -> str:
    try:
        return f"{signal.Signals(number).name}, signal {number}"
    except ValueError:
        return f"signal {number}"


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` and everything in its process group."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def kill_all() -> None:
    """Kill every ``dot`` still running, and start no more (archgen is stopping)."""
    with _lock:
        _stopping.set()
        running = list(_running)
    for process in running:
        _kill(process)


def dot_version() -> str:
    """The installed Graphviz version string (e.g. '2.43.0')."""
    done = subprocess.run([dot_path(), "-V"], capture_output=True, check=False, timeout=30)
    text = done.stderr.decode("utf-8", "replace")
    parts = text.split("version")
    return parts[1].split()[0] if len(parts) > 1 else text.strip()
