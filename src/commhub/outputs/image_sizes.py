"""Width and height of the images a page shows, so that the browser keeps their room before they
arrive (no layout shift on a slow phone), and the first image of a page loaded at once, not lazily.

Sizes are read from the files' headers (Pillow opens an image without decoding it), once per file
version in a process.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from PIL import Image, UnidentifiedImageError

# An <img> of a sanitised body (its serialiser writes attributes in double quotes).
_IMG = re.compile(r'<img\b([^>]*)>')
_SRC = re.compile(r'\ssrc="([^"/]+)"')


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


def sized_body(html: str, folder: str, first_eager: bool) -> str:
    """The body's images of files of its own product (`folder`) with their width and height; every
    image lazy but the first when `first_eager` (no image above the body)."""
    seen = 0

    def replace(match: re.Match) -> str:
        nonlocal seen
        attributes = match.group(1)
        seen += 1
        extra = ""
        source = _SRC.search(attributes)
        if source is not None and " width=" not in attributes and " height=" not in attributes:
            size = image_size(os.path.join(folder, source.group(1)))
            if size is not None:
                extra += f' width="{size[0]}" height="{size[1]}"'
        if " loading=" not in attributes and not (first_eager and seen == 1):
            extra += ' loading="lazy"'
        return f"<img{attributes.rstrip('/').rstrip()}{extra}>"

    return _IMG.sub(replace, html)
