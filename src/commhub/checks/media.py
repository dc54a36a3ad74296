"""Checks of a product's media: listed files exist, are what their extension says, and are within the size limits."""

from __future__ import annotations

import os
import posixpath
import re
import stat as stat_module
from pathlib import Path
from typing import Callable

from commhub.content.files import FileRefused, open_regular, read_all
from commhub.content.limits import MAX_CAPTIONS_BYTES, MAX_MEDIA_BYTES
from commhub.checks.media_types import DAMAGED, MEDIA_TYPES, OTHER, SCRIPT_LIKE, MediaType, inspect as inspect_media
from commhub.content.model import Product
from commhub.content.problems import ProblemList
from commhub.content.schema import MEDIA
from commhub.content.products import TIMED_MEDIA, parse_fields_text
from commhub.content.yamlio import LineDict, LineList, YamlError
from commhub.checks.text import _read_in_product


# What a file that is not what its extension says might really be, to say so plainly.
_SNIFF = (
    ("HTML", lambda head: re.match(rb"\s*(<!doctype html|<html|<head|<body|<!--)", head[:512], re.I) is not None),
    ("ZIP/Office", lambda head: head.startswith(b"PK\x03\x04")),
    ("Word (.doc)", lambda head: head.startswith(b"\xd0\xcf\x11\xe0")),
    ("SVG", lambda head: b"<svg" in head[:1024].lower()),
    *((media_type.name, media_type.starts) for media_type in dict.fromkeys(MEDIA_TYPES.values())),
)


def _sniff(head: bytes) -> str | None:
    return next((name for name, matches in _SNIFF if matches(head)), None)


def check_media(product: Product, problems: ProblemList) -> None:
    """File type, content, size and alt texts of the product's listed media."""
    if not product.media:
        return
    lines = None
    path = product.folder / product.fields_file

    def line(index: int, key: str) -> int:
        nonlocal lines
        if lines is None:
            lines = _media_lines(path)
        entry = lines[index] if index < len(lines) else {}
        return entry.get(key) or entry.get("file") or 0

    allowed = ", ".join(MEDIA_TYPES)
    for index, media in enumerate(product.media):
        file = product.folder / media.file
        suffix = file.suffix.lower().lstrip(".")
        media_type = MEDIA_TYPES.get(suffix)
        if media_type is None:
            problems.error(path, line(index, "file"), "media_type_not_allowed", file=media.file, allowed=allowed)
        elif media.kind not in media_type.kinds:
            problems.error(path, line(index, "kind"), "media_kind_mismatch", file=media.file, kind=media.kind,
                           kinds=", ".join(media_type.kinds))
        check_media_file(file, media_type, problems, path, lambda: line(index, "file"))
        if media.kind == "image":
            for lang in sorted(product.versions):
                if lang not in media.alt:
                    problems.error(path, line(index, "alt"), "media_alt_missing", file=media.file, lang=lang)


