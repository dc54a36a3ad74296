"""Checks of a product's media: listed files exist, are what their extension says, and are within the size limits."""

from __future__ import annotations

import os
import re
import stat as stat_module
from pathlib import Path
from typing import Callable

from commhub.content.limits import MAX_MEDIA_BYTES
from commhub.checks.media_types import DAMAGED, MEDIA_TYPES, OTHER, SCRIPT_LIKE, MediaType, inspect as inspect_media
from commhub.content.model import Product
from commhub.content.problems import ProblemList
from commhub.content.schema import MEDIA
from commhub.content.products import parse_fields_text
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
