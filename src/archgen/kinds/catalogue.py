"""Generate or check ``data/catalogue.json``: every icon node class of the installed diagrams.

Run as ``python -m archgen.kinds.catalogue`` to rewrite the catalogue, or with ``--check``
to verify that the committed file matches the installed ``diagrams`` package (exit status 1
when it does not). This is the only place that imports ``diagrams`` to enumerate classes;
the rest of archgen resolves user text such as ``aws.database.RDS`` by lookup in the
generated file, never by importing or ``getattr`` on user text.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata
import json
import pkgutil
import posixpath
import sys
from collections.abc import Sequence
from pathlib import Path

#: Where the generated catalogue lives (in the source tree, next to this module).
CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.json"

#: Provider subpackages of ``diagrams`` that hold no icon classes of their own.
SKIPPED_PROVIDERS = frozenset({"base", "custom"})

_RESOURCES_PREFIX = "resources/"


def build_catalogue(missing: list[str] | None = None) -> dict[str, str]:
    """Walk the installed diagrams package and map ``provider.category.Name`` to an icon path.

    The icon path is relative to the diagrams ``resources/`` folder, e.g.
    ``aws/database/rds.png``. Every public module-level name of every category module that
    is bound to a subclass of ``diagrams.Node`` with an ``_icon`` is recorded, aliases
    included. A class whose icon file is not installed (a packaging gap in diagrams, e.g.
    ``gis.cplusplus.Mapnik`` in 0.25.1) cannot be drawn and is left out; its key is appended
    to ``missing`` when a list is given. The result is sorted by key.
    """
    import diagrams

    node_base: type = diagrams.Node
    resources_dir = Path(diagrams.__file__).resolve().parent.parent / "resources"
    entries: dict[str, str] = {}
    for provider_info in sorted(pkgutil.iter_modules(diagrams.__path__), key=lambda m: m.name):
        provider = provider_info.name
        if not provider_info.ispkg or provider.startswith("_") or provider in SKIPPED_PROVIDERS:
            continue
        provider_pkg = importlib.import_module(f"diagrams.{provider}")
        for category_info in sorted(
            pkgutil.iter_modules(provider_pkg.__path__), key=lambda m: m.name
        ):
            category = category_info.name
            if category.startswith("_"):
                continue
            module = importlib.import_module(f"diagrams.{provider}.{category}")
            for name, value in vars(module).items():
                if name.startswith("_") or not isinstance(value, type):
                    continue
                if not issubclass(value, node_base):
                    continue
                resource = _resource_of(value)
                if resource is None:
                    continue
                key = f"{provider}.{category}.{name}"
                if not (resources_dir / resource).is_file():
                    if missing is not None:
                        missing.append(key)
                    continue
                entries[key] = resource
    return dict(sorted(entries.items()))


def _resource_of(cls: type) -> str | None:
    """Return the icon path of a node class relative to ``resources/``, or None if it has none."""
    icon = getattr(cls, "_icon", None)
    icon_dir = getattr(cls, "_icon_dir", None)
    if not isinstance(icon, str) or not icon or not isinstance(icon_dir, str):
        return None
    path = posixpath.normpath(posixpath.join(icon_dir, icon))
    if not path.startswith(_RESOURCES_PREFIX):
        return None
    return path[len(_RESOURCES_PREFIX) :]


def diagrams_version() -> str:
    """Return the version string of the installed diagrams distribution."""
    return importlib.metadata.version("diagrams")


def render_catalogue(entries: dict[str, str], version: str) -> str:
    """Serialise a catalogue as JSON text: one entry per line, sorted, trailing newline."""
    document = {"diagrams_version": version, "icons": dict(sorted(entries.items()))}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def generate() -> str:
    """Build the catalogue text from the installed diagrams package."""
    return render_catalogue(build_catalogue(), diagrams_version())


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: write the catalogue, or with ``--check`` verify it."""
    parser = argparse.ArgumentParser(
        prog="python -m archgen.kinds.catalogue",
        description="Generate the catalogue of diagrams node classes used for icon lookup.",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the catalogue differs from the installed diagrams",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=CATALOGUE_PATH,
        help=f"catalogue file (default: {CATALOGUE_PATH})",
    )
    args = parser.parse_args(argv)
    output: Path = args.output
    missing: list[str] = []
    entries = build_catalogue(missing)
    text = render_catalogue(entries, diagrams_version())
    if args.check:
        try:
            current = output.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            print(
                f"{output} is out of date with the installed diagrams {diagrams_version()}; "
                "regenerate it with: python -m archgen.kinds.catalogue",
                file=sys.stderr,
            )
            return 1
        print(f"{output} is up to date")
        return 0
    for key in missing:
        print(f"note: skipped {key}: its icon file is not installed", file=sys.stderr)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output} ({len(entries)} entries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
