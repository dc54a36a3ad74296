"""Build a small hand-made corpus with the real MkDocs build and check the published site."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from helpers import Corpus, build_site, standard_corpus

LANGS = ["vi", "km", "hmn", "en"]


def prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


class Page(HTMLParser):
    """The bits of a page the tests look at."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.html_lang = None
        self.hreflang: dict[str, str] = {}
        self.selector: dict[str, str] = {}  # header language selector: lang -> href
        self.available: dict[str, str] = {}  # "available in" links: lang -> href
        self.notices: list[str] = []
        self.canonical = None
        self.robots = None
        self._class_stack: list[str] = []
        self._in_notice = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.hreflang[attrs["hreflang"]] = attrs["href"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "meta" and attrs.get("name") == "robots":
            self.robots = attrs["content"]
        elif tag == "a" and "md-select__link" in classes:
            self.selector[attrs["hreflang"]] = attrs["href"]
        elif tag == "a" and self._class_stack and "commhub-languages" in self._class_stack[-1]:
            self.available[attrs["hreflang"]] = attrs["href"]
        elif tag == "div" and "commhub-notice" in classes:
            self.notices.append(re.search(r"commhub-notice--(\w+)", classes).group(1))
        if tag in ("dd", "div"):
            self._class_stack.append(classes)

    def handle_endtag(self, tag):
        if tag in ("dd", "div") and self._class_stack:
            self._class_stack.pop()

    def resolve(self, href: str, site: Path) -> Path:
        """The file an href of this page leads to."""
        page_url = "/" + self.path.relative_to(site).as_posix()
        target = urljoin(page_url, href).split("#")[0]
        path = site / target.lstrip("/")
        return path / "index.html" if target.endswith("/") else path


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hub")
    standard_corpus(root)
    return build_site(root)


def page(site: Path, url: str) -> Page:
    return Page(site / url / "index.html")


PUBLISHED = {  # slug -> languages with a published version
    "tro-giup-phap-ly": {"vi", "en", "km"},
    "bau-cu": {"km", "vi"},
    "quyen-tre-em": {"vi"},
    "bao-luc-gia-dinh": {"vi", "en"},
}


def test_every_published_version_has_its_page_and_drafts_have_none(site):
    for slug, langs in PUBLISHED.items():
        for lang in LANGS:
            result = page(site, f"{prefix(lang)}products/{slug}")
            if lang in langs:
                assert "fallback" not in result.notices, (slug, lang)
                assert result.robots is None
            else:
                assert "fallback" in result.notices, (slug, lang)
    for lang in LANGS:
        assert not (site / prefix(lang) / "products" / "ban-nhap").exists()
    html = "\n".join(path.read_text(encoding="utf-8") for path in site.rglob("*.html"))
    assert "Bản nháp" not in html
    assert "Unfinished English draft" not in html  # the draft English version


def test_html_lang_is_the_readers_language_on_every_page(site):
    for path in site.rglob("index.html"):
        relative = path.relative_to(site).as_posix()
        first = relative.split("/")[0]
        expected = first if first in LANGS else "vi"
        assert Page(path).html_lang == expected, relative


def test_fallback_page_shows_original_with_notice_and_points_to_it(site):
    result = page(site, "hmn/products/tro-giup-phap-ly")
    assert result.notices[0] == "fallback"
    assert result.robots == "noindex"
    assert result.resolve(result.canonical, site) == site / "products/tro-giup-phap-ly/index.html"
    html = result.path.read_text(encoding="utf-8")
    assert "Trợ giúp pháp lý miễn phí" in html  # the original's title
    assert '<div class="commhub-body" lang="vi">' in html
    # Hmong has no UI file: Material's strings fall back to Vietnamese, commhub's notice is in Hmong.
    assert "lus Hmoob" in html


def test_translation_notices(site):
    assert page(site, "en/products/tro-giup-phap-ly").notices == ["machine"]
    assert page(site, "km/products/tro-giup-phap-ly").notices == []  # human, reviewed
    assert page(site, "products/bau-cu").notices == []  # human, reviewed translation of a Khmer original
    assert page(site, "en/products/bao-luc-gia-dinh").notices == ["outdated"]
    assert page(site, "km/products/bao-luc-gia-dinh").notices == ["fallback"]
    assert page(site, "products/tro-giup-phap-ly").notices == []  # an original


def test_language_switcher_links_resolve_to_the_same_product(site):
    for slug, langs in PUBLISHED.items():
        for lang in LANGS:
            result = page(site, f"{prefix(lang)}products/{slug}")
            assert set(result.available) == langs, (slug, lang)
            assert set(result.hreflang) == langs | {"x-default"}
            for other, href in {**result.available, **result.selector}.items():
                target = result.resolve(href, site)
                assert target.is_file(), (slug, lang, href)
                assert target == site / prefix(other) / "products" / slug / "index.html"


def test_catalogue_lists_exactly_the_versions_in_its_language(site):
    for lang in LANGS:
        html = (site / prefix(lang) / "catalogue/index.html").read_text(encoding="utf-8")
        listed = re.findall(r'<h2><a href="[^"]*products/([^/]+)/">', html)
        expected = [slug for slug, langs in PUBLISHED.items() if lang in langs]
        assert sorted(listed) == sorted(expected), lang
    # newest first, by the version's own date: the Vietnamese bau-cu was published in 2025
    html = (site / "catalogue/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<h2><a href="[^"]*products/([^/]+)/">', html)
    assert listed == ["bau-cu", "quyen-tre-em", "tro-giup-phap-ly", "bao-luc-gia-dinh"]


def test_facet_pages(site):
    html = (site / "catalogue/type/qa/index.html").read_text(encoding="utf-8")
    assert re.findall(r'products/([^/]+)/">', html) == ["quyen-tre-em"]
    html = (site / "catalogue/year/2023/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<h2><a href="[^"]*products/([^/]+)/">', html) == ["bao-luc-gia-dinh"]
    html = (site / "topics/childrens-rights/index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'<h2><a href="[^"]*products/([^/]+)/">', html)) == ["bau-cu", "quyen-tre-em"]
    assert not (site / "en/topics/childrens-rights").exists()  # nothing in English on that topic


def test_page_size_does_not_carry_the_whole_corpus(site):
    # Products are never in the navigation: a page lists a handful of menu entries, whatever the corpus.
    html = (site / "products/quyen-tre-em/index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    assert nav.count('class="md-nav__link') <= 6
    assert "bao-luc-gia-dinh" not in nav


def test_hmn_three_letter_code_and_km_ui(site):
    km = (site / "km/index.html").read_text(encoding="utf-8")
    assert 'aria-label="ជ្រើសរើសភាសា"' in km  # Material UI from commhub's theme/partials/languages/km.html
    hmn = (site / "hmn/catalogue/index.html").read_text(encoding="utf-8")
    assert '<html lang="hmn"' in hmn


def test_pagination_links_a_window_of_pages_and_every_page_stays_reachable():
    from commhub.site.views import page_window

    assert page_window(1, 1) == [1]
    assert page_window(1, 5) == [1, 2, 3, 0, 5]  # 0: a gap, shown as "…"
    assert page_window(5, 10) == [1, 0, 3, 4, 5, 6, 7, 0, 10]
    assert page_window(10, 10) == [1, 0, 8, 9, 10]
    assert page_window(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    for pages in (1, 2, 9, 250):
        reached, todo = {1}, [1]
        while todo:  # follow the links from page 1
            for number in page_window(todo.pop(), pages):
                if number and number not in reached:
                    reached.add(number)
                    todo.append(number)
        assert reached == set(range(1, pages + 1))
        assert all(len(page_window(number, pages)) <= 9 for number in range(1, pages + 1))


def test_a_home_page_titled_like_the_site_is_not_titled_twice(tmp_path):
    corpus = Corpus(tmp_path)
    (tmp_path / "docs" / "index.en.md").write_text("---\ntitle: test hub\n---\n\nHello.\n", encoding="utf-8")
    site = build_site(tmp_path)
    assert "<title>test hub</title>" in (site / "en" / "index.html").read_text(encoding="utf-8")
    assert "<title>Giới thiệu - test hub</title>" in (site / "about" / "index.html").read_text(encoding="utf-8")


def test_every_planned_page_is_of_a_registered_kind_whose_template_exists(tmp_path):
    """Page kinds are one registry (site/page_kinds.py): each planned page's kind is in it, and the
    template it names ships with the theme."""
    from commhub import THEME_DIR
    from commhub.content.loader import load_content
    from commhub.site.page_kinds import KINDS
    from commhub.site.plan import SitePlan

    corpus = standard_corpus(tmp_path)
    content, _ = load_content(corpus.content)
    plan = SitePlan(content, {"about": {"vi": tmp_path / "docs" / "about.md"}}, progress=True)
    kinds = {page.kind for page in plan.pages.values()}
    assert kinds <= set(KINDS) and {"product", "fallback", "catalogue", "home", "doc_fallback"} <= kinds
    material = Path(__import__("material").__file__).parent / "templates"
    for kind in KINDS.values():
        assert (THEME_DIR / kind.template).is_file() or (material / kind.template).is_file(), kind
