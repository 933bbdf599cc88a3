"""Running Graphviz ``dot`` on DOT text; the only place archgen starts a subprocess."""

from __future__ import annotations

import shutil
import subprocess

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
    """Lay out and draw DOT text; return the output bytes (``fmt`` is svg or png)."""
    args = [dot_path(), f"-T{fmt}"]
    if dpi is not None:
        args.append(f"-Gdpi={dpi}")
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
    if done.returncode != 0 or not done.stdout:
        message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
        raise RenderError(f"Graphviz failed: {message}")
    return done.stdout


def dot_version() -> str:
    """The installed Graphviz version string (e.g. '2.43.0')."""
    done = subprocess.run([dot_path(), "-V"], capture_output=True, check=False, timeout=30)
    text = done.stderr.decode("utf-8", "replace")
    parts = text.split("version")
    return parts[1].split()[0] if len(parts) > 1 else text.strip()
