"""Every internal link and anchor of a built site, checked from every page (a crawl from the home
page would never reach the pages only fallback pages link to)."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser


def broken_links(site: Path) -> dict[str, set[str]]:
    """Broken target (site-relative, with `#anchor` when only the anchor is missing) -> the pages linking to it."""
    trees = {page: LexborHTMLParser(page.read_text(encoding="utf-8")) for page in sorted(site.rglob("*.html"))}
    anchors = {page: {node.attributes.get("id") for node in tree.css("[id]")} |
               {node.attributes.get("name") for node in tree.css("a[name]")} for page, tree in trees.items()}
    broken: dict[str, set[str]] = {}
    for page, tree in trees.items():
        source = page.relative_to(site).as_posix()
        for node in tree.css("a[href], link[href], img[src], script[src], source[src], audio[src], video[src]"):
            address = node.attributes.get("href") or node.attributes.get("src") or ""
            parts = urlsplit(address)
            if parts.scheme or parts.netloc or address.startswith("//"):
                continue  # another host (the CSP tests keep pages from loading any)
            path = unquote(parts.path)
            if path.startswith("/"):
                # Only the 404 page may link from the root (MkDocs writes it so, for any address);
                # elsewhere the site may live under a sub-path.
                if source != "404.html":
                    broken.setdefault(address, set()).add(source)
                    continue
                path, source_dir = path.lstrip("/"), ""
            else:
                source_dir = posixpath.dirname(source)
            target = site / posixpath.normpath(posixpath.join(source_dir, path)) if path else page
            if target.is_dir() or path.endswith("/"):
                target = target / "index.html"
            name = target.relative_to(site).as_posix() if site in target.parents else str(target)
            if not target.is_file():
                broken.setdefault(name, set()).add(source)
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in anchors[target]:
                broken.setdefault(f"{name}#{parts.fragment}", set()).add(source)
    return broken
