"""Tests for the independent box-art reader (tests/boxart_reader.py).

Each fixture is a small hand-drawn figure that obeys (or, in the negative fixtures,
breaks) the drawing contract. Positive fixtures must read back as exactly the expected
boxes and edges, report no problems, and read the same after transliteration to the
plain-ASCII charset. Negative fixtures must make ``problems()`` name the violation and
``read()`` refuse.
"""

from __future__ import annotations

import pytest

from tests.boxart_reader import Box, Figure, ReadEdge, ReadError, describe, problems, read

# --------------------------------------------------------------------------- fixtures

SINGLE = """\
┌───────┐
│ Alone │
└───────┘
"""

LABEL_NOTE_FIELDS = """\
┌─────────────┐
│   Orders    │
│ (postgres)  │
│ id: int     │
│ total: num  │
└─────────────┘
"""

# The contract's own example: one source, a shared trunk leaving through ┬, split by ┴.
FAN_OUT_DOWN = """\
      ┌────────────┐
      │ Client App │
      └─────┬──────┘
      ┌─────┴─────┐
      ▼           ▼
┌──────────┐ ┌─────────┐
│ Commands │ │ Queries │
│ (Writes) │ │ (Reads) │
└──────────┘ └─────────┘
"""

# Left to right: leaves through ├, splits at ┬.
FAN_OUT_RIGHT = """\
┌─────┐       ┌─────┐
│ Src ├───┬──►│ T1  │
└─────┘   │   └─────┘
          │   ┌─────┐
          └──►│ T2  │
              └─────┘
"""

# Right to left: leaves through ┤.
FAN_OUT_LEFT = """\
┌────┐        ┌─────┐
│ T1 │◄───┬───┤ Src │
└────┘    │   └─────┘
┌────┐    │
│ T2 │◄───┘
└────┘
"""

# A real 4-way split ┼ (one source, three targets) and a label on one branch.
FAN_OUT_CROSS_JOIN = """\
         ┌───┐
         │ S │
         └─┬─┘
     ┌─────┼─────┐
 one │     │     │
     ▼     ▼     ▼
   ┌───┐ ┌───┐ ┌───┐
   │ X │ │ Y │ │ Z │
   └───┘ └───┘ └───┘
"""

FAN_IN = """\
┌───┐   ┌───┐
│ A │   │ B │
└─┬─┘   └─┬─┘
  └───┬───┘
      ▼
   ┌──────┐
   │ Sink │
   └──────┘
"""

BOTH_WAYS = """\
┌───┐      ┌───┐
│ A │◄────►│ B │
└───┘      └───┘
"""

BOTH_WAYS_VERTICAL = """\
┌───┐
│ A │
└───┘
  ▲
  │
  ▼
┌───┐
│ B │
└───┘
"""

ARROWLESS = """\
┌───┐     ┌───┐
│ C │─────│ D │
└───┘     └───┘
"""

# Arrowless, leaving D through a junction: D is reported as ``a``.
ARROWLESS_JUNCTION = """\
┌───┐     ┌───┐
│ C ├─────│ D │
└───┘     └───┘
"""

DASHED = """\
┌───┐     ┌───┐
│ A │┄┄┄┄►│ B │
└─┬─┘     └───┘
  ┆
  ▼
┌───┐
│ C │
└───┘
"""

# A dashed edge (╌ ╎ variant) crossing a solid one.
DASHED_CROSSING = """\
      ┌───┐
      │ A │
      └─┬─┘
┌───┐   ╎   ┌───┐
│ C ├───╎──►│ D │
└───┘   ╎   └───┘
        ▼
      ┌───┐
      │ B │
      └───┘
"""

LABELS = """\
┌─────┐
│ Web │
└──┬──┘
   │
   │ HTTPS
   │ :443
   ▼
┌─────┐  queries  ┌────┐
│ API ├──────────►│ DB │
└─────┘           └────┘
"""

# Labels left of a vertical segment, below a horizontal one, and a two-line label above.
LABELS_MORE = """\
        ┌───┐  two   ┌───┐
        │ P │  lines │ Q │
        │   ├───────►│   │
        └─┬─┘        └───┘
          │
    reads │
          ▼
        ┌───┐        ┌───┐
        │ R ├───────►│ T │
        └───┘ writes └───┘
"""

