"""urls.relative gives what posixpath.relpath gives for the plan's site-relative paths."""

from __future__ import annotations

import posixpath

from hypothesis import given, strategies as st

from commhub.site.urls import relative

segment = st.sampled_from(["km", "products", "a", "b", "san-pham-1", "index.html", "x.png", "search"])
path = st.lists(segment, max_size=5).map("/".join)


def reference(from_file: str, url: str) -> str:
    result = posixpath.relpath(url or ".", posixpath.dirname(from_file) or ".")
    if url.endswith("/") or not url:
        result = "./" if result == "." else result + "/"
    return result


@given(path, path, st.booleans())
def test_relative_matches_posixpath_relpath(from_file, url, directory):
    url = url + "/" if directory and url else url
    assert relative(from_file, url) == reference(from_file, url)


def test_examples():
    assert relative("sitemap.xml", "") == "./"
    assert relative("sitemap.xml", "km/products/x/") == "km/products/x/"
    assert relative("km/products/x/index.html", "products/x/a.png") == "../../../products/x/a.png"
    assert relative("km/data/products.json", "km/products/x/") == "../products/x/"
    assert relative("km/products/x/index.html", "km/products/x/") == "./"
