"""The Markdown work budget: bodies that would make Python-Markdown take quadratic time, or recurse
past Python's limit, are refused with a clear message before anything renders them."""

from __future__ import annotations

import sys

import markdown
import pytest
from mkdocs.exceptions import Abort

from commhub.checks.checker import check_content
from commhub.i18n.messages import Messages
from commhub.content.limits import MAX_BLOCKS, MAX_BRACKET_REACH, MAX_HEADINGS, MAX_HTML_TAGS, MAX_MARKS, MAX_NESTING
from commhub.markup.render import BodyRenderer, over_budget
from helpers import Corpus, build_site

# Each under 100 KB; each took from seconds to many minutes to check or build before the budget
# (measured on main), or crashed the build with a RecursionError.
PATHOLOGICAL = {
    "headings": ("# Tiêu đề\n" * 6_000, "headings_too_many"),
    "same_headings": ("## Câu hỏi\n" * 5_000, "headings_too_many"),
    "setext_headings": ("Tiêu đề\n===\n" * 5_000, "headings_too_many"),
    "headings_without_space": ("#a\n" * 6_000, "headings_too_many"),
    "rules": ("***\n" * 20_000, "rules_too_many"),
    "spaced_rules": ("* * *\n" * 10_000, "rules_too_many"),
    "open_tags": ("<div>" * 15_000, "html_tags_too_many"),
    "unclosed_tag_attributes": ("<a b=c " * 12_000, "html_tags_too_many"),
    "cdata": ("<![CDATA[" * 10_000, "html_tags_too_many"),
    "autolinks": ("<https://example.org/a> " * 4_000, "html_tags_too_many"),
    "links_without_end": ("[x](" * 3_000, "url_too_long"),
    "unclosed_brackets": ("[" * 8_000, "links_too_many"),
    "nested_brackets": ("[" * 4_000 + "]" * 4_000, "links_too_many"),
    "brackets_in_few_links": ("[" * 900 + "x" * 20_000, "brackets_too_many"),
    "long_reference_address": ("[r]: https://example.org/" + "A" * 90_000 + "\n\n" + "[r] " * 900, "url_too_long"),
    "wide_table": ("a|" * 1_000 + "\n" + "-|" * 1_000 + "\n" + "x\n" * 1_000, "table_cells_too_many"),
    "escapes": ("\\* " * 20_000, "escapes_too_many"),
    "emphasis": ("*a* " * 20_000, "marks_too_many"),
    "line_breaks": ("chữ  \n" * 12_000, "marks_too_many"),
    "paragraphs": ("a\n\n" * 20_000, "blocks_too_many"),
    "quote_lines": (">\n" * 40_000, "blocks_too_many"),
    "nested_admonitions": ("!!! note\n    " * 6_000, "admonitions_too_many"),
    "angle_brackets": ("< " * 40_000, "marks_too_many"),
    "list_items": ("- mục\n" * 10_000, "blocks_too_many"),
    "nested_list_markers": ("- " * 2_000 + "x", "nesting_too_deep"),
    "nested_quotes": ("> " * 2_000 + "x", "nesting_too_deep"),
    "quoted_lists": ("> - 1. " * 700 + "x", "nesting_too_deep"),
    "indented_list": ("".join("    " * depth + "- a\n" for depth in range(40)), "nesting_too_deep"),
}


@pytest.fixture
def rendered(monkeypatch):
    """Every source Python-Markdown is given during the test."""
    sources = []
    convert = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert",
                        lambda self, source: sources.append(source) or convert(self, source))
    return sources


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_bodies_are_refused_before_rendering(tmp_path, rendered, name):
    body, code = PATHOLOGICAL[name]
    assert len(body.encode("utf-8")) < 100_000
    corpus = Corpus(tmp_path)
    corpus.product("nang")
    corpus.version("nang", "vi", "Nặng", body="Mở đầu.\n\n" + body)
    corpus.product("nhe")
    corpus.version("nhe", "vi", "Nhẹ", body="<script>alert(1)</script>")
    _, problems = check_content(corpus.content)
    assert not any(body in source for source in rendered)
    found = {(problem.path.parent.name, problem.code) for problem in problems.errors}
    assert ("nang", code) in found
    assert ("nhe", "html_tag_unsafe") in found  # every other product is still checked
    [problem] = [problem for problem in problems.errors if problem.path.parent.name == "nang"]
    # front matter: 4 lines, a blank line, "Mở đầu.", a blank line: the body starts on line 8
    assert 8 <= problem.line <= 8 + body.count("\n")
    assert problem.params["limit"] > 0
    assert f"index.vi.md:{problem.line}: " in problem.render(Messages("vi"))