NESTED_GROUPS = """\
┌────────┐
│ Client │
└───┬────┘
    ▼
┌─────────────────────┐
│ Backend             │
│ (k8s)               │
│ ┌─────────────────┐ │
│ │ Services        │ │
│ │ ┌─────┐ ┌─────┐ │ │
│ │ │ A   │ │ B   │ │ │
│ │ └─────┘ └─────┘ │ │
│ └─────────────────┘ │
└─────────────────────┘
"""

# An edge inside a group with a label, and an edge from the group's own border outwards.
GROUP_EDGES = """\
┌──────────────────────────┐
│ Platform                 │
│                          │
│  ┌─────┐  calls  ┌─────┐ │
│  │ P   ├────────►│ Q   │ │
│  └─────┘         └─────┘ │
└─────────────┬────────────┘
              │
              ▼
           ┌─────┐
           │ Ext │
           └─────┘
"""

# ──│── : the horizontal line is interrupted by the vertical one.
CROSSING = """\
      ┌───┐
      │ A │
      └─┬─┘
┌───┐   │   ┌───┐
│ C ├───│──►│ D │
└───┘   │   └───┘
        ▼
      ┌───┐
      │ B │
      └───┘
"""

# The same crossing with the vertical line interrupted instead.
CROSSING_OTHER_WAY = """\
      ┌───┐
      │ A │
      └─┬─┘
┌───┐   │   ┌───┐
│ C ├──────►│ D │
└───┘   │   └───┘
        ▼
      ┌───┐
      │ B │
      └───┘
"""

# A vertical edge crossing a group's top border into a member.
INTO_GROUP = """\
      ┌───┐
      │ X │
      └─┬─┘
        │
┌──────────────┐
│ Grp   │      │
│       ▼      │
│     ┌─────┐  │
│     │  Y  │  │
│     └─────┘  │
└──────────────┘
"""

# A horizontal edge leaving a group through its right side.
OUT_OF_GROUP = """\
┌─────────────┐
│ Grp         │
│  ┌───┐      │   ┌───┐
│  │ Y ├──────│──►│ Z │
│  └───┘      │   └───┘
└─────────────┘
"""

BOTTOM_TO_TOP = """\
┌───┐
│ B │
└───┘
  ▲
  │
┌─┴─┐
│ A │
└───┘
"""

# Arrowheads set into the target's border (replacing a border cell).
HEADS_IN_BORDER = """\
┌───┐
│ A │
└─┬─┘
  │
┌─▼─┐
│ B │
└─▲─┘
  │
┌─┴─┐
│ C │
└───┘
"""

# A detour: the edge leaves right, runs down, along and up into B.
DETOUR = """\
┌───┐         ┌───┐
│ A ├───┐     │ B │
└───┘   │     └───┘
        │       ▲
        └───────┘
"""

CJK = """\
┌──────────┐ 调用 ┌──────┐
│ 用户服务 ├─────►│ 订单 │
└──────────┘      └──────┘
"""

CJK_GROUP = """\
┌────────────────┐
│ 后端 backend   │
│ ┌──────┐       │
│ │ 缓存 │       │
│ └──┬───┘       │
│    │           │
│    │ 读取      │
│    ▼           │
│ ┌────────┐     │
│ │ 数据库 │     │
│ └────────┘     │
└────────────────┘
"""


def _edge(
    a: int,
    b: int,
    *,
    heads: str = "->",
    dashed: bool = False,
    label: str | None = None,
) -> ReadEdge:
    """A ReadEdge from a compact arrow spelling: ``->``, ``<->`` or ``--``."""
    head_a, head_b = {"->": (False, True), "<->": (True, True), "--": (False, False)}[heads]
    return ReadEdge(a, b, head_a, head_b, dashed, label)


