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


def test_images_of_the_site_s_own_pages_are_sized_too(tmp_path):
    corpus = standard_corpus(tmp_path)
    docs = tmp_path / "docs"
    (docs / "so-do.png").write_bytes(png_sized(40, 30))
    (docs / "about.md").write_text("---\ntitle: Giới thiệu\n---\n\n![Sơ đồ](so-do.png)\n", encoding="utf-8")
    site = build_site(tmp_path)
    [shown] = images((site / "about/index.html").read_text(encoding="utf-8"))
    assert attribute(shown, "src") == "../so-do.png"  # MkDocs's address, from about/
    assert (attribute(shown, "width"), attribute(shown, "height"), attribute(shown, "loading")) == ("40", "30", None)
    fallback = images((site / "km/about/index.html").read_text(encoding="utf-8"))[0]
    assert (attribute(fallback, "src"), attribute(fallback, "width")) == ("../../so-do.png", "40")


def test_a_page_s_images_are_read_from_its_folder_only(tmp_path):
    from commhub.outputs.image_sizes import sized_body

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.png").write_bytes(png_sized(5, 6))
    (tmp_path / "b.png").write_bytes(png_sized(7, 8))
    html = '<p><img src="../a.png" alt=""><img src="../../b.png" alt=""><img src="https://x.vn/a.png" alt=""></p>'
    first, outside, remote = images(sized_body(html, str(tmp_path / "docs"), True, "about/"))
    assert attribute(first, "width") == "5" and attribute(outside, "width") is None and attribute(remote, "width") is None


def test_a_version_in_another_language_has_its_images_sized(tmp_path):
    """MkDocs writes the product's own files, on km/products/x/, as ../../../products/x/…"""
    corpus = standard_corpus(tmp_path)
    corpus.product("so-do", type="infographic", published="2024-05-06",
                   media=[{"file": "so-do.png", "kind": "image", "alt": {"vi": "Sơ đồ", "km": "ដ្យាក្រាម"}}])
    corpus.version("so-do", "vi", "Sơ đồ", body="![Sơ đồ](so-do.png)\n")
    corpus.version("so-do", "km", "ដ្យាក្រាម", body="![ដ្យាក្រាម](so-do.png)\n",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    (corpus.content / "products/so-do/so-do.png").write_bytes(png_sized(33, 22))
    site = build_site(tmp_path)
    [image] = images((site / "km/products/so-do/index.html").read_text(encoding="utf-8"))
    assert attribute(image, "src") == "../../../products/so-do/so-do.png"
    assert (attribute(image, "width"), attribute(image, "height"), attribute(image, "loading")) == ("33", "22", None)
