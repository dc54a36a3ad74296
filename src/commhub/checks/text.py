"""Checks of every text file: Unicode NFC, text typed in legacy Vietnamese encodings, and the NFC fix."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Iterable

from commhub.content.files import FileRefused, read_file, refusal
from commhub.content.problems import ProblemList
from commhub.checks.pasted import find_pasted, fix_pasted
from commhub.checks.vietnamese import find_legacy_encoding, might_be_legacy


# What `commhub new` marks its placeholders with: a body still holding one is not finished.
PLACEHOLDER_MARKER = "<!-- commhub:"

TEXT_SUFFIXES = (".yml", ".yaml", ".md")


def list_files(root: Path, known: dict[str, dict[str, list[str]]] | None = None) -> dict[str, list[str]]:
    """Every folder under `root` (as a string, sorted) with its sorted file names.

    `known`: listings of some folders of root/products, by folder name, taken earlier in the run
    (by the loading processes): those folders are not walked again.
    """
    listing = {}
    products_dir = os.path.join(root, "products")
    for directory, folders, names in os.walk(root):
        if known and directory == products_dir:
            for name in [name for name in folders if name in known]:
                folders.remove(name)
                listing.update(known[name])
        folders.sort()
        listing[directory] = sorted(names)
    return dict(sorted(listing.items()))


def text_files(root: Path) -> list[Path]:
    """Every YAML and Markdown file under `root`, sorted."""
    return [Path(directory, name) for directory, names in list_files(root).items() for name in names
            if name.endswith(TEXT_SUFFIXES)]


def _read(path: Path | str, follow_symlinks: bool = True) -> tuple[bytes, str] | None:
    """(BOM, text) of a UTF-8 file, line endings untouched; None if it is not UTF-8, not an ordinary
    file or over its size limit (the loader says so, or `report_unread`)."""
    try:
        raw = read_file(path, follow_symlinks=follow_symlinks)
    except (OSError, FileRefused):
        return None
    return _decoded(raw)


def _read_in_product(path: Path | str) -> tuple[bytes, str] | None:
    """`_read` of a file of a product folder, where links are refused (never followed to read one)."""
    return _read(path, follow_symlinks=False)


def report_unread(path: Path | str, problems: ProblemList, types: bool = True) -> None:
    """Report `path`, which `_read` gave nothing for, if it was refused: not an ordinary file (unless
    not `types`: the loader said so already), or too large.

    Told from its type and size again: only for a file that could not be read, which is rare.
    """
    try:
        stat = os.stat(path)
    except OSError:
        return
    refused = refusal(stat.st_mode, stat.st_size, os.path.basename(path))
    if refused is not None and (types or refused.code != "not_regular_file"):
        problems.error(path, 0, refused.code, **refused.params)


_BOM = b"\xef\xbb\xbf"


def _decoded(raw: bytes) -> tuple[bytes, str] | None:
    """`_read` of bytes already read."""
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        return bom, raw[len(bom):].decode("utf-8")
    except UnicodeDecodeError:
        return None


def check_text_file(path: Path | str, problems: ProblemList, read: tuple[bytes, str] | None = None) -> None:
    """NFC, legacy encodings and placeholders; `read` is the file as `_read` gives it, if already read."""
    read = _read(path) if read is None else read
    if read is None:
        return
    text = read[1]
    if PLACEHOLDER_MARKER in text and os.fspath(path).endswith(".md"):
        problems.error(path, text.count("\n", 0, text.index(PLACEHOLDER_MARKER)) + 1, "placeholder_left")
    if not unicodedata.is_normalized("NFC", text):
        line, word = _first_not_nfc(text)
        problems.error(path, line, "not_nfc", word=word)
    for line, severity, code, params in find_pasted(os.fspath(path), text):
        (problems.error if severity == "error" else problems.warning)(path, line, code, **params)
    if might_be_legacy(text):
        for number, line in enumerate(text.split("\n"), start=1):
            hit = find_legacy_encoding(line)
            if hit is not None:
                problems.error(path, number, f"legacy_{hit.encoding}", word=hit.word, decoded=hit.decoded)
                break


# A word with its combining marks (which `\w` alone does not match).
_WORD = re.compile(r"(?:\w|[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+")


def _first_not_nfc(text: str) -> tuple[int, str]:
    """Line number and (normalised) word where `text` first stops being NFC."""
    for number, line in enumerate(text.split("\n"), start=1):
        if unicodedata.is_normalized("NFC", line):
            continue
        for word in _WORD.findall(line):
            if not unicodedata.is_normalized("NFC", word):
                return number, unicodedata.normalize("NFC", word)
        return number, unicodedata.normalize("NFC", line.strip())[:40]
    return 1, ""


def fix_nfc(paths: Iterable[Path]) -> list[Path]:
    """Rewrite the YAML and Markdown files among `paths` (files or folders) in NFC, with the certain
    fixes of text pasted from Word (checks/pasted.py); return those changed.

    Only those characters are touched: the BOM, line endings and every other byte stay as they were.
    """
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(text_files(path))
        elif path.suffix in TEXT_SUFFIXES and path.is_file():
            files.append(path)
    changed = []
    for path in dict.fromkeys(files):
        read = _read(path, follow_symlinks=False)  # never written through a link, to a file outside content/
        if read is None:
            continue
        bom, text = read
        fixed = fix_pasted(os.fspath(path), unicodedata.normalize("NFC", text))
        if fixed != text:
            path.write_bytes(bom + fixed.encode("utf-8"))
            changed.append(path)
    return changed
