"""Load `content/` into the model, reporting every problem instead of stopping at the first.

`load_content(root)` never raises for bad content: it returns the model of
everything that could be read plus the list of problems, so that one run of
the build or the checker tells an editor about all of them.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import datetime as dt
import gc
import hashlib
import io
import operator
import os
import pickle
import re
import stat as stat_module
import struct
import sys
import time
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from typing import Callable

from commhub import PACKAGE_DIR
from commhub.content.files import READ_FLAGS_NO_LINKS, FileRefused, read_all, read_file, size_limit
from commhub.content.language_tags import REMOVABLE_CODE, code_problem, is_private_use
from commhub.content.limits import MAX_FILE_NAME_CHARS, MAX_MEDIA_ENTRIES, MAX_REGISTRY_ENTRIES
from commhub.content.model import (
    CHANNEL_GROUPS,
    LANGUAGE_GROUPS,
    MEDIA_KINDS,
    PRODUCT_TYPES,
    STATUSES,
    TRANSLATION_METHODS,
    Content,
    Language,
    Media,
    Named,
    Product,
    Translation,
    Version,
)
from commhub.cache.key import open_cache, read_blocks, write_blocks
from commhub.cache.pages import hash_files
from commhub.content.problems import ProblemList, closest
from commhub.content.yamlio import LineDict, LineList, YamlError, load_yaml, split_front_matter

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
VERSION_FILE = re.compile(r"^index(?:\.(?P<lang>[^.]+))?\.md$")
SUMMARY_MAX = 300

PRODUCT_KEYS = ("type", "topics", "unit", "channels", "published", "original_language", "status", "media")
PRODUCT_REQUIRED = PRODUCT_KEYS[:-1]
VERSION_KEYS = ("title", "summary", "translation", "channels", "published", "status")
TRANSLATION_KEYS = ("method", "reviewed", "translator", "source_sha")
MEDIA_KEYS = ("file", "kind", "alt")
LANGUAGE_KEYS = ("code", "name", "group", "default", "ui_fallback")


@dataclass
class FolderFiles:
    """What was read of a product folder's text files, by file name: each file is read, hashed and
    decoded once, for its signature, for loading and for the checks."""

    data: dict[str, bytes] = field(default_factory=dict)
    sha256: dict[str, str] = field(default_factory=dict)  # hexadecimal
    texts: dict[str, str] = field(default_factory=dict)  # decoded, when it had no CR (see `decode_text`)


def sha256_of(path: Path) -> str:
    """SHA-256 of a content file; FileRefused or OSError when it cannot be read (see `read_file`)."""
    return hashlib.sha256(read_file(path)).hexdigest()


def read_text(path: Path, problems: ProblemList, raw: bytes | None = None, texts: dict | None = None) -> str | None:
    """File text with a BOM dropped and line endings made LF; None when unreadable. `raw`: its bytes, if read;
    `texts`: see `decode_text`."""
    raw = read_bytes(path, problems) if raw is None else raw
    return None if raw is None else decode_text(raw, path, problems, texts)


def read_bytes(path: Path, problems: ProblemList, follow_symlinks: bool = False) -> bytes | None:
    """A content file's bytes; None, reported, when it is a symbolic link (which could publish a file
    from outside content/), not an ordinary file, over its size limit (see content/files.py) or
    cannot be read."""
    if not follow_symlinks and os.path.islink(path):
        problems.error(path, 0, "symlink_not_allowed", name=Path(path).name)
        return None
    try:
        return read_file(path, follow_symlinks=follow_symlinks)
    except FileRefused as refused:
        problems.error(path, 0, refused.code, **refused.params)
    except OSError as error:
        problems.error(path, 0, "unreadable", reason=error.strerror or str(error))
    return None


def decode_text(raw: bytes, path: Path, problems: ProblemList, texts: dict | None = None) -> str | None:
    """`raw` as text (see `read_text`); with `texts`, kept there by file name when it had no CR to replace."""
    # As the "utf-8-sig" codec, whose Python code costs more than the decoding itself.
    start = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = raw[start:].decode("utf-8") if start else raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, start + error.start) + 1
        problems.error(path, line, "not_utf8")
        return None
    if b"\r" in raw:
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if texts is not None:
        texts[path.name] = text
    return text


def parse_yaml_file(path: Path, problems: ProblemList, raw: bytes | None = None, texts: dict | None = None):
    text = read_text(path, problems, raw, texts)
    if text is None:
        return None
    try:
        return load_yaml(text)
    except YamlError as error:
        problems.error(path, error.line, "yaml_syntax", problem=error.problem)
        return None


class _Fields:
    """Validation of one YAML mapping, reporting into `problems` against `path`."""

    def __init__(self, path: Path, mapping: LineDict, problems: ProblemList, prefix: str = ""):
        self.path, self.mapping, self.problems, self.prefix = path, mapping, problems, prefix

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def line(self, key: str) -> int:
        return self.mapping.line_of(key)

    def unknown_keys(self, allowed) -> None:
        for key in self.mapping:
            if key not in allowed:
                suggestion = closest(key, allowed)
                self.problems.error(
                    self.path, self.line(key), "field_unknown" if suggestion is None else "field_unknown_suggest",
                    field=self.name(key), suggestion=suggestion, allowed=", ".join(allowed),
                )

    def require(self, keys) -> None:
        for key in keys:
            if key not in self.mapping or self.mapping[key] is None:
                self.problems.error(self.path, self.mapping.line, "field_missing", field=self.name(key))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.error(self.path, self.line(key), "expected_text", field=self.name(key))
            return None
        return value.strip()

    def identifier(self, key: str, pattern: re.Pattern = None, code: str = "id_invalid") -> str | None:
        """A text that must match `pattern` (default: a lower-case id); reported as `code` if not."""
        value = self.text(key)
        if value is not None and not (pattern or ID).match(value):
            self.problems.error(self.path, self.line(key), code, value=value)
            return None
        return value

    def choice(self, key: str, allowed) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.problems.error(
                self.path, self.line(key), "value_not_allowed",
                field=self.name(key), value=value, allowed=", ".join(allowed),
            )
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problems.error(self.path, self.line(key), "expected_boolean", field=self.name(key), value=value)
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        return parse_date(value, self.path, self.line(key), self.name(key), self.problems)

    def reference(self, key: str, known, kind: str, source: str) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        return check_reference(value, known, kind, source, self.path, self.line(key), self.name(key), self.problems)

    def references(self, key: str, known, kind: str, source: str) -> tuple[str, ...] | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = LineList([value])
            value.line, value.item_lines = self.line(key), [self.line(key)]
        if not isinstance(value, list) or not value:
            self.problems.error(self.path, self.line(key), "expected_id_list", field=self.name(key))
            return None
        ids = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LineList) else self.line(key)
            checked = check_reference(item, known, kind, source, self.path, line, self.name(key), self.problems)
            if checked is not None and checked not in ids:
                ids.append(checked)
        return tuple(ids)


def check_reference(value, known, kind, source, path, line, field, problems) -> str | None:
    if isinstance(value, str) and value in known:
        return value
    suggestion = closest(value, known)
    if kind == "language" and isinstance(value, str) and REMOVABLE_CODE.fullmatch(value):
        undeclared_language(value, known, path, line, field, problems, suggestion)
        return None
    problems.error(
        path, line, "unknown_id" if suggestion is None else "unknown_id_suggest",
        field=field, kind=kind, value=value, source=source, allowed=", ".join(sorted(known)), suggestion=suggestion,
    )
    return None


def undeclared_language(code: str, declared, path, line, field, problems, suggestion: str | None = None) -> None:
    """Content in a language languages.yml does not declare: the message names the commands that
    declare it or remove everything in it (`commhub language add|remove`)."""
    problems.error(path, line, "language_undeclared_suggest" if suggestion else "language_undeclared", field=field,
                   value=code, allowed=", ".join(sorted(declared)), suggestion=suggestion)


def parse_date(value, path, line, field, problems) -> dt.date | None:
    text = str(value).strip()
    if ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    vietnamese = DMY_DATE.match(text)
    if vietnamese:
        day, month, year = (int(part) for part in vietnamese.groups())
        try:
            suggestion = dt.date(year, month, day).isoformat()
            problems.error(path, line, "date_day_first", field=field, value=text, suggestion=suggestion)
            return None
        except ValueError:
            pass
    problems.error(path, line, "date_invalid", field=field, value=text)
    return None


# --- registries: languages, channels, units, topics -------------------------------------------


def load_languages(root: Path, problems: ProblemList) -> list[Language]:
    path = root / "languages.yml"
    data = _registry_document(path, "languages", problems)
    languages: list[Language] = []
    first_line: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, LineDict):
            problems.error(path, line, "expected_mapping", field=f"languages[{index + 1}]")
            continue
        fields = _Fields(path, entry, problems, prefix="")
        fields.unknown_keys(LANGUAGE_KEYS)
        fields.require(("code", "name", "group"))
        code = fields.identifier("code", LANGUAGE_CODE, "language_code_invalid")
        registered = code_problem(code) if code is not None else None
        if registered is not None:
            problems.error(path, entry.line_of("code"), registered[0], **registered[1])
            code = None
        elif code is not None and is_private_use(code):
            problems.warning(path, entry.line_of("code"), "language_code_private", value=code)
        if code is not None and code in first_line:
            problems.error(path, entry.line_of("code"), "duplicate_id", value=code, first_line=first_line[code])
            code = None
        name, group = fields.text("name"), fields.choice("group", LANGUAGE_GROUPS)
        default = fields.boolean("default")
        ui_fallback = fields.text("ui_fallback")
        if code is None or name is None or group is None:
            continue
        first_line[code] = entry.line_of("code")
        languages.append(Language(code, name, group, bool(default), ui_fallback))
    codes = [language.code for language in languages]
    for language in languages:
        if language.ui_fallback is not None and language.ui_fallback not in codes:
            problems.error(
                path, first_line[language.code], "unknown_id", field="ui_fallback", kind="language",
                value=language.ui_fallback, source="languages.yml", allowed=", ".join(codes), suggestion=None,
            )
    defaults = [language for language in languages if language.default]
    if languages and len(defaults) != 1:
        lines = ", ".join(str(first_line[language.code]) for language in defaults)
        problems.error(path, first_line[defaults[1].code] if len(defaults) > 1 else data.line,
                       "default_count", count=len(defaults), lines=lines or "-")
    return languages


def _registry_document(path: Path, key: str, problems: ProblemList) -> LineList:
    empty = LineList()
    empty.line, empty.item_lines = 0, []
    if not path.exists():
        problems.error(path, 0, "file_missing")
        return empty
    before = len(problems)
    data = parse_yaml_file(path, problems)  # a folder, pipe or device is refused there
    if data is None and len(problems) > before:
        return empty  # unreadable or not YAML: already reported
    if not isinstance(data, LineDict) or key not in data:
        problems.error(path, getattr(data, "line", 1), "registry_key_missing", key=key)
        return empty
    _Fields(path, data, problems).unknown_keys((key,))
    entries = data[key]
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of(key), "expected_list", field=key)
        return empty
    limit = MAX_REGISTRY_ENTRIES[key]
    if len(entries) > limit:
        # Every page carries a language's menu and switcher, every product page its topics: the
        # site grows with the square of these lists.
        problems.error(path, entries.line_of(limit), "registry_too_long", field=key, limit=limit)
        del entries[limit:]
    return entries


def load_named(root: Path, key: str, languages: list[str], problems: ProblemList, with_group=None) -> dict[str, Named]:
    """Load channels.yml / units.yml / topics.yml: `<key>: [{id, name: {lang: text}, ...}]`."""
    path = root / f"{key}.yml"
    data = _registry_document(path, key, problems)
    allowed = ("id", "name", "group") if with_group else ("id", "name")
    result: dict[str, Named] = {}
    first_line: dict[str, int] = {}
    for index, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            problems.error(path, data.line_of(index), "expected_mapping", field=f"{key}[{index + 1}]")
            continue
        fields = _Fields(path, entry, problems)
        fields.unknown_keys(allowed)
        fields.require(allowed)
        item_id = fields.identifier("id")
        if item_id is not None and item_id in first_line:
            problems.error(path, entry.line_of("id"), "duplicate_id", value=item_id, first_line=first_line[item_id])
            item_id = None
        names = localized_texts(entry, "name", languages, path, problems)
        group = fields.choice("group", with_group) if with_group else None
        if item_id is None or names is None or (with_group and group is None):
            continue
        first_line[item_id] = entry.line_of("id")
        result[item_id] = Named(item_id, names, group)
    return result


def localized_texts(mapping: LineDict, key: str, languages: list[str], path: Path, problems: ProblemList,
                    field: str | None = None) -> dict[str, str] | None:
    """A `{lang: text}` mapping whose keys must be declared languages."""
    field = field or key
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, LineDict) or not value:
        problems.error(path, mapping.line_of(key), "expected_localized", field=field)
        return None
    texts = {}
    for lang, text in value.items():
        if lang not in languages:
            check_reference(lang, languages, "language", "languages.yml", path, value.line_of(lang), f"{field}.{lang}",
                            problems)
        elif not isinstance(text, str) or not text.strip():
            problems.error(path, value.line_of(lang), "expected_text", field=f"{field}.{lang}")
        else:
            texts[lang] = text.strip()
    return texts


# --- products ------------------------------------------------------------------------------------


def load_product(folder: Path, registries: dict, problems: ProblemList, files: FolderFiles | None = None,
                 entries: list[os.DirEntry] | None = None) -> Product | None:
    """Load one product folder; None when it cannot be published at all.

    `files`: its text files already read (see `_read_folder`), to which their decoded texts are added;
    `entries`: the folder's DirEntry objects in name order, if already listed.
    """
    files = files if files is not None else FolderFiles()
    slug = folder.name
    languages = registries["languages"]
    if not ID.match(slug):
        problems.error(folder, 0, "slug_invalid", slug=slug, suggestion=slugify(slug) or "quyen-tre-em")
    if entries is None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    # Links, pipes, devices and odd names are refused from the listing, unopened; reported after product.yml's
    # own problems.
    name_problems = ProblemList()
    names = _safe_names(folder, name_problems, entries)
    path = _child(folder, "product.yml")
    data = None
    if "product.yml" not in files.data and "product.yml" not in names:
        if not any(entry.name == "product.yml" for entry in entries):  # else refused above
            problems.error(path, 0, "file_missing")
    else:
        before = len(problems)
        raw = files.data.get("product.yml")
        if raw is None:
            raw = read_bytes(path, problems, follow_symlinks=False)
        data = None if raw is None else parse_yaml_file(path, problems, raw, files.texts)
        # An empty file (or only comments, `~`, `null`) is no product: say so, never drop it silently.
        if not isinstance(data, LineDict) and len(problems) == before:
            problems.error(path, getattr(data, "line", 1), "expected_mapping", field="product.yml")
        if not isinstance(data, LineDict):
            data = None
    product = None
    if data is not None:
        product = _product_fields(slug, folder, path, data, registries, problems)
    problems.extend(name_problems)
    _load_versions(folder, names, product, languages, registries, problems, files)
    if product is not None:
        _check_media_files(folder, names, product, problems, entries)
    if not ID.match(slug):
        return None
    return product


def _product_fields(slug, folder, path, data: LineDict, registries, problems: ProblemList) -> Product | None:
    fields = _Fields(path, data, problems)
    fields.unknown_keys(PRODUCT_KEYS)
    fields.require(PRODUCT_REQUIRED)
    values = dict(
        type=fields.choice("type", PRODUCT_TYPES),
        topics=fields.references("topics", registries["topics"], "topic", "topics.yml"),
        unit=fields.reference("unit", registries["units"], "unit", "units.yml"),
        channels=fields.references("channels", registries["channels"], "channel", "channels.yml"),
        published=fields.date("published"),
        original_language=fields.reference("original_language", registries["languages"], "language", "languages.yml"),
        status=fields.choice("status", STATUSES),
    )
    media = _media(path, data, registries["languages"], problems)
    if any(value is None for value in values.values()) or media is None:
        return None
    return Product(slug=slug, directory=str(folder), media=media, **values)


def _media(path: Path, data: LineDict, languages, problems: ProblemList) -> tuple[Media, ...] | None:
    entries = data.get("media")
    if entries is None:
        return ()
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of("media"), "expected_list", field="media")
        return None
    media, ok = [], True
    if len(entries) > MAX_MEDIA_ENTRIES:
        problems.error(path, entries.line_of(MAX_MEDIA_ENTRIES), "media_too_many", limit=MAX_MEDIA_ENTRIES)
        return None
    files_seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        field = f"media[{index + 1}]"
        if isinstance(entry, LineDict) and isinstance(entry.get("file"), str):
            if entry["file"] in files_seen:
                problems.error(path, entry.line_of("file"), "media_duplicate", file=entry["file"],
                               first_line=files_seen[entry["file"]])
                ok = False
                continue
            files_seen[entry["file"]] = entry.line_of("file")
        if not isinstance(entry, LineDict):
            problems.error(path, entries.line_of(index), "expected_mapping", field=field)
            ok = False
            continue
        fields = _Fields(path, entry, problems, prefix=f"{field}.")
        fields.unknown_keys(MEDIA_KEYS)
        fields.require(("file", "kind"))
        file, kind = fields.text("file"), fields.choice("kind", MEDIA_KINDS)
        alt = localized_texts(entry, "alt", list(languages), path, problems, field=f"{field}.alt")
        if file is not None and (file != Path(file).name or file.startswith(".")):
            problems.error(path, entry.line_of("file"), "media_path_invalid", file=file)
            file = None
        elif file is not None and not is_safe_file_name(file):  # it goes into addresses and HTML attributes
            problems.error(path, entry.line_of("file"), "media_name_unsafe", file=file,
                           suggestion=safe_file_name(file), limit=MAX_FILE_NAME_CHARS)
            file = None
        if file is None or kind is None or ("alt" in entry and alt is None):
            ok = False
            continue
        media.append(Media(file, kind, alt or {}))
    return tuple(media) if ok else None


def _load_versions(folder: Path, names: list[str], product: Product | None, languages, registries,
                   problems: ProblemList, files: FolderFiles) -> None:
    original_lang = product.original_language if product else None
    found: dict[str, Path] = {}
    for name in names:
        match = VERSION_FILE.match(name)
        if not match and not name.endswith(".md"):
            continue  # product.yml, media: not a version
        path = _child(folder, name)
        if name.endswith(".md") and not match:
            problems.error(path, 0, "markdown_name_invalid", name=name)
            continue
        if not match:
            continue
        lang = match.group("lang")
        if lang is None:
            default = next((code for code, language in languages.items() if language.default), "vi")
            problems.error(path, 0, "index_without_language", default=default)
        elif lang not in languages:
            problems.error(path, 0, "language_suffix_unknown", name=name, suffix=lang,
                           allowed=", ".join(languages))
        else:
            found[lang] = path
    raw = {lang: files.data[path.name] if path.name in files.data else read_bytes(path, problems, False)
           for lang, path in found.items()}
    if product is None:
        for lang, path in found.items():  # still report what is wrong inside each version
            if raw[lang] is not None:
                _load_version(path, raw[lang], lang, None, None, registries, problems, files)
        return
    original_raw = raw.get(original_lang)
    original_sha = None if original_raw is None else _sha256(files, found[original_lang].name, original_raw)
    if original_lang not in found:
        problems.error(folder / "product.yml", 0, "original_missing", lang=original_lang, slug=product.slug)
    for lang, path in found.items():
        if raw[lang] is None:
            continue
        version = _load_version(path, raw[lang], lang, product, original_sha, registries, problems, files)
        if version is not None:
            product.versions[lang] = version


def _sha256(files: FolderFiles, name: str, raw: bytes) -> str:
    sha = files.sha256.get(name)
    return hashlib.sha256(raw).hexdigest() if sha is None else sha


def _load_version(path: Path, raw: bytes, lang: str, product: Product | None, original_sha, registries,
                  problems: ProblemList, files: FolderFiles):
    text = decode_text(raw, path, problems, files.texts)
    if text is None:
        return None
    try:
        document = split_front_matter(text)
    except YamlError as error:
        problems.error(path, error.line, "yaml_syntax", problem=error.problem)
        return None
    if document is None:
        problems.error(path, 1, "front_matter_missing")
        return None
    meta = document.meta
    if not isinstance(meta, LineDict):
        problems.error(path, 2, "front_matter_missing")
        return None
    fields = _Fields(path, meta, problems)
    fields.unknown_keys(VERSION_KEYS)
    fields.require(("title", "summary"))
    title, summary = fields.text("title"), fields.text("summary")
    if summary is not None and len(summary) > SUMMARY_MAX:
        problems.error(path, meta.line_of("summary"), "summary_too_long", length=len(summary), limit=SUMMARY_MAX)
    channels = fields.references("channels", registries["channels"], "channel", "channels.yml")
    published = fields.date("published")
    status = fields.choice("status", STATUSES)
    translation = _translation(path, meta, lang, product, problems)
    if product is None or title is None or summary is None or translation is False:
        return None
    if ("channels" in meta and channels is None) or ("published" in meta and published is None) or (
            "status" in meta and status is None):
        return None
    effective_status = "draft" if "draft" in (product.status, status) else "published"
    version = Version(
        slug=product.slug, lang=lang, file=str(path), sha256=_sha256(files, path.name, raw), title=title,
        summary=summary, body_first_line=document.body_first_line, translation=translation,
        channels=channels or product.channels, published=published or product.published, status=effective_status,
    )
    if translation is not None and original_sha is not None and translation.source_sha != original_sha:
        version.outdated = True
        problems.warning(path, meta.line_of("translation"), "translation_outdated", lang=product.original_language)
    return version


def _translation(path: Path, meta: LineDict, lang: str, product: Product | None, problems: ProblemList):
    """The translation block; None for an original, False when it is wrong."""
    block = meta.get("translation")
    is_original = product is not None and lang == product.original_language
    if is_original:
        if block is not None:
            problems.error(path, meta.line_of("translation"), "original_has_translation", lang=lang)
            return False
        return None
    if block is None:
        if product is not None:
            problems.error(path, meta.line, "translation_missing", lang=product.original_language)
        return False
    if not isinstance(block, LineDict):
        problems.error(path, meta.line_of("translation"), "expected_mapping", field="translation")
        return False
    fields = _Fields(path, block, problems, prefix="translation.")
    fields.unknown_keys(TRANSLATION_KEYS)
    fields.require(("method", "reviewed", "source_sha"))
    method, reviewed = fields.choice("method", TRANSLATION_METHODS), fields.boolean("reviewed")
    translator, source_sha = fields.text("translator"), fields.text("source_sha")
    if source_sha is not None and not SHA256.match(source_sha):
        problems.error(path, block.line_of("source_sha"), "source_sha_invalid", value=source_sha)
        source_sha = None
    if method is None or reviewed is None or source_sha is None:
        return False
    return Translation(method, reviewed, source_sha, translator)


def _check_media_files(folder: Path, names: list[str], product: Product, problems: ProblemList,
                       entries: list[os.DirEntry]) -> None:
    """`entries`: all of the folder's, of which `names` are those not refused (see `_safe_names`)."""
    listed = {media.file for media in product.media}
    for media in product.media:
        if media.file not in names or not (folder / media.file).is_file():  # `in names` first: no OSError
            if media.file in names or not any(entry.name == media.file for entry in entries):  # else refused
                problems.error(folder / "product.yml", 0, "media_missing", file=media.file)
    for name in names:
        if name == "product.yml" or name.endswith(".md"):
            continue
        if name not in listed:
            problems.warning(folder / name, 0, "file_not_listed", name=name)