# name: (figure, expected describe() lines)
GOOD: dict[str, tuple[str, list[str]]] = {
    "single": (SINGLE, []),
    "label_note_fields": (LABEL_NOTE_FIELDS, []),
    "fan_out_down": (FAN_OUT_DOWN, ["Client App -> Commands", "Client App -> Queries"]),
    "fan_out_right": (FAN_OUT_RIGHT, ["Src -> T1", "Src -> T2"]),
    "fan_out_left": (FAN_OUT_LEFT, ["Src -> T1", "Src -> T2"]),
    "fan_out_cross_join": (FAN_OUT_CROSS_JOIN, ["S -> X 'one'", "S -> Y", "S -> Z"]),
    "fan_in": (FAN_IN, ["A -> Sink", "B -> Sink"]),
    "both_ways": (BOTH_WAYS, ["A <-> B"]),
    "both_ways_vertical": (BOTH_WAYS_VERTICAL, ["A <-> B"]),
    "arrowless": (ARROWLESS, ["C -- D"]),
    "arrowless_junction": (ARROWLESS_JUNCTION, ["C -- D"]),
    "dashed": (DASHED, ["A -> B [dashed]", "A -> C [dashed]"]),
    "dashed_crossing": (DASHED_CROSSING, ["A -> B [dashed]", "C -> D"]),
    "labels": (LABELS, ["API -> DB 'queries'", "Web -> API 'HTTPS\\n:443'"]),
    "labels_more": (
        LABELS_MORE,
        ["P -> Q 'two\\nlines'", "P -> R 'reads'", "R -> T 'writes'"],
    ),
    "nested_groups": (NESTED_GROUPS, ["Client -> Backend"]),
    "group_edges": (GROUP_EDGES, ["P -> Q 'calls'", "Platform -> Ext"]),
    "crossing": (CROSSING, ["A -> B", "C -> D"]),
    "crossing_other_way": (CROSSING_OTHER_WAY, ["A -> B", "C -> D"]),
    "into_group": (INTO_GROUP, ["X -> Y"]),
    "out_of_group": (OUT_OF_GROUP, ["Y -> Z"]),
    "bottom_to_top": (BOTTOM_TO_TOP, ["A -> B"]),
    "heads_in_border": (HEADS_IN_BORDER, ["A -> B", "C -> B"]),
    "detour": (DETOUR, ["A -> B"]),
    "cjk": (CJK, ["用户服务 -> 订单 '调用'"]),
    "cjk_group": (CJK_GROUP, ["缓存 -> 数据库 '读取'"]),
}


_TO_ASCII = str.maketrans(
    {
        "─": "-",
        "│": "|",
        "┄": ".",
        "╌": ".",
        "┆": ":",
        "╎": ":",
        "▼": "v",
        "▲": "^",
        "►": ">",
        "◄": "<",
        **dict.fromkeys("┌┐└┘┬┴├┤┼", "+"),
    }
)


def to_ascii(figure: str) -> str:
    """Transliterate a Unicode figure into the plain-ASCII charset, cell for cell."""
    return figure.translate(_TO_ASCII)


# --------------------------------------------------------------------------- positive


@pytest.mark.parametrize("name", sorted(GOOD))
def test_good_figure_reads_as_expected(name: str) -> None:
    """Every positive fixture reads back as exactly its edges, with no problems."""
    figure, expected = GOOD[name]
    assert problems(figure) == []
    assert describe(read(figure)) == sorted(expected)


@pytest.mark.parametrize("name", sorted(GOOD))
def test_ascii_transliteration_reads_the_same(name: str) -> None:
    """The same layout in the ASCII charset reads as the same boxes and edges."""
    figure, _ = GOOD[name]
    ascii_figure = to_ascii(figure)
    assert problems(ascii_figure, charset="ascii") == []
    assert read(ascii_figure, charset="ascii") == read(figure)


def test_single_box() -> None:
    """One box: its border coordinates and text, a node at top level."""
    assert read(SINGLE) == Figure((Box(0, 0, 2, 8, ("Alone",), False, None),), ())


def test_label_note_and_fields_are_node_text() -> None:
    """A node's label, note and field rows all come back, stripped, in order."""
    (box,) = read(LABEL_NOTE_FIELDS).boxes
    assert box.text == ("Orders", "(postgres)", "id: int", "total: num")
    assert not box.is_group


def test_fan_out_example_exactly() -> None:
    """The contract's example: exact boxes and a one-source fan-out of two edges."""
    fig = read(FAN_OUT_DOWN)
    assert fig.boxes == (
        Box(0, 6, 2, 19, ("Client App",), False, None),
        Box(5, 0, 8, 11, ("Commands", "(Writes)"), False, None),
        Box(5, 13, 8, 23, ("Queries", "(Reads)"), False, None),
    )
    assert fig.edges == (_edge(0, 1), _edge(0, 2))


