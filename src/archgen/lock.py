"""One build at a time into an output folder: a lock file, waited for with a message.

Two builds writing one folder at once could leave it mixed (one's SVGs, the
other's guide). ``output_lock`` holds ``OUT/.archgen/lock`` for the whole build;
a second build says it is waiting and goes on when the first is done. The lock
is the operating system's (``flock``), so a killed build never leaves it held.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from archgen import scratch
from archgen.errors import file_error

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not serialised there
    fcntl = None  # type: ignore[assignment]

STATE_DIR = ".archgen"
"""The folder inside an output folder for the lock and scratch files (git ignores it)."""


def state_dir(out_dir: Path) -> Path:
    """Where a build into ``out_dir`` keeps its lock and scratch folders."""
    return out_dir / STATE_DIR


@contextlib.contextmanager
def output_lock(out_dir: Path, waiting: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Hold the build lock of ``out_dir``; yields the folder for scratch files.

    Raises FileSystemError when the folder cannot be made or the lock file opened.
    """
    try:
        root = scratch.prepare(state_dir(out_dir))
        handle = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise file_error(exc, "write the output folder", out_dir) from None
    try:
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting is not None:
                    waiting(f"waiting for another archgen build into {out_dir} to finish")
                fcntl.flock(handle, fcntl.LOCK_EX)
        scratch.sweep(root)
        yield root
    finally:
        os.close(handle)