def _safe_names(folder: Path, problems: ProblemList, entries: list | None = None) -> list[str]:
    """The folder's file names, without symbolic links, names with control characters and files that
    are neither ordinary files nor folders (reported).

    A link could publish a file from outside content/, and a control character in a
    name can hide what a file really is; neither has a use in an editor's product. A named pipe
    or a device would make whoever reads it wait for ever: refused from the listing, never opened.
    `entries`: the folder's DirEntry objects by name, if already listed.
    """
    return [entry.name for entry in _safe_entries(folder, problems, entries)]


def _safe_entries(folder: Path, problems: ProblemList, entries: list | None = None) -> list[os.DirEntry]:
    """`_safe_names`, as DirEntry objects (which know whether they are folders without a system call)."""
    safe = []
    if entries is None:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        name = entry.name
        if _CONTROL_CHARACTER.search(name):
            problems.error(folder, 0, "name_control_character", name=name.encode("unicode_escape").decode())
        elif entry.is_symlink():
            problems.error(folder / name, 0, "symlink_not_allowed", name=name)
        elif entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False):
            safe.append(entry)
        else:  # a pipe, socket or device
            problems.error(folder / name, 0, "not_regular_file", name=name)
    return safe


_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f]")


# --- the whole content folder ------------------------------------------------------------------


