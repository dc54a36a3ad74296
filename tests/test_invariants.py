"""Nothing lost: every published version is on the site, in five places, and nothing else is.

For each corpus (the tests' hub of tests/hubfactory.py, a generated corpus and a
hand-made one with drafts; tests/demo runs the same on the demo hub), the set of published versions is taken from
`load_content` and compared, language by language, with what the built site
and the report hold:

(a) a real (not fallback) page at <prefix>products/<slug>/index.html;
(b) an entry in the language's catalogue, over every page of its pagination;
(c) a record in <prefix>data/products.json and a row in data/products.csv;
(d) a document in the search index (search/<lang>/docs.json and the files of rows it counts);
(e) a count in `commhub.report.counting.compute` (count: versions, the whole period).

The five agree exactly, and drafts appear in none of them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from commhub.content.loader import load_content
from commhub.report.counting import Scope, compute
from commhub.content.targets import load_targets

from helpers import build_site, search_rows, standard_corpus, synthetic_corpus
from hubfactory import shared_hub

FALLBACK_NOTICE = "commhub-notice--fallback"
# Any base works: links are resolved against it, then made site-relative again.
BASE = "https://site.invalid/base/"


# --- the corpora -------------------------------------------------------------------------------------------


def generated_corpus(root: Path) -> Path:
    """scripts/synthetic_corpus.py at 40 products (more than one catalogue page), with a few drafts added."""
    content = synthetic_corpus(root, 40, images=1)
    # A whole product as a draft; versions as drafts (a translation and, elsewhere, an original).
    product_yml = content / "products/san-pham-00003/product.yml"
    product_yml.write_text(product_yml.read_text(encoding="utf-8").replace("status: published", "status: draft"),
                           encoding="utf-8")
    drafted = 0
    for path in sorted(content.glob("products/*/index.*.md")):
        if path.parent.name in ("san-pham-00007", "san-pham-00011") or (path.name == "index.en.md" and drafted < 4):
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("---\n", "---\nstatus: draft\n", 1), encoding="utf-8")
            drafted += path.name == "index.en.md"
    return root


def handmade_corpus(root: Path) -> Path:
    """The standard corpus (a draft product, a draft translation) plus two more kinds of draft."""
    corpus = standard_corpus(root)
    # The original is a draft, its translation is published: the product shows the translation.
    corpus.product("ban-goc-nhap", published="2025-04-02")
    corpus.version("ban-goc-nhap", "vi", "Bản gốc còn nháp", status="draft")
    corpus.version("ban-goc-nhap", "en", "Published translation of a draft original",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    # Every version a draft while the product itself is published: nowhere on the site.
    corpus.product("moi-phien-ban-nhap", published="2023-10-20")
    corpus.version("moi-phien-ban-nhap", "vi", "Mọi phiên bản đều nháp", status="draft")
    corpus.version("moi-phien-ban-nhap", "km", "ព្រាង", status="draft",
                   translation={"of": "vi", "method": "human", "reviewed": False})
    return root


@pytest.fixture(scope="module", params=["hub", "generated", "handmade"])
def built(request, tmp_path_factory):
    """(content/ folder, site folder) of one corpus, built once for the module."""
    if request.param == "hub":
        return shared_hub() / "content", request.getfixturevalue("shared_hub_site")
    root = tmp_path_factory.mktemp(request.param)
    make = generated_corpus if request.param == "generated" else handmade_corpus
    make(root)
    return root / "content", build_site(root, root / "site")


# --- what the site holds -------------------------------------------------------------------------------------


def prefix_of(content, lang: str) -> str:
    return "" if lang == content.default_language.code else f"{lang}/"


def site_relative(page_url: str, href: str) -> str:
    """`href`, found on the page at site-relative `page_url`, as a site-relative URL."""
    absolute = urljoin(BASE + page_url, href)
    assert absolute.startswith(BASE), (page_url, href)
    return absolute[len(BASE):]


def product_slug(lang_prefix: str, url: str) -> str | None:
    match = re.fullmatch(re.escape(lang_prefix) + r"products/([a-z0-9-]+)/", urlsplit(url).path)
    return match.group(1) if match else None


def real_pages(site: Path, lang_prefix: str) -> list[str]:
    """Slugs whose page in this language is the version itself, not the original shown as a fallback."""
    slugs = []
    for page in sorted((site / lang_prefix / "products").glob("*/index.html")):
        if FALLBACK_NOTICE not in page.read_text(encoding="utf-8"):
            slugs.append(page.parent.name)
    return slugs


class CatalogueEntries(HTMLParser):
    """The product links of a catalogue page's list (`ol.commhub-list > li > h2 > a`), and its page links."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.entries: list[str] = []
        self.pagination: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        if tag == "a" and "href" in attrs:
            if any(t == "ol" and "commhub-list" in c for t, c in self._stack) and self._stack[-1][0] == "h2":
                self.entries.append(attrs["href"])
            elif any(t == "nav" and "commhub-pagination" in c for t, c in self._stack):
                self.pagination.append(attrs["href"])
        if tag not in ("a", "img", "br", "meta", "link", "input", "hr", "time"):
            self._stack.append((tag, classes))

    def handle_endtag(self, tag):
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break


