"""The kinds of page commhub publishes, in one registry: each kind's template and what it is.

Modules ask a page what it is (`page.page_kind.indexed`, `.fallback`, `.group`) rather than
comparing kind names; a new kind of page is one entry here, its template, and its view
(site/views.py, by group).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str  # the theme template that renders it (site/theme/)
    # Pages that are one page in several languages, whose view is made alike: "product" (a
    # product's language versions), "doc" (a page of docs/, or the generated home in its place),
    # "listing" (catalogues and topics), "search", "progress".
    group: str
    fallback: bool = False  # shows another language's text, with a notice (never in hreflang)
    indexed: bool = False  # its text goes into the search index
    version: bool = False  # a product's own language version: in feeds, open data, JSON-LD, sitemap dates


KINDS = {kind.name: kind for kind in (
    PageKind("product", "commhub/product.html", "product", indexed=True, version=True),
    PageKind("fallback", "commhub/product.html", "product", fallback=True),
    PageKind("doc", "main.html", "doc", indexed=True),
    PageKind("doc_fallback", "main.html", "doc", fallback=True),
    PageKind("home", "commhub/home.html", "doc"),  # generated where docs/index.<lang>.md is missing
    PageKind("catalogue", "commhub/catalogue.html", "listing"),
    PageKind("topics", "commhub/topics.html", "listing"),
    PageKind("search", "commhub/search.html", "search"),
    PageKind("progress", "commhub/progress.html", "progress"),
)}
