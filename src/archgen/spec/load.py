"""Reading a spec file: bytes → text → located YAML → validated Spec."""

from __future__ import annotations

import os
from pathlib import Path

from archgen.errors import Diagnostic, Location, SpecError
from archgen.spec import check, yamlsrc
from archgen.spec.fields import SPEC_ID_RE
from archgen.spec.model import Spec


def display_path(path: Path) -> str:
    """How a path is shown in messages: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def load(path: str | os.PathLike[str]) -> Spec:
    """Load and validate one spec file; raise SpecError listing every problem."""
    spec_path = Path(path)
    shown = display_path(spec_path)
    spec_id = spec_path.stem
    try:
        with spec_path.open("rb") as handle:
            data = handle.read(yamlsrc.MAX_BYTES + 1)
            size = max(len(data), os.fstat(handle.fileno()).st_size)
    except OSError as exc:
        raise SpecError(
            [Diagnostic(Location(shown), f"cannot read spec: {exc.strerror}")]
        ) from None
    if size > yamlsrc.MAX_BYTES:
        yamlsrc.too_big(shown, size)
    return loads(data, spec_path, spec_id=spec_id, display=shown)


def loads(
    data: bytes | str, path: Path, *, spec_id: str | None = None, display: str | None = None
) -> Spec:
    """Validate spec text as if it were the file ``path``."""
    shown = display or display_path(path)
    ident = spec_id if spec_id is not None else path.stem
    raw = data.encode("utf-8") if isinstance(data, str) else data
    text = yamlsrc.read_source(shown, raw)
    root, problems = yamlsrc.parse_with_problems(shown, text)
    if not SPEC_ID_RE.match(ident):
        problems.append(
            Diagnostic(
                Location(shown),
                f"spec file name '{ident}' is not a valid spec id: use lowercase letters, "
                "digits and '-'",
            )
        )
    try:
        spec = check.check(root, ident, path, shown)
    except SpecError as exc:
        raise SpecError([*problems, *exc.diagnostics]) from None
    if problems:
        raise SpecError(problems)
    return spec
