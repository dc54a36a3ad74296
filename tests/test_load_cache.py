"""The load cache gives the same content and problems as a fresh load, and notices every edit."""

from __future__ import annotations

from commhub.content.loader import load_content

from helpers import standard_corpus


def snapshot(content, problems):
    products = {slug: (product.type, product.channels, sorted(
        (lang, version.title, version.sha256, version.outdated) for lang, version in product.versions.items()))
        for slug, product in content.products.items()}
    return products, sorted((problem.code, str(problem.path), problem.line) for problem in problems)


def test_cached_load_equals_fresh_load_and_sees_edits(tmp_path):
    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    fresh = snapshot(*load_content(corpus.content))
    assert snapshot(*load_content(corpus.content, cache_dir=cache)) == fresh  # fills the cache
    assert list(cache.glob("content-*.pickle"))
    assert snapshot(*load_content(corpus.content, cache_dir=cache)) == fresh  # read from it

    path = corpus.content / "products" / "quyen-tre-em" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Quyền trẻ em", "title: Quyền của trẻ em"),
                    encoding="utf-8")
    content, _ = load_content(corpus.content, cache_dir=cache)
    assert content.products["quyen-tre-em"].versions["vi"].title == "Quyền của trẻ em"

    corpus.product("quyen-tre-em", type="bogus")
    content, problems = load_content(corpus.content, cache_dir=cache)
    assert [problem.code for problem in problems.errors] == ["value_not_allowed"]


def test_the_cache_serves_a_fresh_checkout(tmp_path):
    """Same bytes, new modification times (as after `git clone`): still a hit."""
    import os

    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    fresh = snapshot(*load_content(corpus.content, cache_dir=cache))
    for path in corpus.content.rglob("*"):
        os.utime(path, ns=(10**18, 10**18))
    pickle_file = next(cache.glob("content-*.pickle"))
    before = pickle_file.stat().st_mtime_ns
    assert snapshot(*load_content(corpus.content, cache_dir=cache)) == fresh
    assert pickle_file.stat().st_mtime_ns == before  # nothing had to be loaded again


def test_a_changed_registry_invalidates_everything(tmp_path):
    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    load_content(corpus.content, cache_dir=cache)
    topics = corpus.content / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("legal-aid", "tro-giup"), encoding="utf-8")
    _, problems = load_content(corpus.content, cache_dir=cache)
    assert {problem.params.get("value") for problem in problems.errors} == {"legal-aid"}


def test_products_read_back_from_the_cache_equal_loaded_ones_field_for_field(tmp_path):
    """Versions and products are pickled as constructor calls (content._PICKLED_AS): every field,
    in order, must come back."""
    corpus = standard_corpus(tmp_path)
    fresh, _ = load_content(corpus.content)
    load_content(corpus.content, cache_dir=tmp_path / "cache")
    cached, _ = load_content(corpus.content, cache_dir=tmp_path / "cache")
    assert cached.products == fresh.products and list(cached.products) == list(fresh.products)
    version = next(iter(cached.products.values())).original
    assert version.path.is_file() and version.path == fresh.products[version.slug].original.path
