"""Tests for the kind vocabulary, the icon sets and the catalogue of diagrams classes."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import archgen.kinds as kinds
from archgen.kinds import catalogue

REPO = Path(__file__).resolve().parent.parent
SPEC = REPO.parent / "shared" / "SPEC.md"
DATA = REPO / "src" / "archgen" / "kinds" / "data"

SPEC_KINDS = [
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
]
SPEC_ICON_SETS = ["generic", "onprem", "aws", "gcp", "azure", "k8s"]


def _spec_kinds_from_spec_md() -> list[str] | None:
    if not SPEC.is_file():
        return None
    text = SPEC.read_text(encoding="utf-8")
    match = re.search(r"### The kind vocabulary\s*\n(.*?)\n\n", text, re.S)
    assert match, "SPEC.md has no kind vocabulary section"
    return re.findall(r"`([a-z-]+)`", match.group(1))


def _resources_dir() -> Path:
    import diagrams

    return Path(diagrams.__file__).resolve().parent.parent / "resources"


def test_kinds_match_spec() -> None:
    assert list(kinds.KINDS) == SPEC_KINDS
    from_spec = _spec_kinds_from_spec_md()
    if from_spec is not None:
        assert list(kinds.KINDS) == from_spec
    assert list(kinds.ICON_SETS) == SPEC_ICON_SETS
    assert kinds.DEFAULT_KIND == "service"
    assert kinds.DEFAULT_ICON_SET == "generic"


def test_kinds_json_order_and_shape() -> None:
    document = json.loads((DATA / "kinds.json").read_text(encoding="utf-8"))
    assert document["icon_sets"] == SPEC_ICON_SETS
    assert list(document["kinds"]) == SPEC_KINDS
    for kind, entry in document["kinds"].items():
        assert list(entry) == ["description", "icons"], kind
        assert entry["description"].strip(), kind
        assert "\n" not in entry["description"], kind
        assert list(entry["icons"]) == SPEC_ICON_SETS, kind


def test_kinds_json_is_pretty_printed() -> None:
    text = (DATA / "kinds.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("kind", SPEC_KINDS)
@pytest.mark.parametrize("icon_set", SPEC_ICON_SETS)
def test_every_kind_has_an_icon_in_every_set(kind: str, icon_set: str) -> None:
    ref = kinds.icon_for_kind(kind, icon_set)
    assert ref.key in kinds.icon_keys()
    assert kinds.lookup_icon(ref.key) == ref
    assert ref.key == f"{ref.provider}.{ref.category}.{ref.name}"
    assert (_resources_dir() / ref.resource).is_file()


def test_kinds_table() -> None:
    table = kinds.kinds_table()
    assert [kind for kind, _ in table] == SPEC_KINDS
    for kind, icons in table:
        assert list(icons) == SPEC_ICON_SETS
        for icon_set, key in icons.items():
            assert kinds.icon_for_kind(kind, icon_set).key == key
    # the table is a copy: changing it does not change the data
    table[0][1]["generic"] = "junk"
    assert kinds.kinds_table()[0][1]["generic"] != "junk"


def test_chosen_icons_are_recognisable() -> None:
    expected = {
        ("database", "generic"): "generic.database.SQL",
        ("database", "onprem"): "onprem.database.Postgresql",
        ("database", "aws"): "aws.database.RDS",
        ("cdn", "aws"): "aws.network.CloudFront",
        ("queue", "aws"): "aws.integration.SQS",
        ("stream", "aws"): "aws.analytics.KinesisDataStreams",
        ("queue", "onprem"): "onprem.queue.Rabbitmq",
        ("stream", "onprem"): "onprem.queue.Kafka",
        ("service", "k8s"): "k8s.network.SVC",
        ("worker", "k8s"): "k8s.compute.Pod",
    }
    for (kind, icon_set), key in expected.items():
        assert kinds.icon_for_kind(kind, icon_set).key == key


def test_kind_description() -> None:
    for kind in SPEC_KINDS:
        description = kinds.kind_description(kind)
        assert description and "\n" not in description
    with pytest.raises(KeyError):
        kinds.kind_description("databse")


@pytest.mark.parametrize(
    ("kind", "icon_set"),
    [("databse", "aws"), ("database", "ibm"), ("", ""), ("Database", "aws"), ("database", "AWS")],
)
def test_icon_for_kind_unknown(kind: str, icon_set: str) -> None:
    with pytest.raises(KeyError):
        kinds.icon_for_kind(kind, icon_set)


def test_lookup_icon_known() -> None:
    ref = kinds.lookup_icon("aws.database.RDS")
    assert ref == kinds.IconRef(
        key="aws.database.RDS",
        provider="aws",
        category="database",
        name="RDS",
        resource="aws/database/rds.png",
    )
    # aliases are in the catalogue as well as the classes they name
    alias = kinds.lookup_icon("aws.database.ElastiCache")
    assert alias is not None
    assert kinds.lookup_icon("aws.database.ElasticacheForRedis") is not None


@pytest.mark.parametrize(
    "junk",
    [
        "os.system",
        "aws.database.Nope",
        "__import__",
        "aws..RDS",
        "",
        "aws",
        "aws.database",
        "aws.database.RDS.extra",
        "aws.database.rds",
        " aws.database.RDS",
        "aws.database._Database",
        "aws.database.__class__",
        "aws.__init__.AWS",
        "diagrams.aws.database.RDS",
        "custom.custom.Custom",
        "base.base.Node",
        "aws/database/RDS",
    ],
)
def test_lookup_icon_junk(junk: str) -> None:
    assert kinds.lookup_icon(junk) is None


def test_icon_keys_sorted_and_well_formed() -> None:
    keys = kinds.icon_keys()
    assert list(keys) == sorted(keys)
    assert len(keys) == len(set(keys)) > 1000
    pattern = re.compile(r"^[a-z0-9]+\.[a-z0-9]+\.[A-Za-z][A-Za-z0-9_]*$")
    for key in keys:
        assert pattern.match(key), key
    providers = {key.split(".")[0] for key in keys}
    assert {"generic", "onprem", "aws", "gcp", "azure", "k8s", "saas", "programming"} <= providers
    assert not providers & {"custom", "base", "c4"}


def test_catalogue_entries_are_real_diagrams_classes() -> None:
    import diagrams

    resources_dir = _resources_dir()
    for key in kinds.icon_keys():
        ref = kinds.lookup_icon(key)
        assert ref is not None
        module = importlib.import_module(f"diagrams.{ref.provider}.{ref.category}")
        cls = getattr(module, ref.name)
        assert isinstance(cls, type) and issubclass(cls, diagrams.Node), key
        icon_dir, icon = getattr(cls, "_icon_dir", None), getattr(cls, "_icon", None)
        assert isinstance(icon_dir, str) and isinstance(icon, str) and icon, key
        assert (resources_dir / ref.resource).is_file(), key
        expected = os.path.normpath(os.path.join("resources", ref.resource))
        assert os.path.normpath(os.path.join(icon_dir, icon)) == expected, key


def test_catalogue_is_up_to_date() -> None:
    committed = (DATA / "catalogue.json").read_text(encoding="utf-8")
    assert committed == catalogue.generate(), (
        "catalogue.json is stale; run: python -m archgen.kinds.catalogue"
    )
    document = json.loads(committed)
    assert list(document) == ["diagrams_version", "icons"]
    assert document["diagrams_version"] == catalogue.diagrams_version()
    # one entry per line, so diffs stay readable
    assert committed.count("\n") == len(document["icons"]) + 5


def test_catalogue_check_command(tmp_path: Path) -> None:
    assert catalogue.main(["--check"]) == 0
    stale = tmp_path / "catalogue.json"
    stale.write_text('{"diagrams_version": "0", "icons": {}}\n', encoding="utf-8")
    assert catalogue.main(["--check", "--output", str(stale)]) == 1
    assert catalogue.main(["--check", "--output", str(tmp_path / "missing.json")]) == 1
    fresh = tmp_path / "fresh.json"
    assert catalogue.main(["--output", str(fresh)]) == 0
    assert fresh.read_text(encoding="utf-8") == catalogue.generate()


def test_import_does_not_import_diagrams() -> None:
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    code = (
        "import archgen.kinds as k, sys\n"
        "k.icon_for_kind('database', 'aws'); k.lookup_icon('os.system'); k.kinds_table()\n"
        "assert 'diagrams' not in sys.modules, 'archgen.kinds imported diagrams'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)