def test_both_ways_and_arrowless_edges() -> None:
    """Both-way edges have both heads; arrowless none; symmetric ends order by index."""
    assert read(BOTH_WAYS).edges == (_edge(0, 1, heads="<->"),)
    assert read(ARROWLESS).edges == (_edge(0, 1, heads="--"),)


def test_arrowless_source_marked_by_junction() -> None:
    """An arrowless edge leaving through a junction set into a border names that box ``a``."""
    figure = """\
┌───┐     ┌───┐
│ C │─────┤ D │
└───┘     └───┘
"""
    assert read(figure).edges == (_edge(1, 0, heads="--"),)


def test_dashed_edges() -> None:
    """┄ horizontal and ┆ vertical dashes make dashed edges; corners and ┬ are neutral."""
    assert read(DASHED).edges == (_edge(0, 1, dashed=True), _edge(0, 2, dashed=True))


def test_labels_beside_vertical_and_above_horizontal() -> None:
    """A two-line label right of a vertical segment, one above a horizontal segment."""
    fig = read(LABELS)
    names = {b.text[0]: i for i, b in enumerate(fig.boxes)}
    assert set(fig.edges) == {
        _edge(names["Web"], names["API"], label="HTTPS\n:443"),
        _edge(names["API"], names["DB"], label="queries"),
    }


def test_nested_groups() -> None:
    """Groups nest; headers include a note row; an edge may end on a group's border."""
    fig = read(NESTED_GROUPS)
    assert [(b.text, b.is_group, b.parent) for b in fig.boxes] == [
        (("Client",), False, None),
        (("Backend", "(k8s)"), True, None),
        (("Services",), True, 1),
        (("A",), False, 2),
        (("B",), False, 2),
    ]
    assert fig.edges == (_edge(0, 1),)


def test_crossing_is_not_a_junction() -> None:
    """Where ──│── crosses, the two lines stay separate edges."""
    assert read(CROSSING).edges == (_edge(0, 3), _edge(1, 2))
    assert read(CROSSING_OTHER_WAY).edges == (_edge(0, 3), _edge(1, 2))


def test_edge_crossing_group_border() -> None:
    """An edge passes through a group's border (the border glyph stays) to a member."""
    fig = read(INTO_GROUP)
    assert fig.boxes[1].is_group and fig.boxes[2].parent == 1
    assert fig.boxes[1].text == ("Grp",)
    assert fig.edges == (_edge(0, 2),)
    fig = read(OUT_OF_GROUP)
    assert fig.edges == (_edge(1, 2),)


def test_wide_characters_take_two_columns() -> None:
    """CJK text fills two grid cells per character: boxes line up and text reads back."""
    fig = read(CJK)
    assert fig.boxes[0] == Box(0, 0, 2, 11, ("用户服务",), False, None)
    assert fig.boxes[1] == Box(0, 18, 2, 25, ("订单",), False, None)
    assert fig.edges == (_edge(0, 1, label="调用"),)
    fig = read(CJK_GROUP)
    assert fig.boxes[0].text == ("后端 backend",)


def test_ascii_example_with_ambiguous_looking_text() -> None:
    """ASCII labels may hold - . : + v: only connected line glyphs are lines."""
    figure = """\
+-------------------+
| Services v2       |
| Auth: OIDC        |
| +-----+   +-----+ |
| | P   +-->| Q   | |
| +-----+   +-----+ |
+---------+---------+
          :
          : via v2
          v
      +-------+  C++: a-b  +----+
      | Cache |...........>| DB |
      +-------+            +----+
"""
    assert problems(figure, "ascii") == []
    fig = read(figure, charset="ascii")
    assert fig.boxes[0].text == ("Services v2", "Auth: OIDC")
    assert describe(fig) == [
        "Cache -> DB [dashed] 'C++: a-b'",
        "P -> Q",
        "Services v2 -> Cache [dashed] 'via v2'",
    ]


def test_ascii_fan_out() -> None:
    """The contract example drawn in ASCII: a + is a corner or a junction by its neighbours."""
    figure = """\
      +------------+
      | Client App |
      +-----+------+
      +-----+-----+
      v           v
+----------+ +---------+
| Commands | | Queries |
| (Writes) | | (Reads) |
+----------+ +---------+
"""
    assert read(figure, charset="ascii") == read(FAN_OUT_DOWN)


# --------------------------------------------------------------------------- negative


