"""`commhub new`: start a product, or a translation of one, in the content format.

The files follow the schema (content/schema.py): its required fields in its order, then the
optional ones it marks `in_skeleton`, commented out. Every required field is either filled (type,
language, title, date, the translation block with the original's current source_sha) or left as
an empty placeholder with a short Vietnamese comment saying what to write. The placeholders are
chosen so that `commhub check` fails until they are filled (empty lists and texts, and a
`<!-- commhub: ... -->` line in the body): an unfinished product can never be published by mistake.
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
from commhub.i18n.messages import MessageError, Messages
from commhub.content.model import PRODUCT_TYPES
from commhub.content.problems import ProblemList, display_path
from commhub.content.products import TIMED_MEDIA, fields_file, parse_fields_text
from commhub.content.schema import (
    BOOLEAN, DATE, ENTRIES, LOCALIZED, PRODUCT, REFERENCE, REFERENCES, TEXT, TRANSLATED, VERSION, Field, Format,
)
from commhub.content.yamlio import LineDict, YamlError, split_front_matter

# Comments in the files are for editors, who read Vietnamese.
COMMENT_LANGUAGE = "vi"


class ScaffoldError(MessageError):
    """A refusal, with the message key (under `problem.new.`) and its parameters."""

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
        channels=load_named(content_dir, "channels", codes, problems),
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
    written = [product_file, version_file]
    if product_type in TIMED_MEDIA:  # the text of what is said (checks/media.py, check_timed_media)
        transcript = folder / f"transcript.{lang}.md"
        transcript.write_text(f"{PLACEHOLDER_MARKER} {t(COMMENT + 'transcript')} -->\n", encoding="utf-8")
        written.append(transcript)
    return written


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
    given = {"type": product_type, "published": today, "original_language": lang, "status": "published"}
    if unit is not None:
        given["unit"] = unit
    lines = [f"# {t(COMMENT + 'header')}", *_skeleton(t, PRODUCT, given, registries, lang)]
    return "\n".join(lines) + "\n"


def _original_markdown(t: Messages, title: str) -> str:
    front = _skeleton(t, VERSION, {"title": title}, None, None)
    return "---\n" + "".join(f"{line}\n" for line in front) + f"---\n\n{PLACEHOLDER_MARKER} {t(COMMENT + 'body')} -->\n"


# --- skeletons from the schema ----------------------------------------------------------------------

COMMENT = "problem.new.comment."


def _skeleton(t: Messages, format: Format, given: dict, registries: Registries | None, lang: str | None,
              language: str | None = None, indent: str = "") -> list[str]:
    """The lines of `format`: each required field, and each given one, with its value in `given` or an
    empty placeholder and its comment; then the optional fields to show, commented out. `language`:
    the name of a translation's language (its comments say what to write in it)."""
    lines = []
    for field in format.fields:
        if field.format is not None and field.name in given:  # a block: its fields below it
            lines.append(f"{indent}{field.name}:")
            lines += _skeleton(t, field.format, given[field.name], registries, lang, language, indent + "  ")
        elif field.required is True or field.name in given:
            value = _value(field, given[field.name]) if field.name in given else _placeholder(field)
            lines.append(f"{indent}{field.name}: {value}  # {_comment(t, format, field, registries, language)}")
        elif field.in_skeleton and field.kind == ENTRIES:
            lines.append(f"{indent}# {_comment(t, format, field, registries, language)}")
            lines += [f"{indent}# {line}" for line in _example_entries(t, field, lang)]
        elif field.in_skeleton:
            lines.append(f"{indent}# {field.name}: {_placeholder(field)}  "
                         f"# {_comment(t, format, field, registries, language)}")
    return lines


def _value(field: Field, value) -> str:
    if field.kind == TEXT:
        return _quoted(value)
    if field.kind == DATE:
        return value.isoformat()
    if field.kind == BOOLEAN:
        return "true" if value else "false"
    return str(value)


def _placeholder(field: Field) -> str:
    """An empty value that `commhub check` refuses."""
    return "[]" if field.kind == REFERENCES else '""'


def _comment(t: Messages, format: Format, field: Field, registries: Registries | None, language: str | None) -> str:
    """The instruction after the field's `#` (`problem.new.comment.<field>`, `<field>_translated` in a
    translation), else the field's description."""
    params = {"limit": field.limit, "language": language, "allowed": ", ".join(field.values)}
    if field.kind in (REFERENCE, REFERENCES) and registries is not None:
        ids = _listed(registries, field.registry)
        params["allowed"] = ", ".join(ids)
        example = list(field.example) if isinstance(field.example, tuple) else [field.example]
        if not set(example) <= set(ids):  # the schema's example where the hub has those ids
            example = ids[:len(example)]
        params["example"] = _flow_list(example)
    for key in ([f"{field.name}_translated"] if language else []) + [field.name]:
        if t.has(COMMENT + key):
            return t(COMMENT + key, **params)
    return t(format.description_key(field))


def _listed(registries: Registries, registry: str) -> list[str]:
    """A registry's ids as a comment lists them: channels and languages in their files' order (channels
    grouped by kind), units and topics (long lists) sorted."""
    ids = list(getattr(registries, registry))
    return ids if registry in ("channels", "languages") else sorted(ids)


def _example_entries(t: Messages, field: Field, lang: str) -> list[str]:
    """A list field's example, one entry of its format's examples, in block style."""
    lines = [f"{field.name}:"]
    for index, sub in enumerate(field.format.fields):
        lead = "  - " if index == 0 else "    "
        if sub.kind == LOCALIZED:
            text = t(field.format.example_key(sub)) if sub.example == TRANSLATED else sub.example[lang]
            lines += [f"{lead}{sub.name}:", f"      {lang}: {text}"]
        elif sub.example is not None:
            lines.append(f"{lead}{sub.name}: {sub.example}")
    return lines


# --- a translation -------------------------------------------------------------------------------------


def new_translation(content_dir: Path, slug: str, lang: str) -> Path:
    """Create products/<slug>/index.<lang>.md as a translation of the product's original."""
    content_dir = Path(content_dir)
    registries = load_registries(content_dir)
    if lang not in registries.languages:
        raise ScaffoldError("language_unknown", lang=lang, allowed=", ".join(registries.languages))
    folder = content_dir / "products" / slug
    product_file = fields_file(folder, registries.default)
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
    transcript = _read_text_file(folder / f"transcript.{original_lang}.md")
    if transcript is not None and not (folder / f"transcript.{lang}.md").exists():  # to translate with it
        text = transcript.decode("utf-8", "replace")
        (folder / f"transcript.{lang}.md").write_text(
            f"{PLACEHOLDER_MARKER} {t(COMMENT + 'transcript_translated', language=language)} -->\n\n{text}",
            encoding="utf-8")
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
        data = parse_fields_text(product_file.name, raw.decode("utf-8-sig")) if raw is not None else None
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
    translation = {"method": "human", "reviewed": False, "source_sha": source_sha}
    given = {"title": "", "summary": "", "translation": translation}
    front = _skeleton(t, VERSION, given, None, None, language)
    text = (
        "---\n" + "".join(f"{line}\n" for line in front) + "---\n\n"
        f"{PLACEHOLDER_MARKER} {t(COMMENT + 'body_translated', language=language)} -->\n"
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
