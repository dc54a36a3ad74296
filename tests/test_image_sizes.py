"""Every image of a product page has its width and height (no layout shift on a slow phone), and
only the page's first image loads at once; the others load lazily."""

from __future__ import annotations

import re

from helpers import build_site, standard_corpus
from media_files import png_sized


def images(page: str) -> list[str]:
    return re.findall(r"<img\b[^>]*>", page)


def attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


def test_images_are_sized_and_only_the_first_is_eager(tmp_path):
    corpus = standard_corpus(tmp_path)
    alt = {"vi": "Ảnh", "en": "Image", "km": "រូបភាព"}
    corpus.product("tro-giup-phap-ly", type="leaflet", published="2024-05-06", media=[
        {"file": "bia.png", "kind": "image", "alt": dict(alt)}, {"file": "so-do.png", "kind": "image", "alt": dict(alt)}])
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí", body="Mở đầu.\n\n![Sơ đồ](so-do.png)\n")
    folder = corpus.content / "products/tro-giup-phap-ly"
    (folder / "bia.png").write_bytes(png_sized(64, 48))
    (folder / "so-do.png").write_bytes(png_sized(30, 20))
    corpus.product("quyen-tre-em", type="qa", topics=["childrens-rights", "legal-aid"], published="2024-12-31",
                   media=[{"file": "anh.png", "kind": "image", "alt": {"vi": "Ảnh", "en": "Image"}}])
    corpus.version("quyen-tre-em", "vi", "Quyền trẻ em", body="![Ảnh](anh.png)\n\nSau ảnh.")
    (corpus.content / "products/quyen-tre-em/anh.png").write_bytes(png_sized(10, 12))
    site = build_site(tmp_path, strict=True)

    first, second = images((site / "products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8"))
    assert (attribute(first, "src"), attribute(first, "width"), attribute(first, "height")) == ("bia.png", "64", "48")
    assert attribute(first, "loading") is None  # the page's first image: at once
    assert (attribute(second, "src"), attribute(second, "width"), attribute(second, "height")) == ("so-do.png", "30", "20")
    assert attribute(second, "loading") == "lazy"
    # Only in the body (shown there, so not again above it): the body's first image is the page's.
    [only] = images((site / "products/quyen-tre-em/index.html").read_text(encoding="utf-8"))
    assert (attribute(only, "width"), attribute(only, "height"), attribute(only, "loading")) == ("10", "12", None)
