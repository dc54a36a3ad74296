"""The checker's shortcuts give what the slow path gives.

* `simple_links`: the links of a body read without rendering it must be exactly the links and
  images Python-Markdown (with the site's extensions) makes of it, or it must decline.
* `markup_blocks` and `too_deeply_nested` skip work on a cheap test; compared here with the
  straightforward versions.
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from commhub.checks import (
    _BLOCKS,
    _BOUNDARY,
    _MARKUP_HINTS,
    MAX_INDENT,
    _LinkCollector,
    body_markdown,
    markup_blocks,
    simple_links,
    too_deeply_nested,
)


def rendered_links(source: str) -> list[tuple[str, str | None]]:
    """(tag, address) of every link and image Markdown makes of `source`, as BodyChecker renders it."""
    md = body_markdown()
    collector = _LinkCollector(md)
    md.treeprocessors.register(collector, "commhub_links", -10)
    md.convert(f"{_BOUNDARY}0\n\n{markup_blocks(source)}")
    return [(tag, dict(attrs).get("href" if tag == "a" else "src")) for _, tag, attrs in collector.elements]


def fast_links(source: str):
    links = simple_links(markup_blocks(source))
    return None if links is None else [(tag, dict(attrs)["href"]) for tag, attrs in links]


@pytest.mark.parametrize("body", [
    "Xem [hướng dẫn](../khac/index.vi.md) và [video](https://www.youtube.com/watch?v=abc123).\n",
    "## Tiêu đề [a](b)\n\n- [một](x.md)\n- hai [ba](javascript:alert)\n\n1. [c](mailto:a@b.c)\n",
    "[ ](x)\n", "(a) [b](c) (d)\n", "*[em](x)* __[s](y)__\n", "Heading [a](b)\n===\n",
    "text\n[a](b)\nmore\n", "[a](b)[c](d)\n",
])
def test_simple_bodies_are_read_like_markdown(body):
    assert fast_links(body) is not None
    assert fast_links(body) == rendered_links(body)


@pytest.mark.parametrize("body", [
    "[a](b \"t\")\n", "[a](<b>)\n", "[a][b] [c](d)\n", "[a] [c](d)\n", "![a](b)\n", "`[a](b)`\n", "\\[a](b)\n", "[a](b(c))\n",
    "> [a](b)\n", "x\n    [a](b)\n", "| [a](b) |\n|---|\n", "[a](b&amp;)\n", "[a\nb](c)\n",
    "!!! note\n    [a](b)\n", "[a](b){: .x}\n", "[[a]](b)\n", "[a](b) ]\n", "x\n\t[a](b)\n",
])
def test_other_bodies_are_rendered(body):
    assert fast_links(body) is None


PIECES = st.sampled_from([
    "[", "]", "(", ")", "[a](b)", "[x y](../p/index.vi.md)", "[t](javascript:x)", "[t](https://e.com/a_b*c)",
    "text", " ", "  ", "\n", "\n\n", "- ", "1. ", "# ", "> ", "    ", "*", "_", "`", "\\", "!", "<", "&", "|",
    "{", "}", ":", "\"", "'", "=", "---", "\t", "a", "đ",
])


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(pieces=st.lists(PIECES, max_size=14))
@example(pieces=["- ", "[a](b)", "\n", "    ", "[c](d)"])
@example(pieces=["text", "\n", "===", "\n", "[a](b)"])
def test_random_bodies_agree(pieces):
    body = "".join(pieces)
    links = fast_links(body)
    if links is not None:
        assert links == rendered_links(body), body


def reference_markup_blocks(body: str) -> str:
    if "]:" in body:
        return body
    blocks = [block for block in _BLOCKS.split(body) if any(hint in block for hint in _MARKUP_HINTS)]
    return "\n\n".join(textwrap.dedent(block) for block in blocks)


def reference_too_deeply_nested(body: str, first_line: int) -> int:
    for number, line in enumerate(body.split("\n")):
        stripped = line.lstrip(" \t>")
        if len(line[: len(line) - len(stripped)].expandtabs(4)) > MAX_INDENT:
            return first_line + number
    return 0


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(" \t>\n\nab[](){}<:"), max_size=200),
       indent=st.sampled_from(["", " " * 30, "\t" * 30, " >" * 16, "\t" * 31, " " * 121, ">" * 121]))
def test_cheap_tests_match_the_straightforward_versions(text, indent):
    body = text + "\n" + indent + "x" + text
    assert markup_blocks(body) == reference_markup_blocks(body)
    assert too_deeply_nested(body, 5) == reference_too_deeply_nested(body, 5)
