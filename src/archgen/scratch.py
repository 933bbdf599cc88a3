"""Scratch folders that a killed run leaves to the next run to clean up.

Each run works in ``ROOT/run-<pid>-<token>``; when a run starts, it removes the
folders of runs whose process no longer exists (killed with ``kill -9``, or by
a power cut), so scratch files never pile up. A build keeps its root inside
the output folder (``OUT/.archgen``, ignored by git); other callers use one
folder in the system's temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RUN = re.compile(r"^run-(\d+)-[0-9a-f]+$")
_IGNORE_ALL = "# archgen's scratch files and build lock\n*\n"


def default_root() -> Path:
    """The shared scratch root of this user in the system's temporary folder."""
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"archgen-scratch-{uid}"


def prepare(root: Path) -> Path:
    """Create ``root`` (with a ``.gitignore`` that ignores it whole) and sweep dead runs."""
    root.mkdir(parents=True, exist_ok=True)
    ignore = root / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(OSError):
            ignore.write_text(_IGNORE_ALL, encoding="utf-8")
    sweep(root)
    return root


def sweep(root: Path) -> None:
    """Remove the scratch folders of runs whose process is gone."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    for entry in entries:
        found = _RUN.match(entry.name)
        if found is not None and not _alive(int(found.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


@contextlib.contextmanager
def folder(root: Path | None = None) -> Iterator[Path]:
    """A fresh scratch folder for this run, removed when the block ends."""
    base = prepare(root if root is not None else default_root())
    path = base / f"run-{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir()
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there; never sweep
        return True
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True