# Below this many products, starting processes costs more than it saves.
PARALLEL_FROM = 400


# What `inspect` (see `load_content`) gets for each folder a run loads: the folder, its product
# (None when it cannot be published), its text files as read, and its DirEntry objects.
LoadedFolder = tuple  # (Path, Product | None, FolderFiles, list[os.DirEntry])
Inspect = Callable[[dict, list[LoadedFolder]], list]


def _load_chunk_pickled(folders: list[Path], registries: dict, sign_at: int | None = None,
                        inspect: Inspect | None = None, lazy: bool = False
                        ) -> tuple[bytes, bytes | None, bytes | None]:
    """`_load_chunk`, pickled with paths as text: the pool's own pickling of Paths is slow to read back.

    The loaded folders come as a block of the load cache as it is (see `LoadCache`), so that the
    parent need not pickle it again; with `lazy`, also without their products (see `_load_products`);
    then what `inspect` made of them.
    """
    loaded, inspected = _load_chunk(folders, registries, sign_at, inspect)
    without_products = _dumps([(name, (signature, (None, problems), stat_key))
                               for name, (signature, (_, problems), stat_key) in loaded]) if lazy else None
    return _dumps(loaded), without_products, None if inspect is None else _dumps(inspected)


def _load_chunk(folders: list[Path], registries: dict, sign_at: int | None = None,
                inspect: Inspect | None = None) -> tuple[list[tuple], list | None]:
    """(folder name, (signature, (product, problems), stat key)) of each folder, and `inspect`'s results.

    With `sign_at` (the run's start, see `_stat_key`), the stat key and then the signature are taken
    before loading; else the stat key is None, and so is the signature unless `inspect` is given.
    """
    loaded, items = [], []
    for folder in folders:
        files = FolderFiles()
        listing: list = []
        # Loading then reads no file again, and the folder is listed once.
        signature, stat_key = _read_folder(folder, files, listing, sign_at) if sign_at is not None or inspect \
            else (None, None)
        problems = ProblemList()
        product = load_product(folder, registries, problems, files, listing or None)
        loaded.append((folder.name, (signature, (product, problems), stat_key)))
        if inspect is not None:
            items.append((folder, product, files, listing))
    return loaded, None if inspect is None else inspect(registries, items)


