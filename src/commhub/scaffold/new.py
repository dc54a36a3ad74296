"""`commhub new`: start a product, or a translation of one, in the content format.

Every required field is either filled (type, language, title, date, the
translation block with the original's current source_sha) or left as an
empty placeholder with a short Vietnamese comment saying what to write. The
placeholders are chosen so that `commhub check` fails until they are filled
(empty lists and texts, and a `<!-- commhub: ... -->` line in the body): an
unfinished product can never be published by mistake.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from commhub.checks.text import PLACEHOLDER_MARKER
from commhub.content.registries import load_languages, load_named
from commhub.content.fields import ID
from commhub.content.names import slugify
from commhub.content.files import FileRefused, read_file
from commhub.i18n.messages import Messages
from commhub.content.model import CHANNEL_GROUPS, PRODUCT_TYPES
from commhub.content.problems import ProblemList, display_path
from commhub.content.yamlio import LineDict, YamlError, load_yaml, split_front_matter

# Comments in the files are for editors, who read Vietnamese.
COMMENT_LANGUAGE = "vi"


class ScaffoldError(Exception):
    """A refusal, with the message key (under `problem.new.`) and its parameters."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def message(self, messages: Messages) -> str:
        return messages(f"problem.new.{self.code}", **self.params)


@dataclass
class Registries:
    languages: dict  # code -> Language
    units: dict
    topics: dict
    channels: dict
    default: str = "vi"
    problems: ProblemList = field(default_factory=ProblemList)


def load_registries(content_dir: Path) -> Registries:
    problems = ProblemList()
    languages = load_languages(content_dir, problems)
    codes = [language.code for language in languages]
    registries = Registries(
        languages={language.code: language for language in languages},
        units=load_named(content_dir, "units", codes, problems),
        topics=load_named(content_dir, "topics", codes, problems),
        channels=load_named(content_dir, "channels", codes, problems, with_group=CHANNEL_GROUPS),
        default=next((language.code for language in languages if language.default), "vi"),
        problems=problems,
    )
    if problems.errors or not languages:
        raise ScaffoldError("registries_broken")
    return registries


def suggest_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is free first."""
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _flow_list(ids) -> str:
    return ", ".join(ids)


# --- a new product ---------------------------------------------------------------------------------


def new_product(content_dir: Path, title: str, product_type: str, lang: str, unit: str | None = None,
                slug: str | None = None, today: dt.date | None = None) -> list[Path]:
    """Create products/<slug>/product.yml and index.<lang>.md; return the files written."""
    content_dir = Path(content_dir)
    registries = load_registries(content_dir)
    if lang not in registries.languages:
        raise ScaffoldError("language_unknown", lang=lang, allowed=", ".join(registries.languages))
    if unit is not None and unit not in registries.units:
        raise ScaffoldError("unit_unknown", unit=unit, allowed=", ".join(sorted(registries.units)))
    products_dir = content_dir / "products"
    taken = {folder.name for folder in products_dir.iterdir()} if products_dir.is_dir() else set()
    slug = _choose_slug(title, slug, taken)
    folder = products_dir / slug
    t = Messages(COMMENT_LANGUAGE)
    product_file, version_file = folder / "product.yml", folder / f"index.{lang}.md"
    folder.mkdir(parents=True)
    product_file.write_text(_product_yaml(t, registries, product_type, lang, unit, today or dt.date.today()),
                            encoding="utf-8")
    version_file.write_text(_original_markdown(t, title), encoding="utf-8")
    return [product_file, version_file]


def _choose_slug(title: str, slug: str | None, taken: set[str]) -> str:
    if slug is not None:
        if not ID.match(slug):
            base = slugify(slug) or slugify(title) or "san-pham"
            raise ScaffoldError("slug_invalid", slug=slug, suggestion=suggest_slug(base, taken))
    else:
        slug = slugify(title)
        if not slug:
            raise ScaffoldError("slug_empty", title=title)
    if slug in taken:
        raise ScaffoldError("slug_taken", slug=slug, suggestion=suggest_slug(slug, taken))
    return slug


def _product_yaml(t: Messages, registries: Registries, product_type: str, lang: str, unit: str | None,
                  today: dt.date) -> str:
    c = "problem.new.comment."
    topics, units, channels = sorted(registries.topics), sorted(registries.units), list(registries.channels)
    example_topics = _flow_list(topics[:1])
    example_channels = _flow_list(channels[:2])
    unit_value = unit if unit is not None else '""'
    lines = [
        f"# {t(c + 'header')}",
        f"type: {product_type}  # {t(c + 'type', allowed=', '.join(PRODUCT_TYPES))}",
        f"topics: []  # {t(c + 'topics', example=example_topics, allowed=', '.join(topics))}",
        f"unit: {unit_value}  # {t(c + 'unit', allowed=', '.join(units))}",
        f"channels: []  # {t(c + 'channels', example=example_channels, allowed=', '.join(channels))}",
        f"published: {today.isoformat()}  # {t(c + 'published')}",
        f"original_language: {lang}  # {t(c + 'original_language')}",
        f"status: published  # {t(c + 'status')}",
        f"# {t(c + 'media')}",
        "# media:",
        "#   - file: anh-minh-hoa.png",
        "#     kind: image",
        "#     alt:",
        f"#       {lang}: {t(c + 'media_alt')}",
    ]
    return "\n".join(lines) + "\n"


def _original_markdown(t: Messages, title: str) -> str:
    c = "problem.new.comment."
    return (
        "---\n"
        f"title: {_quoted(title)}  # {t(c + 'title')}\n"
        f"summary: \"\"  # {t(c + 'summary')}\n"
        "---\n"
        "\n"
        f"{PLACEHOLDER_MARKER} {t(c + 'body')} -->\n"
    )


# --- a translation -------------------------------------------------------------------------------------


def new_translation(content_dir: Path, slug: str, lang: str) -> Path:
    """Create products/<slug>/index.<lang>.md as a translation of the product's original."""
    content_dir = Path(content_dir)
    registries = load_registries(content_dir)
    if lang not in registries.languages:
        raise ScaffoldError("language_unknown", lang=lang, allowed=", ".join(registries.languages))
    folder = content_dir / "products" / slug
    product_file = folder / "product.yml"
    if not product_file.is_file():
        raise ScaffoldError("product_missing", slug=slug, path=display_path(product_file))
    original_lang = _original_language(product_file)
    if original_lang is None or original_lang not in registries.languages:
        raise ScaffoldError("original_unreadable", slug=slug)
    if lang == original_lang:
        raise ScaffoldError("is_original", lang=lang, slug=slug)
    target = folder / f"index.{lang}.md"
    if target.exists():
        raise ScaffoldError("version_exists", lang=lang, path=display_path(target))
    original = folder / f"index.{original_lang}.md"
    raw = _read_text_file(original)
    body = None if raw is None else _body_of(raw)
    if body is None:
        raise ScaffoldError("original_unreadable", slug=slug)
    t = Messages(COMMENT_LANGUAGE)
    language = registries.languages[lang].name
    target.write_text(_translation_markdown(t, language, hashlib.sha256(raw).hexdigest(), body), encoding="utf-8")
    return target


