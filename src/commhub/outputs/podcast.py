"""Podcast feeds: one RSS 2.0 feed per language of its audio programmes (`<prefix>podcast.xml`), with
the tags podcast apps read (Apple's iTunes namespace, and Podcasting 2.0's transcript).

A language has a feed when it has at least one published audio product with a sound file of its
own; each episode is that version: its page, its summary, the file as the enclosure (URL, length in
bytes, MIME type) and its duration (outputs/media_info.py), its transcript's page section when it
has one. Every date comes from the content (a version's `published`), never from the clock, so two
builds of the same content give the same bytes. Apps need absolute URLs: without `site_url` (a
preview) no feed is written.

Written with ElementTree, as the Atom feeds are, rather than feedgen, whose iTunes extension writes
`itunes:explicit` as "yes/no/clean" where Apple's current specification asks for "true/false".

Language: `<language>` carries the hub's language code, as RSS 2.0 asks (an ISO 639 code: `vi`,
`km`, `hmn`). Apple Podcasts lists only ISO 639-1 (two-letter) languages in its directory; a feed in a
language without one (Hmong `hmn`, Cơ Tu `ktv`, Xơ Đăng `sed`) keeps its own code, which apps that know
only two-letter codes show as an unnamed language, and names its language in its title ("… in Hmoob").
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from commhub.content.model import Media, Product, Version
from commhub.i18n.messages import Messages
from commhub.outputs.feeds import NOT_XML, XML_DECLARATION
from commhub.outputs.media_info import clock_duration, duration, mime_type
from commhub.outputs.social import card_url
from commhub.site.plan import SitePlan
from commhub.site.urls import absolute

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
COVER_SIZE = (1400, 1400)  # Apple: square, 1400 to 3000 pixels
CATEGORY = "Government"  # Apple's category for public services and civic information
# Formats podcast apps play, best first: an episode uses the first of these its product has.
PREFERRED = (".mp3", ".m4a", ".mp4", ".ogg", ".oga", ".webm", ".wav")
FEED_SIZE = 300  # episodes per feed, newest first


@dataclass(frozen=True)
class Episode:
    product: Product
    version: Version
    media: Media
    page_url: str  # site-relative


def podcast_path(plan: SitePlan, lang: str) -> str:
    """The feed's site-relative path: `podcast.xml`, `km/podcast.xml`."""
    return f"{plan.prefix(lang)}podcast.xml"


def cover_url(lang: str) -> str:
    return card_url(lang).replace("site.png", "podcast.png")


def episodes(plan: SitePlan, lang: str) -> list[Episode]:
    """The language's published audio programmes with a sound file, newest first."""
    found = []
    for entry in plan.listings[lang]:  # newest first, real versions only
        if entry.type != "audio":
            continue
        product = plan.content.products[entry.slug]
        sounds = [media for media in product.media if media.kind == "audio"]
        if not sounds:
            continue
        media = min(sounds, key=lambda m: PREFERRED.index(os.path.splitext(m.file)[1].lower())
                    if os.path.splitext(m.file)[1].lower() in PREFERRED else len(PREFERRED))
        found.append(Episode(product, product.versions[lang], media, entry.url))
    return found[:FEED_SIZE]


def podcast_languages(plan: SitePlan, site_url: str) -> list[str]:
    """The languages that get a feed: all with an audio programme, when the site has its address."""
    return [lang for lang in plan.codes if site_url and episodes(plan, lang)] if site_url else []


def write_podcasts(plan: SitePlan, site_dir: Path | str, site_url: str, messages_for_lang: Mapping[str, Messages],
                   languages: list[str] | None = None) -> list[Path]:
    """Write each language's feed into `site_dir`; returns the files written."""
    written = []
    for lang in podcast_languages(plan, site_url):
        if languages is not None and lang not in languages:
            continue
        path = Path(site_dir) / podcast_path(plan, lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_podcast(plan, lang, site_url, messages_for_lang[lang]))
        written.append(path)
    return written


