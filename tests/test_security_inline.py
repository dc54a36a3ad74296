"""CSP holds on every page (issue 14): no built page has an inline style or an inline script.

The pages' CSP (`style-src 'self'`, scripts by hash: commhub/csp.py) makes a browser ignore
every `style` attribute, `<style>` element, inline `<script>` and `on…` handler, so a page that has
one is broken for its readers. A hub with every page type (the progress page too, from a
targets.yml) is built and each HTML file is parsed with an HTML5 parser (lexbor), as browsers do.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from commhub import THEME_DIR as THEME
from helpers import Corpus, build_site, standard_corpus
from selectolax.lexbor import LexborHTMLParser

from commhub.report.charts import WIDTH, bar_chart
from commhub.checks.checker import check_content

# Script types a browser does not execute: data blocks.
DATA_SCRIPTS = {"application/json", "application/ld+json"}
TARGETS = """\
plan:
  name: Kế hoạch thử
  reference: 1/KH-TEST
period: {from: 2023-01-01, to: 2025-12-31}
count: versions
targets:
  - id: minority
    label: {vi: Thiểu số, en: Minority}
    any:
      - language_group: ethnic_minority
    share: {min: 0.15, max: 0.20}
  - id: legal-aid
    label: {vi: Trợ giúp pháp lý}
    any:
      - topic: legal-aid
    count: {min: 2}
"""
ALIGNED_TABLE = "| Năm | Số <b>bản</b> | Ghi chú |\n| :-- | --: | :-: |\n| 2024 | 12 | *mới* |\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inline")
    corpus = standard_corpus(root)
    corpus.write("targets.yml", TARGETS)
    # Aligned table columns, which Python-Markdown writes as `style` attributes unless told otherwise.
    corpus.product("bang-so-lieu", type="infographic", published="2024-04-01")
    corpus.version("bang-so-lieu", "vi", "Bảng số liệu", body=ALIGNED_TABLE)
    (root / "docs" / "about.md").write_text(f"---\ntitle: Giới thiệu\n---\n\n{ALIGNED_TABLE}", encoding="utf-8")
    return build_site(root)


def inline_code(path: Path) -> list[str]:
    """Every inline style, inline executable script and event handler in one HTML file."""
    tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
    found = []
    for node in tree.root.traverse():
        if node.tag in ("-text", "-comment", "-doctype", "_text", "_comment"):
            continue
        attributes = node.attributes
        if node.tag == "style":
            found.append(f"<style> element: {node.html[:120]}")
        if node.tag == "script":
            kind = (attributes.get("type") or "").split(";")[0].strip().lower()
            if kind not in DATA_SCRIPTS and ("src" not in attributes or (node.text() or "").strip()):
                found.append(f"inline script: {node.html[:120]}")
        for name in attributes:
            if name.lower() == "style":
                found.append(f"style attribute on <{node.tag}>: {attributes[name]}")
            elif name.lower().startswith("on"):
                found.append(f"event handler {name} on <{node.tag}>")
    return found


def test_the_checker_sees_each_kind(tmp_path):
    # Guards the test below: it would pass on a page it cannot parse.
    page = tmp_path / "page.html"
    page.write_text(textwrap.dedent("""\
        <!doctype html><html><head><style>p{}</style><script>alert(1)</script>
        <script type="module">x()</script><script src="a.js"></script>
        <script type="application/ld+json">{}</script></head>
        <body><p style="color:red">x</p><svg><rect onclick="x()" style="fill:red"/></svg>
        <img src=a onerror=x()></body></html>"""), encoding="utf-8")
    assert inline_code(page) == [
        "<style> element: <style>p{}</style>",
        "inline script: <script>alert(1)</script>",
        'inline script: <script type="module">x()</script>',
        "style attribute on <p>: color:red",
        "event handler onclick on <rect>",
        "style attribute on <rect>: fill:red",
        "event handler onerror on <img>",
    ]


def test_every_page_type_is_built(site):
    for path in ("index.html", "en/index.html", "products/tro-giup-phap-ly/index.html",
                 "hmn/products/tro-giup-phap-ly/index.html", "catalogue/index.html",
                 "catalogue/type/leaflet/index.html", "catalogue/year/2024/index.html",
                 "topics/legal-aid/index.html", "topics/index.html", "search/index.html",
                 "progress/index.html", "en/progress/index.html", "about/index.html", "404.html"):
        assert (site / path).is_file(), path
    assert "commhub-chart" in (site / "progress/index.html").read_text(encoding="utf-8")


# shared_hub_site: the tests' whole hub (hubfactory.py): media of every kind, a video card, an
# admonition and tables in its bodies, an image in docs/.
@pytest.mark.parametrize("which", ["site", "shared_hub_site"])
def test_no_page_has_inline_styles_or_scripts(request, which):
    site = request.getfixturevalue(which)
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40 and (site / "progress/index.html").is_file()
    found = {str(path.relative_to(site)): problems for path in pages if (problems := inline_code(path))}
    assert found == {}


def test_aligned_tables_keep_their_alignment_without_a_style(site, tmp_path):
    for path in ("products/bang-so-lieu/index.html", "about/index.html"):
        tree = LexborHTMLParser((site / path).read_text(encoding="utf-8"))
        assert [cell.attributes.get("align") for cell in tree.css("table th")] == ["left", "right", "center"], path
    # and `commhub check` judges the table as the build renders it: nothing to strip
    corpus = Corpus(tmp_path)
    corpus.product("bang-so-lieu")
    corpus.version("bang-so-lieu", "vi", "Bảng số liệu", body=ALIGNED_TABLE)
    problems = check_content(corpus.content)[1]
    assert (problems.errors, problems.warnings) == ([], [])


def test_charts_draw_without_a_style():
    svg = bar_chart("c", "t", "d", [("a", 1, "1")])
    assert "style" not in svg
    # Their largest width lives in commhub.css, as a class rule: the same as the drawing's.
    css = (THEME / "assets/stylesheets/commhub.css").read_text(encoding="utf-8")
    assert re.search(r"^\.commhub-chart \{[^}]*max-width: (\d+)px", css, re.M).group(1) == str(WIDTH)
