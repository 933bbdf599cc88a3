"""The JSON Schema of the spec language, generated from the same field tables as the checker.

Editors use it (through the ``# yaml-language-server: $schema=`` line) for
completion of fields, kinds, icon sets and icon classes, and for early errors.
"""

from __future__ import annotations

import json
from typing import Any

from archgen import kinds
from archgen.spec.edgeexpr import OPERATORS
from archgen.spec.fields import (
    CSS_COLORS,
    EDGE_ATTRS,
    EDGE_MAPPING_FIELDS,
    GROUP_FIELDS,
    HEX_COLOR_PATTERN,
    ID_PATTERN,
    LANGUAGE_VERSION,
    MAX_FIELDS,
    NODE_FIELDS,
    TOP_FIELDS,
    URL_SCHEMES,
    Field,
)

SCHEMA_PATH = "schema/archgen.schema.json"
"""Where the repository keeps the generated schema."""

_OPERATOR_PATTERN = (
    "("
    + "|".join(sorted((op.replace(".", r"\.") for op in OPERATORS), key=len, reverse=True))
    + ")"
)
_URL_PATTERN = r"^(?:(?:" + "|".join(URL_SCHEMES) + r"):|(?![A-Za-z][A-Za-z0-9+.-]*:))\S+$"

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/$defs/{name}"}


def _text(limit: int | None) -> Schema:
    """A text field's schema; ``limit`` bounds it (numbers are written as their digits)."""
    if limit is None:
        return _ref("text")
    return {"anyOf": [{"type": "string", "maxLength": limit}, {"type": "number"}]}


def _field_schema(spec_field: Field) -> Schema:
    """One field's value schema, by its type."""
    by_type: dict[str, Schema] = {
        "version": {"const": LANGUAGE_VERSION},
        "text": _text(spec_field.max_length),
        "textlist": {
            "type": "array",
            "items": _text(spec_field.max_length),
            "maxItems": MAX_FIELDS,
        },
        "icon": _ref("icon"),
        "url": {**_ref("url"), "maxLength": spec_field.max_length},
        "color": _ref("color"),
        "idlist": {"type": "array", "items": _ref("id")},
        "endpoints": {"anyOf": [_ref("id"), {"type": "array", "items": _ref("id"), "minItems": 1}]},
        "nodes": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": _ref("id"),
            "additionalProperties": _ref("node"),
        },
        "groups": {
            "type": "object",
            "propertyNames": _ref("id"),
            "additionalProperties": _ref("group"),
        },
        "edges": {"type": "array", "items": _ref("edge")},
        "ranks": {"type": "array", "items": {"type": "array", "items": _ref("id")}},
    }
    if spec_field.type == "enum":
        value: Schema = {"enum": list(spec_field.choices)}
    else:
        value = dict(by_type[spec_field.type])
    description = spec_field.description
    if spec_field.extension:
        description += " (archgen extension)"
    return {"description": description, **value}


def _object(fields: tuple[Field, ...], title: str) -> Schema:
    required = [f.name for f in fields if f.required]
    out: Schema = {
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "properties": {f.name: _field_schema(f) for f in fields},
    }
    if required:
        out["required"] = required
    return out


def build_schema() -> Schema:
    """The whole JSON Schema (draft 2020-12) as a dict."""
    root = _object(TOP_FIELDS, "archgen spec")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"archgen spec, language version {LANGUAGE_VERSION}",
        "description": "An architecture diagram spec for archgen (see SPEC.md).",
        "type": "object",
        "additionalProperties": False,
        "required": root["required"],
        "properties": root["properties"],
        "$defs": {
            "id": {"type": "string", "pattern": ID_PATTERN},
            "text": {"type": ["string", "number"]},
            "color": {
                "anyOf": [
                    {"type": "string", "pattern": HEX_COLOR_PATTERN},
                    {"enum": list(CSS_COLORS)},
                ]
            },
            "url": {"type": "string", "pattern": _URL_PATTERN},
            "icon": {
                "anyOf": [
                    {"enum": list(kinds.icon_keys())},
                    {"type": "string", "pattern": r"(?i)^[^/\\:][^:]*\.(png|svg)$"},
                ]
            },
            "node": {
                "anyOf": [
                    {"type": "null"},
                    _ref("text"),
                    _object(NODE_FIELDS, "node"),
                ]
            },
            "group": _object(GROUP_FIELDS, "group"),
            "edgeAttributes": _object(EDGE_ATTRS, "edge attributes"),
            "edge": {
                "anyOf": [
                    {
                        "description": "An edge expression, optionally followed by ': label'.",
                        "type": "string",
                        "pattern": _OPERATOR_PATTERN,
                    },
                    {
                        "description": "{expression: label} or {expression: {attributes}}.",
                        "type": "object",
                        "minProperties": 1,
                        "maxProperties": 1,
                        "propertyNames": {"pattern": _OPERATOR_PATTERN},
                        "additionalProperties": {
                            "anyOf": [{"type": "null"}, _ref("text"), _ref("edgeAttributes")]
                        },
                    },
                    _object(EDGE_MAPPING_FIELDS, "edge (full mapping)"),
                ]
            },
        },
    }


def schema_text() -> str:
    """The schema as the exact text committed at ``schema/archgen.schema.json``."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
