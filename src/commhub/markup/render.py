"""One rendering path for every body: the Markdown configuration and the work budget.

The build (the MkDocs plugin puts `markdown_extensions()` in place of mkdocs.yml's list) and
`commhub check` (`BodyRenderer`) render a body with the same extensions and the same settings, so
the checker judges exactly the HTML the build publishes, rendered from the whole body.

Python-Markdown spends time quadratic in some constructs (thousands of headings or rules in one
block, unclosed tags, CDATA or brackets, escapes) and recurses once per level of nesting, past
Python's limit for a deeply nested list. `over_budget` counts those constructs in one pass over the
source, before anything is rendered; a body within every limit renders in well under a second
(scripts/bench_pathological.py measures the worst cases), and nothing over a limit is rendered.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from xml.etree import ElementTree

import markdown
import markdown.htmlparser
import markdown.preprocessors
import markdown.treeprocessors
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify as toc_slugify

from commhub.content.limits import (MAX_ADMONITIONS, MAX_BLOCKS, MAX_BRACKET_REACH, MAX_TABLE_CELLS, MAX_URL_CHARS, MAX_ESCAPES, MAX_HEADINGS, MAX_HTML_TAGS, MAX_LINKS,
                     MAX_MARKS, MAX_NESTING, MAX_RULES)
from commhub.markup.video_links import VideoCardExtension

# The extensions every body is rendered with, by MkDocs's names, and their settings; MkDocs would
# add toc, tables and fenced_code by itself, commhub lists them here so that the checker has them
# too. Made as instances: by name, Python-Markdown reads every installed package's entry points first.
_D = str.maketrans({"đ": "d", "Đ": "D"})


def heading_slug(value: str, separator: str) -> str:
    """A heading's id as Python-Markdown makes it, with `đ` folded to `d` as search folds it:
    "Bạo lực gia đình là gì?" → `bao-luc-gia-dinh-la-gi`, not `bao-luc-gia-inh-la-gi`."""
    return toc_slugify(value.translate(_D), separator)


EXTENSIONS = {
    "toc": (TocExtension, {"permalink": False, "slugify": heading_slug}),
    # Aligned columns as `align` attributes (kept by the sanitiser), not `style` ones, which the
    # pages' CSP (style-src 'self') makes browsers ignore.
    "tables": (TableExtension, {"use_align_attribute": True}),
    "fenced_code": (FencedCodeExtension, {}),
    "admonition": (AdmonitionExtension, {}),
    "attr_list": (AttrListExtension, {}),
}


def markdown_extensions() -> list[markdown.Extension]:
    """New instances of the extensions, with commhub's settings (and commhub's own, LegacyAnchors)."""
    return [*(extension(**settings) for extension, settings in EXTENSIONS.values()), LegacyAnchorsExtension()]


def foreign_extensions(names: list, settings: dict) -> list[str]:
    """The extensions of a MkDocs configuration (`markdown_extensions`, `mdx_configs`) that are not
    commhub's, or not with commhub's settings: the build would render what the checker does not."""
    foreign = []
    for name in names:
        known = EXTENSIONS.get(name) if isinstance(name, str) else None
        given = settings.get(name, {}) if isinstance(name, str) else None
        if known is None or any(known[1].get(key, _MISSING) != value for key, value in (given or {}).items()):
            foreign.append(name if isinstance(name, str) else type(name).__name__)
    return foreign


_MISSING = object()


class BodyRenderer:
    """Renders bodies as the build does; one Python-Markdown instance serves every body."""

    def __init__(self):
        self.video_cards = VideoCardExtension()
        self.markdown = markdown.Markdown(extensions=[*markdown_extensions(), self.video_cards])
        self.markdown.preprocessors.register(_RawHtmlPass(), "commhub_raw_html", 21)

    def render(self, body: str) -> str:
        """The HTML of one whole body (never of several at once: one body could change how the next reads)."""
        self.markdown.reset()
        return self.markdown.convert(body)


class LegacyAnchors(markdown.treeprocessors.Treeprocessor):
    """Links shared before `heading_slug` point at the id Python-Markdown made from a heading with
    `đ` (`#bao-luc-gia-inh-la-gi`): each such heading keeps that id too, on an empty span inside it."""

    def run(self, root):
        seen = {element.get("id") for element in root.iter() if element.get("id")}
        for element in root.iter():
            if element.tag not in ("h1", "h2", "h3", "h4", "h5", "h6") or not element.get("id"):
                continue
            text = "".join(element.itertext())
            if "đ" not in text.lower():
                continue
            old = toc_slugify(text, "-")
            if old and old not in seen:
                seen.add(old)
                anchor = ElementTree.Element("span", {"id": old})
                element.insert(0, anchor)
                anchor.tail, element.text = element.text, None


class LegacyAnchorsExtension(markdown.Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After the toc extension has set the ids (its priority: 5).
        md.treeprocessors.register(LegacyAnchors(md), "commhub_legacy_anchors", 4)


class _RawHtmlPass(markdown.preprocessors.Preprocessor):
    """What MkDocs 1.6 does before rendering a page (pages.py, `_RawHTMLPreprocessor`, at the same
    priority): it reads the whole source with Python-Markdown's copy of `html.parser` to find anchor
    ids. That parser fails on some unclosed markup (`<![{`), which fails the build: the checker
    reads the source the same way, so that such a body is refused by the check, not by the build.
    tests/test_security_rendering.py pins that MkDocs still does this."""

    def run(self, lines: list[str]) -> list[str]:
        parser = markdown.htmlparser.htmlparser.HTMLParser()
        parser.feed("\n".join(lines))
        parser.close()
        return lines


# --- the budget ---------------------------------------------------------------------------------------

# The limits themselves are in content/limits.py, with every other budget.


@dataclass(frozen=True)
class OverBudget:
    """A limit a body exceeds: the problem code, the file line where it is first exceeded, the limit."""

    code: str
    line: int
    limit: int


# The containers a line opens, in front of its text: up to 3 spaces, then a quote marker or a
# list marker (Python-Markdown also reads `- - - x` as three nested lists).
_CONTAINER = re.compile(r" {0,3}(?:>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?")
_HEADING = re.compile(r"#|=+[ \t]*$|-+[ \t]*$")  # ATX (Python-Markdown needs no space after #), setext
_RULE = re.compile(r"(?:([*_-])[ \t]*){3,}$")
_MARK = re.compile(r"\*\*|__|[*_`&<]|  \n")  # (`**` opens one element, as `*` does)
_FENCE = re.compile(r"```|~~~")
_TAG_LIKE = re.compile(r"<[A-Za-z!?/]")
# Every `[` may open a link (inline, reference, or a shortcut reference `[r]`), and autolinks.
_LINK_LIKE = re.compile(r"\[|<[A-Za-z][A-Za-z0-9+.-]{1,31}:|<[^\s<>@]+@")
# A link address longer than MAX_URL_CHARS: a reference used many times repeats it in the page.
_LONG_URL = re.compile(rf"(?:\]\(|\]:[ \t]*)<?[^\s)>]{{{MAX_URL_CHARS + 1}}}")
_COUNTED = (("html_tags_too_many", _TAG_LIKE, MAX_HTML_TAGS), ("links_too_many", _LINK_LIKE, MAX_LINKS),
            ("escapes_too_many", re.compile(r"\\"), MAX_ESCAPES), ("marks_too_many", _MARK, MAX_MARKS))


def over_budget(body: str, first_line: int) -> OverBudget | None:
    """The first limit `body` exceeds (its first line is file line `first_line`), or None."""
    long_url = _LONG_URL.search(body)
    if long_url is not None:
        return OverBudget("url_too_long", first_line + body.count("\n", 0, long_url.start()), MAX_URL_CHARS)
    counts = {"headings_too_many": 0, "rules_too_many": 0, "blocks_too_many": 0, "admonitions_too_many": 0,
              "table_cells_too_many": 0}
    limits = {"headings_too_many": MAX_HEADINGS, "rules_too_many": MAX_RULES, "blocks_too_many": MAX_BLOCKS,
              "admonitions_too_many": MAX_ADMONITIONS, "table_cells_too_many": MAX_TABLE_CELLS}
    previous_blank = True
    columns = 0  # of the table being read (each of its rows gets that many cells), else 0
    lines = body.split("\n")
    for number, line in enumerate(lines):
        depth, text = _nesting(line)
        if depth > MAX_NESTING:
            return OverBudget("nesting_too_deep", first_line + number, MAX_NESTING)
        blank = not text
        kinds = []
        if _HEADING.match(text) and (text.startswith("#") or not previous_blank):
            kinds.append("headings_too_many")  # (`---` under a line of text is a heading)
        elif _RULE.match(text) or _RULE.match(line.lstrip(" \t")):
            kinds.append("rules_too_many")  # (`* * *` is a rule, not three list markers)
        if depth or (not blank and (previous_blank or text.startswith("|") or _FENCE.match(text))):
            kinds.append("blocks_too_many")  # (a quoted line is one even when empty: `>`)
        if text.startswith(("!!!", "???")):
            kinds.append("admonitions_too_many")
        if blank:
            columns = 0
        elif "|" in text and "-" in text and number and _TABLE_RULE.match(text):
            columns = text.strip().strip("|").count("|") + 1  # a table's rule line: its header's cells
            counts["table_cells_too_many"] += columns  # (the header row)
        if columns and not blank:
            counts["table_cells_too_many"] += columns - 1  # with the +1 below: a row of `columns` cells
            kinds.append("table_cells_too_many")
        for kind in kinds:
            counts[kind] += 1
            if counts[kind] > limits[kind]:
                return OverBudget(kind, first_line + number, limits[kind])
        previous_blank = blank
    for code, pattern, limit in _COUNTED:
        match = _nth_match(pattern, body, limit + 1)
        if match is not None:
            return OverBudget(code, first_line + body.count("\n", 0, match.start()), limit)
    return _too_costly_brackets(body, first_line)


def _nesting(line: str) -> tuple[int, str]:
    """(levels of nesting, text after them) of one line: containers, and indentation by 4 columns.

    Counting stops past MAX_NESTING, so a line of thousands of markers costs no more than a short one.
    """
    if not line or line[0] not in " \t>*+-0123456789":
        return 0, line.rstrip()  # most lines
    depth, position, length = 0, 0, len(line)
    while depth <= MAX_NESTING:
        start, columns = position, 0
        while position < length and line[position] in " \t":
            columns += 4 - columns % 4 if line[position] == "\t" else 1
            position += 1
        if position == length:
            return depth, ""  # nothing but containers and spaces
        if columns >= 4:
            depth += columns // 4
            continue
        match = _CONTAINER.match(line, start)
        if match is None:
            return depth, line[position:].rstrip()
        depth += 1
        position = match.end()
    return depth, ""


def _nth_match(pattern: re.Pattern, text: str, n: int) -> re.Match | None:
    """The n-th match of `pattern` in `text`, if there are that many."""
    if len(text) < n:
        return None
    for count, match in enumerate(pattern.finditer(text), start=1):
        if count == n:
            return match
    return None


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"[\[\]()'\"<]")


def _too_costly_brackets(body: str, first_line: int) -> OverBudget | None:
    """The first paragraph whose link search would read more than MAX_BRACKET_REACH characters.

    A "paragraph" is text between blank lines, which Markdown never renders inline as one text, or
    in a block starting as a list or table, one item or row, which Markdown renders separately:
    what Markdown renders as one text can only be smaller.
    """
    if (body.count("[") + body.count("(")) * len(body) <= MAX_BRACKET_REACH:
        return None  # no paragraph can be over the limit
    start = 0
    for end in [match.start() for match in _PARAGRAPH_BREAK.finditer(body)] + [len(body)]:
        for offset, paragraph in _paragraphs(body[start:end]):
            if "[" in paragraph and _bracket_reach(paragraph) > MAX_BRACKET_REACH:
                line = first_line + body.count("\n", 0, start + offset + len(paragraph) - len(paragraph.lstrip()))
                return OverBudget("brackets_too_many", line, MAX_BRACKET_REACH)
        start = end + 1
    return None


# Lines that start a list item (or a nested list), and a table's rule line (`|---|:--|`).
_LIST_ITEM = re.compile(r"^[ \t]*(?:[*+-]|\d+\.)[ \t]", re.MULTILINE)
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _paragraphs(block: str) -> list[tuple[int, str]]:
    """(offset, text) of the parts of a block (text between blank lines) Markdown renders inline separately.

    Only a block that starts as a list is split at its items, and only a table at its rows: in a
    paragraph, a line starting with `-` is just text.
    """
    lines = block.lstrip("\n").split("\n", 2)
    if _LIST_ITEM.match(lines[0]):
        starts = [match.start() for match in _LIST_ITEM.finditer(block)]
    elif len(lines) > 1 and "|" in lines[0] + lines[1] and _TABLE_RULE.match(lines[1]):
        starts = [match.end() for match in re.finditer("\n", block)]
    else:
        return [(0, block)]
    starts = sorted({0, *starts})
    return [(begin, block[begin:end]) for begin, end in zip(starts, starts[1:] + [len(block)])]


def _bracket_reach(text: str) -> int:
    """At most how many characters Markdown reads, in all, to find the end of each `[` and `](` of `text`.

    A closed `[` reads to its `]`, an unclosed one to the end of the text. A link address reads to its
    `)`, unless it holds a quote or `<` (a title or `<address>`, whose end Markdown looks for further):
    then it is counted to the end of the text, as an unclosed one. Escaped brackets count too. All
    over-estimates, on the safe side.
    """
    reach = 0
    squares: list[int] = []  # positions of open `[`
    rounds: list[tuple[int, bool]] = []  # open `(`, and whether it follows `]` (a link's address)
    quotes: list[int] = []  # positions of quotes and `<`
    for match in _BRACKET.finditer(text):
        char, position = match.group(), match.start()
        if char == "[":
            squares.append(position)
        elif char == "]":
            if squares:
                reach += position - squares.pop()
        elif char == "(":
            rounds.append((position, position > 0 and text[position - 1] == "]"))
        elif char == ")":
            if rounds:
                opened, is_address = rounds.pop()
                if is_address:
                    plain = bisect.bisect_right(quotes, opened) == len(quotes)  # no quote since it opened
                    reach += position - opened if plain else len(text) - opened
        else:
            quotes.append(position)
    reach += sum(len(text) - position for position in squares)
    reach += sum(len(text) - position for position, is_address in rounds if is_address)
    return reach
