"""The fields of the spec language as data: the validator and the JSON Schema both read these."""

from __future__ import annotations

import re
from dataclasses import dataclass

from archgen.escape import url
from archgen.kinds import ICON_SETS, KINDS

LANGUAGE_VERSION = 1
"""The only ``archgen:`` version this release reads."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
"""Node and group ids."""
SPEC_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
"""Spec ids (file stems)."""
ID_RE = re.compile(ID_PATTERN)
SPEC_ID_RE = re.compile(SPEC_ID_PATTERN)

DIRECTIONS = ("TB", "LR", "BT", "RL")
EDGE_STYLES = ("solid", "dashed", "dotted", "bold")
ARROWS = ("forward", "back", "both", "none")
URL_SCHEMES = url.SCHEMES
"""Link schemes a ``url`` may use; anything else (``javascript:``) is refused."""

MAX_LABEL = 200
"""Longest label, note, field, caption or edge label, in characters."""
MAX_TITLE = 200
"""Longest ``title``."""
MAX_DESCRIPTION = 2000
"""Longest ``description``."""
MAX_FIELDS = 100
"""Most ``fields`` one node may have."""
MAX_ITEMS = 2000
"""Most nodes and groups one spec may declare."""
MAX_EDGES = 10_000
"""Most edges one spec may draw, after chains and fan-outs are expanded."""

HEX_COLOR_PATTERN = r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"
CSS_COLORS = tuple(
    [
        "aliceblue",
        "antiquewhite",
        "aqua",
        "aquamarine",
        "azure",
        "beige",
        "bisque",
        "black",
        "blanchedalmond",
        "blue",
        "blueviolet",
        "brown",
        "burlywood",
        "cadetblue",
        "chartreuse",
        "chocolate",
        "coral",
        "cornflowerblue",
        "cornsilk",
        "crimson",
        "cyan",
        "darkblue",
        "darkcyan",
        "darkgoldenrod",
        "darkgray",
        "darkgreen",
        "darkgrey",
        "darkkhaki",
        "darkmagenta",
        "darkolivegreen",
        "darkorange",
        "darkorchid",
        "darkred",
        "darksalmon",
        "darkseagreen",
        "darkslateblue",
        "darkslategray",
        "darkslategrey",
        "darkturquoise",
        "darkviolet",
        "deeppink",
        "deepskyblue",
        "dimgray",
        "dimgrey",
        "dodgerblue",
        "firebrick",
        "floralwhite",
        "forestgreen",
        "fuchsia",
        "gainsboro",
        "ghostwhite",
        "gold",
        "goldenrod",
        "gray",
        "green",
        "greenyellow",
        "grey",
        "honeydew",
        "hotpink",
        "indianred",
        "indigo",
        "ivory",
        "khaki",
        "lavender",
        "lavenderblush",
        "lawngreen",
        "lemonchiffon",
        "lightblue",
        "lightcoral",
        "lightcyan",
        "lightgoldenrodyellow",
        "lightgray",
        "lightgreen",
        "lightgrey",
        "lightpink",
        "lightsalmon",
        "lightseagreen",
        "lightskyblue",
        "lightslategray",
        "lightslategrey",
        "lightsteelblue",
        "lightyellow",
        "lime",
        "limegreen",
        "linen",
        "magenta",
        "maroon",
        "mediumaquamarine",
        "mediumblue",
        "mediumorchid",
        "mediumpurple",
        "mediumseagreen",
        "mediumslateblue",
        "mediumspringgreen",
        "mediumturquoise",
        "mediumvioletred",
        "midnightblue",
        "mintcream",
        "mistyrose",
        "moccasin",
        "navajowhite",
        "navy",
        "oldlace",
        "olive",
        "olivedrab",
        "orange",
        "orangered",
        "orchid",
        "palegoldenrod",
        "palegreen",
        "paleturquoise",
        "palevioletred",
        "papayawhip",
        "peachpuff",
        "peru",
        "pink",
        "plum",
        "powderblue",
        "purple",
        "rebeccapurple",
        "red",
        "rosybrown",
        "royalblue",
        "saddlebrown",
        "salmon",
        "sandybrown",
        "seagreen",
        "seashell",
        "sienna",
        "silver",
        "skyblue",
        "slateblue",
        "slategray",
        "slategrey",
        "snow",
        "springgreen",
        "steelblue",
        "tan",
        "teal",
        "thistle",
        "tomato",
        "turquoise",
        "violet",
        "wheat",
        "white",
        "whitesmoke",
        "yellow",
        "yellowgreen",
    ]
)
"""The CSS named colours a ``color`` may use besides ``#rrggbb``."""


