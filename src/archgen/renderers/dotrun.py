"""Running Graphviz ``dot`` on DOT text; the only place archgen starts a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence

from archgen.errors import RenderError

DOT_TIMEOUT = 300
"""Seconds one ``dot`` run may take."""

INSTALL_HINT = (
    "install Graphviz: 'apt-get install graphviz' (Debian/Ubuntu), 'brew install graphviz' "
    "(macOS), 'choco install graphviz' or 'winget install graphviz' (Windows)"
)


def dot_path() -> str:
    """The ``dot`` executable, or a RenderError saying how to install it."""
    found = shutil.which("dot")
    if found is None:
        raise RenderError(f"Graphviz 'dot' was not found on PATH; {INSTALL_HINT}")
    return found


def run_dot(source: str, fmt: str, dpi: int | None = None) -> bytes:
    """Lay out and draw DOT text; return the output bytes (``fmt`` is svg, png, plain...)."""
    return run_dot_many(source, [fmt], dpi)[fmt]


def run_dot_many(source: str, formats: Sequence[str], dpi: int | None = None) -> dict[str, bytes]:
    """Lay out DOT text once and draw it in several formats."""
    with tempfile.TemporaryDirectory(prefix="archgen-dot-") as folder:
        args = [dot_path()]
        for fmt in formats:
            args += [f"-T{fmt}", "-o", os.path.join(folder, f"out.{fmt}")]
        if dpi is not None:
            args.append(f"-Gdpi={dpi}")
        _run(args, source)
        out: dict[str, bytes] = {}
        for fmt in formats:
            path = os.path.join(folder, f"out.{fmt}")
            with open(path, "rb") as handle:
                out[fmt] = handle.read()
            if not out[fmt]:
                raise RenderError(f"Graphviz wrote no {fmt} output")
        return out


def _run(args: list[str], source: str) -> None:
    try:
        done = subprocess.run(
            args,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=DOT_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(f"Graphviz took longer than {DOT_TIMEOUT} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        if done.returncode < 0:
            message += f" (crashed: signal {-done.returncode})"
        raise RenderError(f"Graphviz failed: {message}")


def dot_version() -> str:
    """The installed Graphviz version string (e.g. '2.43.0')."""
    done = subprocess.run([dot_path(), "-V"], capture_output=True, check=False, timeout=30)
    text = done.stderr.decode("utf-8", "replace")
    parts = text.split("version")
    return parts[1].split()[0] if len(parts) > 1 else text.strip()
