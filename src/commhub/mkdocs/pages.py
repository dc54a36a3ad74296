"""Rendering commhub's pages through MkDocs's page steps: shares of pages, shared renderings, titles and text from the published HTML."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from commhub.markup.sanitise import headings
from commhub.site.plan import SitePage


@dataclasses.dataclass
class ShareResult:
    """What rendering a share of the pages gives back to the build (see on_env)."""

    search: list = dataclasses.field(default_factory=list)  # (SearchDoc, Terms) of each indexed page
    rendered: int = 0
    from_cache: int = 0
    written: dict = dataclasses.field(default_factory=dict)  # dest_uri -> fingerprint of the page written
    used: set = dataclasses.field(default_factory=set)  # cache keys looked up or stored
    added: dict = dataclasses.field(default_factory=dict)  # in-memory cache entries to keep (serve)


def page_groups(pages: list[SitePage]) -> list[list[SitePage]]:
    """Pages grouped by the text they show: a group shares one rendering of it (on_page_markdown)."""
    groups: dict[object, list[SitePage]] = {}
    for page in pages:
        groups.setdefault(page.source or page.src_uri, []).append(page)
    return list(groups.values())


def populate_page(page: Page, config, files: Files) -> None:
    """MkDocs's `_populate_page`, less the Markdown run for a page with no Markdown (catalogues,
    and fallback pages that reuse a rendering): Python-Markdown costs about 1 ms to set up, for
    each of the thousands of such pages of a large site. Sets `config._current_page` as MkDocs
    does (private; tests/test_upstream_private_apis.py)."""
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        if page.markdown:
            page.render(config, files)
        else:
            page.content = ""
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
    finally:
        config._current_page = None


def titles_from_published(page: Page, html: str) -> str | None:
    """The table of contents' titles as plain text taken from the published (sanitised) headings
    (the templates escape them); returns the first `<h1>`'s text, the title of a docs page whose
    front matter has none.

    Python-Markdown's own text of a heading (`toc_tokens`) is made by stripping tags with a regular
    expression from the heading as written, which raw HTML can defeat (a code span inside a tag's
    attribute leaves the tag whole): it is never printed as markup.
    """
    found = headings(html)
    by_id = {ident: text for _, ident, text in found if ident}

    def plain(items) -> None:
        for item in items:
            item.title = by_id.get(item.id) or _plain_text(item.title)
            plain(item.children)

    plain(page.toc)
    return next((text for tag, _, text in found if tag == "h1"), None)


def _plain_text(markup: str) -> str:
    """Text of a fragment of HTML, as a browser would show it."""
    return " ".join(html_to_text(markup).split())


def shared_rendering(planned) -> tuple[Path, int]:
    """Pages showing the same Markdown at the same URL depth render to the same HTML."""
    return planned.source, planned.url.count("/")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
