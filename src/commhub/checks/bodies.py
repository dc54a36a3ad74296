"""Checks of Markdown bodies as the build renders and publishes them: markup, links, images, placeholders."""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from commhub.content.names import slugify
from commhub.content.products import VERSION_FILE
from commhub.content.model import Product
from commhub.content.problems import ProblemList
from commhub.markup.render import MAX_NESTING, BodyRenderer, over_budget
from commhub.markup.sanitise import (FORM_TAGS, SCRIPT_TAGS, UNSAFE_SCHEMES, URL_ATTRIBUTES, URL_SCHEMES, Element, Finding,
                       elements, removed, url_scheme)
from commhub.content.yamlio import YamlError, split_front_matter
from commhub.checks.text import _read_in_product


# Left in every file `commhub new` writes; the checker refuses it until the editor removes it.


def body_from_line(path: Path, first_line: int) -> tuple[str, int] | None:
    """(body, first_line) of a version the loader read: the text from that line on."""
    return _body_from_line(_read_in_product(path), first_line)


def _body_from_line(read: tuple[bytes, str] | None, first_line: int) -> tuple[str, int] | None:
    """`body_from_line` of a file already read (see `_read`)."""
    if read is None:
        return None
    text = read[1]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    for _ in range(first_line - 1):  # (splitting the text in lines would copy all of it)
        start = text.find("\n", start) + 1
        if start == 0:
            return "", first_line
    return text[start:], first_line


def read_body(read: tuple[bytes, str] | None) -> tuple[str, int] | None:
    """(body, line of its first line) of a version file the loader could not use; None if unreadable."""
    if read is None:
        return None
    try:
        document = split_front_matter(read[1].replace("\r\n", "\n").replace("\r", "\n"))
    except YamlError:
        return None
    return None if document is None else (document.body, document.body_first_line)


@dataclass
class _Body:
    """One version's body being checked, and where its problems go."""

    product: Product | None  # its product as loaded
    slug: str
    path: Path | str
    lang: str
    body: str
    first_line: int
    problems: ProblemList


