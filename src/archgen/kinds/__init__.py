"""The kind vocabulary, its icon sets and the catalogue of diagrams icon classes, as data."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "BLANK_ICON",
    "DEFAULT_ICON_SET",
    "DEFAULT_KIND",
    "ICON_SETS",
    "KINDS",
    "IconRef",
    "icon_for_kind",
    "icon_keys",
    "kind_description",
    "kinds_table",
    "lookup_icon",
]

#: The kind vocabulary of the spec language, in the spec's order.
KINDS: tuple[str, ...] = (
    "client",
    "user",
    "mobile",
    "browser",
    "dns",
    "cdn",
    "load-balancer",
    "api-gateway",
    "firewall",
    "web-server",
    "app-server",
    "service",
    "worker",
    "function",
    "scheduler",
    "database",
    "cache",
    "queue",
    "stream",
    "event-bus",
    "storage",
    "search",
    "monitoring",
    "logging",
    "network",
    "generic",
)

#: The icon sets a spec may name in its ``icons`` field, in the spec's order.
ICON_SETS: tuple[str, ...] = ("generic", "onprem", "aws", "gcp", "azure", "k8s")

DEFAULT_KIND = "service"
DEFAULT_ICON_SET = "generic"
BLANK_ICON = "generic.blank.Blank"
"""The catalogue class whose picture is empty: such a node is drawn as a plain box."""


@dataclass(frozen=True)
class IconRef:
    """A diagrams node class named by its catalogue key, with its icon file."""

    key: str  # "aws.database.RDS"
    provider: str
    category: str
    name: str
    resource: str  # path relative to the diagrams resources dir, e.g. "aws/database/rds.png"


@dataclass(frozen=True)
class _Kind:
    description: str
    icons: MappingProxyType[str, str]


_DATA = Path(__file__).parent / "data"
"""The catalogue's files, shipped in the package (a plain path: ``importlib.resources``
and the zip readers it loads cost ~9 ms of every command's start-up)."""


def _load_json(name: str) -> Any:
    text = (_DATA / name).read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _catalogue() -> MappingProxyType[str, str]:
    document = _load_json("catalogue.json")
    icons = document["icons"]
    if not isinstance(icons, dict):
        raise ValueError("catalogue.json: 'icons' is not a mapping")
    entries: dict[str, str] = {}
    for key, resource in icons.items():
        if not isinstance(key, str) or not isinstance(resource, str):
            raise ValueError(f"catalogue.json: bad entry {key!r}")
        entries[key] = resource
    return MappingProxyType(entries)


@functools.cache
def _kinds() -> MappingProxyType[str, _Kind]:
    document = _load_json("kinds.json")
    if tuple(document["icon_sets"]) != ICON_SETS:
        raise ValueError("kinds.json: icon_sets differ from ICON_SETS")
    raw = document["kinds"]
    if tuple(raw) != KINDS:
        raise ValueError("kinds.json: kinds differ from KINDS")
    kinds: dict[str, _Kind] = {}
    for kind in KINDS:
        entry = raw[kind]
        icons = {icon_set: str(entry["icons"][icon_set]) for icon_set in ICON_SETS}
        kinds[kind] = _Kind(str(entry["description"]), MappingProxyType(icons))
    return MappingProxyType(kinds)


@functools.cache
def _icon_keys() -> tuple[str, ...]:
    return tuple(sorted(_catalogue()))


def lookup_icon(key: str) -> IconRef | None:
    """Return the icon class named ``provider.category.Name``, or None when it is unknown.

    This is an exact lookup in the catalogue of diagrams classes; nothing is imported.
    """
    resource = _catalogue().get(key) if isinstance(key, str) else None
    if resource is None:
        return None
    provider, category, name = key.split(".")
    return IconRef(key=key, provider=provider, category=category, name=name, resource=resource)


def icon_for_kind(kind: str, icon_set: str) -> IconRef:
    """Return the icon that ``kind`` maps to in ``icon_set``.

    Raises KeyError when the kind or the icon set is unknown.
    """
    entry = _kinds().get(kind)
    if entry is None:
        raise KeyError(f"unknown kind {kind!r}")
    key = entry.icons.get(icon_set)
    if key is None:
        raise KeyError(f"unknown icon set {icon_set!r}")
    ref = lookup_icon(key)
    if ref is None:  # kinds.json and catalogue.json disagree: a packaging bug
        raise LookupError(f"kinds.json maps {kind!r}/{icon_set!r} to unknown icon {key!r}")
    return ref


def icon_keys() -> tuple[str, ...]:
    """Return every catalogue key (``provider.category.Name``), sorted."""
    return _icon_keys()


def kind_description(kind: str) -> str:
    """Return the one-line description of ``kind``; KeyError when it is unknown."""
    entry = _kinds().get(kind)
    if entry is None:
        raise KeyError(f"unknown kind {kind!r}")
    return entry.description


def kinds_table() -> list[tuple[str, dict[str, str]]]:
    """Return one row per kind, in order: the kind and its icon key in each icon set."""
    return [(kind, dict(entry.icons)) for kind, entry in _kinds().items()]
