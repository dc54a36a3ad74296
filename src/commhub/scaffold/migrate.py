"""`commhub admin migrate`: move each product's fields from product.yml into the front matter of its
version in the hub's default language, the form the browser editor (commhub.admin) reads and writes.

product.yml's lines (comments included) move as they are, after the version's own keys. When that
version is the original, its file changes: translations that were up to date with it get the new
SHA-256 (they still are), outdated ones keep theirs (they still are outdated). A product whose
fields cannot move (no version in the default language, a field written in both files with two
values, a file that cannot be read) keeps its product.yml, and the command says why.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from commhub.content.files import FileRefused, read_file
from commhub.content.problems import display_path
from commhub.content.products import PRODUCT_FILE, VERSION_FILE, parse_fields_text
from commhub.content.yamlio import LineDict, YamlError, front_matter_span
from commhub.i18n.messages import Messages
from commhub.scaffold.new import load_registries
from commhub.scaffold.translate import refresh


def run_migrate(content_dir: Path, lang: str, echo: Callable[[str], None]) -> int:
    """Migrate every product folder; 0, or 1 when any product kept its product.yml."""
    messages = Messages(lang)
    registries = load_registries(content_dir)
    products = Path(content_dir) / "products"
    folders = sorted(path for path in products.iterdir() if path.is_dir()) if products.is_dir() else []
    moved = kept = 0
    for folder in folders:
        if not (folder / PRODUCT_FILE).is_file():
            continue
        code, params = migrate_folder(folder, registries.default)
        echo(messages(f"problem.migrate.{code}", path=display_path(folder), **params))
        moved, kept = (moved + 1, kept) if code == "moved" else (moved, kept + 1)
    echo(messages("problem.migrate.summary", moved=moved, kept=kept))
    return 1 if kept else 0


def migrate_folder(folder: Path, default: str) -> tuple[str, dict]:
    """Move one product's fields; (message code, parameters) of what happened."""
    product_file, version = folder / PRODUCT_FILE, folder / f"index.{default}.md"
    if not version.is_file():
        return "no_default_version", {"version": version.name}
    try:
        fields_text = read_file(product_file).decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        fields = parse_fields_text(PRODUCT_FILE, fields_text)
        text = read_file(version).decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
        span = front_matter_span(text)
        meta = parse_fields_text(version.name, text) if span else None
    except (OSError, FileRefused, UnicodeDecodeError, YamlError) as error:
        return "unreadable", {"reason": str(error)}
    if not isinstance(fields, LineDict) or not isinstance(meta, LineDict):
        return "unreadable", {"reason": f"{PRODUCT_FILE} / {version.name}"}
    for key in fields:
        if key in meta and meta[key] != fields[key]:
            return "conflict", {"field": key, "version": version.name, "version_value": meta[key],
                                "product_value": fields[key]}
    original_lang = fields.get("original_language")
    original = folder / f"index.{original_lang}.md"
    old_sha = _sha(original)
    lines = [line for line in fields_text.splitlines() if not _is_key_line_of(line, meta)]
    front = text[span[0]:span[1]]
    moved = front + ("" if front.endswith("\n") or not front else "\n") + "\n".join(lines).strip("\n") + "\n"
    version.write_bytes((text[:span[0]] + moved + text[span[1]:]).encode("utf-8"))
    product_file.unlink()
    if original == version and old_sha is not None:
        for other in sorted(folder.iterdir()):
            if other != version and VERSION_FILE.match(other.name) and _source_sha(other) == old_sha:
                refresh(other)
    return "moved", {"version": version.name}


def _is_key_line_of(line: str, meta: LineDict) -> bool:
    """A top-level `key: value` line of product.yml whose key the version already has (same value)."""
    key = line.split(":", 1)[0]
    return not line.startswith((" ", "#", "-")) and ":" in line and key in meta


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_file(path)).hexdigest()
    except (OSError, FileRefused):
        return None


def _source_sha(version: Path) -> str | None:
    try:
        meta = parse_fields_text(version.name, read_file(version).decode("utf-8-sig"))
    except (OSError, FileRefused, UnicodeDecodeError, YamlError):
        return None
    block = meta.get("translation") if isinstance(meta, dict) else None
    return block.get("source_sha") if isinstance(block, dict) else None