def _load_products(folders: list[Path], registries: dict, jobs: int | None, sign_at: int | None = None,
                   inspect: Inspect | None = None, lazy: bool = False
                   ) -> tuple[list[tuple], list | None, list[bytes] | None]:
    """Load product folders, in several processes for large corpora; results in folder order.

    Returns `_load_chunk`'s two lists for all folders, and the pickled blocks of the first one
    when they were loaded in other processes (else None). With `sign_at`, each folder's stat key
    and `_folder_signature` are taken too, by the process that loads it. With `lazy`, the products
    loaded in other processes are left in the blocks (None in the first list: see `LoadedProducts`).
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(folders) < PARALLEL_FROM:
        return (*_load_chunk(folders, registries, sign_at, inspect), None)
    size = -(-len(folders) // (jobs * 4))  # a few chunks per process, so that none waits long
    chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
    import multiprocessing  # here: importing it costs start-up time to every command, cached or not
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context()
    loaded, inspected, blocks = [], [] if inspect else None, []
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        for block, without_products, inspected_block in pool.map(
                _load_chunk_pickled, chunks, [registries] * len(chunks), [sign_at] * len(chunks),
                [inspect] * len(chunks), [lazy] * len(chunks)):
            blocks.append(block)
            loaded.extend(pickle.loads(without_products if lazy else block))
            if inspect:
                inspected.extend(pickle.loads(inspected_block))
    return loaded, inspected, blocks


def _folder_signature(folder: Path, files: FolderFiles | None = None, listing: list | None = None) -> tuple:
    """What loading a product folder depends on: its file names and its text files' bytes.

    Hashes, not modification times, so that the cache also serves a fresh checkout (CI); SHA-256,
    which processors compute in hardware (twice BLAKE2's speed here), and which loading reuses.
    Media files count by name and type only: the loader looks at their presence, not their bytes. A text
    file over its size limit (see content/limits.py) is not read: it counts by its size.
    The files read go into `files`, when given. `listing`: the folder's DirEntry objects
    in name order if already listed; an empty list is filled, so that loading lists it only once.
    """
    return _read_folder(folder, files, listing)[0]


def _read_folder(folder: Path, files: FolderFiles | None = None, listing: list | None = None,
                 stat_at: int | None = None) -> tuple[tuple, tuple | None]:
    """`_folder_signature`, and with `stat_at` (the run's start) also the folder's `_stat_key`.

    Reading a folder whose stat key is wanted anyway: each file is stat'ed through the open file
    (one lookup of its path less), before it is read. A signature is (the text files' names,
    their SHA-256 digests one after the other, (name, is a link, is a folder) of the other
    entries): a few objects rather than a few per file, since every run unpickles all of them.
    """
    names, digests, others, values = [], [], [], []
    stat_key = None
    try:
        if stat_at is not None:
            stat = os.stat(folder)
            own = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
            reliable = max(own[:2]) <= stat_at - RACY_NS
        if listing:
            entries = listing
        else:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            if listing is not None:
                listing.extend(entries)
        for entry in entries:  # DirEntry answers is_file/is_symlink without another system call
            name = entry.name
            if _is_text_file(entry):
                # os.open/os.read rather than a file object: one fstat (the size to read), no buffer.
                # Never blocking, no link followed (see content/files.py): the listing said "a file" just before.
                descriptor = os.open(entry.path, READ_FLAGS_NO_LINKS)
                try:
                    stat = os.fstat(descriptor)
                    if stat_at is not None:
                        values += (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                        reliable = reliable and max(stat.st_mtime_ns, stat.st_ctime_ns) <= stat_at - RACY_NS
                    data = _read_capped(descriptor, stat, name)
                finally:
                    os.close(descriptor)
                names.append(name)
                if data is None:
                    # Not read (over its limit, or no longer an ordinary file): the loader reports it from
                    # its size and type, which this stands for. 33 bytes: no file's 32-byte digest.
                    digests.append(b"\0" + hashlib.sha256(b"%d %d" % (stat.st_mode, stat.st_size)).digest())
                    continue
                digest = hashlib.sha256(data)
                digests.append(digest.digest())
                if files is not None:
                    files.data[name] = data
                    files.sha256[name] = digest.hexdigest()
            else:
                others.append(_other_entry(entry))
    except OSError:
        return (), None
    text_names, others = "\0".join(names), tuple(others)
    if stat_at is not None and reliable:
        stat_key = (text_names, others, _pack_stats(own, values))
    return (text_names, b"".join(digests), others), stat_key


def _read_capped(descriptor: int, stat: os.stat_result, name: str) -> bytes | None:
    """An open text file's bytes; None, unread, when it is not a regular file or over its size limit."""
    limit = size_limit(name)
    if stat.st_size > limit or not stat_module.S_ISREG(stat.st_mode):
        return None
    try:
        return read_all(descriptor, stat.st_size, limit)
    except FileRefused:  # grew past its limit while read
        return None


def _other_entry(entry: os.DirEntry) -> tuple:
    """What a folder's signature holds of an entry other than a text file: its name and type."""
    return entry.name, entry.is_symlink(), entry.is_dir(follow_symlinks=False), entry.is_file(follow_symlinks=False)


def _is_text_file(entry: os.DirEntry) -> bool:
    """A product's YAML or Markdown file (DirEntry answers without another system call)."""
    return entry.name.endswith((".md", ".yml")) and entry.is_file(follow_symlinks=False)


def _pack_stats(own: tuple[int, int, int], values: list[int]) -> bytes:
    """Times and inode of a folder, then size, times and inode of each of its text files, as bytes."""
    return struct.pack(f"<qqQ{'QqqQ' * (len(values) // 4)}", *own, *values)


# A file changed within this long after it was stat'ed may keep the same size and times (coarse
# timestamps): such a folder gets no stat key, and is hashed again on the next run (as git does).
RACY_NS = 2_000_000_000


def _stat_key(folder: Path | str, now_ns: int, previous: tuple | None = None, listing: list | None = None
              ) -> tuple | None:
    """A cheap stand-in for `_folder_signature`: the folder's names, and size, times and inode of its
    folder and text files (packed as bytes: see `_read_folder`).

    Equal stat keys are taken to mean equal bytes, as git's index does; taken before the folder
    is read, so that an edit during the run shows as a change next time. None when unreliable.
    With the `previous` key of the folder, whose folder times still match, its names are taken
    from it instead of listing the folder again: adding, removing or renaming a file changes them.
    When the folder is listed, its DirEntry objects (by name) go to `listing`, if given.
    """
    try:
        path = os.fspath(folder)
        stat = os.stat(path)
        own = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        if max(own[:2]) > now_ns - RACY_NS:
            return None
        if previous is not None and _FOLDER_STATS.unpack_from(previous[2]) == own:
            text_names, others = previous[0], previous[1]
        else:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
            if listing is not None:
                listing.extend(entries)
            texts = [entry for entry in entries if _is_text_file(entry)]
            text_names = "\0".join(entry.name for entry in texts)
            others = tuple(_other_entry(entry) for entry in entries if entry not in texts)
        values: list[int] = []
        for name in text_names.split("\0") if text_names else ():
            stat = os.lstat(path + os.sep + name)
            if max(stat.st_mtime_ns, stat.st_ctime_ns) > now_ns - RACY_NS:
                return None
            values += (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
    except OSError:
        return None
    return text_names, others, _pack_stats(own, values)


_FOLDER_STATS = struct.Struct("<qqQ")


def _path_from_text(text: str) -> Path:
    return Path(text)


if sys.version_info < (3, 12) and os.name == "posix":
    _POSIX_PATH = type(Path())

    def _path_from_text(text: str) -> Path:  # noqa: F811
        """`Path(text)` for `str()` of a Path, without parsing it again.

        Before Python 3.12 every new Path parses its text, which was half the time of reading the
        cache. `str()` of an absolute Path has no empty or `.` parts, so splitting it at `/` gives
        pathlib's own parts; anything else (relative, or `//` which POSIX keeps) is parsed as usual.
        """
        if text.startswith("/") and not text.startswith("//"):
            path = _POSIX_PATH._from_parsed_parts("", "/", ["/", *text[1:].split("/")] if text != "/" else ["/"])
            path._str = text  # what str(path) would make again from the parts
            return path
        return Path(text)


def _child(folder: Path, name: str) -> Path:
    """`folder / name` for a plain file name, made faster (see `_path_from_text`): once per file loaded."""
    return _path_from_text(os.path.join(str(folder), name))


def _dumps(data) -> bytes:
    """`pickle.dumps`, made for what the load cache holds (see `_PICKLED_AS`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _PICKLED_AS
    pickler.dump(data)
    return buffer.getvalue()


def _as_constructor_call(cls):
    """Pickle a dataclass as a call with its fields, in order: unpickled ~30% faster than its __dict__
    (whose keys pickle interns one by one)."""
    values = operator.attrgetter(*(field.name for field in dataclasses.fields(cls)))
    return lambda value: (cls, values(value))


_PICKLED_AS = {
    **copyreg.dispatch_table,
    # Paths as plain text: unpickling pathlib's own form costs ~4x more.
    type(Path()): lambda value: (_path_from_text, (str(value),)),
    Version: _as_constructor_call(Version),
    Product: _as_constructor_call(Product),
}


# The modules whose code shapes what loading a folder gives (the cached objects and problems): the
# load cache is keyed by their source, so that editing any other module keeps it. Of the modules
# this one imports, pagecache, cachekey (the file's format and MACs) and messages (through problems)
# do not: tests/test_load_speedups.py fails when loading comes to import another.
LOADING_MODULES = ("content/loader.py", "content/files.py", "content/language_tags.py", "content/limits.py", "content/model.py", "content/problems.py",
                   "content/yamlio.py")


class LoadCache:
    """Loaded product folders kept between runs, by folder signature (see `_folder_signature`).

    The whole cache is keyed by everything else a product's loading depends on: the
    registries, the code of LOADING_MODULES, and the content folder's place. A run that finds
    nothing changed loads no YAML at all, and reads no file whose stat key (`_stat_key`)
    is unchanged.

    The file is a list of blocks (cachekey.write_blocks), each a pickled list of (folder name,
    (signature, (product, problems), stat key)); a later block's entry replaces an earlier one.
    Loading processes pickle their results as such blocks, so a first run writes them as they are,
    and a run that reloads a few folders appends one block instead of pickling every folder again.
    Every block's MAC (under `key`) is checked before any is unpickled: a file someone else wrote
    is an empty cache.
    """

    def __init__(self, directory: Path, root: Path, key: bytes):
        digest = hash_files([*(PACKAGE_DIR / name for name in LOADING_MODULES),
                             *(root / f"{name}.yml" for name in REGISTRIES)])
        digest.update(f"{str(root)}\0{sys.version_info[:2]}".encode())
        self.path = directory / f"content-{digest.hexdigest()[:20]}.pickle"
        self.key = key
        # (MAC, block) pairs as read: kept in place, a block needs no new MAC (see `save`).
        self.blocks: list[tuple[bytes, bytes]] = []
        # folder name -> (signature, (product, problems), stat key)
        self.entries: dict[str, tuple] = {}
        self.stored = 0  # entries in the blocks, replaced ones included
        blocks = read_blocks(self.path, key)
        try:
            for _, block in blocks:
                entries = pickle.loads(block)  # authentic: written by commhub under this key
                self.entries.update(entries)
                self.stored += len(entries)
            self.blocks = blocks
        except (pickle.PickleError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            self.entries, self.stored = {}, 0

    def stat_key(self, name: str) -> tuple | None:
        entry = self.entries.get(name)
        return entry[2] if entry is not None else None

    def by_stat(self, name: str, stat_key: tuple | None):
        """(signature, result) of a folder whose stat key is unchanged, else None."""
        entry = self.entries.get(name)
        if stat_key is None or entry is None or entry[2] != stat_key:
            return None
        return entry[0], entry[1]

    def get(self, name: str, signature: tuple):
        entry = self.entries.get(name)
        return entry[1] if entry is not None and entry[0] == signature else None

    def save(self, entries: dict[str, tuple], reloaded: list[str], blocks: list[bytes] | None = None) -> None:
        """Keep `entries`, of which the folders named in `reloaded` were loaded again by this run.

        `blocks`: the loading processes' blocks, when they hold every entry. Changed stat keys alone
        (e.g. after a fresh checkout) are not worth rewriting the cache for.
        """
        if blocks is not None and len(reloaded) == len(entries):
            self._write([(None, block) for block in blocks])
            return
        stored = self.stored + len(reloaded)
        if stored - len(entries) > len(entries) // 4:  # too many replaced or removed entries: start afresh
            self._write([(None, _dumps(list(entries.items())))])
        elif reloaded:
            self._write([*self.blocks, (None, _dumps([(name, entries[name]) for name in reloaded]))])

    def _write(self, blocks: list[tuple[bytes | None, bytes]]) -> None:
        write_blocks(self.path, self.key, blocks, stale="content-*.pickle")


REGISTRIES = ("languages", "channels", "units", "topics")


def default_cache_dir(content_dir: Path) -> Path:
    """`.commhub-cache/` beside the content folder (git-ignored), as in mkdocs.yml."""
    return Path(content_dir).resolve().parent / ".commhub-cache"


def _sign_chunk(folders: list[Path]) -> list[tuple]:
    return [_folder_signature(folder) for folder in folders]


def _signatures(folders: list[Path], jobs: int | None) -> list[tuple]:
    """`_folder_signature` of each folder, in several processes for large corpora (it reads every text file)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs < 2 or len(folders) < PARALLEL_FROM or not hasattr(os, "fork"):
        return [_folder_signature(folder) for folder in folders]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = -(-len(folders) // jobs)
    chunks = [folders[start:start + size] for start in range(0, len(folders), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return [signature for chunk in pool.map(_sign_chunk, chunks) for signature in chunk]


def load_content(root: Path, jobs: int | None = None, cache_dir: Path | None = None,
                 inspect: Inspect | None = None, need_products: bool = True, hub_dir: Path | None = None
                 ) -> tuple[Content, ProblemList]:
    """Load and check `root`; `jobs` processes read product folders (default: one per core).

    With `cache_dir`, product folders unchanged since the last run are not read again, unless the
    cache may not be used (cachekey.open_cache: the problem says why; `hub_dir`, mkdocs.yml's folder,
    is the hub's besides root's parent). `content.cache_key` is then empty.
    `inspect(registries, folders)`: more work on the folders this run loads (not on those taken
    from the cache), done in the process that loads them while their files are at hand; it gets
    a list of `LoadedFolder` and returns one picklable result for each, which end up in
    `content.inspected` by folder name. `need_products=False`: the caller may well not use
    `content.products` (as `commhub check`), whose products loaded in other processes are then read
    back on first use only (see `LoadedProducts`).
    """
    with gc_paused():
        return _load_content(root, jobs, cache_dir, inspect, need_products, hub_dir)


@contextlib.contextmanager
def gc_paused():
    """The cyclic garbage collector off for a while, then as it was before.

    It would scan the many new (acyclic) objects of a load again and again: ~0.8 s at 10,000
    products. They are freed by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_content(root: Path, jobs: int | None, cache_dir: Path | None, inspect: Inspect | None,
                  need_products: bool = True, hub_dir: Path | None = None) -> tuple[Content, ProblemList]:
    root = Path(root).resolve()
    problems = ProblemList()
    languages = load_languages(root, problems)
    codes = [language.code for language in languages]
    registries = {
        "languages": {language.code: language for language in languages},
        "channels": load_named(root, "channels", codes, problems, with_group=CHANNEL_GROUPS),
        "units": load_named(root, "units", codes, problems),
        "topics": load_named(root, "topics", codes, problems),
    }
    products: dict[str, Product] = {}
    products_dir = root / "products"
    # Product folders by name: 10,000 Path objects (and their `.name`) would cost more than
    # checking the cache; Paths are made only for the folders loaded.
    names = []
    if products_dir.is_dir():
        for entry in _safe_entries(products_dir, problems):
            if entry.is_dir():
                names.append(entry.name)
            else:
                problems.error(products_dir / entry.name, 0, "file_outside_product", name=entry.name)
    # Whether the cache folder may be used is said even when the registries' errors keep it unused.
    key = open_cache(Path(cache_dir), [root.parent, *([hub_dir] if hub_dir else [])], problems) \
        if cache_dir is not None else None
    cache = LoadCache(Path(cache_dir), root, key) if key is not None and not problems.errors else None
    signatures: dict[str, tuple] = {}
    results: dict[str, tuple | None] = {}
    stat_keys: dict[str, tuple | None] = {}
    now_ns = time.time_ns()
    # With an empty cache (a first run) there is nothing to compare: the loading processes take
    # the stat keys and signatures of the folders as they read them.
    sign_while_loading = cache is not None and not cache.entries
    if cache and not sign_while_loading:
        directory = str(products_dir) + os.sep
        for name in names:
            stat_keys[name] = stat_key = _stat_key(directory + name, now_ns, cache.stat_key(name))
            hit = cache.by_stat(name, stat_key)
            if hit is not None:
                signatures[name], results[name] = hit
        unsigned = [name for name in names if name not in signatures]
        for name, signature in zip(unsigned, _signatures([products_dir / name for name in unsigned], jobs)):
            signatures[name] = signature
            results[name] = cache.get(name, signature)
    missing = [name for name in names if results.get(name) is None]
    # Products can stay in the loading processes' blocks unless the cache needs them pickled anew.
    lazy = not need_products and (cache is None or sign_while_loading)
    loaded, inspected, blocks = _load_products([products_dir / name for name in missing], registries, jobs,
                                               now_ns if sign_while_loading else None, inspect, lazy)
    for name, (signature, result, stat_key) in loaded:
        results[name] = result
        if sign_while_loading:
            signatures[name], stat_keys[name] = signature, stat_key
    for name in names:
        product, product_problems = results[name]
        problems.extend(product_problems)
        if product is not None:
            products[product.slug] = product
    if lazy and blocks is not None:
        products = LoadedProducts(names, results, blocks)
    if cache:
        # The loading processes' blocks hold the signatures and stat keys only when they took them.
        cache.save({name: (signatures[name], results[name], stat_keys[name]) for name in results},
                   reloaded=missing, blocks=blocks if sign_while_loading else None)
    content = Content(root, languages, registries["channels"], registries["units"], registries["topics"], products)
    if inspect is not None:
        content.inspected = dict(zip(missing, inspected))
    if cache:
        content.signatures = signatures
        content.cache_key = cache.path.stem
    return content, problems


class LoadedProducts(Mapping):
    """`Content.products` (slug -> Product, in folder order) whose products loaded in other
    processes are read back from the pickled blocks those sent only when first used.

    `commhub check` does not use them: reading 10,000 products back cost a tenth of a cold check's
    CPU time in its main process.
    """

    def __init__(self, names: list[str], results: dict[str, tuple], blocks: list[bytes]):
        self._names, self._results, self._blocks = names, results, blocks
        self._products: dict[str, Product] | None = None

    def _all(self) -> dict[str, Product]:
        if self._products is None:
            for block in self._blocks:
                for name, (_, (product, _), _) in pickle.loads(block):
                    self._results[name] = (product, self._results[name][1])
            self._products = {}
            for name in self._names:
                product = self._results[name][0]
                if product is not None:
                    self._products[product.slug] = product
            self._names = self._results = self._blocks = None
        return self._products

    def __getitem__(self, slug: str) -> Product:
        return self._all()[slug]

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def slugify(title: str) -> str:
    """`Quyền trẻ em` → `quyen-tre-em`: Vietnamese diacritics folded, đ → d."""
    import unicodedata

    text = unicodedata.normalize("NFD", title.translate(_FOLD))
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# A file name that can go into an address or an HTML attribute as it is: ASCII letters, digits,
# `_` and `-`, starting with a letter or digit, and at most one extension (no `..`, no double
# extension such as `.html.png`).
SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9]+)?")


def is_safe_file_name(name: str) -> bool:
    return len(name) <= MAX_FILE_NAME_CHARS and SAFE_FILE_NAME.fullmatch(name) is not None


def safe_file_name(name: str) -> str:
    """A safe name made from `name` (see SAFE_FILE_NAME): `Ảnh bìa "mới".png` → `anh-bia-moi.png`."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip("."):
        stem, extension = name, ""
    extension = slugify(extension).replace("-", "")[:10]
    stem = slugify(stem)[:MAX_FILE_NAME_CHARS - len(extension) - 1].strip("-") or "tep"
    return f"{stem}.{extension}" if extension else stem
