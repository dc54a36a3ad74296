"""The shortcuts that make a cached load fast give the same results as the long way."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

import commhub.content as content_module
from commhub import messages
from commhub.content import _path_from_text, _stat_key, load_content

from helpers import standard_corpus
from test_load_cache import snapshot


def test_paths_from_text_equal_parsed_paths():
    for text in ("/", "/a", "/work/main/có dấu/index.vi.md", "//a/b", "a/b", "/a/../b", "."):
        path = Path(text)
        rebuilt = _path_from_text(str(path))
        assert type(rebuilt) is type(path)
        assert (rebuilt, str(rebuilt), rebuilt.parts, hash(rebuilt), rebuilt.parent) == \
               (path, str(path), path.parts, hash(path), path.parent)


def test_catalogues_load_as_with_pure_python_yaml():
    for path in messages.LOCALES_DIR.glob("*.yml"):
        fast = yaml.load(path.read_text(encoding="utf-8"), Loader=messages._LOADER)
        assert fast == yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader), path.name


def _count_signatures(monkeypatch) -> list:
    signed = []
    original = content_module._folder_signature

    def counting(folder, files=None):
        signed.append(folder.name)
        return original(folder, files)

    monkeypatch.setattr(content_module, "_folder_signature", counting)
    return signed


def test_unchanged_stat_keys_skip_hashing_and_edits_are_seen(tmp_path, monkeypatch):
    corpus = standard_corpus(tmp_path)
    cache = tmp_path / "cache"
    monkeypatch.setattr(content_module, "RACY_NS", 0)  # the files were all written just now
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


def test_recently_changed_folders_have_no_stat_key(tmp_path):
    """A file written within the clock's resolution of the scan might change unseen: hash it next time."""
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "product.yml").write_text("type: article\n", encoding="utf-8")
    import time

    assert _stat_key(folder, time.time_ns()) is None
    assert _stat_key(folder, time.time_ns() + 10 * content_module.RACY_NS) is not None