class BodyChecker:
    """Checks Markdown bodies: each is rendered whole, as the build renders it (markup/render.py), and the
    rendered HTML is judged as a browser parses it (markup/sanitise.py); then its links and images.

    `products`: every product by slug, or None while they are being loaded: then a link to a file
    of another product is not judged but kept in `media_links` (see `check_while_loading`).
    """

    def __init__(self, root: Path, languages: Iterable, products: dict[str, Product] | None,
                 docs: Path | None = None):
        self.root, self.products = root, products
        languages = list(languages)
        self.languages = {language.code for language in languages}
        # Where a product's fields are when it has no product.yml (content/products.py).
        self.fields_version = f"index.{next((language.code for language in languages if language.default), '')}.md"
        self.docs = docs if docs is not None else root.parent / "docs"  # the site's pages links may lead to
        self.media_links: list[tuple] = []  # (problems, path, line, url, lang, kind, slug, file name)
        self._slugs: frozenset[str] | None = None  # product folders, listed when a link needs them
        self.renderer = BodyRenderer()

    def add(self, product: Product | None, slug: str, path: Path | str, lang: str, body: str, first_line: int,
            problems: ProblemList) -> None:
        """Check the body of products/<slug>/index.<lang>.md (`path`), whose first line is `first_line`."""
        parsed = self.judge(path, body, first_line, problems)
        if parsed is not None:
            findings, kept = parsed
            self.report(_Body(product, slug, path, lang, body, first_line, problems), findings, kept)

    def judge(self, path: Path | str, body: str, first_line: int,
              problems: ProblemList) -> tuple[list[Finding], list[Element]] | None:
        """Render `body` within its budget: (what the sanitiser removes, the elements it keeps).

        None, with the problem reported, for a body over its budget (which is not rendered).
        """
        refused = over_budget(body, first_line)
        if refused is not None:
            problems.error(path, refused.line, refused.code, limit=refused.limit)
            return None
        try:
            html = self.renderer.render(body)
        except RecursionError:  # the budget's nesting limit is far below this: a safety net
            problems.error(path, first_line, "nesting_too_deep", limit=MAX_NESTING)
            return None
        except Exception:  # noqa: BLE001 - Python-Markdown fails on some unclosed markup (`<![x`)
            problems.error(path, Locator(body, first_line)("<![", "<!", "<?", "<"), "markdown_failed")
            return None
        parsed = elements(html)
        findings = removed(html, parsed)
        dropped = {(finding.tag, finding.attribute, finding.value) for finding in findings}
        kept = [Element(element.tag, tuple((name, value) for name, value in element.attributes
                                           if (element.tag, name, value) not in dropped))
                for element in parsed if (element.tag, None, "") not in dropped]
        return findings, kept

    def report(self, item: _Body, findings: list[Finding], kept: list[Element]) -> None:
        locate = Locator(item.body, item.first_line)
        for finding in findings:
            self.report_finding(item.problems, item.path, finding, locate)
        for element in kept:
            tag, values = element.tag, dict(element.attributes)
            if tag not in ("a", "img"):
                continue
            if tag == "img" and not values.get("alt", "").strip():
                item.problems.error(item.path, locate(values.get("src", ""), "<img", "!["), "image_alt_missing",
                                    src=values.get("src", ""))
            if tag == "img" and is_external(values.get("src", "")):
                # The pages' CSP loads nothing from other hosts (and readers' data would go there).
                item.problems.error(item.path, locate(values["src"], "<img", "!["), "image_external",
                                    src=values["src"])
                continue
            url = values.get("href") if tag == "a" else values.get("src") if tag == "img" else None
            if url:
                code, line = self.check_link(item, url, locate)
                if isinstance(code, tuple):  # ("media" or "page", slug, file name): judged later
                    self.media_links.append((item.problems, item.path, line, url, item.lang, *code))
                elif code in ("link_broken", "link_to_folder") and (slug := self.slug_named_in(url)) is not None:
                    # Written with the product's title, or its folder misspelt: say which address was meant.
                    item.problems.error(item.path, line, "link_by_title", url=url,
                                        suggestion=f"../{slug}/index.{item.lang}.md")
                elif code is not None:
                    item.problems.error(item.path, line, code, url=url, lang=item.lang)

    def slug_named_in(self, url: str) -> str | None:
        """The product whose folder the link's words name once made a slug ("Quyền trẻ em" →
        quyen-tre-em), when that differs from what is written; else None."""
        words = [part for part in unquote(urlsplit(url).path).split("/")
                 if part not in ("", ".", "..", "products") and not VERSION_FILE.match(part)]
        if len(words) != 1:
            return None
        slug = slugify(words[0])
        if slug == words[0] or not slug:
            return None
        if self._slugs is None:
            folder = os.path.join(self.root, "products")
            self._slugs = frozenset(os.listdir(folder)) if os.path.isdir(folder) else frozenset()
        return slug if slug in self._slugs else None

    @staticmethod
    def report_finding(problems: ProblemList, path: Path | str, finding: Finding, locate: "Locator") -> None:
        tag = finding.tag
        if not tag:
            problems.error(path, locate("<"), "html_not_clean")
            return
        if finding.attribute is None:
            line = locate(f"<{tag}")
            if tag == "iframe":
                problems.error(path, line, "html_iframe")
            elif tag in SCRIPT_TAGS:
                problems.error(path, line, "html_tag_unsafe", tag=tag)
            elif tag in FORM_TAGS:
                problems.error(path, line, "html_form", tag=tag)
            else:
                problems.error(path, line, "html_tag_not_allowed", tag=tag)
            return
        name, value = finding.attribute, finding.value
        if name.startswith("on"):
            problems.error(path, locate(f"{name}=", name), "html_event_attribute", attribute=name, tag=tag)
            return
        scheme = url_scheme(value) if name in URL_ATTRIBUTES else None
        line = locate(value[:60], scheme and f"{scheme}:", f"{name}=", f"<{tag}")
        if scheme in UNSAFE_SCHEMES:
            problems.error(path, line, "url_unsafe", scheme=scheme)
        elif scheme is not None and scheme not in URL_SCHEMES:
            problems.error(path, line, "url_scheme_not_allowed", scheme=scheme,
                                allowed=", ".join(sorted(URL_SCHEMES)))
        else:
            problems.error(path, locate(f"{name}=", name, f"<{tag}"), "html_attribute_not_allowed",
                                attribute=name, tag=tag)

    # --- links ------------------------------------------------------------------------------------------

    def check_link(self, item: _Body, url: str, locate: "Locator") -> tuple[str | tuple | None, int]:
        """(problem code or None, line) for a link or image address in the body `item`.

        The code is ("media", slug, file name) for a file of another product while products load.
        """
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith("#"):
            return None, 0  # external, or an anchor on the same page
        target = unquote(parts.path)
        if not target:
            return None, 0
        line = locate(url, target)
        if target.startswith("/"):
            return "link_absolute", line
        return self.link_problem(posixpath.normpath(posixpath.join("products", item.slug, target)), item), line

    def link_problem(self, resolved: str, item: _Body) -> str | tuple | None:
        """None when the site-relative `resolved` path is a page or file of the site, else a problem code."""
        if resolved == ".." or resolved.startswith("../"):
            return "link_broken"
        parts = resolved.split("/")
        if parts[0] != "products":
            return None if self.doc_exists(resolved) else "link_broken"
        if len(parts) == 2 or (len(parts) == 3 and "." not in parts[2]):
            return "link_to_folder"
        if len(parts) != 3:
            return "link_broken"
        _, slug, name = parts
        folder = os.path.join(self.root, "products", slug)  # text: links are many, Path objects slow
        if not os.path.isfile(os.path.join(folder, "product.yml")) \
                and not os.path.isfile(os.path.join(folder, self.fields_version)):
            return "link_broken"
        version_file = VERSION_FILE.match(name)
        if version_file:
            # A version that does not exist yet is still a page: the site shows the original there.
            # A draft product has no page at all.
            if version_file.group("lang") not in self.languages:
                return "link_broken"
            if slug == item.slug:
                return None
            if self.products is None:
                return "page", slug, name
            return _draft_link(self.products.get(slug))
        if name.endswith(".md"):
            return "link_broken"
        if not os.path.isfile(os.path.join(folder, name)):
            return "link_broken"
        if slug == item.slug:
            product = item.product
        elif self.products is None:
            return "media", slug, name
        else:
            product = self.products.get(slug)
        if product is not None and name not in {media.file for media in product.media}:
            return "link_media_not_listed"
        return None

    def doc_exists(self, resolved: str) -> bool:
        if is_file(self.docs / resolved):
            return True
        # about.km.md is a page even when only about.md exists (the site shows it with a notice).
        stem, _, suffix = resolved.removesuffix(".md").rpartition(".")
        if resolved == "index.md" or (stem == "index" and suffix in self.languages):
            return True  # every language has a home page, generated when not written (site/plan.py)
        return resolved.endswith(".md") and suffix in self.languages and is_file(self.docs / f"{stem}.md")


