"""The content format, declared once: every file an editor writes and each of its fields.

A field has a name, a kind (below), whether it is required (or the case in which it is), its
limits, the values or registry it takes, and an example. Its description, in each language, is in
the catalogues under `schema.<section>.<field>` (`schema.example.<format>.<field>` for an example
that is language text); descriptions of allowed values come from the catalogue prefix of their
vocabulary.

Everything that knows the format reads it from here: the loader (content/products.py,
registries.py, targets.py: known and required keys, their order, how each plain field is read),
`commhub new` (scaffold/new.py: the skeletons it writes), the field tables of CONTRIBUTING.md and
of a new hub's CONTRIBUTING.md (scaffold/schema_docs.py), and the open data's column descriptions
(outputs/opendata.py). tests/test_schema.py checks that the loader reads every field declared
here and knows no other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commhub.content.limits import MAX_HUB_TEXT_CHARS, MAX_FILE_NAME_CHARS, MAX_MEDIA_ENTRIES, MAX_REGISTRY_ENTRIES
from commhub.content.model import (
    CHANNEL_GROUPS,
    COUNT_MODES,
    LANGUAGE_GROUPS,
    MEDIA_KINDS,
    PRODUCT_TYPES,
    STATUSES,
    TRANSLATION_METHODS,
    TRANSLATION_RULES,
    UNIT_LEVELS,
)

# Kinds of field.
TEXT = "text"  # a non-empty text
ID = "id"  # lower-case a-z, digits and hyphens
LANGUAGE_CODE = "language_code"  # a registered BCP 47 code
SHA256 = "sha256"  # 64 lower-case hexadecimal digits
DATE = "date"  # YYYY-MM-DD
BOOLEAN = "boolean"
CHOICE = "choice"  # one of `values`
CHOICES = "choices"  # one or a list of `values`
REFERENCE = "reference"  # one id of `registry`
REFERENCES = "references"  # a list of ids of `registry` (one id alone is taken as a list)
LOCALIZED = "localized"  # {language code: text}, codes from languages.yml
NUMBER = "number"  # a number from 0 to 1 (a share)
WHOLE_NUMBER = "whole_number"  # 0, 1, 2 …
MAPPING = "mapping"  # the keys of `format`
ENTRIES = "entries"  # a list of mappings, each with the keys of `format`
KINDS = (TEXT, ID, LANGUAGE_CODE, SHA256, DATE, BOOLEAN, CHOICE, CHOICES, REFERENCE, REFERENCES, LOCALIZED,
         NUMBER, WHOLE_NUMBER, MAPPING, ENTRIES)

# What a registry's entries are called in messages, and the file it is declared in.
REGISTRY_ITEMS = {"languages": "language", "channels": "channel", "units": "unit", "topics": "topic"}


def registry_file(registry: str) -> str:
    return f"{registry}.yml"


# An example that is language text: in the catalogues, `schema.example.<format>.<field>`.
TRANSLATED = "translated example"


@dataclass(frozen=True)
class Vocabulary:
    """A fixed list of values (a model enumeration) and where the catalogues describe each value."""

    values: tuple[str, ...]
    labels: str  # catalogue prefix: `<labels>.<value>` describes a value

    def label_key(self, value: str) -> str:
        return f"{self.labels}.{value}"


PRODUCT_TYPE_VALUES = Vocabulary(PRODUCT_TYPES, "ui.type")  # the site's own names of the types
STATUS_VALUES = Vocabulary(STATUSES, "schema.values.status")
MEDIA_KIND_VALUES = Vocabulary(MEDIA_KINDS, "schema.values.media_kind")
TRANSLATION_METHOD_VALUES = Vocabulary(TRANSLATION_METHODS, "schema.values.translation_method")
LANGUAGE_GROUP_VALUES = Vocabulary(LANGUAGE_GROUPS, "ui.report.language_group")
CHANNEL_GROUP_VALUES = Vocabulary(CHANNEL_GROUPS, "ui.report.channel_group")
COUNT_MODE_VALUES = Vocabulary(COUNT_MODES, "schema.values.count_mode")
TRANSLATION_RULE_VALUES = Vocabulary(TRANSLATION_RULES, "schema.values.translation_rule")
UNIT_LEVEL_VALUES = Vocabulary(UNIT_LEVELS, "schema.values.unit_level")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    # True, False, or the case in which it is required (described under `schema.required.<case>`):
    # the loader checks those cases itself, with their own messages.
    required: bool | str = False
    vocabulary: Vocabulary | None = None  # choice, choices
    registry: str | None = None  # reference, references: languages, channels, units or topics
    limit: int | None = None  # text: characters; entries: entries
    example: Any = None  # a YAML value (a tuple for a list), TRANSLATED, or None (filled in by commhub)
    format: "Format | None" = None  # mapping, entries
    # An optional field that `commhub new` still writes, commented out, to show how it is written.
    in_skeleton: bool = False

    @property
    def values(self) -> tuple[str, ...]:
        return self.vocabulary.values if self.vocabulary else ()

    @property
    def item(self) -> str | None:
        """What one id of the registry is called in messages ("topic")."""
        return REGISTRY_ITEMS[self.registry] if self.registry else None

    @property
    def source(self) -> str | None:
        """The file the registry is declared in ("topics.yml")."""
        return registry_file(self.registry) if self.registry else None


@dataclass(frozen=True)
class Format:
    """The keys of one YAML mapping an editor writes: a file, a block inside one, or a list's entry."""

    name: str  # unique
    file: str  # the file it is written in, as CONTRIBUTING.md names it
    fields: tuple[Field, ...]
    section: str = ""  # catalogue section of its descriptions (default: `name`)

    def __post_init__(self):
        assert len({field.name for field in self.fields}) == len(self.fields), self.name
        assert all(field.kind in KINDS for field in self.fields), self.name
        if not self.section:
            object.__setattr__(self, "section", self.name)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key, in the order editors write them (and messages list them)."""
        return tuple(field.name for field in self.fields)

    @property
    def required(self) -> tuple[str, ...]:
        """The keys required in every case."""
        return tuple(field.name for field in self.fields if field.required is True)

    def __getitem__(self, name: str) -> Field:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def __contains__(self, name: str) -> bool:
        return any(field.name == name for field in self.fields)

    def description_key(self, field: Field) -> str:
        return f"schema.{self.section}.{field.name}"

    def example_key(self, field: Field) -> str:
        return f"schema.example.{self.name}.{field.name}"


# --- products/<slug>/ ------------------------------------------------------------------------------

MEDIA = Format("media", "product.yml", (
    Field("file", TEXT, required=True, limit=MAX_FILE_NAME_CHARS, example="anh-minh-hoa.png"),
    Field("kind", CHOICE, required=True, vocabulary=MEDIA_KIND_VALUES, example="image"),
    # Required for an image in each language the product has (checks/media.py).
    Field("alt", LOCALIZED, required="image", example=TRANSLATED),
))

PRODUCT = Format("product", "product.yml", (
    Field("type", CHOICE, required=True, vocabulary=PRODUCT_TYPE_VALUES, example="poster"),
    Field("topics", REFERENCES, required=True, registry="topics", example=("childrens-rights",)),
    Field("unit", REFERENCE, required=True, registry="units", example="so-tu-phap"),
    Field("channels", REFERENCES, required=True, registry="channels", example=("website", "facebook")),
    Field("published", DATE, required=True, example="2024-06-01"),
    Field("original_language", REFERENCE, required=True, registry="languages", example="vi"),
    Field("status", CHOICE, required=True, vocabulary=STATUS_VALUES, example="published"),
    # Shown first on each language's home page (site/plan.py), among the products in that language.
    Field("featured", BOOLEAN, example=True),
    Field("media", ENTRIES, limit=MAX_MEDIA_ENTRIES, format=MEDIA, in_skeleton=True),
))

TRANSLATION = Format("translation", "index.<lang>.md", (
    Field("method", CHOICE, required=True, vocabulary=TRANSLATION_METHOD_VALUES, example="human"),
    Field("reviewed", BOOLEAN, required=True, example=False),
    Field("translator", TEXT, example="Nguyễn Thị Lan", in_skeleton=True),
    # Written by `commhub new --translate` and `commhub translate --refresh`; missing (the browser editor
    # cannot compute it): a warning, naming that command.
    Field("source_sha", SHA256, required="recorded"),
))

# The front matter of a language version. Its fields that are also product fields (channels,
# published, status) override the product's for this version.
VERSION = Format("version", "index.<lang>.md", (
    Field("title", TEXT, required=True, example=TRANSLATED),
    Field("summary", TEXT, required=True, limit=300, example=TRANSLATED),
    # Required in a translation, refused in the original (products.py says which).
    Field("translation", MAPPING, required="translation", format=TRANSLATION),
    Field("channels", REFERENCES, registry="channels", example=("website",)),
    Field("published", DATE, example="2024-06-15"),
    Field("status", CHOICE, vocabulary=STATUS_VALUES, example="draft"),
))

# --- the registries --------------------------------------------------------------------------------

LANGUAGE = Format("language", "languages.yml", (
    Field("code", LANGUAGE_CODE, required=True, example="vi"),
    Field("name", TEXT, required=True, example="Tiếng Việt"),
    Field("group", CHOICE, required=True, vocabulary=LANGUAGE_GROUP_VALUES, example="national"),
    Field("default", BOOLEAN, example=True),
    Field("ui_fallback", REFERENCE, registry="languages", example="vi"),
))

_NAME = Field("name", LOCALIZED, required=True, example=TRANSLATED)


def _named(name: str, file: str, example: str, *more: Field) -> Format:
    # Channels, units and topics share their descriptions (section `named`), not their examples.
    return Format(name, file, (Field("id", ID, required=True, example=example), _NAME, *more), section="named")


CHANNEL = _named("channel", "channels.yml", "website",
                 Field("group", CHOICE, required=True, vocabulary=CHANNEL_GROUP_VALUES, example="digital"))
UNIT = _named("unit", "units.yml", "so-tu-phap",
              Field("level", CHOICE, vocabulary=UNIT_LEVEL_VALUES, example="department"),
              Field("parent", REFERENCE, registry="units", example="ubnd-tinh"),
              Field("valid_from", DATE, example="2008-04-01"),
              Field("valid_to", DATE, example="2025-06-30"),
              Field("successors", REFERENCES, registry="units", example=("so-tu-phap-tp",)))
TOPIC = _named("topic", "topics.yml", "legal-aid")


def _registry_file(registry: str, entry: Format) -> Format:
    """A registry file: one key, its name, holding the list of entries."""
    return Format(registry, registry_file(registry), (
        Field(registry, ENTRIES, required=True, limit=MAX_REGISTRY_ENTRIES[registry], format=entry),
    ), section="registry")


LANGUAGES_FILE = _registry_file("languages", LANGUAGE)
CHANNELS_FILE = _registry_file("channels", CHANNEL)
UNITS_FILE = _registry_file("units", UNIT)
TOPICS_FILE = _registry_file("topics", TOPIC)
REGISTRY_FILES = {file.name: file for file in (LANGUAGES_FILE, CHANNELS_FILE, UNITS_FILE, TOPICS_FILE)}
REGISTRY_ENTRIES = {name: file[name].format for name, file in REGISTRY_FILES.items()}

# --- plans: content/plans/<id>.yml (and targets.yml, a hub's single plan) --------------------------

PLAN = Format("plan", "plans/<id>.yml", (
    Field("name", TEXT, required=True, example=TRANSLATED),
    Field("number", TEXT, example="81/KH-UBND"),  # số hiệu
    Field("date", DATE, example="2024-05-06"),  # the day it was issued
    Field("authority", TEXT, example=TRANSLATED),  # who issued it
    Field("reference", TEXT, example="123/KH-UBND, 2024-01-15"),  # number and date in one text (older form)
))
PERIOD = Format("period", "plans/<id>.yml", (
    Field("from", DATE, required=True, example="2024-01-01"),
    Field("to", DATE, required=True, example="2024-12-31"),
))
# An item of a target's `any`: every key given must hold; each takes one id or a list of ids.
CONDITION = Format("condition", "plans/<id>.yml", (
    Field("language", REFERENCES, registry="languages", example=("km", "hmn")),
    Field("language_group", CHOICES, vocabulary=LANGUAGE_GROUP_VALUES, example="ethnic_minority"),
    Field("channel", REFERENCES, registry="channels", example=("website", "facebook")),
    Field("channel_group", CHOICES, vocabulary=CHANNEL_GROUP_VALUES, example="digital"),
    Field("type", CHOICES, vocabulary=PRODUCT_TYPE_VALUES, example=("video", "audio")),
    Field("unit", REFERENCES, registry="units", example="so-tu-phap"),
    Field("topic", REFERENCES, registry="topics", example="legal-aid"),
))
SHARE = Format("share", "plans/<id>.yml", (
    Field("min", NUMBER, required="bound", example=0.15),
    Field("max", NUMBER, required="bound", example=0.2),
))
COUNT = Format("count", "plans/<id>.yml", (
    Field("min", WHOLE_NUMBER, required=True, example=10),  # no maximum: a count is met or not yet met
))
# A goal of a multi-year plan for a part of its period (a year): the same measure as its target's.
MILESTONE = Format("milestone", "plans/<id>.yml", (
    Field("period", MAPPING, required=True, format=PERIOD),
    Field("share", MAPPING, required="measure", format=SHARE),
    Field("count", MAPPING, required="measure", format=COUNT),
))
TARGET = Format("target", "plans/<id>.yml", (
    Field("id", ID, required=True, example="minority-languages"),
    Field("label", LOCALIZED, required=True, example=TRANSLATED),
    Field("any", ENTRIES, required=True, format=CONDITION),
    Field("share", MAPPING, required="measure", format=SHARE),
    Field("count", MAPPING, required="measure", format=COUNT),
    Field("count_by", CHOICE, vocabulary=COUNT_MODE_VALUES, example="products"),  # else the plan's `count`
    Field("translations", CHOICE, vocabulary=TRANSLATION_RULE_VALUES, example="reviewed"),  # else the plan's
    Field("milestones", ENTRIES, format=MILESTONE),
))
TARGETS = Format("targets", "plans/<id>.yml", (
    Field("plan", MAPPING, required=True, format=PLAN),
    Field("period", MAPPING, required=True, format=PERIOD),
    Field("count", CHOICE, required=True, vocabulary=COUNT_MODE_VALUES, example="versions"),
    Field("translations", CHOICE, vocabulary=TRANSLATION_RULE_VALUES, example="reviewed"),
    Field("targets", ENTRIES, required=True, format=TARGET),
))

# --- all of them ---------------------------------------------------------------------------------

# The editor's files, by the name CONTRIBUTING.md gives them, and the format of what each holds
# (of a registry: of one of its entries, the file being `<registry>: [entries]`).
# --- hub.yml (content/hub.py) ---------------------------------------------------------------------

HUB = Format("hub", "hub.yml", tuple(
    Field(name, LOCALIZED, required=name == "name", limit=MAX_HUB_TEXT_CHARS[name], example=TRANSLATED)
    for name in ("name", "description", "province", "agency")
))


FILES = {
    "hub.yml": HUB,
    "languages.yml": LANGUAGE,
    "channels.yml": CHANNEL,
    "units.yml": UNIT,
    "topics.yml": TOPIC,
    "product.yml": PRODUCT,
    "index.<lang>.md": VERSION,
    "plans/<id>.yml": TARGETS,
}


def nested(format: Format):
    """`format` and every format inside it, each once, outermost first."""
    yield format
    for field in format.fields:
        if field.format is not None:
            yield from nested(field.format)


FORMATS = {format.name: format
           for top in (*REGISTRY_FILES.values(), PRODUCT, VERSION, TARGETS, HUB) for format in nested(top)}
