"""Names made from editors' text: slugs of titles, safe file names."""

from __future__ import annotations

import re

from commhub.content.limits import MAX_FILE_NAME_CHARS


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
