"""No built page links to a page, file or anchor the site does not have."""

from __future__ import annotations

from helpers import build_site, standard_corpus
from linkcheck import broken_links


def test_every_internal_link_and_anchor_of_every_page_resolves(shared_hub_site):
    assert broken_links(shared_hub_site) == {}


def test_fallback_pages_link_to_catalogues_that_exist(tmp_path):
    """A fallback page's product is in another language: its type and topics link to a catalogue that
    lists it (the reader's language's when it has products of them), never to a missing page."""
    standard_corpus(tmp_path)
    site = build_site(tmp_path)
    assert broken_links(site) == {}
    # (a fallback page is among them: km has no version of this product, and no news in Khmer)
    fallback = (site / "km" / "products" / "bao-luc-gia-dinh" / "index.html").read_text(encoding="utf-8")
    assert "commhub-notice--fallback" in fallback


def test_the_checker_finds_what_it_looks_for(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text('<a href="a/">a</a> <a href="a/#here">h</a> <a href="b/">b</a>'
                                     ' <a href="#top">t</a> <img src="x.png" alt=""> <a href="/abs/">abs</a>'
                                     ' <a href="https://example.org/">ext</a>', encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="there">x</h2>', encoding="utf-8")
    assert broken_links(site) == {"a/index.html#here": {"index.html"}, "b/index.html": {"index.html"},
                                  "index.html#top": {"index.html"}, "x.png": {"index.html"},
                                  "/abs/": {"index.html"}}


def test_a_topic_and_unit_named_only_in_vietnamese_have_working_pages_in_every_language(tmp_path):
    """A hub adds a topic (or unit) with its Vietnamese name only: every language's pages show that
    name and link to topic and catalogue pages that exist."""
    corpus = standard_corpus(tmp_path)
    topics = corpus.content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "- id: binh-dang-gioi\n  name:\n    vi: Bình đẳng giới\n",
                      encoding="utf-8")
    units = corpus.content / "units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "- id: doan-thanh-nien\n  name:\n    vi: Đoàn Thanh niên\n",
                     encoding="utf-8")
    corpus.product("gioi", topics=["binh-dang-gioi"], unit="doan-thanh-nien", original_language="km")
    corpus.version("gioi", "km", "សមភាពយេនឌ័រ")
    site = build_site(tmp_path, strict=True)
    assert broken_links(site) == {}
    for page in (site / "km/products/gioi/index.html", site / "en/products/gioi/index.html"):
        text = page.read_text(encoding="utf-8")
        assert "Bình đẳng giới" in text and "Đoàn Thanh niên" in text


def test_an_image_the_body_shows_is_not_shown_again_with_the_media(tmp_path):
    """CONTRIBUTING.md: a listed image appears above the body, or once where the body places it."""
    from media_files import png

    corpus = standard_corpus(tmp_path)
    alt = {"vi": "Áp phích", "en": "Poster", "km": "ផ្ទាំងរូបភាព"}  # (copied per entry: no YAML alias)
    corpus.product("tro-giup-phap-ly", type="leaflet", published="2024-05-06",
                   media=[{"file": "ap-phich.png", "kind": "image", "alt": dict(alt)},
                          {"file": "to-gap.png", "kind": "image", "alt": dict(alt)}])
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí", body="Mở đầu.\n\n![Áp phích](ap-phich.png)\n")
    for name in ("ap-phich.png", "to-gap.png"):
        (corpus.content / "products/tro-giup-phap-ly" / name).write_bytes(png())
    site = build_site(tmp_path)
    page = (site / "products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8")
    assert page.count('src="ap-phich.png"') == 1  # in the body only
    assert page.count('src="to-gap.png"') == 1  # with the media, as the body does not show it
