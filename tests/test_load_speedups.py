"""The shortcuts that make a cached load fast give the same results as the long way."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

import commhub.content.loader as content_module
from commhub.content import folder_scan, load_cache
from commhub.i18n import messages
from commhub.content.loader import load_content
from commhub.content.folder_scan import folder_stat_key
from commhub.content.files import READ_FLAGS, read_all

from helpers import standard_corpus
from test_load_cache import snapshot


def test_files_are_read_whole_whatever_their_size_when_stat_ed(tmp_path):
    """A file is stat'ed, then read: one that grew or shrank in between is still read to its end."""
    data = bytes(range(256)) * 1000 + b"\r\n"
    path = tmp_path / "index.vi.md"
    path.write_bytes(data)
    for size_seen in (0, 10, len(data) - 1, len(data), len(data) + 10):
        descriptor = os.open(path, READ_FLAGS)
        try:
            assert read_all(descriptor, size_seen, len(data)) == data
        finally:
            os.close(descriptor)


def test_catalogues_load_as_with_pure_python_yaml():
    for path in messages.LOCALES_DIR.glob("*.yml"):
        fast = yaml.load(path.read_text(encoding="utf-8"), Loader=messages._LOADER)
        assert fast == yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), path.name


def _count_signatures(monkeypatch) -> list:
    signed = []
    original = content_module.folder_signature

    def counting(folder, files=None):
        signed.append(folder.name)
        return original(folder, files)

    monkeypatch.setattr(content_module, "folder_signature", counting)
    return signed


def test_unchanged_stat_keys_skip_hashing_and_edits_are_seen(tmp_path, monkeypatch):
    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setattr(folder_scan, "RACY_NS", 0)  # the files were all written just now
    fresh = snapshot(*load_content(corpus.content))
    assert snapshot(*load_content(corpus.content, cache_dir=cache)) == fresh
    signed = _count_signatures(monkeypatch)
    assert snapshot(*load_content(corpus.content, cache_dir=cache)) == fresh
    assert signed == []  # every folder's stat key matched: no file read

    # Same size, same modification time: the inode change time still differs.
    path = corpus.content / "products" / "quyen-tre-em" / "index.vi.md"
    text = path.read_text(encoding="utf-8")
    stat = path.stat()
    path.write_text(text.replace("Quyền trẻ em", "Quyền trẻ EM", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    content, _ = load_content(corpus.content, cache_dir=cache)
    assert signed == ["quyen-tre-em"]
    assert content.products["quyen-tre-em"].versions["vi"].title == "Quyền trẻ EM"

    # A new file changes the folder's times: the folder is listed (and signed) again.
    slug = next(slug for slug, product in content.products.items() if "hmn" not in product.versions)
    original = content.products[slug].original_language
    corpus.version(slug, "hmn", "Mới", translation={"of": original, "method": "human", "reviewed": True})
    signed.clear()
    content, _ = load_content(corpus.content, cache_dir=cache)
    assert signed == [slug] and content.products[slug].versions["hmn"].title == "Mới"


def test_recently_changed_folders_have_no_stat_key(tmp_path):
    """A file written within the clock's resolution of the scan might change unseen: hash it next time."""
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "product.yml").write_text("type: article\n", encoding="utf-8")
    import time

    assert folder_stat_key(folder, time.time_ns()) is None
    assert folder_stat_key(folder, time.time_ns() + 10 * folder_scan.RACY_NS) is not None


def test_the_load_cache_key_covers_every_module_loading_runs():
    """LOADING_MODULES must list every commhub module that content/loader.py imports, directly or not,
    except those that cannot change what loading gives."""
    import ast

    package = Path(content_module.__file__).parents[1]
    # cache files and their MACs; problem texts (rendered after loading)
    not_shaping = {"cache/pages.py", "cache/key.py", "i18n/messages.py", "content/load_cache.py"}
    seen, todo = set(), ["content/loader.py"]
    while todo:
        name = todo.pop()
        if name in seen or name in not_shaping:
            continue
        seen.add(name)
        for node in ast.walk(ast.parse((package / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("commhub."):
                todo.append(node.module.removeprefix("commhub.").replace(".", "/") + ".py")
    assert seen == set(load_cache.LOADING_MODULES)


def test_editing_a_module_outside_loading_keeps_the_load_cache_but_not_the_check_cache(tmp_path, monkeypatch):
    from commhub.checks import checker as checks

    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    checks.check_content(corpus.content, cache_dir=cache)
    content_files = set(cache.glob("content-*.pickle"))
    check_files = set(cache.glob("checks-*.pickle"))
    real_hash_files = checks.hash_files

    def edited(paths, digest=None):  # as if checks/checker.py had changed
        digest = real_hash_files(paths, digest)
        digest.update(b"an edit")
        return digest

    monkeypatch.setattr(checks, "hash_files", edited)
    checks.check_content(corpus.content, cache_dir=cache)
    assert set(cache.glob("content-*.pickle")) == content_files
    assert set(cache.glob("checks-*.pickle")) != check_files
