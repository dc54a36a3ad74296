"""Width and height of the images a page shows, so that the browser keeps their room before they
arrive (no layout shift on a slow phone), and the first image of a page loaded at once, not lazily.

Sizes are read from the files' headers (Pillow opens an image without decoding it), once per file
version in a process.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache

from PIL import Image, UnidentifiedImageError

# An <img> of a sanitised body (its serialiser writes attributes in double quotes).
_IMG = re.compile(r'<img\b([^>]*)>')
_SRC = re.compile(r'\ssrc="([^"]+)"')


def image_size(path: str) -> tuple[int, int] | None:
    """(width, height) of the image file, or None when it is not one Pillow reads."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _size(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _size(path: str, mtime: int, size: int) -> tuple[int, int] | None:
    try:
        with Image.open(path) as image:
            return image.size
    except (OSError, UnidentifiedImageError, ValueError):
        return None


def sized_body(html: str, folder: str, first_eager: bool, page_dir: str = "", site_folder: str = "") -> str:
    """The body's images of files of `folder` with their width and height; every image lazy but the
    first when `first_eager` (no image above the body).

    A product's body shows files of its own folder by name. A page of docs/ (`folder`) is published at
    `page_dir` (`about/`), from where MkDocs made its images' addresses relative (`../anh.png`): they
    are resolved from there, and only files inside `folder` are read. A product's version in another
    language than the default (`km/products/x/`) shows its folder's files from the site's
    `site_folder` (`products/x/`): `../../../products/x/anh.png`."""
    seen = 0

    def file_of(src: str) -> str | None:
        if not page_dir:
            return os.path.join(folder, src) if "/" not in src else None
        if ":" in src or src.startswith(("/", "#")):
            return None
        path = posixpath.normpath(posixpath.join(page_dir, src))
        if site_folder:
            if not path.startswith(site_folder) or "/" in path[len(site_folder):]:
                return None
            path = path[len(site_folder):]
        return None if path.startswith("..") else os.path.join(folder, *path.split("/"))

    def replace(match: re.Match) -> str:
        nonlocal seen
        attributes = match.group(1)
        seen += 1
        extra = ""
        source = _SRC.search(attributes)
        file = file_of(source.group(1)) if source is not None else None
        if file is not None and " width=" not in attributes and " height=" not in attributes:
            size = image_size(file)
            if size is not None:
                extra += f' width="{size[0]}" height="{size[1]}"'
        if " loading=" not in attributes and not (first_eager and seen == 1):
            extra += ' loading="lazy"'
        return f"<img{attributes.rstrip('/').rstrip()}{extra}>"

    return _IMG.sub(replace, html)