def _read_text_file(path: Path) -> bytes | None:
    """A content file's bytes; None when it is not an ordinary file, is too large or cannot be read."""
    try:
        return read_file(path, follow_symlinks=False)
    except (OSError, FileRefused):
        return None


def _original_language(product_file: Path) -> str | None:
    raw = _read_text_file(product_file)
    try:
        data = load_yaml(raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")) if raw is not None else None
    except (UnicodeDecodeError, YamlError):
        return None
    value = data.get("original_language") if isinstance(data, LineDict) else None
    return value if isinstance(value, str) else None


def _body_of(raw: bytes) -> str | None:
    try:
        document = split_front_matter(raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n"))
    except (UnicodeDecodeError, YamlError):
        return None
    if document is None:
        return None
    lines = [line for line in document.body.split("\n") if not line.startswith(PLACEHOLDER_MARKER)]
    return "\n".join(lines).strip("\n")


def _translation_markdown(t: Messages, language: str, source_sha: str, body: str) -> str:
    c = "problem.new.comment."
    text = (
        "---\n"
        f"title: \"\"  # {t(c + 'title_translated', language=language)}\n"
        f"summary: \"\"  # {t(c + 'summary_translated', language=language)}\n"
        "translation:\n"
        f"  method: human  # {t(c + 'method')}\n"
        f"  reviewed: false  # {t(c + 'reviewed')}\n"
        f"  # translator: \"\"  # {t(c + 'translator')}\n"
        f"  source_sha: {source_sha}  # {t(c + 'source_sha')}\n"
        "---\n"
        "\n"
        f"{PLACEHOLDER_MARKER} {t(c + 'body_translated', language=language)} -->\n"
    )
    return text + (f"\n{body}\n" if body else "")


# --- the command -----------------------------------------------------------------------------------


def run_new(content_dir: Path, title: str | None, product_type: str | None, lang: str, unit: str | None,
            slug: str | None, translate: str | None, echo: Callable[..., None]) -> int:
    """`commhub new`: create the files and say what to do next; 1 with a message when refused."""
    messages = Messages(COMMENT_LANGUAGE)
    try:
        if translate is not None:
            created = [new_translation(content_dir, translate, lang)]
        else:
            if not title or not product_type:
                raise ScaffoldError("missing_options", allowed=", ".join(PRODUCT_TYPES))
            created = new_product(content_dir, title, product_type, lang, unit, slug)
    except ScaffoldError as error:
        echo(error.message(messages), err=True)
        return 1
    for path in created:
        echo(messages("problem.new.created", path=display_path(path)))
    echo(messages("problem.new.next_steps", path=display_path(created[-1].parent)))
    return 0
