"""Reading an editor's file as bytes, text or YAML, every refusal reported as a problem of that file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from commhub.content.files import FileRefused, read_file
from commhub.content.problems import ProblemList
from commhub.content.yamlio import YamlError, load_yaml


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