@dataclass(frozen=True)
class Field:
    """One field of a mapping in the spec language.

    ``type`` names the value shape; the checker and the schema generator each
    have one handler per type, so a field's rules live only here.
    """

    name: str
    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    extension: bool = False
    """True for fields archgen adds beyond SPEC.md version 1."""
    max_length: int | None = None
    """Longest text accepted (each item's, for a list of texts)."""


TOP_FIELDS = (
    Field("archgen", "version", "The spec language version; must be 1.", required=True),
    Field(
        "title",
        "text",
        "A human title: the diagram's caption and the SVG <title>.",
        True,
        max_length=MAX_TITLE,
    ),
    Field(
        "description",
        "text",
        "One paragraph: the SVG <desc> and the guide's text.",
        max_length=MAX_DESCRIPTION,
    ),
    Field("direction", "enum", "Layout direction; TB (default), LR, BT or RL.", choices=DIRECTIONS),
    Field(
        "icons",
        "enum",
        "The icon set that kinds map to; generic (default).",
        choices=ICON_SETS,
    ),
    Field("nodes", "nodes", "A mapping of node id to node (at least one).", required=True),
    Field("groups", "groups", "A mapping of group id to group (clusters; may nest)."),
    Field("edges", "edges", "A list of edges."),
    Field("ranks", "ranks", "Lists of node ids, each list drawn side by side on one rank."),
)

NODE_FIELDS = (
    Field(
        "label",
        "text",
        "The text shown; a newline breaks lines. Default: from the id.",
        max_length=MAX_LABEL,
    ),
    Field("kind", "enum", "What the node is; default 'service'.", choices=KINDS),
    Field(
        "icon",
        "icon",
        "A diagrams class 'provider.category.Class', or a .png/.svg path inside the spec's folder.",
    ),
    Field("note", "text", "A second, smaller line of text.", max_length=MAX_LABEL),
    Field(
        "fields",
        "textlist",
        "Lines drawn as a record (e.g. a table's columns).",
        max_length=MAX_LABEL,
    ),
    Field(
        "url",
        "url",
        "A link; clickable in SVG (http, https, mailto or relative).",
        max_length=url.MAX_LENGTH,
    ),
    Field("color", "color", "Outline colour: #rrggbb or a CSS colour name."),
)

GROUP_FIELDS = (
    Field("label", "text", "The group's caption. Default: from the id.", max_length=MAX_LABEL),
    Field("members", "idlist", "Node ids and/or group ids inside this group."),
    Field("note", "text", "A second, smaller line under the caption.", max_length=MAX_LABEL),
    Field("color", "color", "Outline colour: #rrggbb or a CSS colour name.", extension=True),
)

EDGE_ATTRS = (
    Field("label", "text", "Text drawn beside the edge.", max_length=MAX_LABEL),
    Field("style", "enum", "solid, dashed, dotted or bold.", choices=EDGE_STYLES),
    Field("arrow", "enum", "forward, back, both or none.", choices=ARROWS),
    Field("color", "color", "Line colour: #rrggbb or a CSS colour name."),
)

EDGE_MAPPING_FIELDS = (
    Field("from", "endpoints", "Source id, or a list of ids.", required=True),
    Field("to", "endpoints", "Target id, or a list of ids.", required=True),
    *EDGE_ATTRS,
)


def max_length(fields: tuple[Field, ...], name: str) -> int | None:
    """The longest text the field ``name`` of a table accepts."""
    return next(f.max_length for f in fields if f.name == name)


def names(fields: tuple[Field, ...]) -> tuple[str, ...]:
    """The field names of a table, in order."""
    return tuple(f.name for f in fields)
