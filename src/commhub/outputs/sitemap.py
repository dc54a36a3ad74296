"""Entries of `sitemap.xml` with hreflang alternates, for theme/sitemap.xml.

Every page except fallbacks (noindex duplicates) is listed once, with the
languages it really exists in plus `x-default` (the default language's page
when there is one, else the first declared). The sitemap protocol wants
absolute URLs; without `site_url` (a local build) they are relative to
sitemap.xml at the site's root, which keeps the file valid XML and readable.
"""

from __future__ import annotations

import calendar
import gzip
from pathlib import Path

from markupsafe import Markup, escape

from commhub.site.plan import SitePage, SitePlan
from commhub.site.urls import link

SITEMAP = "sitemap.xml"


def sitemap_entries(plan: SitePlan, site_url: str) -> list[dict]:
    """[{loc, lastmod, alternates: [(hreflang, href), …, ('x-default', href)]}] in plan order."""
    entries = []
    for page in plan.pages.values():
        if page.is_fallback:
            continue
        real = [other for other in plan.alternates(page) if not other.is_fallback]
        alternates = [(other.lang, link(site_url, SITEMAP, other.url)) for other in real]
        if real:
            default = next((other for other in real if other.lang == plan.default), real[0])
            alternates.append(("x-default", link(site_url, SITEMAP, default.url)))
        entries.append({
            "loc": link(site_url, SITEMAP, page.url),
            "lastmod": _lastmod(page),
            "alternates": alternates,
        })
    return entries


def _lastmod(page: SitePage) -> str | None:
    # Only products carry a content date; other pages change with the build and get none.
    version = page.data.get("version") if page.page_kind.version else None
    return version.published.isoformat() if version is not None else None


def sitemap_urls(entries: list[dict]) -> str:
    """The `<url>` elements of the entries, as theme/sitemap.xml lays them out.

    Written here rather than looped over in the template: a site of 5,000 pages in 5 languages has
    25,000 alternates, and the Jinja loop took seconds of every build.
    """
    lines = []
    for entry in entries:
        lines.append(f"\n  <url>\n    <loc>{escape(entry['loc'])}</loc>")
        if entry["lastmod"]:
            lines.append(f"\n    <lastmod>{entry['lastmod']}</lastmod>")
        for hreflang, href in entry["alternates"]:
            lines.append(f'\n    <xhtml:link rel="alternate" hreflang="{escape(hreflang)}" href="{escape(href)}"/>')
        lines.append("\n  </url>")
    return Markup("".join(lines))  # escaped as it was made: the template prints it as is


def compress_sitemap(site_dir: Path, content) -> None:
    """sitemap.xml.gz again, stamped with the newest content date.

    MkDocs stamps it with the newest date of the pages *this run* built: a run that builds
    none (all cached, or another process's languages) would stamp another time.
    """
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        dates = [version.published for version in content.published_versions()]
        stamp = calendar.timegm(max(dates).timetuple()) if dates else 0
        with open(site_dir / "sitemap.xml.gz", "wb") as raw:
            with gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=stamp) as compressed:
                compressed.write(sitemap.read_bytes())