def _assert_refused(figure: str, fragment: str, charset: str = "unicode") -> list[str]:
    """problems() mentions ``fragment`` and read() raises a ReadError that locates it."""
    found = problems(figure, charset)
    assert any(fragment in p for p in found), found
    with pytest.raises(ReadError) as err:
        read(figure, charset)
    assert str(err.value).startswith("(")
    assert err.value.problems == found
    return found


def test_overlapping_boxes() -> None:
    """Two boxes whose borders cross are reported, whichever glyph the crossing shows."""
    crossed = """\
┌──────┐
│ A  ┌─┼──┐
└────┼─┘  │
     │ B  │
     └────┘
"""
    painted = """\
┌──────┐
│ A  ┌──────┐
└────│─┘    │
     │ B    │
     └──────┘
"""
    for figure in (crossed, painted):
        found = _assert_refused(figure, "overlap")
        assert found[0].startswith("(1, 5): boxes at (0, 0) and (1, 5) overlap")


def test_fake_cross_junction() -> None:
    """A ┼ where two unrelated edges cross joins 2 sources with 2 targets: reported."""
    figure = """\
      ┌───┐
      │ A │
      └─┬─┘
┌───┐   │   ┌───┐
│ C ├───┼──►│ D │
└───┘   │   └───┘
        ▼
      ┌───┐
      │ B │
      └───┘
"""
    found = _assert_refused(figure, "2 sources with 2 targets")
    assert any(p.startswith("(4, 8): ┼ joins unrelated lines") for p in found)


def test_ambiguous_net() -> None:
    """Two sources merging into a trunk that splits to two targets is refused."""
    figure = """\
┌───┐   ┌───┐
│ A │   │ C │
└─┬─┘   └─┬─┘
  └───┬───┘
  ┌───┴───┐
  ▼       ▼
┌───┐   ┌───┐
│ B │   │ D │
└───┘   └───┘
"""
    _assert_refused(figure, "net connects 2 sources with 2 targets")


def test_dangling_lines() -> None:
    """Lines that end in empty space, or a junction arm to nowhere, are reported there."""
    bent = """\
┌───┐
│ A │
└─┬─┘
  │
  └────
"""
    assert _assert_refused(bent, "dangling")[0].startswith("(4, 6): line ─ going right")
    stub = """\
┌───┐
│ A ├──
└───┘
"""
    _assert_refused(stub, "dangling")
    loose_junction = """\
┌───┐
│ A │
└─┬─┘
"""
    _assert_refused(loose_junction, "junction ┬ in the border of box 'A'")
    loose_split = """\
┌───┐
│ A │
└─┬─┘
  ├───┐
  ▼   ▼
┌───┐┌───┐
│ B ││ C │
└───┘└───┘
"""
    assert read(loose_split).edges == (_edge(0, 1), _edge(0, 2))
    split_to_nowhere = """\
┌───┐
│ A │
└─┬─┘
  ┼───┐
  ▼   ▼
┌───┐┌───┐
│ B ││ C │
└───┘└───┘
"""
    _assert_refused(split_to_nowhere, "junction ┼: its left arm")


def test_arrowhead_not_at_a_box() -> None:
    """An arrowhead must sit next to, or be set into, a box border."""
    figure = """\
┌───┐
│ A │
└─┬─┘
  ▼

┌───┐
│ B │
└───┘
"""
    _assert_refused(figure, "arrowhead ▼ is neither next to nor set into a box border")


def test_line_runs_into_line_without_junction() -> None:
    """A line that stops against another line (no junction, no far side) is refused."""
    figure = """\
┌───┐     ┌───┐
│ A ├──┐  │ B │
└───┘  │  └─┬─┘
     ──│    │
       ▼    ▼
     ┌───────┐
     │   C   │
     └───────┘
"""
    _assert_refused(figure, "runs into │ at (3, 7) without a junction")


def test_unattributable_text_and_labels() -> None:
    """Text beside no edge, beside two edges, or on a shared trunk cannot be attributed."""
    stray = """\
┌───┐  hello  ┌───┐
│ A │         │ B │
└───┘         └───┘
"""
    _assert_refused(stray, "cannot attribute text 'hello'")
    between = """\
┌───┐     ┌───┐
│ A ├────►│ B │
│   │ mid │   │
│   ├────►│   │
└───┘     └───┘
"""
    _assert_refused(between, "label 'mid' sits beside 2 different edges")
    on_trunk = """\
         ┌───┐
         │ S │
         └─┬─┘
           │ trunk
     ┌─────┴─────┐
     ▼           ▼
   ┌───┐       ┌───┐
   │ X │       │ Z │
   └───┘       └───┘
"""
    _assert_refused(on_trunk, "shared trunk")


