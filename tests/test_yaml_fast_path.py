"""yamlio's fast path for simple YAML gives exactly what PyYAML (libyaml + `_Loader`) gives.

`_load_simple` either returns the document as `_Loader` would build it (values, types, the order
of keys and every recorded line) or declines; these tests compare the two on the repository's own
content, on tricky hand-written cases and on random documents assembled from YAML-ish pieces.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hubfactory import shared_hub

from commhub.content.yamlio import (
    _FRONT_MATTER,
    _NOT_SIMPLE,
    LineDict,
    LineList,
    YamlError,
    _load_simple,
    _Loader,
    _too_deep,
    front_matter_span,
    load_yaml,
)

def pyyaml(text: str, first_line: int = 1):
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def same(a, b) -> bool:
    """Equal values, types, key order and recorded lines."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return (a.line, a.key_lines, list(a)) == (b.line, b.key_lines, list(b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, LineList):
        return (a.line, a.item_lines, len(a)) == (b.line, b.item_lines, len(b)) and all(map(same, a, b))
    return a == b


def assert_fast_path_agrees(text: str, first_line: int = 1) -> bool:
    """True when the fast path took `text`; then PyYAML must load it to the same thing."""
    fast = _load_simple(text, first_line)
    if fast is _NOT_SIMPLE:
        return False
    assert same(fast, pyyaml(text, first_line)), text
    return True


def fast_path_taken(content: Path) -> int:
    """How many of the YAML files and front matters of a content/ folder the fast path took (and
    agreed with PyYAML on)."""
    taken = 0
    for path in sorted(content.rglob("*")):
        if path.suffix == ".yml":
            taken += assert_fast_path_agrees(path.read_text(encoding="utf-8"))
        elif path.suffix == ".md":
            match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
            if match:
                taken += assert_fast_path_agrees(match.group(1) or "", 2)
    return taken


def test_a_hubs_content_and_front_matter():
    """The tests' hub (hubfactory.py), written as editors write: the fast path is really used on it."""
    assert fast_path_taken(shared_hub() / "content") > 50


SIMPLE = [
    "title: Quyền trẻ em\nsummary: \"Tóm tắt: a, b # c\"\n",
    "# comment\n\ntype: article\ntopics: [a, b-c, d_e]\nchannels: []\npublished: 2024-05-01\n",
    "translation:\n  method: machine\n  reviewed: false\n  source_sha: abc\nstatus: draft\n",
    "media:\n  - file: a.png\n    kind: image\n    alt:\n      vi: \"Ảnh\"\n      en: 'Picture'\n",
    "media:\n- file: a.png\n  kind: image\nunit: x\n",
    "topics:\n  - a\n  - b\n",
    "a: yes\nb: No\nc: ~\nd: null\ne:\nf: 'x'\ng: \"\"\nh: a:b\ni: a#b\nj: [ x , y ]\n",
    "title: 😀 emoji\nkm: សិទ្ធិកុមារ\nzh: 手册\n",
    "a:\n  b:\n    c: d\n  e: f\ng: h\n",
]
NOT_SIMPLE = [
    "", "# only a comment\n", "a: 1\n", "a: 1.5\n", "a: [1, 2]\n", "a: b\na: c\n", "yes: x\n", "null: x\n",
    "a: b\n  continued\n", "a: |\n  text\n", "a: &x b\nc: *x\n", "a: !!str b\n", "a: \"x\\ty\"\n",
    "a: 'it''s'\n", "a: b # comment\n", "a: b \n", "a:\tb\n", "a: b\r\n", "\ufeffa: b\n", "a: [b,\n  c]\n",
    "---\na: b\n", "a: b\n...\n", "  a: b\n", "a:\n    b: c\n  d: e\n", "a: {b: c}\n", "a: -b\n", "a: b:\n",
    "a: b: c\n", "a: 'b\n", "a: \"b\n", "- - a\n", "a:\n  -\n", "a: x\u2028y\n", "a: x\x85y\n", "<<: x\n",
    "a: [b, ]\n", "a: [b c]\n", "key : v\n", "k:v\n", "a:\n  - b\n  c: d\n", "- a\n",
]


@pytest.mark.parametrize("text", SIMPLE)
def test_simple_documents_take_the_fast_path(text):
    assert assert_fast_path_agrees(text)
    assert assert_fast_path_agrees(text, first_line=2)


@pytest.mark.parametrize("text", NOT_SIMPLE)
def test_other_documents_go_to_pyyaml(text):
    assert _load_simple(text, 1) is _NOT_SIMPLE


