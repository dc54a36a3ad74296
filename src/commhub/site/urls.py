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
    """`url` (site-relative) as seen from the site-relative file `from_file`.

    posixpath.relpath, without its two os.getcwd() calls: a build makes tens of thousands of these
    links (sitemap, feeds, open data, JSON-LD), and plan URLs hold no `.` or `..` to normalise.
    """
    start = [part for part in posixpath.dirname(from_file).split("/") if part]
    target = [part for part in url.split("/") if part]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    result = "/".join([".."] * (len(start) - common) + target[common:]) or "."
    if url.endswith("/") or not url:
        result = "./" if result == "." else result + "/"
    return result


def link(site_url: str, from_file: str, url: str) -> str:
    """Absolute when the site has an address, else relative to `from_file`."""
    return absolute(site_url, url) if site_url else relative(from_file, url)