def test_quality_problems_that_still_read() -> None:
    """A label touching a box, or a line glyph inside a node, is reported but readable."""
    touching = """\
┌───┐      ┌───┐
│ A ├─────►│ B │
└───┘label └───┘
"""
    assert problems(touching) == ["(2, 5): label 'label' touches the border of box 'A' at (0, 0)"]
    assert read(touching).edges == (_edge(0, 1, label="label"),)
    inside = """\
┌─────┐
│ A─B │
└─────┘
"""
    assert problems(inside) == ["(1, 3): line glyph ─ inside box 'A─B' at (0, 0)"]
    assert read(inside).boxes[0].text == ("A─B",)


def test_ascii_negative() -> None:
    """The ASCII charset reports the same violations (here: a fake + crossing)."""
    figure = """\
      +---+
      | A |
      +-+-+
+---+   |   +---+
| C +---+-->| D |
+---+   |   +---+
        v
      +---+
      | B |
      +---+
"""
    _assert_refused(figure, "2 sources with 2 targets", charset="ascii")


def test_unknown_charset() -> None:
    """Only 'unicode' and 'ascii' exist."""
    with pytest.raises(ValueError, match="unknown charset"):
        read(SINGLE, charset="utf8")


def test_empty_text() -> None:
    """An empty figure has no boxes and no edges."""
    assert read("") == Figure((), ())


def test_junction_through_a_group_border() -> None:
    """A ┼ set into a group border (instead of the border glyph staying) is refused."""
    figure = """\
      ┌───┐
      │ X │
      └─┬─┘
        │
┌───────┼──────┐
│ Grp   │      │
│       ▼      │
│     ┌─────┐  │
│     │  Y  │  │
│     └─────┘  │
└──────────────┘
"""
    found = _assert_refused(figure, "must leave the border glyph in place")
    assert found[0].startswith("(4, 8): ┼ set into the border of group 'Grp'")


def test_ascii_stacked_boxes_make_no_phantom_box() -> None:
    """In ASCII, boxes stacked with no gap do not frame a phantom box between them."""
    fig = read(to_ascii(FAN_OUT_RIGHT), charset="ascii")
    assert [b.text for b in fig.boxes] == [("Src",), ("T1",), ("T2",)]


def test_ascii_adjacent_plus_signs() -> None:
    """``┐├`` (two lines side by side) and ``└┐`` (a jog) both become ``++`` in ASCII."""
    side_by_side = """\
      ┌───┐
      │ B │
      └─┬─┘
┌───┐   │
│ A ├──┐├──►┌───┐
└───┘  ││   │ Y │
       ▼▼   └───┘
     ┌─────┐
     │  C  │
     └─────┘
"""
    jog = """\
┌───┐
│ A │
└─┬─┘
  └┐
   ▼
 ┌───┐
 │ B │
 └───┘
"""
    for figure, expected in ((side_by_side, ["A -> C", "B -> C", "B -> Y"]), (jog, ["A -> B"])):
        assert describe(read(figure)) == expected
        assert problems(to_ascii(figure), "ascii") == []
        assert describe(read(to_ascii(figure), "ascii")) == expected


def test_junction_over_a_corner_is_reported() -> None:
    """An edge leaving through a box corner (``┴`` drawn over ``┘``) reads but is reported."""
    figure = """\
┌───┐
│ A │   ┌───┐
└───┴──►│ B │
        └───┘
"""
    for charset, text, glyph in (("unicode", figure, "┴"), ("ascii", to_ascii(figure), "+")):
        assert problems(text, charset) == [
            f"(2, 4): the corner of box 'A' at (0, 0) is drawn as {glyph} with a line "
            "leaving it right: an edge must leave through a side, not a corner"
        ]
        assert describe(read(text, charset)) == ["A -> B"]


def test_text_overflowing_its_box() -> None:
    """A box whose text overwrites its own border is named as not closed."""
    figure = """\
┌──────┐
│ Name │
│ longer note
└──────┘
"""
    _assert_refused(figure, "(2, 7): the box at (0, 0) is not closed: text 'r' overwrites")
