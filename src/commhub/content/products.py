"""Loading one product folder: product.yml, its language versions (index.<lang>.md) and media."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from commhub.content.limits import MAX_FILE_NAME_CHARS
from commhub.content.model import Media, Product, Translation, Version
from commhub.content.problems import ProblemList
from commhub.content.schema import ENTRIES, MEDIA, PRODUCT, TRANSLATION, VERSION
from commhub.content.yamlio import LineDict, LineList, YamlError, split_front_matter
from commhub.content.names import is_safe_file_name, safe_file_name, slugify
from commhub.content.fields import ID, Fields
from commhub.content.folder_scan import FolderFiles, safe_names
from commhub.content.reading import decode_text, parse_yaml_file, read_bytes


VERSION_FILE = re.compile(r"^index(?:\.(?P<lang>[^.]+))?\.md$")
SUMMARY_MAX = VERSION["summary"].limit
# A version's fields that are product fields too override the product's for that version.
VERSION_OVERRIDES = tuple(key for key in VERSION.keys if key in PRODUCT)


def load_product(folder: Path, registries: dict, problems: ProblemList, files: FolderFiles | None = None,
                 entries: list[os.DirEntry] | None = None) -> Product | None:
    """Load one product folder; None when it cannot be published at all.

    `files`: its text files already read (see `read_folder`), to which their decoded texts are added;
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
    names = safe_names(folder, name_problems, entries)
    path = folder / "product.yml"
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
    fields = Fields(path, data, problems)
    fields.unknown_keys(PRODUCT.keys)
    fields.require(PRODUCT.required)
    values = {field.name: fields.value(field, registries) for field in PRODUCT.fields if field.kind != ENTRIES}
    media = _media(path, data, registries, problems)
    if any(value is None for value in values.values()) or media is None:
        return None
    return Product(slug=slug, directory=str(folder), media=media, **values)


def _media(path: Path, data: LineDict, registries, problems: ProblemList) -> tuple[Media, ...] | None:
    entries = data.get("media")
    if entries is None:
        return ()
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of("media"), "expected_list", field="media")
        return None
    media, ok = [], True
    limit = PRODUCT["media"].limit
    if len(entries) > limit:
        problems.error(path, entries.line_of(limit), "media_too_many", limit=limit)
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
        fields = Fields(path, entry, problems, prefix=f"{field}.")
        fields.unknown_keys(MEDIA.keys)
        fields.require(MEDIA.required)
        file, kind, alt = (fields.value(MEDIA[key], registries) for key in ("file", "kind", "alt"))
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
        path = folder / name
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
    fields = Fields(path, meta, problems)
    fields.unknown_keys(VERSION.keys)
    fields.require(VERSION.required)
    title, summary = (fields.value(VERSION[key], registries) for key in ("title", "summary"))
    if summary is not None and len(summary) > SUMMARY_MAX:
        problems.error(path, meta.line_of("summary"), "summary_too_long", length=len(summary), limit=SUMMARY_MAX)
    overrides = {key: fields.value(VERSION[key], registries) for key in VERSION_OVERRIDES}
    translation = _translation(path, meta, lang, product, problems)
    if product is None or title is None or summary is None or translation is False:
        return None
    if any(key in meta and value is None for key, value in overrides.items()):
        return None
    effective = {key: overrides[key] or getattr(product, key) for key in VERSION_OVERRIDES}
    effective["status"] = "draft" if "draft" in (product.status, overrides["status"]) else "published"
    version = Version(
        slug=product.slug, lang=lang, file=str(path), sha256=_sha256(files, path.name, raw), title=title,
        summary=summary, body_first_line=document.body_first_line, translation=translation, **effective,
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
    fields = Fields(path, block, problems, prefix="translation.")
    fields.unknown_keys(TRANSLATION.keys)
    fields.require(TRANSLATION.required)
    values = {field.name: fields.value(field, {}) for field in TRANSLATION.fields}
    if any(values[key] is None for key in TRANSLATION.required):
        return False
    return Translation(**values)


def _check_media_files(folder: Path, names: list[str], product: Product, problems: ProblemList,
                       entries: list[os.DirEntry]) -> None:
    """`entries`: all of the folder's, of which `names` are those not refused (see `safe_names`)."""
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
