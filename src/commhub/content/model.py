"""commhub's content model: plain data, independent of MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

LANGUAGE_GROUPS = ("national", "ethnic_minority", "foreign")
CHANNEL_GROUPS = ("digital", "traditional")
PRODUCT_TYPES = ("article", "news", "infographic", "video", "audio", "leaflet", "poster", "handbook", "qa")
STATUSES = ("published", "draft")
MEDIA_KINDS = ("image", "audio", "video", "document")
TRANSLATION_METHODS = ("human", "machine")
COUNT_MODES = ("versions", "products")  # plans: what a target counts
# Plans: which translations count toward a target. `reviewed`: a machine translation nobody reviewed does not
# (a product counted for a language should be one its readers can rely on).
TRANSLATION_RULES = ("all", "reviewed")
# Levels of a unit in the administration (since 1 July 2025 there is no district level; archives keep it).
UNIT_LEVELS = ("province", "department", "agency", "district", "commune", "other")


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    group: str
    default: bool = False
    ui_fallback: str | None = None


def chosen_language(texts: dict[str, str], lang: str, fallbacks: tuple[str, ...] = ()) -> str | None:
    """The language `in_language` takes its text from: `lang`, else the first fallback that has one,
    else any; None when there is no text at all."""
    for code in (lang, *fallbacks):
        if code in texts:
            return code
    return next(iter(texts), None)


def in_language(texts: dict[str, str], lang: str, fallbacks: tuple[str, ...] = (), default: str = "") -> str:
    """The text in `lang`, else in the first fallback that has one, else any, else `default`."""
    code = chosen_language(texts, lang, fallbacks)
    return default if code is None else texts[code]


@dataclass(frozen=True)
class Named:
    """A channel, unit or topic: an id with names per language."""

    id: str
    names: dict[str, str]
    group: str | None = None  # channels only
    # Units only: where the unit sits and when it existed. Since the merger of provinces (1 July 2025)
    # a hub keeps the archives of units that ceased; a product keeps the unit it was published under.
    level: str | None = None  # UNIT_LEVELS
    parent: str | None = None  # the unit it belonged to (a unit of the same file)
    valid_from: dt.date | None = None  # first day it existed; None: before any product
    valid_to: dt.date | None = None  # last day it existed; None: it still exists
    successors: tuple[str, ...] = ()  # the units that took over its work when it ceased

    def name(self, lang: str, fallbacks: tuple[str, ...] = ()) -> str:
        return in_language(self.names, lang, fallbacks, self.id)

    def exists_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Hub:
    """The hub's identity (content/hub.yml): the texts of each of its fields (content/schema.py, HUB) by language."""

    texts: Mapping[str, Mapping[str, str]]  # field -> language -> text


@dataclass(frozen=True)
class Media:
    file: str
    kind: str
    alt: dict[str, str]


@dataclass(frozen=True)
class Translation:
    method: str
    reviewed: bool
    # The original's SHA-256 when it was translated; None when not recorded (the browser editor cannot
    # compute it): then nobody can tell whether the translation is still current.
    source_sha: str | None
    translator: str | None = None


@dataclass
class Version:
    """One language version of a product (`index.<lang>.md`)."""

    slug: str
    lang: str
    file: str  # its path, as text (see `path`)
    sha256: str
    title: str
    summary: str
    body_first_line: int  # where the Markdown body starts; the body itself is read when needed
    translation: Translation | None
    channels: tuple[str, ...]  # effective: the version's override or the product's
    published: dt.date  # effective
    status: str  # effective: draft if the product or the version is a draft
    outdated: bool = False  # translation made from an older text of the original
    # Its transcript (`transcript.<lang>.md` beside it, Markdown): the text of the product's audio or
    # video in this language; '' when there is none.
    transcript: str = ""

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    # Paths are kept as text and made into Path objects when asked for: a run takes tens of
    # thousands of versions from the load cache, and making their Paths was 40% of reading it.
    @property
    def path(self) -> Path:
        return Path(self.file)


@dataclass
class Product:
    slug: str
    directory: str  # its folder, as text (see `folder`)
    type: str
    topics: tuple[str, ...]
    unit: str
    channels: tuple[str, ...]
    published: dt.date
    original_language: str
    status: str
    media: tuple[Media, ...] = ()
    versions: dict[str, Version] = field(default_factory=dict)
    featured: bool = False  # shown first on the home pages
    # The file in `directory` its fields are written in: product.yml, or index.<lang>.md (front matter).
    fields_file: str = "product.yml"
    # Captions of its audio and video (WebVTT, `<media name without extension>.<lang>.vtt` beside the
    # media file): media file -> language -> captions file.
    captions: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return Path(self.directory)

    @property
    def original(self) -> Version | None:
        return self.versions.get(self.original_language)

    def published_versions(self) -> list[Version]:
        return [version for version in self.versions.values() if version.is_published]


@dataclass
class Content:
    root: Path
    languages: list[Language]
    channels: dict[str, Named]
    units: dict[str, Named]
    topics: dict[str, Named]
    products: dict[str, Product]
    # Filled by a cached load (content.LoadCache): each folder's signature, and the cache's key.
    signatures: dict[str, tuple] = field(default_factory=dict)
    cache_key: str = ""
    # Filled by load_content's `inspect`: its result for each folder loaded (not taken from the cache).
    inspected: dict[str, object] = field(default_factory=dict)
    # The hub's own interface strings by language (i18n/hub_locales.py), filled by check_content.
    locales: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # content/hub.yml, when the hub has one (else the site is named by mkdocs.yml's site_name).
    hub: Hub | None = None

    @property
    def default_language(self) -> Language:
        return next(language for language in self.languages if language.default)

    def language(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)

    def published_versions(self):
        """Every version that readers see, products in slug order."""
        for slug in sorted(self.products):
            yield from self.products[slug].published_versions()
