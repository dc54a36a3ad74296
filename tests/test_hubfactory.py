"""The tests' hub (hubfactory.py) holds what the tests built on it rely on, and is a valid hub."""

from __future__ import annotations

from collections import Counter

from helpers import build_site
from hubfactory import make_hub, shared_hub

from commhub.content.loader import load_content
from commhub.content.model import MEDIA_KINDS, PRODUCT_TYPES
from commhub.site.plan import PER_PAGE


def files_of(root) -> dict:
    return {path.relative_to(root): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_it_builds_strictly_and_the_same_each_time(tmp_path):
    """--strict: no warning from MkDocs or commhub; make_hub writes the same bytes each time, and the
    shared hub is still as written (the tests read it, none changes it)."""
    root = make_hub(tmp_path / "hub")
    assert files_of(root) == files_of(shared_hub())
    build_site(root, tmp_path / "site", strict=True)


def test_it_holds_every_kind_of_thing_a_hub_has():
    content, problems = load_content(shared_hub() / "content")
    assert problems.errors == []
    languages = {language.code: language for language in content.languages}
    assert list(languages) == ["vi", "km", "hmn", "zh", "en", "fr"] and content.default_language.code == "vi"
    assert languages["hmn"].ui_fallback == "vi" and {language.group for language in languages.values()} == {
        "national", "ethnic_minority", "foreign"}
    products = content.products
    published = [product for product in products.values() if product.status == "published"]
    assert {product.type for product in published} == set(PRODUCT_TYPES)
    assert {media.kind for product in published for media in product.media} == set(MEDIA_KINDS)
    translations = Counter((version.translation.method, version.translation.reviewed)
                           for product in published for version in product.versions.values() if version.translation)
    assert set(translations) == {("human", True), ("human", False), ("machine", True), ("machine", False)}
    assert [slug for slug, product in products.items() if product.status == "draft"] == ["ban-nhap-chua-dang"]
    assert [(slug, lang) for slug, product in products.items() for lang, version in product.versions.items()
            if version.status == "draft" and product.status == "published"] == [
        ("quyen-tiep-can-thong-tin-cua-cong-dan", "fr")]
    assert [(slug, lang) for slug, product in products.items() for lang, version in product.versions.items()
            if version.outdated] == [("cam-nang-phong-chong-bao-luc-gia-dinh", "en")]
    assert {product.original_language for product in published} == {"vi", "km", "en"}
    # every language has products of its own and products it lacks (fallback pages), the default more
    # than a catalogue page
    for code in languages:
        having = [product for product in published if code in {v.lang for v in product.published_versions()}]
        assert 1 < len(having) < len(published), code
    assert sum("vi" in product.versions for product in published) > PER_PAGE


def test_its_own_pages():
    docs = shared_hub() / "docs"
    for code in ("vi", "km", "hmn", "zh", "en", "fr"):
        for name in ("index", "about"):
            assert (docs / (f"{name}.md" if code == "vi" else f"{name}.{code}.md")).is_file(), (name, code)
    assert sorted(path.name for path in docs.glob("reading*")) == ["reading.en.md", "reading.md"]
    assert (docs / "so-do-cong-thong-tin.png").is_file() and (shared_hub() / "content" / "targets.yml").is_file()