def podcast_title(plan: SitePlan, lang: str, messages: Messages) -> str:
    return messages("ui.podcast.title", site=plan.identity(lang).name, language=plan.content.language(lang).name)


def render_podcast(plan: SitePlan, lang: str, site_url: str, messages: Messages) -> bytes:
    identity = plan.identity(lang)
    items = episodes(plan, lang)
    title = podcast_title(plan, lang, messages)
    catalogue = absolute(site_url, f"{plan.prefix(lang)}catalogue/type/audio/")
    rss = ET.Element("rss", {"version": "2.0", "xmlns:itunes": ITUNES, "xmlns:podcast": PODCAST, "xmlns:atom": ATOM})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", title)
    _text(channel, "link", catalogue)
    _text(channel, "description", messages("ui.podcast.description", site=identity.name,
                                           language=plan.content.language(lang).name))
    _text(channel, "language", lang)
    ET.SubElement(channel, "atom:link", {"href": absolute(site_url, podcast_path(plan, lang)), "rel": "self",
                                         "type": "application/rss+xml"})
    newest = max((item.version.published for item in items), default=dt.date(1970, 1, 1))
    _text(channel, "lastBuildDate", _rfc822(newest))
    _text(channel, "generator", "commhub")
    author = identity.agency or identity.name
    _text(channel, "itunes:author", author)
    cover = absolute(site_url, cover_url(lang))
    ET.SubElement(channel, "itunes:image", {"href": cover})
    image = ET.SubElement(channel, "image")
    _text(image, "url", cover)
    _text(image, "title", title)
    _text(image, "link", catalogue)
    ET.SubElement(channel, "itunes:category", {"text": CATEGORY})
    _text(channel, "itunes:explicit", "false")
    _text(channel, "itunes:type", "episodic")
    for episode in items:
        version, media = episode.version, episode.media
        page = absolute(site_url, episode.page_url)
        item = ET.SubElement(channel, "item")
        _text(item, "title", version.title)
        _text(item, "link", page)
        _text(item, "guid", page).set("isPermaLink", "true")  # the page's address never changes with edits
        _text(item, "pubDate", _rfc822(version.published))
        _text(item, "description", version.summary)
        file = episode.product.folder / media.file
        ET.SubElement(item, "enclosure", {"url": absolute(site_url, f"products/{episode.product.slug}/{media.file}"),
                                          "length": str(_size(file)), "type": mime_type(media.file, "audio")})
        seconds = duration(file)
        if seconds:
            _text(item, "itunes:duration", clock_duration(seconds))
        _text(item, "itunes:explicit", "false")
        _text(item, "itunes:episodeType", "full")
        if version.transcript:
            ET.SubElement(item, "podcast:transcript", {"url": f"{page}#commhub-transcript", "type": "text/html",
                                                       "language": lang})
    ET.indent(rss)
    return (XML_DECLARATION + ET.tostring(rss, encoding="unicode") + "\n").encode("utf-8")


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _rfc822(date: dt.date) -> str:
    """RSS 2.0's date form (RFC 822), at midnight UTC: `Thu, 20 Feb 2025 00:00:00 +0000`."""
    return email.utils.format_datetime(dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc))


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = NOT_XML.sub("", text)
    return element


def cover_cards(plan: SitePlan, site_dir: Path | str, site_url: str, messages_for_lang: Mapping[str, Messages],
                languages: list[str]):
    """The square cover of each feed written (drawn as the share cards are: outputs/share_cards.py)."""
    from commhub.outputs.share_cards import Card

    covers = {}
    for lang in podcast_languages(plan, site_url):
        if lang in languages:
            identity = plan.identity(lang)
            covers[Path(site_dir) / cover_url(lang)] = Card(
                lang=lang, heading=identity.name, kicker=messages_for_lang[lang]("ui.type.audio"),
                footer=identity.agency or identity.description, size=COVER_SIZE)
    return covers
