"""Checks of the site's own pages and files in docs/: names, front matter, bodies and links."""

from __future__ import annotations

import os
import posixpath
import re
import stat as stat_module
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from commhub.content.fields import ID, LANGUAGE_CODE
from commhub.content.names import is_safe_file_name, safe_file_name, slugify
from commhub.content.files import FileRefused, refusal
from commhub.content.limits import MAX_FILE_NAME_CHARS
from commhub.content.docpages import DOC_FIELDS, RESERVED_NAMES, page_stem, parse_doc
from commhub.checks.media_types import MEDIA_TYPES
from commhub.content.model import Content
from commhub.content.problems import ProblemList
from commhub.content.yamlio import YamlError
from commhub.checks.scope import Scope
from commhub.checks.text import _read, check_text_file
from commhub.checks.media import check_media_file
from commhub.checks.bodies import BodyChecker, Locator, _Body, is_external


def check_docs_files(docs_dir: Path, problems: ProblemList, codes: Iterable[str] = ()) -> set[Path]:
    """Every file of docs/ as MkDocs would take it: an ordinary file (a pipe or device would make the
    build wait for ever), a page (`.md`) within its size limit, and a name safe in an address.
    Returns the files refused unread, which `check_docs` leaves alone.

    A page's name becomes its address (`about.km.md` → `km/about/`): it follows the rule of product
    folders, lower-case letters, digits and hyphens, then its language. Other files keep their name
    in the address: see `is_safe_file_name`, with dots allowed (`extra.min.css`) but never `..`.
    What MkDocs leaves out of the site (names starting with a dot, the top `templates/` folder) need
    only be ordinary files.
    """
    refused_files: set[Path] = set()
    if not docs_dir.is_dir():
        return refused_files
    seen = set()
    folders = [(str(docs_dir), "", False)]  # (folder, its path in docs/, left out of the site)
    while folders:
        directory, prefix, left_out = folders.pop()
        real = os.path.realpath(directory)
        if real in seen:  # a link back up: MkDocs follows links to folders
            continue
        seen.add(real)
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            out = left_out or name.startswith(".") or (not prefix and name == "templates")
            if not out and _docs_entry_refused(entry, prefix, codes, problems):
                refused_files.add(Path(entry.path))
                continue
            try:
                is_dir = entry.is_dir()
                stat = None if is_dir else entry.stat()  # through a link, as MkDocs reads it
            except OSError:
                continue
            if is_dir:
                if not out and not _is_safe_folder_name(name):
                    problems.error(entry.path, 0, "file_name_unsafe", name=f"{prefix}{name}",
                                   suggestion=f"{prefix}{slugify(name) or 'thu-muc'}", limit=MAX_FILE_NAME_CHARS)
                folders.append((entry.path, f"{prefix}{name}/", out))
                continue
            page = name.endswith(".md") and not out
            refused = refusal(stat.st_mode, stat.st_size, name) if page else \
                None if stat_module.S_ISREG(stat.st_mode) else FileRefused("not_regular_file", name=name)
            if refused is not None:
                problems.error(entry.path, 0, refused.code, **refused.params)
                refused_files.add(Path(entry.path))
                continue
            suggestion = None if out else _docs_name_suggestion(name)
            if suggestion is not None:
                problems.error(entry.path, 0, "docs_name_unsafe" if page else "file_name_unsafe",
                               name=f"{prefix}{name}", suggestion=f"{prefix}{suggestion}", limit=MAX_FILE_NAME_CHARS)
    return refused_files


def _docs_entry_refused(entry: os.DirEntry, prefix: str, codes: Iterable[str], problems: ProblemList) -> bool:
    """docs/ holds its pages (.md) and the media they show, at its top level, and nothing else (see
    docpages.RESERVED_NAMES): True, reported, for a link, a folder, a file in a folder, another kind of
    file, or a page whose address is commhub's or a language's. A refused file is never published."""
    name, shown = entry.name, f"{prefix}{entry.name}"
    if entry.is_symlink():
        problems.error(entry.path, 0, "symlink_not_allowed", name=shown)
    elif prefix or entry.is_dir(follow_symlinks=False):
        problems.error(entry.path, 0, "docs_not_top_level", name=shown)
    elif name.endswith(".md"):
        if page_stem(name) not in RESERVED_NAMES and page_stem(name) not in codes:
            return False
        problems.error(entry.path, 0, "docs_name_reserved", name=shown, stem=page_stem(name),
                       reserved=", ".join(sorted({*RESERVED_NAMES, *codes})))
    else:
        media_type = MEDIA_TYPES.get(name.rpartition(".")[2].lower()) if "." in name else None
        if media_type is not None:
            check_media_file(Path(entry.path), media_type, problems, Path(entry.path), lambda: 0)
            return False
        problems.error(entry.path, 0, "docs_file_not_allowed", name=shown, allowed=", ".join(MEDIA_TYPES))
    return True