def test_the_nesting_that_crashed_the_build_is_refused_and_the_build_says_so(tmp_path, caplog):
    corpus = Corpus(tmp_path)
    corpus.product("sau")
    corpus.version("sau", "vi", "Sâu", body="- " * 400 + "x")
    with pytest.raises(Abort):
        build_site(tmp_path)
    # front matter: 4 lines and a blank line: the body starts on line 6
    assert "products/sau/index.vi.md:6: danh sách hoặc trích dẫn lồng nhau quá sâu" in caplog.text
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text


ORDINARY = {
    "links": "Xem [trang một](../mot/index.vi.md) và [trang hai](https://example.org/a_(b)). " * 100,
    "link_list": "\n".join(f"- [Liên kết {i}](https://example.org/{i} \"tiêu đề {i}\")" for i in range(400)),
    "a_stray_bracket": "[ghi chú " + "chữ " * 4000,
    "big_table": "| Tên | Liên kết |\n| --- | :-- |\n" + "| [a] | [b](https://example.org/b \"c\") |\n" * 500,
    "long_paragraphs": ("Một đoạn văn dài. " * 500 + "\n\n") * 10,
    "handbook": "".join(f"## Phần {i}\n\n" + ("Nội dung **quan trọng**. " + "Nội dung của phần này. " * 20
                                                 + "\n\n") * 5 for i in range(100)),
    "nested_lists": "- a\n    - b\n        - c\n            - d\n                1. e\n",
    "quotes_and_code": "> Trích dẫn\n>\n> > lồng\n\n```\n- - - mã\n```\n\n    thụt lề\n",
}


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_bodies_are_within_the_budget(name):
    assert over_budget(ORDINARY[name], 5) is None


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


# At each limit, the costliest construct of its kind (scripts/bench_pathological.py times them all).
AT_THE_LIMIT = {
    "headings": "## Câu hỏi\n" * MAX_HEADINGS,
    "tags": "<a b=c " * MAX_HTML_TAGS,
    "marks": "chữ  \n" * MAX_MARKS,
    "blocks": "1. a\n" * (MAX_BLOCKS - 1),
    "nesting": "> - " * (MAX_NESTING // 2) + "x",
}


@pytest.mark.parametrize("name", AT_THE_LIMIT)
def test_bodies_at_the_limits_render_in_bounded_work(name):
    body = AT_THE_LIMIT[name]
    assert over_budget(body, 1) is None
    # A few million lines of Python is a fraction of a second; the refused bodies above ran
    # hundreds of millions to billions.
    assert lines_run(BodyRenderer().render, body) < 6_000_000


def test_bodies_just_under_the_bracket_limit_render_in_bounded_work():
    count = 13  # unclosed brackets spread over a paragraph, each reading to its end
    body = ("[" + "b" * 2_000) * count
    reach = count * len(body) // 2
    assert over_budget(body, 1) is None and MAX_BRACKET_REACH * 3 // 4 < reach < MAX_BRACKET_REACH
    # Python-Markdown's link parser steps through the characters a bracket reaches, ~23 lines of
    # Python each: the limit bounds the work of any body it lets through to ~5 million lines.
    assert lines_run(BodyRenderer().render, body) < 30 * MAX_BRACKET_REACH
    assert lines_run(BodyRenderer().render, "b" * len(body)) < 5_000  # text without brackets: no scanning


def test_the_budget_reads_a_long_line_of_markers_in_linear_work():
    line = "> " * 50_000 + "x"
    assert lines_run(over_budget, line, 1) < 2_000  # stops counting past the limit


@pytest.mark.parametrize("code", sorted({code for _, code in PATHOLOGICAL.values()} | {"html_not_clean"}))
def test_messages_exist_in_both_catalogues(code):
    for lang in ("vi", "en"):
        assert Messages(lang).language_of(f"problem.{code}") == lang
