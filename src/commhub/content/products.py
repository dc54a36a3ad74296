"""Loading one product folder: its product fields, its language versions (index.<lang>.md) and media.

The product fields (type, topics, unit, …) are written in `product.yml`, or, when the folder has
none, in the front matter of the version in the hub's default language, beside its title: the way
the browser editor (commhub.admin) writes a product, one file per language.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
from pathlib import Path

from commhub.content.limits import MAX_FILE_NAME_CHARS
from commhub.content.model import Media, Product, Translation, Version
from commhub.content.problems import ProblemList
from commhub.content.schema import ENTRIES, MEDIA, PRODUCT, TRANSLATION, VERSION
from commhub.content.yamlio import LineDict, LineList, YamlError, load_yaml, split_front_matter
from commhub.content.names import is_safe_file_name, safe_file_name, slugify
from commhub.content.fields import ID, Fields
from commhub.content.folder_scan import FolderFiles, safe_names
from commhub.content.reading import decode_text, parse_yaml_file, read_bytes


VERSION_FILE = re.compile(r"^index(?:\.(?P<lang>[^.]+))?\.md$")
# A version's transcript, and the captions of a media file (`ngon-ngu-ky-hieu.webm` → `ngon-ngu-ky-hieu.vi.vtt`).
TRANSCRIPT_FILE = re.compile(r"^transcript\.(?P<lang>[^.]+)\.md$")
CAPTIONS_FILE = re.compile(r"^(?P<stem>.+)\.(?P<lang>[^.]+)\.vtt$")
TIMED_MEDIA = ("audio", "video")  # media that need a transcript (and video, captions): WCAG 2.1, 1.2
SUMMARY_MAX = VERSION["summary"].limit
# A version's fields that are product fields too override the product's for that version.
VERSION_OVERRIDES = tuple(key for key in VERSION.keys if key in PRODUCT)
# The product fields that a version cannot override: a front matter holding any of them holds the product's.
PRODUCT_ONLY = tuple(key for key in PRODUCT.keys if key not in VERSION)
PRODUCT_FILE = "product.yml"


def default_language(languages: dict) -> str | None:
    return next((code for code, language in languages.items() if language.default), None)


def product_fields_in(meta) -> bool:
    """A version's front matter holds the product's fields (see the module's docstring)."""
    return isinstance(meta, dict) and any(key in meta for key in PRODUCT_ONLY)


def fields_file(folder: Path, default: str | None) -> Path:
    """The file a product folder's fields are in, by the rule the loader follows (product.yml when
    there is none)."""
    version = folder / f"index.{default}.md"
    if not (folder / PRODUCT_FILE).exists() and default is not None and version.is_file():
        return version
    return folder / PRODUCT_FILE


def parse_fields_text(name: str, text: str):
    """The mapping the product fields are read from in the text of file `name` (product.yml or a
    version's front matter); None when there is none; YamlError when it is not YAML."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if name.endswith(".md"):
        document = split_front_matter(text)
        return None if document is None else document.meta
    return load_yaml(text)


def _product_part(meta: LineDict) -> LineDict:
    """The product fields of a front matter, with their lines."""
    part = LineDict((key, value) for key, value in meta.items() if key in PRODUCT)
    part.line = meta.line
    part.key_lines = {key: line for key, line in meta.key_lines.items() if key in PRODUCT}
    return part


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
    path = folder / PRODUCT_FILE
    data = None
    documents: dict[str, object] = {}  # front matters parsed here, not again by _load_versions
    if PRODUCT_FILE not in files.data and PRODUCT_FILE not in names:
        if not any(entry.name == PRODUCT_FILE for entry in entries):  # else refused above
            path, data = _fields_in_front_matter(folder, names, default_language(languages), problems, files,
                                                 documents)
    else:
        before = len(problems)
        raw = files.data.get(PRODUCT_FILE)
        if raw is None:
            raw = read_bytes(path, problems, follow_symlinks=False)
        data = None if raw is None else parse_yaml_file(path, problems, raw, files.texts)
        # An empty file (or only comments, `~`, `null`) is no product: say so, never drop it silently.
        if not isinstance(data, LineDict) and len(problems) == before:
            problems.error(path, getattr(data, "line", 1), "expected_mapping", field=PRODUCT_FILE)
        if not isinstance(data, LineDict):
            data = None
    product = None
    if data is not None:
        product = _product_fields(slug, folder, path, data, registries, problems)
    problems.extend(name_problems)
    _load_versions(folder, names, product, path, languages, registries, problems, files, documents)
    if product is not None:
        _check_media_files(folder, names, product, problems, entries)
    if not ID.match(slug):
        return None
    return product


def _fields_in_front_matter(folder: Path, names: list[str], default: str | None, problems: ProblemList,
                            files: FolderFiles, documents: dict) -> tuple[Path, LineDict | None]:
    """(where the product fields are, and their mapping) when the folder has no product.yml: the front
    matter of the default language's version; (product.yml, None), reported, when it has none."""
    missing = folder / PRODUCT_FILE
    name = f"index.{default}.md"
    if default is None or name not in names:
        problems.error(missing, 0, "product_fields_missing", version=name)
        return missing, None
    path = folder / name
    raw = files.data[name] if name in files.data else read_bytes(path, ProblemList(), False)
    if raw is None:  # its problem is reported when the versions are read
        return missing, None
    text = decode_text(raw, path, ProblemList(), files.texts)
    try:
        document = split_front_matter(text) if text is not None else None
    except YamlError:
        document = None
    if document is None or not isinstance(document.meta, LineDict):
        return missing, None  # the version's own problem says what is wrong
    documents[default] = document
    if not product_fields_in(document.meta):
        problems.error(missing, 0, "product_fields_missing", version=name)
        return missing, None
    return path, _product_part(document.meta)


def _product_fields(slug, folder, path, data: LineDict, registries, problems: ProblemList) -> Product | None:
    fields = Fields(path, data, problems)
    fields.unknown_keys(PRODUCT.keys)
    fields.require(PRODUCT.required)
    values = {field.name: fields.value(field, registries) for field in PRODUCT.fields if field.kind != ENTRIES}
    media = _media(path, data, registries, problems)
    if any(values[key] is None for key in PRODUCT.required) or media is None:
        return None
    values = {key: value for key, value in values.items() if value is not None}  # optional, not given
    _check_unit_existed(path, fields, values, registries["units"], problems)
    return Product(slug=slug, directory=str(folder), media=media, fields_file=path.name, **values)


def _check_unit_existed(path: Path, fields: Fields, values: dict, units: dict, problems: ProblemList) -> None:
    """A product is published under a unit that existed on its date (units.yml: valid_from, valid_to)."""
    unit, published = units.get(values["unit"]), values["published"]
    if unit is None or unit.exists_on(published):
        return
    if unit.valid_to is not None and published > unit.valid_to:
        successors = ", ".join(unit.successors)
        problems.error(path, fields.line("unit"), "unit_ceased_suggest" if successors else "unit_ceased",
                       value=unit.id, date=published, end=unit.valid_to, suggestion=successors)
    else:
        problems.error(path, fields.line("unit"), "unit_not_yet", value=unit.id, date=published,
                       start=unit.valid_from)


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


def _load_versions(folder: Path, names: list[str], product: Product | None, fields_path: Path, languages,
                   registries, problems: ProblemList, files: FolderFiles, documents: dict) -> None:
    """`fields_path`: the file the product fields are in (or would be); `documents`: front matters
    already parsed, by language."""
    original_lang = product.original_language if product else None
    found: dict[str, Path] = {}
    transcripts: dict[str, str] = {}
    for name in names:
        match = VERSION_FILE.match(name)
        if not match and not name.endswith(".md"):
            continue  # product.yml, media: not a version
        path = folder / name
        transcript = TRANSCRIPT_FILE.match(name)
        if transcript:
            if transcript.group("lang") in languages:
                transcripts[transcript.group("lang")] = name
            else:
                problems.error(path, 0, "language_suffix_unknown", name=name, suffix=transcript.group("lang"),
                               allowed=", ".join(languages))
            continue
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
                _load_version(path, raw[lang], lang, None, None, fields_path, registries, problems, files,
                              documents.get(lang))
        return
    original_raw = raw.get(original_lang)
    original_sha = None if original_raw is None else _sha256(files, found[original_lang].name, original_raw)
    if original_lang not in found:
        problems.error(fields_path, 0, "original_missing", lang=original_lang, slug=product.slug)
    for lang, path in found.items():
        if raw[lang] is None:
            continue
        version = _load_version(path, raw[lang], lang, product, original_sha, fields_path, registries, problems,
                                files, documents.get(lang))
        if version is not None:
            product.versions[lang] = version
    for lang, name in transcripts.items():
        if lang in product.versions:
            product.versions[lang].transcript = name
        elif lang not in found:  # (a version that could not be loaded has its own problem)
            problems.warning(folder / name, 0, "transcript_without_version", name=name, version=f"index.{lang}.md")


def _sha256(files: FolderFiles, name: str, raw: bytes) -> str:
    sha = files.sha256.get(name)
    return hashlib.sha256(raw).hexdigest() if sha is None else sha


def _load_version(path: Path, raw: bytes, lang: str, product: Product | None, original_sha, fields_path: Path,
                  registries, problems: ProblemList, files: FolderFiles, document=None):
    if document is None:
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
    holds_product = path == fields_path
    fields = Fields(path, meta, problems)
    for key in PRODUCT_ONLY:
        if key in meta and not holds_product:
            problems.error(path, meta.line_of(key), "product_field_in_version", field=key, file=fields_path.name)
    # The keys a message names as allowed are this file's; a product key in another version has just
    # been reported as such, so it is not reported again as unknown.
    allowed = VERSION.keys + PRODUCT_ONLY if holds_product else VERSION.keys
    reported = () if holds_product else tuple(key for key in meta if key in PRODUCT_ONLY)
    fields.unknown_keys(allowed + reported)
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
    if translation is not None and translation.source_sha is None:
        problems.warning(path, meta.line_of("translation"), "translation_source_unknown",
                         original=f"index.{product.original_language}.md")
    elif translation is not None and original_sha is not None and translation.source_sha != original_sha:
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
    timed = {posixpath.splitext(media.file)[0]: media.file for media in product.media if media.kind in TIMED_MEDIA}
    for name in names:
        captions = CAPTIONS_FILE.match(name)
        if captions and captions.group("stem") in timed:
            lang, media_file = captions.group("lang"), timed[captions.group("stem")]
            listed.add(name)
            if lang in product.versions:
                product.captions.setdefault(media_file, {})[lang] = name
            elif not (folder / f"index.{lang}.md").exists():  # (else the version has a problem of its own)
                problems.warning(folder / name, 0, "captions_without_version", name=name, version=f"index.{lang}.md",
                                 media=media_file)
    for media in product.media:
        if media.file not in names or not (folder / media.file).is_file():  # `in names` first: no OSError
            if media.file in names or not any(entry.name == media.file for entry in entries):  # else refused
                problems.error(folder / product.fields_file, 0, "media_missing", file=media.file)
    for name in names:
        if name == PRODUCT_FILE or name.endswith(".md"):
            continue
        if name not in listed:
            problems.warning(folder / name, 0, "file_not_listed", name=name)