def _is_safe_folder_name(name: str) -> bool:
    return len(name) <= MAX_FILE_NAME_CHARS and is_safe_file_name(name) and "." not in name


def _docs_name_suggestion(name: str) -> str | None:
    """None when the docs/ file `name` is safe in an address (see `check_docs`), else a safe name for it."""
    if len(name) <= MAX_FILE_NAME_CHARS and (SAFE_STATIC_NAME.fullmatch(name) if not name.endswith(".md") else
                                             _is_safe_page_name(name)):
        return None
    if not name.endswith(".md"):
        stem, dot, extension = name.rpartition(".")
        return safe_file_name(f"{stem.replace('.', '-')}{dot}{extension}" if dot else name)
    stem, dot, lang = name[:-3].rpartition(".")  # as the build reads it (plugin.collect_docs)
    if not dot or not LANGUAGE_CODE.match(lang):
        stem, lang = name[:-3], ""
    stem = slugify(stem)[:MAX_FILE_NAME_CHARS - len(lang) - 4].strip("-") or "trang"
    return f"{stem}.{lang}.md" if lang else f"{stem}.md"


def _is_safe_page_name(name: str) -> bool:
    stem, dot, lang = name[:-3].rpartition(".")
    return ID.match(stem) is not None and LANGUAGE_CODE.match(lang) is not None if dot else \
        ID.match(name[:-3]) is not None


# A static file of docs/ (a style sheet, an image): as SAFE_FILE_NAME, with dots between parts.
SAFE_STATIC_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")


def check_docs(docs_dir: Path, content: Content, scope: Scope, problems: ProblemList,
               refused: set[Path] = frozenset()) -> None:
    """The site's pages in `docs_dir`: file names, text, front matter, bodies and their links, as the
    build reads them (only those at the top of docs/: check_docs_files refuses any folder)."""
    codes = [language.code for language in content.languages]
    if not codes:
        return  # languages.yml could not be read (reported): every page would look undeclared
    bodies = BodyChecker(content.root, content.languages, content.products, docs_dir)
    for path in sorted(docs_dir.glob("*.md")):
        if not scope.covers(path) or path in refused or not path.is_file():  # refused: see check_docs_files
            continue
        stem = path.name[: -len(".md")]
        name, _, suffix = stem.rpartition(".")
        if name and suffix not in codes:
            problems.error(path, 0, "docs_language_suffix_unknown", name=path.relative_to(docs_dir).as_posix(),
                           suffix=suffix, allowed=", ".join(codes))
            continue
        read = _read(path)
        if read is None:
            problems.error(path, 0, "not_utf8")
            continue
        check_text_file(path, problems, read)
        try:
            page = parse_doc(read[1])
        except YamlError as error:
            problems.error(path, error.line, "yaml_syntax", problem=error.problem)
            continue
        for field, line in page.unknown_fields():
            problems.error(path, line, "field_unknown", field=field, allowed=", ".join(DOC_FIELDS))
        judged = bodies.judge(path, page.body, page.first_line, problems)
        if judged is not None:
            findings, kept = judged
            locate = Locator(page.body, page.first_line)
            for finding in findings:
                BodyChecker.report_finding(problems, path, finding, locate)
            for element in kept:
                if element.tag == "img" and is_external(element.get("src")):
                    problems.error(path, locate(element.get("src"), "<img", "!["), "image_external",
                                   src=element.get("src"))
                    continue
                url = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else ""
                code = _docs_link_problem(bodies, url) if url else None
                if code is not None:  # (MkDocs would refuse it too, when building: the check says so first)
                    problems.error(path, locate(url), code, url=url,
                                   lang=suffix if name else content.default_language.code)


def _docs_link_problem(bodies: BodyChecker, url: str) -> str | None:
    """The problem of a link in a docs/ page (which sit at the top of docs/): None for an address on
    another site, an anchor, or a page or file of the site."""
    parts = urlsplit(url)
    target = unquote(parts.path)
    if is_external(url) or parts.netloc or not target:
        return None
    if target.startswith("/"):
        return "link_absolute"
    code = bodies.link_problem(posixpath.normpath(target), _Body(None, "", "", "", "", 0, ProblemList()))
    return code if isinstance(code, str) else None