def catalogue_listing(site: Path, lang_prefix: str) -> list[str]:
    """Slugs listed over every page of <prefix>catalogue/ (page 1, then page/2/, page/3/ …)."""
    base = f"{lang_prefix}catalogue/"
    numbers = sorted(int(path.parent.name) for path in (site / base / "page").glob("*/index.html"))
    assert numbers == list(range(2, len(numbers) + 2)), numbers  # no gap in the pagination
    urls = [base] + [f"{base}page/{number}/" for number in numbers]
    slugs, linked_pages = [], set()
    for url in urls:
        parsed = CatalogueEntries((site / url / "index.html").read_text(encoding="utf-8"))
        linked_pages.update(site_relative(url, href) for href in parsed.pagination)
        for href in parsed.entries:
            slug = product_slug(lang_prefix, site_relative(url, href))
            assert slug is not None, (url, href)
            slugs.append(slug)
    if len(urls) > 1:  # every page can be reached from the pagination links
        assert set(urls) <= linked_pages, (urls, linked_pages)
    return slugs


def json_records(site: Path, lang_prefix: str, lang: str) -> list[str]:
    data = json.loads((site / lang_prefix / "data/products.json").read_text(encoding="utf-8"))
    assert data["lang"] == lang and data["count"] == len(data["products"])
    assert {record["lang"] for record in data["products"]} <= {lang}
    return [record["slug"] for record in data["products"]]


def csv_rows(site: Path) -> list[dict[str, str]]:
    text = (site / "data/products.csv").read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def search_documents(site: Path, lang_prefix: str, lang: str) -> list[str]:
    header, rows = search_rows(site / "search" / lang)
    assert len(rows) == header["count"], lang
    slugs = []
    for url, _title, _summary, _label, doc_lang in rows:
        slug = product_slug(lang_prefix, url)
        if slug is not None:
            assert doc_lang == lang, (url, doc_lang)
            slugs.append(slug)
    return slugs


def report_counts(content, tmp_path: Path) -> dict[str, int]:
    """compute_report's count per language, with a plan covering every date in the content."""
    dates = [version.published for product in content.products.values() for version in product.versions.values()]
    label_lang = content.default_language.code
    targets = tmp_path / "targets.yml"  # outside content/: the plan only tells the report what to count
    targets.write_text(textwrap.dedent(f"""\
        plan: {{name: Every version ever published}}
        period: {{from: {min(dates).isoformat()}, to: {max(dates).isoformat()}}}
        count: versions
        targets:
          - id: everything
            label: {{{label_lang}: Everything}}
            any:
              - language_group: [national, ethnic_minority, foreign]
            count: {{min: 0}}
        """), encoding="utf-8")
    plan, problems = load_targets(targets, content)
    assert plan is not None and not problems, problems
    report = compute(content, [plan], Scope(plan.start, plan.end))
    by_language = report.breakdown["language"]
    assert report.total == sum(by_language.values())
    assert [result.matched for result in report.plans[0].targets] == [report.total]
    return by_language


# --- the invariant -----------------------------------------------------------------------------------------


def test_every_published_version_is_everywhere_and_drafts_nowhere(built, tmp_path):
    content_dir, site = built
    content, problems = load_content(content_dir)
    assert not problems.errors, problems.errors
    published: dict[str, list[str]] = {language.code: [] for language in content.languages}
    drafts: dict[str, list[str]] = {language.code: [] for language in content.languages}
    for slug in sorted(content.products):
        product = content.products[slug]
        for lang, version in product.versions.items():
            if product.status == "published" and version.status == "published":
                published[lang].append(slug)
            else:
                drafts[lang].append(slug)
    assert sum(map(len, published.values())) > 0
    rows = csv_rows(site)
    counted = report_counts(content, tmp_path)
    for language in content.languages:
        lang, lang_prefix = language.code, prefix_of(content, language.code)
        expected = sorted(published[lang])
        found = {
            "page": real_pages(site, lang_prefix),
            "catalogue": catalogue_listing(site, lang_prefix),
            "json": json_records(site, lang_prefix, lang),
            "csv": [row["slug"] for row in rows if row["lang"] == lang],
            "search": search_documents(site, lang_prefix, lang),
        }
        for place, slugs in found.items():
            # Sorted lists, not sets: a version listed twice is a bug too.
            assert sorted(slugs) == expected, (lang, place)
        for slug in expected:
            assert (site / lang_prefix / "products" / slug / "index.html").is_file()
        assert counted[lang] == len(expected), (lang, counted[lang], len(expected))
        for slug in drafts[lang]:
            assert all(slug not in slugs for slugs in found.values()), (lang, slug)
    assert len(rows) == sum(map(len, published.values())) == sum(counted.values())
    # A product with no published version has no page in any language.
    hidden = [slug for slug, product in content.products.items() if not product.published_versions()]
    for slug in hidden:
        for language in content.languages:
            assert not (site / prefix_of(content, language.code) / "products" / slug).exists(), slug


def test_the_corpora_do_hold_drafts_and_pagination(tmp_path):
    """The invariant above is only as good as its corpora: they hold every kind of draft and several pages."""
    generated = generated_corpus(tmp_path / "generated")
    content, _ = load_content(generated / "content")
    assert content.products["san-pham-00003"].status == "draft"
    draft_versions = [version for product in content.products.values() for version in product.versions.values()
                      if version.status == "draft" and product.status == "published"]
    assert {version.lang for version in draft_versions} >= {"vi", "en"}
    assert len([p for p in content.products.values() if "vi" in p.versions and p.versions["vi"].is_published]) > 20
    handmade = handmade_corpus(tmp_path / "handmade")
    content, _ = load_content(handmade / "content")
    assert content.products["ban-nhap"].status == "draft"
    assert content.products["moi-phien-ban-nhap"].published_versions() == []
    assert [version.lang for version in content.products["ban-goc-nhap"].published_versions()] == ["en"]
    assert content.products["quyen-tre-em"].versions["en"].status == "draft"
