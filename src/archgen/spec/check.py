"""Validation of located YAML against the spec language, producing a Spec.

Every rule of SPEC.md lives here or in ``fields``; all problems of a file are
collected and raised together as one SpecError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from archgen import kinds
from archgen.errors import Diagnostic, Location, SpecError, did_you_mean
from archgen.escape import url as links
from archgen.escape.terminal import shorten
from archgen.spec import edgeexpr
from archgen.spec.fields import (
    CSS_COLORS,
    EDGE_ATTRS,
    EDGE_MAPPING_FIELDS,
    GROUP_FIELDS,
    HEX_COLOR_PATTERN,
    ID_RE,
    LANGUAGE_VERSION,
    MAX_EDGES,
    MAX_FIELDS,
    MAX_ITEMS,
    NODE_FIELDS,
    TOP_FIELDS,
    URL_SCHEMES,
    Field,
    max_length,
    names,
)
from archgen.spec.iconfile import IconFileError, natural_size
from archgen.spec.model import EdgeSpec, GroupSpec, IconChoice, NodeSpec, Spec
from archgen.spec.yamlsrc import YMap, YScalar, YSeq, YValue

_HEX = re.compile(HEX_COLOR_PATTERN)
_EDGE_LABEL = max_length(EDGE_ATTRS, "label")
_ENUM_NOUNS = {"icons": "icon set", "style": "edge style"}
_ICON_SUFFIXES = (".png", ".svg")
_REQUIRED_HINTS = {
    "archgen": f" (the language version: write 'archgen: {LANGUAGE_VERSION}')",
    "title": " (a human title for the diagram)",
    "nodes": " (a mapping of node id to node)",
}


def default_label(ident: str) -> str:
    """The label a node or group gets from its id: words split on - and _, capitalised."""
    words = [w for w in re.split(r"[-_]+", ident) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or ident


def check(root: YValue | None, spec_id: str, path: Path, display: str) -> Spec:
    """Validate a parsed document; return the Spec or raise SpecError with every problem."""
    checker = _Checker(path, display)
    spec = checker.run(root, spec_id)
    if checker.diagnostics or spec is None:
        raise SpecError(checker.diagnostics)
    return spec


class _Checker:
    """Walks one document once, collecting diagnostics as it builds the Spec."""

    def __init__(self, path: Path, display: str) -> None:
        self.path = path
        self.folder = path.parent.resolve()
        self.display = display
        self.diagnostics: list[Diagnostic] = []
        self.node_ids: dict[str, Location] = {}
        self.group_ids: dict[str, Location] = {}
        self._member_locs: dict[str, list[tuple[str, Location]]] = {}
        self.edge_count = 0

    # -- helpers -------------------------------------------------------------

    def fail(self, loc: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(loc, message))

    def file_loc(self) -> Location:
        return Location(self.display, 1, 1)

    def mapping(self, value: YValue, what: str) -> YMap | None:
        if isinstance(value, YMap):
            return value
        self.fail(value.loc, f"{what} must be a mapping, not {_describe(value)}")
        return None

    def fields(self, data: YMap, table: tuple[Field, ...], what: str) -> dict[str, YValue]:
        """Check a mapping's keys against a field table; return the known ones."""
        allowed = names(table)
        found: dict[str, YValue] = {}
        for key, value in data.items:
            if key.text in allowed:
                found[key.text] = value
            else:
                hint = did_you_mean(key.text, allowed)
                if not hint:
                    hint = "; expected one of " + ", ".join(allowed)
                self.fail(key.loc, f"unknown {what} field '{shorten(key.text)}'{hint}")
        for spec_field in table:
            if spec_field.required and spec_field.name not in found:
                owner = "" if what == "top-level" else f"{what} is "
                hint = _REQUIRED_HINTS.get(spec_field.name, "")
                self.fail(data.loc, f"{owner}missing required field '{spec_field.name}'{hint}")
        return found

    def text(self, value: YValue, what: str, limit: int | None = None) -> str | None:
        if isinstance(value, YScalar) and not isinstance(value.value, bool):
            if value.value is None:
                self.fail(value.loc, f"{what} is empty")
                return None
            text = value.text if not isinstance(value.value, str) else value.value
            if limit is not None and len(text) > limit:
                self.fail(
                    value.loc,
                    f"{what} is {len(text):,} characters long; it may be at most {limit:,}",
                )
                return None
            return text
        self.fail(value.loc, f"{what} must be text, not {_describe(value)}")
        return None

    def enum(self, value: YValue, spec_field: Field) -> str | None:
        noun = _ENUM_NOUNS.get(spec_field.name, spec_field.name)
        if not isinstance(value, YScalar) or not isinstance(value.value, str):
            self.fail(value.loc, f"{noun} must be one of {', '.join(spec_field.choices)}")
            return None
        if value.value in spec_field.choices:
            return value.value
        hint = did_you_mean(value.value, spec_field.choices)
        if not hint:
            hint = "; expected one of " + ", ".join(spec_field.choices)
        self.fail(value.loc, f"unknown {noun} '{shorten(value.value)}'{hint}")
        return None

    def color(self, value: YValue) -> str | None:
        text = self.text(value, "color")
        if text is None:
            return None
        if _HEX.match(text) or text.lower() in CSS_COLORS:
            return text.lower() if not text.startswith("#") else text
        hint = did_you_mean(text.lower(), CSS_COLORS)
        self.fail(
            value.loc,
            f"unknown colour '{shorten(text)}'{hint or '; use #rrggbb or a CSS colour name'}",
        )
        return None

    def url(self, value: YValue) -> str | None:
        """A link, checked as a browser would read it, and stored percent-encoded."""
        text = self.text(value, "url")
        if text is None:
            return None
        if not text:
            self.fail(value.loc, "url is empty")
            return None
        problem = links.problem(text)
        if problem is not None:
            self.fail(
                value.loc,
                f"url '{shorten(text)}' is not allowed: it {problem}; use "
                f"{', '.join(URL_SCHEMES)} or a relative link",
            )
            return None
        return links.encode(text)

    def text_list(self, value: YValue, what: str) -> tuple[str, ...]:
        if not isinstance(value, YSeq):
            self.fail(value.loc, f"{what} must be a list, not {_describe(value)}")
            return ()
        if len(value.items) > MAX_FIELDS:
            self.fail(
                value.loc,
                f"{what} has {len(value.items):,} items; a node may have at most {MAX_FIELDS}",
            )
            return ()
        limit = max_length(NODE_FIELDS, "fields")
        out = [self.text(item, f"each of {what}", limit) for item in value.items]
        return tuple(t for t in out if t is not None)

    def ident(self, value: YScalar, what: str) -> str | None:
        """Check that a scalar is a well-formed id."""
        text = value.text
        if ID_RE.match(text):
            return text
        slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_") or "x"
        self.fail(
            value.loc,
            f"invalid {what} id '{shorten(text)}': ids use lowercase letters, digits, '-' and '_' "
            f"and start with a letter or digit (try '{slug}')",
        )
        return None

    def ref(self, name: str, loc: Location, allow_groups: bool = True) -> bool:
        """Check that an id names a declared node (or group)."""
        if name in self.node_ids or (allow_groups and name in self.group_ids):
            return True
        if not allow_groups and name in self.group_ids:
            self.fail(loc, f"'{name}' is a group; ranks list node ids only")
            return False
        pool = list(self.node_ids) + (list(self.group_ids) if allow_groups else [])
        self.fail(loc, f"unknown id '{shorten(name)}'{did_you_mean(name, pool)}")
        return False

    # -- the document --------------------------------------------------------

    def run(self, root: YValue | None, spec_id: str) -> Spec | None:
        if root is None:
            self.fail(self.file_loc(), "empty spec; expected 'archgen: 1', a 'title' and 'nodes'")
            return None
        top = self.mapping(root, "a spec")
        if top is None:
            return None
        found = self.fields(top, TOP_FIELDS, "top-level")
        self.version(found.get("archgen"))
        title = self.title(found["title"]) if "title" in found else None
        description = (
            self.text(found["description"], "description", max_length(TOP_FIELDS, "description"))
            if "description" in found
            else None
        )
        by_name = {f.name: f for f in TOP_FIELDS}
        direction = "TB"
        if "direction" in found:
            direction = self.enum(found["direction"], by_name["direction"]) or "TB"
        icon_set = kinds.DEFAULT_ICON_SET
        if "icons" in found:
            icon_set = self.enum(found["icons"], by_name["icons"]) or icon_set
        nodes = self.nodes(found["nodes"]) if "nodes" in found else ()
        groups = self.groups(found["groups"]) if "groups" in found else ()
        self.membership(groups)
        edges = self.edges(found["edges"]) if "edges" in found else ()
        ranks = self.ranks(found["ranks"]) if "ranks" in found else ()
        if title is None:
            return None
        return Spec(
            id=spec_id,
            path=self.path,
            title=title,
            description=description,
            direction=direction,
            icons=icon_set,
            nodes=nodes,
            groups=groups,
            edges=edges,
            ranks=ranks,
        )

    def title(self, value: YValue) -> str | None:
        title = self.text(value, "title", max_length(TOP_FIELDS, "title"))
        if title is not None and not title.strip():
            self.fail(value.loc, "title is empty; write a human title for the diagram")
            return None
        return title

    def version(self, value: YValue | None) -> None:
        """The version is the integer 1 written as such (not true, 0x1, +1 or 1.0)."""
        if value is None:
            return
        if isinstance(value, YScalar) and not value.quoted and value.text == str(LANGUAGE_VERSION):
            return
        shown = shorten(value.text) if isinstance(value, YScalar) else _describe(value)
        self.fail(
            value.loc,
            f"unsupported archgen version '{shown}'; this archgen reads version "
            f"{LANGUAGE_VERSION} (write 'archgen: {LANGUAGE_VERSION}')",
        )

    def nodes(self, value: YValue) -> tuple[NodeSpec, ...]:
        data = self.mapping(value, "'nodes'")
        if data is None:
            return ()
        if not data.items:
            self.fail(data.loc, "'nodes' must declare at least one node")
        if len(data.items) > MAX_ITEMS:
            self.fail(
                data.loc,
                f"'nodes' declares {len(data.items):,} nodes; a spec may have at most "
                f"{MAX_ITEMS:,} nodes and groups",
            )
            return ()
        out: list[NodeSpec] = []
        for key, body in data.items:
            ident = self.ident(key, "node")
            if ident is None:
                continue
            self.node_ids[ident] = key.loc
            node = self.node(ident, key.loc, body)
            if node is not None:
                out.append(node)
        return tuple(out)

    def node(self, ident: str, loc: Location, body: YValue) -> NodeSpec | None:
        label = default_label(ident)
        if isinstance(body, YScalar):
            if body.value is None:
                return NodeSpec(ident, label, kinds.DEFAULT_KIND, None, None, (), None, None, loc)
            text = self.text(body, f"node '{ident}'", max_length(NODE_FIELDS, "label"))
            return NodeSpec(
                ident, text or label, kinds.DEFAULT_KIND, None, None, (), None, None, loc
            )
        data = self.mapping(body, f"node '{ident}'")
        if data is None:
            return None
        found = self.fields(data, NODE_FIELDS, "node")
        by_name = {f.name: f for f in NODE_FIELDS}
        if "label" in found:
            label = self.text(found["label"], "label", max_length(NODE_FIELDS, "label")) or label
        kind = kinds.DEFAULT_KIND
        if "kind" in found:
            kind = self.enum(found["kind"], by_name["kind"]) or kind
        icon = self.icon(found["icon"]) if "icon" in found else None
        note = (
            self.text(found["note"], "note", max_length(NODE_FIELDS, "note"))
            if "note" in found
            else None
        )
        record = self.text_list(found["fields"], "fields") if "fields" in found else ()
        url = self.url(found["url"]) if "url" in found else None
        color = self.color(found["color"]) if "color" in found else None
        return NodeSpec(ident, label, kind, icon, note, record, url, color, loc)

    def icon(self, value: YValue) -> IconChoice | None:
        text = self.text(value, "icon")
        if text is None:
            return None
        is_path = "/" in text or "\\" in text or text.lower().endswith(_ICON_SUFFIXES)
        if not is_path:
            if kinds.lookup_icon(text) is not None:
                return IconChoice(key=text)
            self.fail(
                value.loc,
                f"unknown icon class '{shorten(text)}'{did_you_mean(text, kinds.icon_keys())}; "
                "write provider.category.Class (e.g. aws.database.RDS) or a .png/.svg path",
            )
            return None
        return self.icon_file(text, value.loc)

    def icon_file(self, text: str, loc: Location) -> IconChoice | None:
        if not text.lower().endswith(_ICON_SUFFIXES):
            self.fail(loc, f"icon file '{shorten(text)}' must be a .png or .svg file")
            return None
        raw = Path(text)
        if raw.is_absolute() or text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text):
            self.fail(loc, f"icon path '{shorten(text)}' must be relative to the spec's folder")
            return None
        target = (self.folder / raw).resolve()
        if not target.is_relative_to(self.folder):
            self.fail(loc, f"icon path '{shorten(text)}' leaves the spec's folder")
            return None
        if not target.is_file():
            self.fail(loc, f"icon file '{shorten(text)}' does not exist next to the spec")
            return None
        try:
            natural_size(target)
        except IconFileError as exc:
            self.fail(loc, f"icon file '{shorten(text)}' {exc}")
            return None
        return IconChoice(file=target)

    def groups(self, value: YValue) -> tuple[GroupSpec, ...]:
        data = self.mapping(value, "'groups'")
        if data is None:
            return ()
        if len(self.node_ids) + len(data.items) > MAX_ITEMS:
            self.fail(
                data.loc,
                f"the spec declares {len(self.node_ids) + len(data.items):,} nodes and groups; "
                f"it may have at most {MAX_ITEMS:,}",
            )
            return ()
        out: list[GroupSpec] = []
        for key, body in data.items:
            ident = self.ident(key, "group")
            if ident is None:
                continue
            if ident in self.node_ids:
                line = self.node_ids[ident].line
                self.fail(key.loc, f"duplicate id '{ident}': already a node (line {line})")
                continue
            self.group_ids[ident] = key.loc
            group = self.group(ident, key.loc, body)
            if group is not None:
                out.append(group)
        return tuple(out)

    def group(self, ident: str, loc: Location, body: YValue) -> GroupSpec | None:
        data = self.mapping(body, f"group '{ident}'")
        if data is None:
            return None
        found = self.fields(data, GROUP_FIELDS, "group")
        label = default_label(ident)
        if "label" in found:
            label = self.text(found["label"], "label", max_length(GROUP_FIELDS, "label")) or label
        members: list[tuple[str, Location]] = []
        if "members" in found:
            seq = found["members"]
            if isinstance(seq, YSeq):
                for item in seq.items:
                    if isinstance(item, YScalar) and isinstance(item.value, str | int):
                        members.append((item.text, item.loc))
                    else:
                        self.fail(item.loc, f"a member must be an id, not {_describe(item)}")
            else:
                self.fail(seq.loc, f"members must be a list of ids, not {_describe(seq)}")
        note = (
            self.text(found["note"], "note", max_length(GROUP_FIELDS, "note"))
            if "note" in found
            else None
        )
        color = self.color(found["color"]) if "color" in found else None
        self._member_locs[ident] = members
        return GroupSpec(ident, label, tuple(m for m, _ in members), note, color, loc)

    def membership(self, groups: tuple[GroupSpec, ...]) -> None:
        """Members exist, belong to one group only, and nesting is a tree."""
        owner: dict[str, tuple[str, Location]] = {}
        for group in groups:
            for member, loc in self._member_locs.get(group.id, []):
                if not self.ref(member, loc):
                    continue
                if member in owner:
                    other, first = owner[member]
                    where = f"group '{other}' (line {first.line})"
                    if other == group.id:
                        self.fail(loc, f"'{member}' is listed twice in {where}")
                    else:
                        self.fail(loc, f"'{member}' is already a member of {where}")
                    continue
                owner[member] = (group.id, loc)
        parent = {m: g for m, (g, _) in owner.items() if m in self.group_ids}
        reported: set[str] = set()
        for start in self.group_ids:
            path = [start]
            current = start
            while current in parent:
                current = parent[current]
                if current in path:
                    cycle = [*path[path.index(current) :], current]
                    if not reported & set(cycle):
                        loc = owner[cycle[-2]][1] if len(cycle) > 1 else self.group_ids[current]
                        self.fail(loc, "group cycle: " + " contains ".join(reversed(cycle)))
                        reported.update(cycle)
                    break
                path.append(current)

    def count_edges(self, count: int, loc: Location) -> bool:
        """Add ``count`` edges to the spec's total; False (reported once) past MAX_EDGES."""
        before = self.edge_count
        self.edge_count += count
        if self.edge_count <= MAX_EDGES:
            return True
        if before <= MAX_EDGES:
            self.fail(
                loc,
                f"the edges expand to more than {MAX_EDGES:,} lines (chains and fan-outs "
                "counted one line per pair); split the figure",
            )
        return False

    def edges(self, value: YValue) -> tuple[EdgeSpec, ...]:
        if not isinstance(value, YSeq):
            self.fail(value.loc, f"'edges' must be a list, not {_describe(value)}")
            return ()
        out: list[EdgeSpec] = []
        for entry in value.items:
            out.extend(self.edge_entry(entry))
        return tuple(out)

    def edge_entry(self, entry: YValue) -> list[EdgeSpec]:
        if isinstance(entry, YScalar):
            if not isinstance(entry.value, str):
                self.fail(
                    entry.loc, f"an edge must be an expression like 'a -> b', not {entry.text!r}"
                )
                return []
            expr, label, _ = edgeexpr.split_label(entry.value)
            return self.expression(expr, entry, label or None, {})
        if isinstance(entry, YSeq):
            self.fail(
                entry.loc,
                "an edge cannot start with '[' unless quoted (YAML reads it as a list); "
                "write e.g. '- \"[a, b] -> c\"'",
            )
            return []
        keys = [k.text for k, _ in entry.items]
        if "from" in keys or "to" in keys or len(entry.items) != 1:
            if "from" not in keys and "to" not in keys:
                self.fail(
                    entry.loc,
                    "an edge mapping needs 'from' and 'to', or a single key that is an "
                    "edge expression ('a -> b: label')",
                )
                return []
            return self.full_edge(entry)
        key, body = entry.items[0]
        if isinstance(body, YScalar):
            label = None if body.value is None else self.text(body, "edge label", _EDGE_LABEL)
            return self.expression(key.text, key, label, {})
        attrs = self.mapping(body, "edge attributes")
        if attrs is None:
            return []
        found = self.fields(attrs, EDGE_ATTRS, "edge")
        label = self.text(found["label"], "edge label", _EDGE_LABEL) if "label" in found else None
        return self.expression(key.text, key, label, found)

    def expression(
        self, expr: str, where: YScalar, label: str | None, attrs: dict[str, YValue]
    ) -> list[EdgeSpec]:
        shift = 1 if where.quoted and where.text is not None and _single_line(where) else 0
        try:
            hops = edgeexpr.parse(expr)
        except edgeexpr.ExprError as exc:
            loc = Location(where.loc.path, where.loc.line, where.loc.column + shift + exc.offset)
            self.fail(loc, f"malformed edge '{shorten(expr.strip())}': {exc.message}")
            return []
        arrow_attr, style_attr, color = self.edge_attrs(attrs)
        if label is not None and _EDGE_LABEL is not None and len(label) > _EDGE_LABEL:
            self.fail(
                where.loc,
                f"edge label is {len(label):,} characters long; it may be at most {_EDGE_LABEL:,}",
            )
            label = None
        if not self.count_edges(sum(len(h.sources) * len(h.targets) for h in hops), where.loc):
            return []
        out: list[EdgeSpec] = []
        for hop in hops:
            ok = True
            for ref in (*hop.sources, *hop.targets):
                loc = Location(
                    where.loc.path, where.loc.line, where.loc.column + shift + ref.offset
                )
                ok = self.ref(ref.name, loc) and ok
            if not ok:
                continue
            style = style_attr or ("dashed" if hop.dashed else "solid")
            arrow = arrow_attr or hop.arrow
            for s in hop.sources:
                for t in hop.targets:
                    out.append(EdgeSpec(s.name, t.name, arrow, style, label, color, where.loc))
        return out

    def edge_attrs(self, attrs: dict[str, YValue]) -> tuple[str | None, str | None, str | None]:
        by_name = {f.name: f for f in EDGE_ATTRS}
        arrow = self.enum(attrs["arrow"], by_name["arrow"]) if "arrow" in attrs else None
        style = self.enum(attrs["style"], by_name["style"]) if "style" in attrs else None
        color = self.color(attrs["color"]) if "color" in attrs else None
        return arrow, style, color

    def full_edge(self, entry: YMap) -> list[EdgeSpec]:
        found = self.fields(entry, EDGE_MAPPING_FIELDS, "edge")
        if "from" not in found or "to" not in found:
            return []
        sources = self.endpoints(found["from"])
        targets = self.endpoints(found["to"])
        label = self.text(found["label"], "edge label", _EDGE_LABEL) if "label" in found else None
        arrow, style, color = self.edge_attrs(found)
        if not self.count_edges(len(sources) * len(targets), entry.loc):
            return []
        return [
            EdgeSpec(s, t, arrow or "forward", style or "solid", label, color, entry.loc)
            for s in sources
            for t in targets
        ]

    def endpoints(self, value: YValue) -> list[str]:
        items: Iterable[YValue] = value.items if isinstance(value, YSeq) else (value,)
        out: list[str] = []
        for item in items:
            if isinstance(item, YScalar) and isinstance(item.value, str | int):
                if self.ref(item.text, item.loc):
                    out.append(item.text)
            else:
                self.fail(item.loc, f"an edge end must be an id, not {_describe(item)}")
        return out

    def ranks(self, value: YValue) -> tuple[tuple[str, ...], ...]:
        if not isinstance(value, YSeq):
            self.fail(
                value.loc, f"'ranks' must be a list of lists of node ids, not {_describe(value)}"
            )
            return ()
        seen: dict[str, Location] = {}
        out: list[tuple[str, ...]] = []
        for row in value.items:
            if not isinstance(row, YSeq):
                self.fail(row.loc, f"each rank must be a list of node ids, not {_describe(row)}")
                continue
            ids: list[str] = []
            for item in row.items:
                if not isinstance(item, YScalar) or not isinstance(item.value, str | int):
                    self.fail(item.loc, f"a rank lists node ids, not {_describe(item)}")
                    continue
                if not self.ref(item.text, item.loc, allow_groups=False):
                    continue
                if item.text in seen:
                    self.fail(
                        item.loc,
                        f"'{item.text}' is already in a rank (line {seen[item.text].line})",
                    )
                    continue
                seen[item.text] = item.loc
                ids.append(item.text)
            out.append(tuple(ids))
        return tuple(out)


def _single_line(value: YScalar) -> bool:
    return "\n" not in value.text


def _describe(value: YValue) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YSeq):
        return "a list"
    if value.value is None:
        return "empty"
    if isinstance(value.value, bool):
        return f"the boolean {value.text}"
    if isinstance(value.value, int | float):
        return f"the number {shorten(value.text)}"
    return f"'{shorten(value.text)}'"
