"""Turn the plan's site-relative URLs into links that work from a given file.

The plan's URLs are site-relative (`km/products/x/`). Feeds, data files and
sitemaps are read outside the page that links them, so they want absolute
URLs; those need MkDocs' `site_url`. When `site_url` is empty (a local or
preview build), links are made relative to the file that contains them, which
is what URL resolution does with them anyway.
"""

from __future__ import annotations

import posixpath


def absolute(site_url: str, url: str) -> str:
    """`url` (site-relative) under `site_url`; `site_url` must not be empty."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base + url


def relative(from_file: str, url: str) -> str:
    """`url` (site-relative) as seen from the site-relative file `from_file`."""
    start = posixpath.dirname(from_file) or "."
    target = url or "."
    result = posixpath.relpath(target, start)
    if url.endswith("/") or not url:
        result = "./" if result == "." else result + "/"
    return result


def link(site_url: str, from_file: str, url: str) -> str:
    """Absolute when the site has an address, else relative to `from_file`."""
    return absolute(site_url, url) if site_url else relative(from_file, url)
