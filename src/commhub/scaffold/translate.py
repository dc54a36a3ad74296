"""`commhub translate --refresh PATH…`: after a translator has brought a version up to date with its
original, record the original's current SHA-256 in the version's `translation: source_sha`, so that
nobody has to run `sha256sum`. Only that line of the front matter changes; comments and layout stay.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from commhub.content.problems import display_path
from commhub.content.products import PRODUCT_FILE, VERSION_FILE, parse_fields_text, product_fields_in
from commhub.content.reading import sha256_of
from commhub.content.yamlio import LineDict, YamlError, front_matter_span, load_yaml
from commhub.content.files import FileRefused, read_file
from commhub.i18n.messages import Messages

_SOURCE_SHA = re.compile(r"^(?P<indent>[ ]+)source_sha:[^\n]*$", re.M)
_TRANSLATION = re.compile(r"^translation:[ ]*(?:#[^\n]*)?$", re.M)


def run_refresh(paths: list[Path], lang: str, echo: Callable[[str], None]) -> int:
    """Refresh each translation among `paths` (version files, or product folders: all their
    translations). Returns 0, or 1 when any path could not be refreshed (the others still are)."""
    messages = Messages(lang)
    m = "problem.translate."
    versions, failed = _versions(paths, messages, echo)
    for version, in_folder in versions:
        problem, params = refresh(version)
        if in_folder and problem == "not_a_translation":
            continue  # the product's original, in a folder given whole
        echo(messages(m + problem, path=display_path(version), **params))
        failed = failed or problem not in ("refreshed", "unchanged")
    return 1 if failed else 0


def _versions(paths: list[Path], messages: Messages, echo) -> tuple[list[tuple[Path, bool]], bool]:
    """(version file, whether it was found in a folder given) for each path; and whether any path was neither."""
    found, failed = [], False
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend((child, True) for child in sorted(path.iterdir()) if VERSION_FILE.match(child.name))
        elif path.is_file() and VERSION_FILE.match(path.name):
            found.append((path, False))
        else:
            echo(messages("problem.translate.not_a_version", path=display_path(path)))
            failed = True
    return found, failed


def _product_fields(folder: Path):
    """The mapping of the product's fields: product.yml, else the version whose front matter holds
    them (content/products.py); FileNotFoundError when neither is there."""
    product_file = folder / PRODUCT_FILE
    if product_file.exists():
        return parse_fields_text(product_file.name, read_file(product_file).decode("utf-8"))
    for candidate in sorted(folder.glob("index.*.md")):
        data = parse_fields_text(candidate.name, read_file(candidate).decode("utf-8"))
        if product_fields_in(data):
            return data
    raise FileNotFoundError(str(product_file))


def refresh(version: Path) -> tuple[str, dict]:
    """Rewrite `version`'s source_sha; (message code, parameters) of what happened."""
    try:
        text = read_file(version).decode("utf-8")
        span = front_matter_span(text)
        front = text[span[0]:span[1]] if span else ""
        meta = load_yaml(front) if front else None
        product = _product_fields(version.parent)
    except (OSError, FileRefused, UnicodeDecodeError, YamlError, ValueError) as error:
        return "unreadable", {"reason": str(error)}
    if not isinstance(meta, LineDict) or not isinstance(meta.get("translation"), dict):
        return "not_a_translation", {}
    original_lang = product.get("original_language") if isinstance(product, dict) else None
    original = version.parent / f"index.{original_lang}.md"
    if not isinstance(original_lang, str) or original == version or not original.is_file():
        return "original_missing", {"original": original.name if isinstance(original_lang, str) else "product.yml"}
    digest = sha256_of(original)
    if meta["translation"].get("source_sha") == digest:
        return "unchanged", {"original": original.name}
    match = _SOURCE_SHA.search(front)
    if match is not None:
        new_front = front[:match.start()] + f"{match['indent']}source_sha: {digest}" + front[match.end():]
    else:
        block = _TRANSLATION.search(front)
        if block is None:  # a flow mapping, `translation: {method: …}`: not edited by hand here
            return "not_editable", {}
        indent = re.match(r"[ ]*", front[block.end() + 1:]).group() or "  "
        new_front = front[:block.end()] + f"\n{indent}source_sha: {digest}" + front[block.end():]
    version.write_bytes((text[:span[0]] + new_front + text[span[1]:]).encode("utf-8"))
    return "refreshed", {"original": original.name}
