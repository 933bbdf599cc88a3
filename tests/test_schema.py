"""The committed JSON Schema matches the validator's field tables and agrees with it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from archgen.spec.schema import SCHEMA_PATH, schema_text
from tests.conftest import REPO, spec_paths


def test_committed_schema_is_generated_from_the_field_tables() -> None:
    committed = (REPO / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == schema_text(), "schema is stale: run `make schema`"


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize("path", spec_paths(), ids=lambda p: p.stem)
def test_every_spec_satisfies_the_schema(
    validator: jsonschema.protocols.Validator, path: Path
) -> None:
    validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "doc",
    [
        {"title": "T", "nodes": {"a": "A"}},
        {"archgen": 2, "title": "T", "nodes": {"a": "A"}},
        {"archgen": 1, "title": "T", "nodes": {}},
        {"archgen": 1, "title": "T", "nodes": {"a": {"kind": "databse"}}},
        {"archgen": 1, "title": "T", "nodes": {"a": {"lable": "x"}}},
        {"archgen": 1, "title": "T", "nodes": {"Bad Id": "x"}},
        {"archgen": 1, "title": "T", "nodes": {"a": {"icon": "aws.database.RDSS"}}},
        {"archgen": 1, "title": "T", "nodes": {"a": {"url": "javascript:alert(1)"}}},
        {"archgen": 1, "title": "T", "nodes": {"a": "A"}, "edges": ["a"]},
        {"archgen": 1, "title": "T", "nodes": {"a": "A"}, "edges": [{"a -> a": {"style": "x"}}]},
        {"archgen": 1, "title": "T", "nodes": {"a": "A"}, "direction": "TD"},
    ],
)
def test_schema_refuses_what_the_checker_refuses(
    validator: jsonschema.protocols.Validator, doc: dict[str, object]
) -> None:
    assert list(validator.iter_errors(doc)), f"schema accepted {doc}"
