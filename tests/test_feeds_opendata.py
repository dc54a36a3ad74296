"""Atom feeds, open-data files, JSON-LD and the sitemap, computed from the site plan of a hand-made corpus."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import jinja2
import pytest
import yaml

from commhub import THEME_DIR as THEME
from helpers import REPO, build_site, standard_corpus

from commhub.outputs import feeds
from commhub.content.loader import load_content
from commhub.content.schema import VERSION
from commhub.outputs.feeds import feed_link, messages_by_language, write_feeds
from commhub.outputs.jsonld import SCHEMA_TYPES, product_jsonld
from commhub.i18n.messages import Messages
from commhub.outputs.opendata import CSV_COLUMNS, LICENSE_PLACEHOLDER, write_opendata
from commhub.site.plan import SitePlan
from commhub.outputs.sitemap import sitemap_entries, sitemap_urls

LANGS = ["vi", "km", "hmn", "en"]  # languages.yml order of the test corpus
SITE_NAME = "test hub"
SITE_URL = "https://hub.example.org/"
BASE = "http://127.0.0.1/"  # where a relative link is resolved from, in the tests
# A whole 1x1 PNG (the checker walks its chunks to IEND).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HOSTILE = 'Áp phích </script><script>alert(1)</script> & "quotes" <!--'
HOSTILE_EN = "Poster ]]> &amp; <b>bold</b>"

# (slug, lang) of every published version, newest first per language (ties: slug descending, as the catalogue).
FEEDS = {
    "vi": ["bau-cu", "quyen-tre-em", "ap-phich", "tro-giup-phap-ly", "bao-luc-gia-dinh"],
    "km": ["tro-giup-phap-ly", "bau-cu"],
    "hmn": [],
    "en": ["ap-phich", "tro-giup-phap-ly", "bao-luc-gia-dinh"],
}
PUBLISHED = sorted((slug, lang) for lang, slugs in FEEDS.items() for slug in slugs)
JSON_KEYS = {"slug", "lang", "title", "summary", "type", "topics", "unit", "channels", "published",
             "original_language", "is_translation", "translation", "url", "media"}


def prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


def hub(root: Path):
    """The standard corpus plus a poster with media, a hostile title and a later English translation."""
    corpus = standard_corpus(root)
    corpus.product("ap-phich", type="poster", published="2024-08-01", unit="hoi-lhpn",
                   media=[{"file": "ap-phich.png", "kind": "image", "alt": {"vi": "Áp phích", "en": "A poster"}}])
    (corpus.content / "products/ap-phich/ap-phich.png").write_bytes(PNG)
    corpus.version("ap-phich", "vi", HOSTILE, summary="Tóm tắt <b>&</b>")
    corpus.version("ap-phich", "en", HOSTILE_EN, published="2024-09-01",
                   translation={"of": "vi", "method": "machine", "reviewed": True})
    return corpus


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> SitePlan:
    root = tmp_path_factory.mktemp("hub")
    hub(root)
    content, problems = load_content(root / "content")
    assert not problems.errors, problems.errors
    return SitePlan(content, docs={}, site_name=SITE_NAME)


def write_all(plan: SitePlan, site_dir: Path, site_url: str, license: str | None = None) -> list[Path]:
    messages = messages_by_language(plan)
    return (write_feeds(plan, site_dir, site_url, messages)
            + write_opendata(plan, site_dir, site_url, messages, license))


@pytest.fixture(scope="module", params=["", SITE_URL], ids=["relative", "absolute"])
def site(request, plan, tmp_path_factory) -> tuple[Path, str]:
    site_dir = tmp_path_factory.mktemp("site")
    write_all(plan, site_dir, request.param)
    return site_dir, request.param


def resolve(site_url: str, from_file: str, href: str) -> str:
    """The site-relative URL an href written in `from_file` leads to."""
    base = site_url or BASE
    target = urljoin(base + from_file, href)
    assert target.startswith(base), (from_file, href)
    return target[len(base):]


def planned(plan: SitePlan, url: str):
    return next((page for page in plan.pages.values() if page.url == url), None)


# --- Atom --------------------------------------------------------------------------------------------


def test_feed_lists_exactly_the_published_versions_newest_first(plan, site):
    site_dir, site_url = site
    for lang, slugs in FEEDS.items():
        path = f"{prefix(lang)}feed.xml"
        root = ET.parse(site_dir / path).getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get(XML_LANG) == lang
        entries = root.findall(f"{ATOM}entry")
        assert len(entries) == len(plan.listings[lang])  # the same count as the catalogue
        linked = []
        for entry in entries:
            (alternate,) = entry.findall(f"{ATOM}link[@rel='alternate']")
            url = resolve(site_url, path, alternate.get("href"))
            page = planned(plan, url)
            assert page is not None and page.kind == "product" and page.lang == lang, url
            version = page.data["version"]
            assert entry.findtext(f"{ATOM}title") == version.title
            assert entry.findtext(f"{ATOM}summary") == version.summary
            assert entry.findtext(f"{ATOM}updated") == f"{version.published.isoformat()}T00:00:00Z"
            linked.append(page.data["product"].slug)
        assert linked == slugs, lang
        ids = [entry.findtext(f"{ATOM}id") for entry in entries]
        assert len(set(ids)) == len(ids)
        text = (site_dir / path).read_text(encoding="utf-8")
        assert "Bản nháp" not in text and "Unfinished English draft" not in text


def test_feed_ids_and_links_are_absolute_with_site_url(plan, site):
    site_dir, site_url = site
    root = ET.parse(site_dir / "en/feed.xml").getroot()
    first = root.find(f"{ATOM}entry")
    (self_link,) = root.findall(f"{ATOM}link[@rel='self']")
    if site_url:
        assert root.findtext(f"{ATOM}id") == SITE_URL + "en/feed.xml"
        assert self_link.get("href") == SITE_URL + "en/feed.xml"
        assert first.findtext(f"{ATOM}id") == SITE_URL + "en/products/ap-phich/"
    else:  # a preview build: relative links, ids that still are absolute IRIs
        assert self_link.get("href") == "feed.xml"
        assert first.findtext(f"{ATOM}id") == "urn:x-commhub:product:ap-phich:en"
        assert first.find(f"{ATOM}link").get("href") == "products/ap-phich/"


def test_feed_dates_authors_and_titles_come_from_content_and_catalogues(plan, site):
    site_dir, _ = site
    vi = ET.parse(site_dir / "feed.xml").getroot()
    assert vi.findtext(f"{ATOM}updated") == "2025-01-10T00:00:00Z"  # newest entry, not the clock
    assert vi.findtext(f"{ATOM}title") == Messages("vi")("ui.feed.title", site=SITE_NAME, language="Tiếng Việt")
    en = ET.parse(site_dir / "en/feed.xml").getroot()
    assert en.findtext(f"{ATOM}title") == "test hub — new products in English"
    authors = [entry.findtext(f"{ATOM}author/{ATOM}name") for entry in en.findall(f"{ATOM}entry")]
    assert authors == ["Women's Union", "Department of Justice", "Department of Justice"]
    km = ET.parse(site_dir / "km/feed.xml").getroot()
    assert km.findtext(f"{ATOM}title") == "test hub — សម្ភារៈថ្មីៗជាភាសាខ្មែរ"
    # an empty feed is still valid Atom: `updated` is the site's newest content date
    hmn = ET.parse(site_dir / "hmn/feed.xml").getroot()
    assert hmn.findall(f"{ATOM}entry") == []
    assert hmn.findtext(f"{ATOM}updated") == "2025-01-10T00:00:00Z"
    assert hmn.findtext(f"{ATOM}title").startswith("test hub — ") and "Hmoob" in hmn.findtext(f"{ATOM}title")


def test_feed_escapes_hostile_titles(site):
    site_dir, _ = site
    raw = (site_dir / "feed.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;/script&gt;" in raw
    titles = [e.findtext(f"{ATOM}title") for e in ET.parse(site_dir / "feed.xml").getroot().iter(f"{ATOM}entry")]
    assert HOSTILE in titles
    en = [e.findtext(f"{ATOM}title") for e in ET.parse(site_dir / "en/feed.xml").getroot().iter(f"{ATOM}entry")]
    assert HOSTILE_EN in en


def test_feed_keeps_the_newest_fifty(plan, tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 2)
    write_feeds(plan, tmp_path, "", messages_by_language(plan))
    root = ET.parse(tmp_path / "feed.xml").getroot()
    assert [e.find(f"{ATOM}link").get("href") for e in root.iter(f"{ATOM}entry")] == \
        ["products/bau-cu/", "products/quyen-tre-em/"]


def test_feed_link_for_the_head(plan):
    link = feed_link(plan, "km", messages_by_language(plan)["km"])
    assert link["url"] == "km/feed.xml"
    assert "ភាសាខ្មែរ" in link["title"] and "Atom" in link["title"]


# --- open data ---------------------------------------------------------------------------------------


def test_json_per_language_lists_exactly_its_published_versions(plan, site):
    site_dir, site_url = site
    for lang in LANGS:
        path = f"{prefix(lang)}data/products.json"
        data = json.loads((site_dir / path).read_text(encoding="utf-8"))
        products = data["products"]
        assert data["lang"] == lang and data["count"] == len(products)
        assert [p["slug"] for p in products] == sorted(FEEDS[lang])  # by slug
        for record in products:
            assert set(record) == JSON_KEYS
            assert record["lang"] == lang
            page = planned(plan, resolve(site_url, path, record["url"]))
            assert page is not None and page.kind == "product" and page.lang == lang
            version = page.data["version"]
            assert (record["title"], record["summary"]) == (version.title, version.summary)
            assert record["is_translation"] == (version.translation is not None)
            if version.translation:
                assert record["translation"] == {"method": version.translation.method,
                                                 "reviewed": version.translation.reviewed,
                                                 "outdated": version.outdated}
            else:
                assert record["translation"] is None


def test_json_record_content(plan, site):
    site_dir, site_url = site
    data = json.loads((site_dir / "en/data/products.json").read_text(encoding="utf-8"))
    poster = next(record for record in data["products"] if record["slug"] == "ap-phich")
    assert poster["title"] == HOSTILE_EN
    assert poster["type"] == "poster" and poster["published"] == "2024-09-01"
    assert poster["unit"] == {"id": "hoi-lhpn", "name": "Women's Union"}
    assert poster["topics"] == [{"id": "legal-aid", "name": "Legal aid"}]
    assert poster["channels"] == [{"id": "website", "name": "Website"}]
    assert poster["original_language"] == "vi"
    assert poster["translation"] == {"method": "machine", "reviewed": True, "outdated": False}
    (media,) = poster["media"]
    assert media["kind"] == "image" and media["alt"] == "A poster"
    assert resolve(site_url, "en/data/products.json", media["url"]) == "products/ap-phich/ap-phich.png"


def test_csv_has_one_row_per_published_version_in_slug_then_language_order(plan, site):
    site_dir, site_url = site
    raw = (site_dir / "data/products.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
    with (site_dir / "data/products.csv").open(encoding="utf-8-sig", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames) == CSV_COLUMNS
        rows = list(reader)
    expected = sorted(PUBLISHED, key=lambda item: (item[0], LANGS.index(item[1])))
    assert [(row["slug"], row["lang"]) for row in rows] == expected
    counts = [json.loads((site_dir / f"{prefix(lang)}data/products.json").read_text())["count"] for lang in LANGS]
    assert len(rows) == sum(counts)
    for row in rows:
        page = planned(plan, resolve(site_url, "data/products.csv", row["url"]))
        assert (page.data["product"].slug, page.lang) == (row["slug"], row["lang"])
    hostile = next(row for row in rows if (row["slug"], row["lang"]) == ("ap-phich", "vi"))
    assert hostile["title"] == HOSTILE and hostile["summary"] == "Tóm tắt <b>&</b>"
    assert hostile["is_translation"] == "false" and hostile["translation_method"] == ""
    machine = next(row for row in rows if (row["slug"], row["lang"]) == ("tro-giup-phap-ly", "en"))
    assert (machine["translation_method"], machine["translation_reviewed"]) == ("machine", "false")
    assert machine["topics"] == "legal-aid" and machine["channels"] == "website"
    assert resolve(site_url, "data/products.csv", hostile["media"]) == "products/ap-phich/ap-phich.png"


def test_index_describes_the_files(plan, site):
    site_dir, site_url = site
    index = json.loads((site_dir / "data/index.json").read_text(encoding="utf-8"))
    assert index["license"] == LICENSE_PLACEHOLDER
    assert index["languages"] == LANGS
    assert index["modified"] == "2025-01-10"
    assert set(index["title"]) == set(LANGS) and index["title"]["en"] == "test hub — open data: published products"
    assert len(index["files"]) == 1 + len(LANGS)
    for described in index["files"]:
        target = resolve(site_url, "data/index.json", described["url"])
        assert (site_dir / target).is_file(), target
        if target.endswith(".json"):
            assert described["rows"] == json.loads((site_dir / target).read_text())["count"]
        else:
            assert described["rows"] == len(PUBLISHED)


def test_index_describes_each_csv_column_as_the_schema_does(plan, site):
    site_dir, _ = site
    index = json.loads((site_dir / "data/index.json").read_text(encoding="utf-8"))
    described = index["files"][0]["column_descriptions"]
    assert [column["name"] for column in described] == list(CSV_COLUMNS) == index["files"][0]["columns"]
    by_name = {column["name"]: column for column in described}
    # Texts only in the languages commhub describes them in (vi, en), never English under `km`.
    assert all(set(column["description"]) == {"vi", "en"} for column in described)
    assert by_name["type"] == {"name": "type", "source": "product.yml: type",
                               "description": {"vi": "loại sản phẩm", "en": "the kind of product"}}
    assert by_name["translation_reviewed"]["source"] == "index.<lang>.md: translation.reviewed"
    assert by_name["title"]["description"]["en"] == Messages("en")(VERSION.description_key(VERSION["title"]))
    assert by_name["url"]["source"] is None
    assert by_name["url"]["description"]["en"] == "the address of the version's page"


def test_license_from_config_and_reproducible_output(plan, tmp_path):
    first = write_all(plan, tmp_path / "a", SITE_URL, license="CC-BY-4.0")
    second = write_all(plan, tmp_path / "b", SITE_URL, license="CC-BY-4.0")
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a
    assert json.loads((tmp_path / "a/data/index.json").read_text())["license"] == "CC-BY-4.0"


# --- JSON-LD -----------------------------------------------------------------------------------------


class ScriptData(HTMLParser):
    """The text of each <script type="application/ld+json"> as a browser would see it."""

    def __init__(self, html: str):
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._inside = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def test_jsonld_types_languages_and_translations(plan):
    for slug, pages in plan.product_pages.items():
        for lang, page in pages.items():
            text = product_jsonld(plan, page, SITE_URL)
            if page.kind == "fallback":
                assert text == "", (slug, lang)  # noindex duplicates get none
                continue
            data = json.loads(text)
            product, version = page.data["product"], page.data["version"]
            assert data["@context"] == "https://schema.org"
            # A Q&A is an FAQPage when its body's questions are given (tests/test_structured_data.py).
            assert data["@type"] == ("Article" if product.type == "qa" else SCHEMA_TYPES[product.type])
            assert data["inLanguage"] == lang
            assert data["url"] == SITE_URL + page.url
            assert data["name"] == version.title
            assert data["datePublished"] == version.published.isoformat()
            assert data["publisher"]["@type"] == "Organization"
            if version.translation is not None:
                original = data["translationOfWork"]
                assert original["inLanguage"] == product.original_language
                assert original["url"] == SITE_URL + pages[product.original_language].url
                assert "workTranslation" not in data
            else:
                assert "translationOfWork" not in data
    tro = json.loads(product_jsonld(plan, plan.product_pages["tro-giup-phap-ly"]["vi"], SITE_URL))
    assert tro["@type"] == "DigitalDocument"
    assert [w["inLanguage"] for w in tro["workTranslation"]] == ["km", "en"]
    assert tro["about"] == [{"@type": "Thing", "name": "Trợ giúp pháp lý"}]
    bau_cu = json.loads(product_jsonld(plan, plan.product_pages["bau-cu"]["vi"], SITE_URL))
    assert bau_cu["@type"] == "VideoObject"
    assert bau_cu["translationOfWork"] == {"@type": "CreativeWork", "url": SITE_URL + "km/products/bau-cu/",
                                           "name": "ការបោះឆ្នោត", "inLanguage": "km"}
    qa = json.loads(product_jsonld(plan, plan.product_pages["quyen-tre-em"]["vi"], SITE_URL,
                                   "<h2>Trẻ em có quyền gì?</h2><p>Quyền được bảo vệ.</p>"))
    assert qa["@type"] == "FAQPage" and "workTranslation" not in qa  # the English draft is no translation yet
    assert qa["mainEntity"][0]["name"] == "Trẻ em có quyền gì?"
    en = json.loads(product_jsonld(plan, plan.product_pages["tro-giup-phap-ly"]["en"], SITE_URL))
    assert en["author"]["name"] == "Department of Justice"  # the unit made it; the hub publishes it
    assert en["publisher"] == {"@type": "Organization", "name": SITE_NAME}  # no content/hub.yml
    poster = json.loads(product_jsonld(plan, plan.product_pages["ap-phich"]["vi"], SITE_URL))
    assert poster["@type"] == "ImageObject" and poster["contentUrl"] == SITE_URL + "products/ap-phich/ap-phich.png"


def test_jsonld_relative_urls_without_site_url(plan):
    data = json.loads(product_jsonld(plan, plan.product_pages["tro-giup-phap-ly"]["km"], ""))
    page_url = BASE + "km/products/tro-giup-phap-ly/"
    assert urljoin(page_url, data["url"]) == page_url
    assert urljoin(page_url, data["translationOfWork"]["url"]) == BASE + "products/tro-giup-phap-ly/"


def test_jsonld_cannot_break_out_of_its_script(plan):
    text = product_jsonld(plan, plan.product_pages["ap-phich"]["vi"], SITE_URL)
    assert not set("<>&") & set(text)
    assert "\\u003c/script\\u003e" in text
    # Rendered through the real partial, the browser's view of the page has one script holding all of it.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME))
    html = env.get_template("commhub/jsonld.html").render(commhub={"jsonld": text})
    html = f"<html><head>{html}</head><body><p>after</p></body></html>"
    (script,) = ScriptData(html).scripts
    data = json.loads(script)
    assert data["name"] == HOSTILE
    assert data["description"] == "Tóm tắt <b>&</b>"
    fallback = env.get_template("commhub/jsonld.html").render(commhub={"jsonld": ""})
    assert "script" not in fallback


# --- sitemap -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", ["", SITE_URL])
def test_sitemap_lists_every_real_page_with_alternates_that_exist(plan, site_url):
    entries = sitemap_entries(plan, site_url)
    listed = [resolve(site_url, "sitemap.xml", entry["loc"]) for entry in entries]
    real = [page.url for page in plan.pages.values() if not page.is_fallback]
    assert listed == real  # every non-fallback page once, no fallback page
    for entry, url in zip(entries, listed):
        page = planned(plan, url)
        codes = [code for code, _ in entry["alternates"]]
        assert codes[-1] == "x-default" and codes.count("x-default") == 1
        assert page.lang in codes
        for code, href in entry["alternates"]:
            other = planned(plan, resolve(site_url, "sitemap.xml", href))
            assert other is not None and not other.is_fallback, (url, code, href)
            if code != "x-default":
                assert other.lang == code
        if site_url:
            assert entry["loc"].startswith(SITE_URL)
    by_url = dict(zip(listed, entries))
    assert [code for code, _ in by_url["products/tro-giup-phap-ly/"]["alternates"]] == ["vi", "km", "en", "x-default"]
    assert by_url["km/products/bau-cu/"]["alternates"][-1] == ("x-default", f"{site_url}products/bau-cu/")
    assert by_url["km/products/bau-cu/"]["lastmod"] == "2023-02-01"
    assert "hmn/products/bau-cu/" not in by_url  # a fallback


def test_sitemap_template_renders_valid_xml_with_alternates(plan):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME))
    template = env.get_template("sitemap.xml")
    entries = sitemap_entries(plan, SITE_URL)
    xml = template.render(commhub_sitemap=sitemap_urls(entries), pages=[])
    assert xml.startswith('<?xml version="1.0"')  # nothing may precede the declaration
    root = ET.fromstring(xml.encode("utf-8"))
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    urls = root.findall(f"{sm}url")
    assert [url.findtext(f"{sm}loc") for url in urls] == [entry["loc"] for entry in entries]
    for url, entry in zip(urls, entries):
        links = [(link.get("hreflang"), link.get("href")) for link in url.findall(f"{xhtml}link")]
        assert links == list(entry["alternates"])
        assert all(link.get("rel") == "alternate" for link in url.findall(f"{xhtml}link"))
    # titles and URLs with markup characters stay text
    hostile = [{"loc": "a&b/<x>/", "lastmod": None, "alternates": [("vi", 'q"&<')]}]
    url = ET.fromstring(template.render(commhub_sitemap=sitemap_urls(hostile), pages=[]).encode("utf-8"))[0]
    assert url.findtext(f"{sm}loc") == "a&b/<x>/" and url[1].get("href") == 'q"&<'
    # without commhub (plugin disabled) it is MkDocs' stock sitemap, still well-formed
    ET.fromstring(template.render(pages=[]).encode("utf-8"))


# --- locale catalogues -------------------------------------------------------------------------------


def test_feed_strings_exist_and_are_translated_in_every_locale():
    locales = REPO / "src/commhub/i18n/locales"
    english = yaml.safe_load((locales / "en.yml").read_text(encoding="utf-8"))["ui"]["feed"]
    for lang in ("vi", "en", "km", "zh", "fr", "hmn"):
        feed = yaml.safe_load((locales / f"{lang}.yml").read_text(encoding="utf-8"))["ui"]["feed"]
        assert set(feed) == set(english), lang
        for key, text in feed.items():
            assert sorted(_fields(text)) == sorted(_fields(english[key])), (lang, key)
            if lang != "en":
                assert text != english[key], (lang, key)


def _fields(template: str) -> list[str]:
    import string
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


# --- the real build ----------------------------------------------------------------------------------


def test_real_build_writes_feeds_data_sitemap_and_jsonld(tmp_path):
    hub(tmp_path)
    site_dir = build_site(tmp_path)
    for lang in LANGS:
        assert (site_dir / prefix(lang) / "feed.xml").is_file()
        assert (site_dir / prefix(lang) / "data/products.json").is_file()
    assert (site_dir / "data/products.csv").is_file() and (site_dir / "data/index.json").is_file()
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="x-default"' in sitemap
    html = (site_dir / "products/ap-phich/index.html").read_text(encoding="utf-8")
    (script,) = ScriptData(html).scripts
    assert json.loads(script)["name"] == HOSTILE
    assert 'type="application/atom+xml"' in html
    fallback = (site_dir / "hmn/products/ap-phich/index.html").read_text(encoding="utf-8")
    assert ScriptData(fallback).scripts == []


def test_feed_drops_characters_xml_cannot_carry(tmp_path):
    corpus = standard_corpus(tmp_path)
    corpus.version("quyen-tre-em", "vi", "Quyền\x07 trẻ em\x1b")
    content, problems = load_content(tmp_path / "content")
    assert not problems.errors
    plan = SitePlan(content, docs={}, site_name=SITE_NAME)
    write_feeds(plan, tmp_path / "site", "", messages_by_language(plan))
    titles = [e.findtext(f"{ATOM}title") for e in ET.parse(tmp_path / "site/feed.xml").getroot().iter(f"{ATOM}entry")]
    assert "Quyền trẻ em" in titles
