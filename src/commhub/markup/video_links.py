"""Python-Markdown extension: external videos as link cards, never as embedded players.

The one documented form: a paragraph that holds only a Markdown link to an
allowlisted video platform,

    [Quyền trẻ em (video)](https://www.youtube.com/watch?v=abc123)

is rendered as a card naming the platform in the reader's language
("Xem trên YouTube: Quyền trẻ em (video)"). Nothing from the platform is loaded
until the reader follows the link: no iframe, no script, no tracking.

Register it by name (`commhub.markup.video_links`) or as an instance of
`VideoCardExtension`; the MkDocs plugin calls `set_language()` before each page
so that the card speaks the page's language.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from commhub.i18n.messages import Messages

EXTENSION_NAME = "commhub.markup.video_links"
CARD_CLASS = "commhub-video-card"


@dataclass(frozen=True)
class Platform:
    id: str
    name: str  # a brand name: the same in every language
    hosts: tuple[str, ...]
    path: re.Pattern  # what the path (and query) of a video address looks like


PLATFORMS = (
    Platform("youtube", "YouTube", ("www.youtube.com", "youtube.com", "m.youtube.com"),
             re.compile(r"^/watch\?(?:[^#]*&)?v=[A-Za-z0-9_-]{6,}")),
    Platform("youtube", "YouTube", ("youtu.be",), re.compile(r"^/[A-Za-z0-9_-]{6,}(?:\?[^#]*)?$")),
    Platform("facebook", "Facebook", ("www.facebook.com", "facebook.com", "m.facebook.com"),
             re.compile(r"^/[^/?#]+/videos/(?:[^/?#]+/)?[0-9]+/?(?:\?[^#]*)?$")),
    Platform("tiktok", "TikTok", ("www.tiktok.com", "tiktok.com"),
             re.compile(r"^/@[A-Za-z0-9._]+/video/[0-9]+/?(?:\?[^#]*)?$")),
)


def video_platform(url: str) -> Platform | None:
    """The platform of an allowlisted video address (https only), or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme != "https" or parts.username or parts.password or parts.port:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    for platform in PLATFORMS:
        if parts.hostname in platform.hosts and platform.path.match(path):
            return platform
    return None


class VideoCardProcessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: "VideoCardExtension"):
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for paragraph in root.iter("p"):
            link = self.lone_link(paragraph)
            if link is None:
                continue
            platform = video_platform(link.get("href", ""))
            if platform is not None:
                self.make_card(paragraph, link, platform)

    @staticmethod
    def lone_link(paragraph: etree.Element) -> etree.Element | None:
        """The paragraph's only content when it is one link, else None."""
        children = list(paragraph)
        if len(children) != 1 or children[0].tag != "a" or (paragraph.text or "").strip():
            return None
        link = children[0]
        return None if (link.tail or "").strip() else link

    def make_card(self, paragraph: etree.Element, link: etree.Element, platform: Platform) -> None:
        t = self.extension.messages()
        paragraph.set("class", f"{CARD_CLASS} {CARD_CLASS}--{platform.id}")
        link.set("class", f"{CARD_CLASS}__link")
        link.set("title", t("ui.video_card.leaves_site", platform=platform.name))
        # The label is one template with {platform} and {title}, so that each language orders it freely.
        marker = "\x00"
        before, _, after = t("ui.video_card.label", platform=platform.name, title=marker).partition(marker)
        title = etree.Element("span", {"class": f"{CARD_CLASS}__title"})
        title.text, link.text = link.text, None
        for child in list(link):
            link.remove(child)
            title.append(child)
        label = etree.SubElement(link, "span", {"class": f"{CARD_CLASS}__platform"})
        label.text = before
        link.append(title)
        title.tail = after or None


class VideoCardExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "lang": ["vi", "Language of the card's words (the reader's language)"],
            "fallbacks": [[], "Languages to try next for the card's words"],
        }
        # The hub's own interface strings (i18n/hub_locales.py), set by the plugin.
        self.locales: dict = {}
        super().__init__(**kwargs)

    def set_language(self, lang: str, fallbacks=()) -> None:
        """Use `lang` (then `fallbacks`) for the cards of the next pages rendered."""
        self.setConfig("lang", lang)
        self.setConfig("fallbacks", list(fallbacks))

    def messages(self) -> Messages:
        return Messages(self.getConfig("lang"), tuple(self.getConfig("fallbacks")), self.locales)

    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (20) have made the <a> elements, before prettify (10).
        md.treeprocessors.register(VideoCardProcessor(md, self), "commhub_video_card", 15)


def makeExtension(**kwargs) -> VideoCardExtension:  # noqa: N802 - Python-Markdown's entry point name
    return VideoCardExtension(**kwargs)
