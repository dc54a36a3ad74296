"""Podcast feeds (outputs/podcast.py): one RSS 2.0 feed per language of its audio programmes, read back
with feedparser and held to what podcast apps require (Apple Podcasts' RSS feed requirements: channel
title, description, language, artwork — square, 1400 to 3000 pixels, JPEG or PNG —, an Apple category,
`itunes:explicit` true or false; each episode a title, an enclosure with its URL, length in bytes and
type, a unique guid, an RFC 2822 date), and linked from each language's radio programmes."""

from __future__ import annotations

import email.utils
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import mutagen
import pytest
from selectolax.lexbor import LexborHTMLParser

from commhub.outputs.media_info import clock_duration
from conftest import PUBLISHED_SITE_URL

AUDIO = "tao-hon-va-suc-khoe"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
# Apple's categories (its podcast category list), the top-level ones.
APPLE_CATEGORIES = {"Arts", "Business", "Comedy", "Education", "Fiction", "Government", "History", "Health & Fitness",
                    "Kids & Family", "Leisure", "Music", "News", "Religion & Spirituality", "Science",
                    "Society & Culture", "Sports", "Technology", "True Crime", "TV & Film"}
APPLE_AUDIO_TYPES = {"audio/mpeg", "audio/x-m4a", "audio/mp4", "video/mp4", "audio/wav", "audio/ogg", "audio/webm"}


def site_file(site: Path, url: str) -> Path:
    assert url.startswith(PUBLISHED_SITE_URL), url
    return site / urlsplit(url).path.lstrip("/")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def site(published_hub_site) -> Path:
    return published_hub_site


def test_languages_with_radio_programmes_have_a_feed(site):
    assert (site / "podcast.xml").is_file() and (site / "hmn" / "podcast.xml").is_file()
    assert not (site / "km" / "podcast.xml").exists()  # no audio programme in Khmer


@pytest.mark.parametrize("prefix, lang", [("", "vi"), ("hmn/", "hmn")])
def test_the_feed_is_valid_rss_with_what_podcast_apps_require(site, prefix, lang):
    feed = feedparser.parse((site / f"{prefix}podcast.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    channel = feed.feed
    assert channel.title and channel.subtitle and channel.language == lang
    assert channel.link == f"{PUBLISHED_SITE_URL}{prefix}catalogue/type/audio/"
    assert channel.author_detail.name or channel.author
    [category] = [tag.term for tag in channel.tags]
    assert category in APPLE_CATEGORIES
    # Apple's values are true/false (feedparser knows only the older yes/clean): read from the XML.
    root = ET.parse(site / f"{prefix}podcast.xml").getroot()
    assert [node.text for node in root.iter(f"{ITUNES}explicit")] == ["false"] * (1 + len(feed.entries))
    cover = site_file(site, channel.image.href)
    width, height = png_size(cover)
    assert width == height and 1400 <= width <= 3000
    assert feed.entries
    guids = set()
    for entry in feed.entries:
        assert entry.title and entry.summary and entry.link.startswith(PUBLISHED_SITE_URL)
        guids.add(entry.id)
        assert email.utils.parsedate_to_datetime(entry.published) is not None
        [enclosure] = entry.enclosures
        assert enclosure.type in APPLE_AUDIO_TYPES
        file = site_file(site, enclosure.href)
        assert int(enclosure.length) == file.stat().st_size > 0
        assert entry.itunes_duration == clock_duration(mutagen.File(file).info.length)
    assert len(guids) == len(feed.entries)


def test_episodes_are_the_language_s_own_versions_with_their_transcripts(site):
    vi = ET.parse(site / "podcast.xml").getroot()
    [item] = vi.iter("item")
    assert item.findtext("link") == f"{PUBLISHED_SITE_URL}products/{AUDIO}/"
    transcript = item.find("{https://podcastindex.org/namespace/1.0}transcript")
    assert transcript.get("url") == f"{PUBLISHED_SITE_URL}products/{AUDIO}/#commhub-transcript"
    page = LexborHTMLParser((site / "products" / AUDIO / "index.html").read_text(encoding="utf-8"))
    assert page.css_first("#commhub-transcript") is not None  # the address leads to it
    hmn = ET.parse(site / "hmn" / "podcast.xml").getroot()
    [item] = hmn.iter("item")
    assert item.findtext("link") == f"{PUBLISHED_SITE_URL}hmn/products/{AUDIO}/"
    assert item.find("{https://podcastindex.org/namespace/1.0}transcript") is None  # Hmong has none yet


def test_the_feed_says_nothing_of_the_clock(site):
    root = ET.parse(site / "podcast.xml").getroot()
    dates = [email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in root.iter("item")]
    assert email.utils.parsedate_to_datetime(root.find("channel").findtext("lastBuildDate")) == max(dates)


def test_the_radio_programmes_page_leads_to_the_feed(site):
    for prefix in ("", "hmn/"):
        page = LexborHTMLParser((site / f"{prefix}catalogue/type/audio/index.html").read_text(encoding="utf-8"))
        [link] = page.css('link[rel="alternate"][type="application/rss+xml"]')
        assert link.attributes["href"] == f"{PUBLISHED_SITE_URL}{prefix}podcast.xml"
        anchor = page.css_first(".commhub-podcast a")
        assert anchor.attributes["href"] == link.attributes["href"] and anchor.text().strip()
    other = LexborHTMLParser((site / "catalogue/type/video/index.html").read_text(encoding="utf-8"))
    assert other.css_first(".commhub-podcast") is None


def test_a_preview_has_no_feed(shared_hub_site):
    """Apps need absolute addresses: without site_url no feed is written nor linked."""
    assert not (shared_hub_site / "podcast.xml").exists()
    page = (shared_hub_site / "catalogue/type/audio/index.html").read_text(encoding="utf-8")
    assert "commhub-podcast" not in page and "application/rss+xml" not in page


def test_titles_are_escaped(tmp_path):
    from helpers import build_site, standard_corpus
    from media_files import mp3

    corpus = standard_corpus(tmp_path)
    corpus.product("radio", type="audio", published="2024-03-03",
                   media=[{"file": "radio.mp3", "kind": "audio"}])
    corpus.version("radio", "vi", "Hỏi & đáp <trực tiếp>")
    (tmp_path / "content/products/radio/radio.mp3").write_bytes(mp3())
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_url: {PUBLISHED_SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = build_site(tmp_path)
    feed = feedparser.parse((site / "podcast.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == "Hỏi & đáp <trực tiếp>"
