"""Every language's home page shows, from the content: its featured products (`featured: true`), entry
points by type (videos, radio programmes, things to print), its latest products and each type's
catalogue; a hand-written home (docs/index.<lang>.md) shows them below its own text."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from helpers import build_site, standard_corpus
from media_files import mp3

SITE_URL = "https://hub.example.vn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("homes")
    corpus = standard_corpus(root)  # hand-written homes in vi and en; km's is generated
    corpus.product("radio", type="audio", published="2024-04-04", featured=True,
                   media=[{"file": "radio.mp3", "kind": "audio"}])
    corpus.version("radio", "vi", "Chương trình phát thanh về trợ giúp pháp lý")
    (root / "content/products/radio/radio.mp3").write_bytes(mp3())
    corpus.product("to-roi", type="leaflet", published="2024-06-06", featured=True)
    corpus.version("to-roi", "vi", "Tờ rơi trợ giúp pháp lý")
    corpus.version("to-roi", "km", "ខិត្តប័ណ្ណជំនួយផ្នែកច្បាប់",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    for number in range(8):  # more featured products than a home shows
        corpus.product(f"noi-bat-{number}", published=f"2022-01-{number + 1:02d}", featured=True)
        corpus.version(f"noi-bat-{number}", "vi", f"Bài nổi bật {number}")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return build_site(root, strict=True)


def home(site: Path, prefix: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / prefix / "index.html").read_text(encoding="utf-8"))


def titles(document, section: str) -> list[str]:
    return [node.text().strip() for node in document.css(f"section.{section} h3 a")]


def test_featured_products_are_the_language_s_own_newest_first(site):
    vi = home(site, "")
    assert titles(vi, "commhub-home__featured") == [
        "Tờ rơi trợ giúp pháp lý", "Chương trình phát thanh về trợ giúp pháp lý",
        *[f"Bài nổi bật {number}" for number in (7, 6, 5, 4)]]  # six at most
    km = home(site, "km/")
    assert titles(km, "commhub-home__featured") == ["ខិត្តប័ណ្ណជំនួយផ្នែកច្បាប់"]  # no fallback is featured
    en = home(site, "en/")
    assert en.css_first("section.commhub-home__featured") is None  # none of its own


def test_entry_points_lead_to_each_type_s_catalogue(site):
    vi = home(site, "")
    links = {a.text().strip(): a.attributes["href"] for a in vi.css("section.commhub-home__entries li > a")}
    assert links == {"Thư viện video": "catalogue/type/video/", "Chương trình phát thanh": "catalogue/type/audio/",
                     "Tờ rơi để in": "catalogue/type/leaflet/", "Podcast": SITE_URL + "podcast.xml"}
    for href in links.values():
        if not href.startswith("http"):
            assert (site / href / "index.html").is_file()
    assert "(1 sản phẩm)" in vi.css_first("section.commhub-home__entries").text()


def test_a_hand_written_home_keeps_its_text_first(site):
    vi = home(site, "")
    text = vi.css_first("article").text()
    assert text.index("Xin chào.") < text.index("Nổi bật") < text.index("Sản phẩm mới nhất")
    assert vi.css_first("h1").text().strip() == "Trang chủ"


def test_a_generated_home_shows_the_same_sections(site):
    km = home(site, "km/")
    assert km.css_first("form.commhub-home__search") is not None
    for section in ("commhub-home__featured", "commhub-home__entries", "commhub-home__latest", "commhub-home__types"):
        assert km.css_first(f"section.{section}") is not None, section
    # Each section is named by its heading, and no two elements share an id.
    document = home(site, "")
    ids = [node.attributes["id"] for node in document.css("[id]")]
    assert len(ids) == len(set(ids))
    for section in document.css("section[aria-labelledby]"):
        assert document.css_first(f"#{section.attributes['aria-labelledby']}") is not None