def is_external(url: str) -> bool:
    """An address on another host (`https://…`, `//host/…`): the site itself loads nothing from there."""
    url = url.strip()
    return url.startswith(("//", "\\")) or url_scheme(url) is not None


class Locator:
    """Line numbers (in the file) of things found in a body."""

    def __init__(self, body: str, first_line: int):
        self.body, self.lower, self.first_line = body, body.lower(), first_line
        self.cursors: dict[str, int] = {}  # needle -> where to search from, so repeats get their own line

    def __call__(self, *needles: str | None) -> int:
        for needle in needles:
            if not needle:
                continue
            key = needle.lower()
            start = self.cursors.get(key, 0)
            found = self.lower.find(key, start)
            if found < 0 and start:
                found = self.lower.find(key)
            if found >= 0:
                self.cursors[key] = found + 1
                return self.first_line + self.body.count("\n", 0, found)
        # Not found as written (e.g. an address written with entities): the body's first line of text.
        return self.first_line + self.body[: len(self.body) - len(self.body.lstrip())].count("\n")


def _draft_link(product: Product | None) -> str | None:
    """The problem of a link to a version of `product`: none unless the product is a draft (no page)."""
    return "link_to_draft" if product is not None and product.status == "draft" else None


def is_file(path: Path) -> bool:
    """Path.is_file() for a name an editor wrote: a name too long for the file system is no file."""
    try:
        return path.is_file()
    except OSError:  # e.g. ENAMETOOLONG
        return False
