"""The report's Markdown, appended to GitHub's job summary (issue 14, "Found 4."): values are only text.

Hostile names of units, topics, channels and languages, a hostile plan name and reference and
hostile target labels go through `commhub report --format markdown`. The output is rendered with
Python-Markdown and parsed as a browser would: only the report's own headings, list, emphasis of
its own labels and tables come out, every table row has the header's number of cells, no link or
image appears, and each hostile value reads back as exactly its characters. By string inspection,
every escaped value keeps no character that GitHub's Markdown could take as syntax.
"""

from __future__ import annotations

import datetime as dt
import re

import markdown
import pytest
from click.testing import CliRunner
from helpers import CHANNELS, LANGUAGES, TOPICS, UNITS, Corpus
from selectolax.lexbor import LexborHTMLParser

from commhub.cli.main import main
from commhub.report.markdown_text import markdown_text

HOSTILE = [
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "[click](javascript:alert(1))",
    "![pixel](https://evil.example/p.png)",
    '<a href="javascript:alert(1)">a</a>',
    "**bold** __strong__ *em* _em_",
    "`code` ``more``",
    "x | fake | cells |",
    "# heading ## two",
    "<!-- comment",
    "&lt;script&gt; &amp;amp; &#60;b&#62;",
    "javascript&#58;alert(1)",
    "<https://evil.example/> <mailto:a@evil.example>",
    "ftp://evil.example/ www.evil.example a@evil.example",
    ":warning: ~~struck~~ $x^2$",
    "[ref]: javascript:alert(1)",
    "\\| \\\\ \\[not\\] escaped",
    "<![CDATA[ x ]]> <?php x ?> <!doctype html>",
    "\"quoted\" 'single' & ampersand",
    "[![img](x)](javascript:x) [a][ref]",
]
# Multi-line values: the loader keeps them as one line or refuses them; the helper always makes one line.
MULTILINE = ["x\n\n# heading\n\n<script>alert(1)</script>", "x\r\n| a | b |\r\n| - | - |", "x\u2028<b>y</b>"]
# The elements the report itself writes.
ALLOWED = {"html", "head", "body", "h1", "h2", "h3", "ul", "li", "strong", "p",
           "table", "thead", "tbody", "tr", "th", "td"}
SPECIAL = set("\\`*_[]()#!|<>&\"':@~$\n\r")


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    corpus = Corpus(tmp_path_factory.mktemp("hostile-summary"))
    corpus.write_yaml("languages.yml", {"languages": [
        {**language, "name": hostile(index)} for index, language in enumerate(LANGUAGES)]})
    corpus.write_yaml("units.yml", {"units": [
        {**unit, "name": {"vi": hostile(4 + index), "en": hostile(6 + index)}} for index, unit in enumerate(UNITS)]})
    corpus.write_yaml("topics.yml", {"topics": [
        {**topic, "name": {"vi": hostile(8 + index), "en": hostile(10 + index)}}
        for index, topic in enumerate(TOPICS)]})
    corpus.write_yaml("channels.yml", {"channels": [
        {**channel, "name": {"vi": hostile(12 + index), "en": hostile(16 + index)}}
        for index, channel in enumerate(CHANNELS)]})
    corpus.product("mot", topics=["legal-aid", "childrens-rights"], channels=["website", "radio"])
    corpus.version("mot", "vi", hostile(0), summary=hostile(1))
    corpus.write_yaml("targets.yml", {
        "plan": {"name": hostile(2), "reference": hostile(3)},
        "period": {"from": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31)},
        "count": "versions",
        "targets": [
            {"id": f"target-{index}", "label": {"vi": value, "en": hostile(index + 7)},
             "any": [{"channel_group": "digital"}], "share": {"min": 0.15}}
            for index, value in enumerate(HOSTILE)
        ],
    })
    return corpus


def report_markdown(corpus: Corpus, monkeypatch, lang: str) -> str:
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(main, ["report", "--format", "markdown", "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


def residue(escaped: str) -> str:
    """What is left of escaped text once its backslash escapes and character references are taken out."""
    return re.sub(r"\\[!-/:-@\[-`{-~]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", "", escaped)


# --- the helper, by string inspection ---------------------------------------------------------------


@pytest.mark.parametrize("value", HOSTILE + MULTILINE)
def test_escaped_text_keeps_no_syntax(value):
    escaped = markdown_text(value)
    assert SPECIAL.isdisjoint(residue(escaped)), residue(escaped)
    assert "\n" not in escaped and "\r" not in escaped


@pytest.mark.parametrize("value", HOSTILE + MULTILINE)
def test_escaped_text_renders_as_its_characters(value):
    html = markdown.markdown(f"| h |\n| --- |\n| {markdown_text(value)} |", extensions=["tables"])
    tree = LexborHTMLParser(html)
    assert {node.tag for node in tree.root.traverse()} - {"-text"} <= ALLOWED
    (cell,) = tree.css("td")
    expected = " ".join(re.split(r"[\r\n\u2028]+", value))
    assert cell.text() == expected


# --- the whole report -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_renders_to_text_and_tables_only(corpus, monkeypatch, lang):
    text = report_markdown(corpus, monkeypatch, lang)
    for value in HOSTILE:  # every hostile value is printed somewhere, escaped
        if lang == "vi":
            assert markdown_text(value) in text, value
    tree = LexborHTMLParser(markdown.markdown(text, extensions=["tables"]))
    tags = {node.tag for node in tree.root.traverse()} - {"-text"}
    assert tags <= ALLOWED, tags - ALLOWED
    assert tree.css("a, img, script, [href], [src]") == []
    for node in tree.root.traverse():
        if node.tag != "-text":
            # Python-Markdown aligns table columns with a style; nothing else has an attribute.
            assert set(node.attributes) <= ({"style"} if node.tag in ("th", "td") else set()), node.html
            if "style" in node.attributes:
                assert node.attributes["style"] in ("text-align: left;", "text-align: right;")
    for table in tree.css("table"):
        width = len(table.css("thead th"))
        assert [len(row.css("td")) for row in table.css("tbody tr")] == [width] * len(table.css("tbody tr"))
    # Emphasis only around the report's own labels, which end with a colon.
    assert all(strong.text().endswith(":") for strong in tree.css("strong"))
    cells = {cell.text() for cell in tree.css("td")}
    targets = [value if lang == "vi" else hostile(index + 7) for index, value in enumerate(HOSTILE)]
    assert set(targets) <= cells
    facts = [item.text() for item in tree.css("li")]
    assert any(fact.endswith(hostile(2)) for fact in facts) and any(fact.endswith(hostile(3)) for fact in facts)
    assert f"{hostile(2)} ({hostile(3)})" in [heading.text() for heading in tree.css("h2")]  # the plan's title


def test_www_addresses_are_not_autolinked_by_github():
    # GitHub links `www.example.org` without a scheme (found by red-teaming): its dot is a reference.
    from commhub.report.markdown_text import markdown_text

    assert "www." not in markdown_text("Kế hoạch www.evil.example/x")
    assert "www&#46;evil&#46;example" in markdown_text("www.evil.example")