def check_media_file(file: Path, media_type: MediaType | None, problems: ProblemList, path: Path,
                     line: Callable[[], int]) -> None:
    """Size and content of one media file (`file`, of the type its extension names); problems go to
    `path` at `line()` (product.yml's entry, or the file itself)."""
    try:
        stat = os.lstat(file)  # a link, pipe or device is the loader's to report: never opened here
    except OSError:  # missing (the loader says so), or a name too long for the file system
        return
    if not stat_module.S_ISREG(stat.st_mode):
        return
    name = file.name
    if stat.st_size > MAX_MEDIA_BYTES:  # refused: its content is not worth walking
        problems.error(path, line(), "media_too_large", file=name, size=f"{stat.st_size / 1024 / 1024:.0f}",
                       limit=MAX_MEDIA_BYTES // 1024 // 1024)
        return
    if media_type is None:
        return
    try:
        found, head = inspect_media(file, media_type)
    except OSError:  # no longer an ordinary file since (FileRefused), or gone
        return
    if found == DAMAGED:
        problems.error(path, line(), "media_content_damaged", file=name, expected=media_type.name)
    elif found == SCRIPT_LIKE:
        problems.error(path, line(), "media_content_script", file=name)
    elif found == OTHER:
        actual = _sniff(head)
        if actual is None:
            problems.error(path, line(), "media_content_unknown", file=name, expected=media_type.name)
        else:
            problems.error(path, line(), "media_content_mismatch", file=name, expected=media_type.name,
                           actual=actual)


def _media_lines(path: Path) -> list[dict[str, int]]:
    """Line of each media entry's keys in the product fields' file (read again: only needed when there is a
    problem)."""
    read = _read_in_product(path)
    if read is None:
        return []
    try:
        data = parse_fields_text(path.name, read[1])
    except YamlError:
        return []
    entries = data.get("media") if isinstance(data, LineDict) else None
    if not isinstance(entries, LineList):
        return []
    return [{key: entry.line_of(key) for key in MEDIA.keys} if isinstance(entry, LineDict) else {}
            for entry in entries]


# --- transcripts and captions of audio and video ---------------------------------------------------------

# A cue's timing line (WebVTT, W3C Candidate Recommendation, 4.1): [hh:]mm:ss.ttt --> [hh:]mm:ss.ttt [settings].
_TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t].*)?$")
_HEADER = re.compile(r"^WEBVTT(?:[ \t].*)?$")
MAX_TIMING_PROBLEMS = 5  # per file: the editor's tool made them all the same way


def check_timed_media(product: Product, problems: ProblemList) -> None:
    """Each published version of a product with audio or video has a transcript (the text alternative
    of WCAG 2.1, 1.2.1 and 1.2.3) and each self-hosted video captions in its language (1.2.2); captions
    are WebVTT."""
    for captions in product.captions.values():
        for name in captions.values():
            check_captions(product.folder / name, problems)
    timed = [media for media in product.media if media.kind in TIMED_MEDIA]
    if not timed and product.type not in TIMED_MEDIA:
        return
    for lang, version in sorted(product.versions.items()):
        if not version.is_published:
            continue
        if not version.transcript:
            problems.warning(version.path, 0, "transcript_missing", lang=lang, file=f"transcript.{lang}.md",
                             version=version.path.name)
        for media in timed:
            if media.kind == "video" and lang not in product.captions.get(media.file, {}):
                stem = posixpath.splitext(media.file)[0]
                problems.warning(version.path, 0, "captions_missing", media=media.file, lang=lang,
                                 file=f"{stem}.{lang}.vtt")


def check_captions(path: Path, problems: ProblemList) -> None:
    """A WebVTT file: UTF-8, its WEBVTT header, and every line with an arrow a valid cue timing."""
    try:
        descriptor = open_regular(path)
    except (OSError, FileRefused):  # a link or a pipe: the listing reported it
        return
    try:
        size = os.fstat(descriptor).st_size
        if size > MAX_CAPTIONS_BYTES:
            problems.error(path, 0, "captions_too_large", limit=MAX_CAPTIONS_BYTES // 1024)
            return
        data = read_all(descriptor, size, MAX_CAPTIONS_BYTES)
    except FileRefused:
        problems.error(path, 0, "captions_too_large", limit=MAX_CAPTIONS_BYTES // 1024)
        return
    finally:
        os.close(descriptor)
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        problems.error(path, 0, "captions_encoding")
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not _HEADER.match(lines[0]):
        problems.error(path, 1, "captions_not_webvtt")
        return
    reported = 0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        match = _TIMING.match(line.strip())
        if match is None or _seconds(match.groups()[4:]) < _seconds(match.groups()[:4]):
            problems.error(path, number, "captions_timing_invalid", text=line.strip()[:80])
            reported += 1
            if reported == MAX_TIMING_PROBLEMS:
                return


def _seconds(parts) -> float:
    hours, minutes, seconds, millis = parts
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000