# Mostly pieces of the subset, now and then one that is not: most documents take the fast path.
KEYS = st.sampled_from(["a", "b", "title", "x_1", "vi", "en", "file", "kind", "Alt"] * 20 + ["yes", "No", "null", "True", "-a", "a b", "<<", "?", "~", "1"])
SCALARS = st.sampled_from([
    "x", "Quyền trẻ em", "a:b", "a#b", "'q'", "\"q\"", "[a, b]", "[]", "[ a ]", "yes", "off", "~", "null",
    "2024-02-30", "x  y", "\u00a0x\u00a0", "😀", "a,b", "=",
] * 20 + [
    "a: b", "a #b", "b:", "'it''s'", "\"a\\\"b\"", "\"", "[a,]", "[1]", "[a b]", "{a: b}", "NULL", "12", "0x1f",
    "1:20", "2024-01-01 10:00", ".inf", "-x", "? x", "&a x", "*a", "!x", "|", ">", "%x", "@x", "`x", "x ", "#", "- x",
    "-", "[a]x", "x]", "'a' b", "<< ",
])


@st.composite
def nodes(draw, depth=0):
    """A scalar, or a mapping or sequence of nodes."""
    kind = draw(st.sampled_from(["scalar", "scalar", "mapping", "sequence"] if depth < 3 else ["scalar"]))
    if kind == "scalar":
        return draw(SCALARS)
    children = st.lists(nodes(depth + 1), min_size=1, max_size=4)
    if kind == "sequence":
        return draw(children)
    return list(zip(draw(st.lists(KEYS, min_size=1, max_size=4)), draw(children)))


def render(node, indent: int, step: int, indentless: bool) -> list[str]:
    """Block-style lines of a mapping (list of pairs) or sequence (list) at `indent`."""
    lines = []
    pairs = node if node and isinstance(node[0], tuple) else None
    for entry in node:
        key, value = entry if pairs else (None, entry)
        head = " " * indent + (f"{key}:" if pairs else "-")
        if isinstance(value, str):
            lines.append(f"{head} {value}")
            continue
        child_is_sequence = not (value and isinstance(value[0], tuple))
        if not pairs and not child_is_sequence:  # a mapping item starts on the dash's line
            inner = render(value, indent + 2, step, indentless)
            lines.append(head + " " + inner[0].lstrip(" "))
            lines.extend(inner[1:])
            continue
        lines.append(head)
        lines.extend(render(value, indent + (0 if indentless and pairs and child_is_sequence else step), step,
                            indentless))
    return lines


@st.composite
def documents(draw):
    pairs = draw(st.lists(st.tuples(KEYS, nodes(1)), min_size=1, max_size=5))
    lines = render(pairs, 0, draw(st.sampled_from([1, 2, 4])), draw(st.booleans()))
    for _ in range(draw(st.integers(0, 2))):  # comments, blank lines, a line indented differently
        index = draw(st.integers(0, len(lines)))
        lines.insert(index, draw(st.sampled_from(["", "  ", "# note", "   # note", " x: y", "x: y"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(text=documents(), first_line=st.integers(1, 3))
@example(text="a:\n- b\n- c: d\n  e: f\ng: h\n", first_line=1)
def test_random_documents_agree(text, first_line):
    assert_fast_path_agrees(text, first_line)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("[]{} \nab#"), max_size=300))
def test_too_deep_matches_the_character_scan(text):
    text = text + "[" * 95 + " " * 201 + "x"  # near both limits
    assert _too_deep(text) == reference_too_deep(text)


def reference_too_deep(text: str) -> int:
    """The original character-by-character scan."""
    depth, line = 0, 1
    for char in text:
        if char in "[{":
            depth += 1
            if depth > 100:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1
    for number, row in enumerate(text.split("\n"), start=1):
        if len(row) - len(row.lstrip(" ")) > 200:
            return number
    return 0


def test_load_yaml_errors_are_unchanged():
    with pytest.raises(YamlError) as error:
        load_yaml("a: b\na: c\n")
    assert error.value.line == 2 and "duplicate key" in error.value.problem


@settings(max_examples=1000, deadline=None)
@given(text=st.lists(st.sampled_from(["-", "---", " ", "\t", "\n", "\n---\n", "a", ":"]), max_size=40).map("".join))
@example(text="---\n---\n")
@example(text="---\n---")
@example(text="--- \t\nkey: v\n---  \nbody")
@example(text="---\n----\n--- x\n---\n")
def test_front_matter_span_finds_what_the_expression_matches(text):
    match = _FRONT_MATTER.match(text)
    found = front_matter_span(text)
    assert (found is None) == (match is None)
    if match:
        assert text[found[0]:found[1]] == (match.group(1) or "") and found[2] == match.end()
