"""archgen: architecture diagrams as code — YAML specs to SVG, PNG and more.

The small Python API::

    import archgen
    spec = archgen.load("specs/cqrs.yaml")      # validated Spec (raises SpecError)
    svg = archgen.render(spec, "svg")           # bytes of a self-contained SVG
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from archgen.graph.model import Graph
    from archgen.spec.model import Spec

__all__ = ["__version__", "load", "render", "to_graph"]


def load(path: str | os.PathLike[str]) -> Spec:
    """Read and validate a spec file; raise ``archgen.errors.SpecError`` on any problem."""
    from archgen.spec.load import load as _load

    return _load(path)


def to_graph(spec: Spec) -> Graph:
    """The neutral graph model of a spec, as every renderer reads it."""
    from archgen.graph.build import build

    return build(spec)


def render(spec: Spec, format: str = "svg", *, dpi: int = 96) -> bytes:
    """Render a spec to the bytes of one format: ``svg``, ``png`` or ``dot``."""
    from archgen.build import render_spec

    artifacts = render_spec(to_graph(spec), [format], dpi)
    if not artifacts:
        raise ValueError(f"unknown format '{format}'")
    return artifacts[0].data
