"""Bodies that would make Python-Markdown take quadratic time are refused, quickly, before rendering."""

from __future__ import annotations

import sys

import markdown
import pytest

from commhub.checks import (
    MAX_BRACKET_REACH,
    body_markdown,
    check_content,
    too_costly_to_render,
)
from commhub.messages import Messages
from helpers import Corpus

PATHOLOGICAL = {
    "links_without_end": "[x](" * 3000,
    "unclosed_brackets": "[" * 8000,
    "nested_brackets": "[" * 4000 + "]" * 4000,
    "unclosed_titles": '[x](a "t) ' * 2000,
    "unclosed_angle_addresses": "[x](<a) " * 2500,
    "in_a_list_item": "- " + "[x](" * 3000 + "\n- b",
    "dash_lines_in_a_paragraph": "Chữ.\n" + "- [x](\n" * 3000,  # not a list: one paragraph
}

ORDINARY = {
    "links": "Xem [trang một](../mot/index.vi.md) và [trang hai](https://example.org/a_(b)). " * 200,
    "link_list": "\n".join(f"- [Liên kết {i}](https://example.org/{i} \"tiêu đề {i}\")" for i in range(400)),
    "a_stray_bracket": "[ghi chú " + "chữ " * 4000,
    "big_table": "| Tên | Liên kết |\n| --- | :-- |\n" + "| [a] | [b](https://example.org/b \"c\") |\n" * 1000,
    "long_but_split": ("Một đoạn văn dài. " * 500 + "\n\n") * 10,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_bodies_are_refused_before_rendering(tmp_path, monkeypatch, name):
    corpus = Corpus(tmp_path)
    corpus.product("nang")
    corpus.version("nang", "vi", "Nặng", body="Mở đầu.\n\n" + PATHOLOGICAL[name])
    rendered = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert",
                        lambda self, source: rendered.append(source) or convert(self, source))
    _, problems = check_content(corpus.content)
    # Rendering it would take seconds to minutes: the check must not hand it to Python-Markdown.
    assert not any(PATHOLOGICAL[name] in source for source in rendered)
    found = [(problem.code, problem.line) for problem in problems.errors]
    assert found == [("brackets_too_many", 8)]  # front matter: 4 lines, blank line, "Mở đầu.", blank line


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_bodies_pass(name):
    assert too_costly_to_render(ORDINARY[name], 5) is None


def lines_run(function, *args) -> int:
    """How many lines of Python `function(*args)` runs: its work, whatever the machine's speed."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        count += 1
        return trace

    previous = sys.gettrace()  # e.g. a coverage tool's: given back afterwards
    sys.settrace(trace)
    try:
        function(*args)
    finally:
        sys.settrace(previous)
    return count


def test_bodies_just_under_the_limit_render_in_bounded_work():
    count = 13  # unclosed brackets spread over a paragraph, each reading to its end
    body = ("[" + "b" * 2_000) * count
    reach = count * len(body) // 2
    assert too_costly_to_render(body, 1) is None and MAX_BRACKET_REACH * 3 // 4 < reach < MAX_BRACKET_REACH
    # Python-Markdown's link parser steps through the characters a bracket reaches, ~23 lines of
    # Python each: the limit bounds the work of any body it lets through to ~5 million lines
    # (about a second here); "[x](" * 3000 reaches ~18 million characters: ~400 million lines.
    assert lines_run(body_markdown().convert, body) < 30 * MAX_BRACKET_REACH
    assert lines_run(body_markdown().convert, "b" * len(body)) < 5_000  # text without brackets: no scanning


def test_long_paragraphs_of_text_pass():
    assert too_costly_to_render("a" * 1_000_000, 1) is None
    assert too_costly_to_render("[một liên kết](https://example.org) " + "chữ " * 250_000, 1) is None


def test_messages_exist_in_both_catalogues():
    for lang in ("vi", "en"):
        assert Messages(lang).language_of("problem.brackets_too_many") == lang
