"""Icon files as Graphviz reads them: copies under safe names that it can measure."""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from archgen.errors import RenderError, file_error
from archgen.spec.iconfile import IconFileError, natural_size

_SVG_ROOT = re.compile(r"<svg\b[^>]*>", re.S)
_ATTR = re.compile(r'\b(width|height|viewBox)\s*=\s*["\']([^"\']*)["\']')


def scratch_copy(path: Path, scratch: Path, name: str) -> Path:
    """A copy of an icon file in ``scratch`` under ``name`` (``icon-<n>.png|svg``).

    The DOT then names no file of the user's (whose name may hold ``&``, ``"`` or
    ``\\N``), and an SVG icon gets what Graphviz 2.43 needs to measure it: an
    XML declaration, and width and height on its root.
    """
    suffix = path.suffix.lower()
    copy = scratch / name
    if suffix != ".svg":
        shutil.copyfile(path, copy)
        return copy
    text = path.read_text(encoding="utf-8", errors="replace")
    root = _SVG_ROOT.search(text)
    if root is None:
        shutil.copyfile(path, copy)
        return copy
    width, height = natural_size(path)
    tag = _ATTR.sub(lambda m: m.group(0) if m.group(1) == "viewBox" else "", root.group(0))
    tag = tag[:4] + f' width="{width:g}px" height="{height:g}px"' + tag[4:]
    body = '<?xml version="1.0" encoding="UTF-8"?>\n' + tag + text[root.end() :]
    copy.write_text(body, encoding="utf-8")
    return copy


def copy_icons(icons: Mapping[str, Path], folder: Path, resources: Path) -> None:
    """Copy every icon a DOT names (name → file) into the folder ``dot`` runs in.

    Icons from ``resources`` (diagrams' icon folder) are linked rather than copied.
    Raises RenderError or FileSystemError naming the file when one cannot be used.
    """
    for name, path in icons.items():
        target = folder / name
        if target.exists():
            continue
        try:
            if path.suffix.lower() == ".png" and path.is_relative_to(resources):
                # diagrams' own icons need no copy: a link is enough, and costs no disk.
                try:
                    target.symlink_to(path)
                    continue
                except OSError:
                    pass
            scratch_copy(path, folder, name)
        except IconFileError as exc:
            raise RenderError(f"icon file {path} cannot be used: it {exc}") from None
        except OSError as exc:
            if exc.filename is not None and Path(exc.filename) == target:
                raise file_error(exc, "write", target) from None
            raise file_error(exc, "read the icon file", path) from None
