"""What the browser tests expect, read from the files of the tests' hub (hubfactory.shared_hub(): content/,
docs/) and from commhub's interface catalogues (src/commhub/i18n/locales).

Nothing here imports commhub: the expectations come from the files editors write, so a test fails
when the built site disagrees with them. The hub is written when this module is imported (pytest
collects the tests with parameters taken from it); conftest.py builds and serves the same hub.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from hubfactory import shared_hub

HUB = shared_hub()
CONTENT = HUB / "content"
DOCS = HUB / "docs"
LOCALES = Path(__file__).resolve().parents[2] / "src" / "commhub" / "i18n" / "locales"
PER_PAGE = 20  # catalogue entries per page (commhub.site.plan)


def _load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@functools.cache
def languages() -> list[dict]:
    return _load_yaml(CONTENT / "languages.yml")["languages"]


def codes() -> list[str]:
    return [language["code"] for language in languages()]


def default_language() -> str:
    return next(language["code"] for language in languages() if language.get("default"))


def language(code: str) -> dict:
    return next(language for language in languages() if language["code"] == code)


def language_name(code: str) -> str:
    return language(code)["name"]


def prefix(code: str) -> str:
    """The language's path under the site root: "" for the default language, "km/" for Khmer."""
    return "" if code == default_language() else f"{code}/"


def product_path(code: str, slug: str) -> str:
    return f"{prefix(code)}products/{slug}/"


@dataclass
class Product:
    slug: str
    meta: dict
    versions: dict[str, dict] = field(default_factory=dict)  # lang -> front matter, plus "body"

    @property
    def original(self) -> str:
        return self.meta["original_language"]


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    meta = yaml.safe_load(match.group(1)) or {}
    meta["body"] = match.group(2)
    return meta


@functools.cache
def products() -> dict[str, Product]:
    """Published products, each with its published language versions."""
    found = {}
    for directory in sorted((CONTENT / "products").iterdir()):
        if not (directory / "product.yml").is_file():
            continue
        meta = _load_yaml(directory / "product.yml")
        if meta.get("status", "published") != "published":
            continue
        product = Product(directory.name, meta)
        for path in sorted(directory.glob("index.*.md")):
            lang = path.name.split(".")[1]
            version = _front_matter(path)
            if version.get("status", "published") == "published" and lang in codes():
                product.versions[lang] = version
        if product.versions:
            found[product.slug] = product
    return found


def _by_reach(candidates) -> list[Product]:
    """Products in the most languages first, then by slug: stable choices as the corpus grows."""
    return sorted(candidates, key=lambda product: (-len(product.versions), product.slug))


def product_in(code: str) -> Product:
    """A product that exists in `code`, in as many other languages as possible (for the switcher)."""
    return _by_reach(p for p in products().values() if code in p.versions)[0]


def product_missing(code: str) -> Product | None:
    """A product with no version in `code`: its address there shows the original with a notice."""
    candidates = _by_reach(p for p in products().values() if code not in p.versions)
    return candidates[0] if candidates else None


def product_of_type(kind: str, code: str) -> Product:
    """A product of type `kind` that exists in `code`."""
    return _by_reach(p for p in products().values() if p.meta["type"] == kind and code in p.versions)[0]


def product_types() -> list[str]:
    return sorted({product.meta["type"] for product in products().values()})


def doc_fallback() -> tuple[str, str]:
    """(language, page name) of a docs/ page that has no file in that language: it shows another's."""
    names = sorted({path.name.split(".")[0] for path in DOCS.glob("*.md")})
    for name in names:
        for code in codes():
            file = f"{name}.md" if code == default_language() else f"{name}.{code}.md"
            if not (DOCS / file).is_file():
                return code, name
    raise AssertionError("fixture hub changed: every docs/ page exists in every language, no fallback page")


def machine_translated_in(code: str) -> Product | None:
    candidates = _by_reach(
        p for p in products().values()
        if code in p.versions and (p.versions[code].get("translation") or {}).get("method") == "machine"
    )
    return candidates[0] if candidates else None


@functools.cache
def _locale(code: str) -> dict:
    path = LOCALES / f"{code}.yml"
    return _load_yaml(path) if path.is_file() else {}


def ui(code: str, key: str, **values) -> str:
    """A commhub interface string as the reader of `code` sees it, placeholders filled.

    Same chain as commhub's messages: the language, its declared ui_fallback, the default language,
    then English.
    """
    chain = [code, language(code).get("ui_fallback"), default_language(), "en"]
    for candidate in filter(None, chain):
        node = _locale(candidate)
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, str):
            return node.format(**values)
    raise KeyError(f"no locale has {key}")
