"""The page cache file: pages stored by forked workers are found by the build, pruned per language."""

from __future__ import annotations

import sqlite3

from commhub.cache.pages import CachedPage, PageCache
from commhub.site.workers import ForkedRun


def page(text: str) -> CachedPage:
    return CachedPage(f"<html>{text}</html>", {"lang": "vi", "url": text}, ({"từ": 1.0}, ()))


def test_pages_stored_by_forked_workers_are_found_and_unused_ones_pruned_per_language(tmp_path):
    cache = PageCache(tmp_path)
    cache.put("vi", "old-vi", page("old vi"))
    cache.put("km", "old-km", page("old km"))
    cache.close()
    cache.start_build()  # a new build, then forked workers, as in the plugin's on_env

    def store(share):
        for lang, key in share:
            cache.put(lang, key, page(key))
        cache.flush()
        return cache.used

    used = ForkedRun(store, [[("vi", "a"), ("vi", "b")], [("km", "c")]]).results()
    assert cache.present({"a", "b", "c", "old-vi", "old-km", "missing"}) == {"a", "b", "c", "old-vi", "old-km"}
    assert cache.get("vi", "b") == page("b")

    for keys in used:
        cache.merge(keys, {})
    cache.prune(["vi"])  # a build of Vietnamese only: other languages' pages stay
    fresh = PageCache(tmp_path)
    assert fresh.present({"a", "b", "c", "old-vi", "old-km"}) == {"a", "b", "c", "old-km"}


def test_a_damaged_entry_is_a_miss(tmp_path):
    cache = PageCache(tmp_path)
    cache.put("vi", "k", page("k"))
    cache.close()
    with sqlite3.connect(tmp_path / PageCache.FILE) as db:
        db.execute("UPDATE pages SET entry = ? WHERE key = 'k'", (b"not zlib",))
    assert PageCache(tmp_path).get("vi", "k") is None


def test_serve_keeps_pages_in_memory_and_takes_back_what_workers_added(tmp_path):
    cache = PageCache(None, in_memory=True)

    def render(share):
        for key in share:
            cache.put("vi", key, page(key))
        return cache.used, cache.added

    for used, added in ForkedRun(render, [["x"], ["y"]]).results():
        cache.merge(used, added)
    assert cache.get("vi", "x") == page("x") and cache.get("vi", "y") == page("y")
    cache.start_build()
    cache.get("vi", "x")
    cache.prune(["vi"])
    assert set(cache.memory) == {"x"}
