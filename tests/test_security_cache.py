"""Nothing from the working tree is executed (issue 14): commhub's caches are authenticated.

A pull request can commit files into the cache folder (`git add -f`). Whatever it puts there, as
every cache file name commhub reads, is never unpickled and never published: `commhub check`,
`commhub report` and the build give what they give without a cache. A cache made under another
key is cold; a valid one is still used; a cache folder that git tracks is refused.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
import subprocess
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from commhub.cache import key as cachekey
from commhub.content import loader as content_module
from commhub.cache.key import MAGIC, load_pickle, read_blocks, secret, write_blocks
from commhub.checks.checker import check_content
from commhub.cli.main import main
from commhub.content.loader import load_content
from commhub.cache.pages import PAGE_ROW, CachedPage, PageCache, pack_row
from report_fixtures import SHARE_TARGETS, write_targets
from test_build_modes import tree
from test_check import clean_corpus, run_check

CACHE = ".commhub-cache"  # as in the demo's mkdocs.yml, and `commhub check`'s default
ATTACKER_KEY = b"k" * cachekey.KEY_SIZE  # a key of the attacker's own: the format is public


class Payload:
    """Unpickled, it creates the file `marker`: what a hostile cache file would do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return open, (self.marker, "w")


def hub(root: Path):
    """A clean hub whose check, report and build all use `.commhub-cache/`."""
    corpus = clean_corpus(root)
    write_targets(corpus, SHARE_TARGETS)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - commhub\n", f"  - commhub:\n      cache_dir: {CACHE}\n"), encoding="utf-8")
    return corpus


def build_hub(root: Path, site: str):
    """A strict build of `root` into `root/site`; its config (the plugin keeps the pages' fingerprints)."""
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site), strict=True)
    build(config)
    return config


def report(root: Path, monkeypatch) -> tuple[int, dict]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["report", "--format", "json"])
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else result.output


# --- hostile cache files ------------------------------------------------------------------------


def hostile_file(path: Path, marker: Path, variant: str) -> bytes:
    """A cache file a pull request could commit at `path`, as `variant`."""
    payload = pickle.dumps(Payload(marker))
    if variant == "plain pickle":  # the format commhub read before it authenticated its caches
        return payload
    if variant == "forged MAC":
        return MAGIC + b"\0" * cachekey.MAC_SIZE + len(payload).to_bytes(8, "little") + payload
    # commhub's own format and writer, under a key other than the machine's
    forged = path.with_name("forged")
    write_blocks(forged, ATTACKER_KEY, [(None, payload)], stale="none")
    data = forged.read_bytes()
    forged.unlink()
    return data


def hostile_row(fingerprint: str, marker: Path, variant: str) -> bytes:
    """A page-cache entry for `fingerprint` that would run code when read."""
    payload = zlib.compress(pickle.dumps(Payload(marker)))
    if variant == "plain pickle":
        return payload
    if variant == "forged MAC":
        return b"\0" * cachekey.MAC_SIZE + payload
    return cachekey.mac(ATTACKER_KEY, PAGE_ROW, fingerprint.encode(), payload) + payload


VARIANTS = ["plain pickle", "forged MAC", "another key"]


def poison(cache: Path, marker: Path, variant: str) -> list[Path]:
    """Every cache file commhub reads, and every page row, replaced by a hostile one."""
    files = sorted([*cache.glob("content-*.pickle"), *cache.glob("checks-*.pickle")])
    for path in files:
        path.write_bytes(hostile_file(path, marker, variant))
    if (cache / PageCache.FILE).exists():
        with sqlite3.connect(cache / PageCache.FILE) as db:
            rows = db.execute("SELECT key FROM pages").fetchall()
            db.executemany("UPDATE pages SET entry = ? WHERE key = ?",
                           [(hostile_row(key, marker, variant), key) for (key,) in rows])
        db.close()
    return files


@pytest.mark.parametrize("variant", VARIANTS)
def test_hostile_cache_files_are_never_unpickled_by_check_report_or_build(tmp_path, monkeypatch, variant):
    root, marker = tmp_path / "hub", tmp_path / "marker"
    hub(root)
    cache = root / CACHE
    # What each command gives: run first with no cache (the runs fill it).
    checked = run_check(root)
    assert checked == (0, ["0 lỗi, 0 cảnh báo"])
    reported = report(root, monkeypatch)
    assert reported[0] == 0
    build_hub(root, "site-first")
    names = [path.name for path in poison(cache, marker, variant)]
    assert [name.split("-")[0] for name in names] == ["checks", "content"]

    assert run_check(root) == checked
    assert not marker.exists()
    # The next save overwrote each hostile file with an authentic one.
    assert all(read_blocks(cache / name, secret()) for name in names)

    poison(cache, marker, variant)
    assert report(root, monkeypatch) == reported
    assert not marker.exists()

    poison(cache, marker, variant)
    build_hub(root, "site-second")
    assert not marker.exists()
    assert tree(root / "site-second") == tree(root / "site-first")


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_forged_page_row_for_a_real_fingerprint_is_not_published(tmp_path, caplog, variant):
    root = tmp_path / "hub"
    hub(root)
    plugin = build_hub(root, "site-first").plugins["commhub"]
    src_uri = "products/quyen-tre-em/index.vi.md"
    planned = plugin.plan.pages[src_uri]
    fingerprint = plugin.renderer.page_key(planned)  # computable from public inputs: the project's own function
    assert plugin.renderer.keys[src_uri] == fingerprint
    hostile = "<html><body><script>alert('forged')</script></body></html>"
    if variant == "plain pickle":  # the row format before rows were authenticated
        entry = zlib.compress(pickle.dumps((hostile, None, None)), 1)
    elif variant == "forged MAC":
        entry = b"\0" * cachekey.MAC_SIZE + zlib.compress(pickle.dumps((hostile, None, None)), 1)
    else:
        entry = pack_row(ATTACKER_KEY, fingerprint, CachedPage(hostile, None))
    with sqlite3.connect(root / CACHE / PageCache.FILE) as db:
        assert db.execute("UPDATE pages SET entry = ? WHERE key = ?", (entry, fingerprint)).rowcount == 1
    db.close()

    caplog.set_level("INFO")
    build_hub(root, "site-second")
    page = root / "site-second" / planned.dest_uri
    assert page.read_bytes() == (root / "site-first" / planned.dest_uri).read_bytes()
    assert not any(b"forged" in data for data in tree(root / "site-second").values())
    # Only the forged page was rendered again: the rest of the cache was valid, and used.
    summary = next(record.getMessage() for record in caplog.records if "pages:" in record.getMessage())
    assert "pages: 1 rendered, " in summary
    assert PageCache(root / CACHE).get("vi", fingerprint).html == page.read_text(encoding="utf-8")


@pytest.mark.parametrize("made", ["not a database", "another table", "other columns"])
def test_a_page_cache_file_that_is_not_commhubs_is_replaced(tmp_path, made):
    path = tmp_path / PageCache.FILE
    if made == "not a database":
        path.write_bytes(b"hostile bytes " * 100)
    else:
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, html TEXT)" if made == "other columns" else
                       "CREATE TABLE pages (key TEXT PRIMARY KEY, lang TEXT, entry BLOB)")
            if made == "another table":
                db.execute("CREATE TABLE log (line TEXT)")
                db.execute("CREATE TRIGGER spy AFTER INSERT ON pages BEGIN INSERT INTO log VALUES (new.key); END")
        db.close()
    cache = PageCache(tmp_path)
    assert cache.get("vi", "fingerprint") is None
    page = CachedPage("<html>page</html>", None)
    cache.put("vi", "fingerprint", page)
    cache.close()
    assert PageCache(tmp_path).get("vi", "fingerprint") == page
    with sqlite3.connect(path) as db:
        assert set(db.execute("SELECT type, name FROM sqlite_master")) == PageCache.SCHEMA
    db.close()


# --- keys ---------------------------------------------------------------------------------------


def count_loads(monkeypatch) -> list[str]:
    """The product folders loaded from their files (not taken from the load cache)."""
    loaded = []
    original = content_module.load_product

    def counting(folder, *args, **kwargs):
        loaded.append(Path(folder).name)
        return original(folder, *args, **kwargs)

    monkeypatch.setattr(content_module, "load_product", counting)
    return loaded


def test_a_cache_written_under_another_key_is_cold_and_a_valid_one_warm(tmp_path, monkeypatch):
    corpus = clean_corpus(tmp_path / "hub")
    cache = tmp_path / "cache"
    loaded = count_loads(monkeypatch)
    fresh, _ = load_content(corpus.content)
    everything = sorted(loaded)
    assert everything == ["quyen-tre-em", "tro-giup-phap-ly"]
    for key_home in ("first-key", "second-key"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / key_home))
        loaded.clear()
        cold, _ = load_content(corpus.content, cache_dir=cache)
        assert sorted(loaded) == everything  # the other key's file was as good as absent
        loaded.clear()
        warm, problems = load_content(corpus.content, cache_dir=cache)
        assert loaded == []  # every product from the cache
        assert warm.products == cold.products == fresh.products and problems == []
    assert (tmp_path / "first-key/commhub/cache.key").read_bytes() != secret()

    # The check cache and the page cache, the same way.
    check_content(corpus.content, cache_dir=cache)
    [checks_file] = cache.glob("checks-*.pickle")
    first_key = (tmp_path / "first-key/commhub/cache.key").read_bytes()
    assert load_pickle(checks_file, secret()) != {}
    assert load_pickle(checks_file, first_key) == {}
    page = CachedPage("<html>page</html>", None)
    pages = PageCache(cache)
    pages.put("vi", "fingerprint", page)
    pages.close()
    assert PageCache(cache).get("vi", "fingerprint") == page
    assert PageCache(cache, key=first_key).get("vi", "fingerprint") is None


def test_the_key_is_made_once_outside_the_hub_readable_only_by_its_owner(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    key = secret()
    path = tmp_path / "xdg" / "commhub" / "cache.key"
    assert cachekey.key_path() == path
    assert path.read_bytes() == key and len(key) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left
    assert cachekey._key_at.__wrapped__(str(path)) == key  # read back, not made again
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/folder")  # ignored, as the XDG spec says
    assert cachekey.key_path() == Path.home() / ".cache" / "commhub" / "cache.key"


def test_a_key_inside_the_hub_turns_the_cache_off(tmp_path, monkeypatch):
    root = tmp_path / "hub"
    hub(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / ".xdg"))
    assert run_check(root) == (0, [
        f"{CACHE}: cảnh báo: khóa bảo vệ bộ nhớ đệm '.xdg/commhub/cache.key' nằm trong thư mục của kho, nên bộ "
        f"nhớ đệm '{CACHE}' bị tắt. Hãy đặt biến môi trường XDG_CACHE_HOME tới một thư mục bên ngoài kho.",
        "0 lỗi, 1 cảnh báo"])
    assert not (root / CACHE).exists() and not (root / ".xdg").exists()


def test_an_unreadable_key_turns_the_cache_off(tmp_path, monkeypatch):
    root = tmp_path / "hub"
    hub(root)
    key = tmp_path / "xdg" / "commhub" / "cache.key"
    key.parent.mkdir(parents=True)
    key.write_bytes(b"short")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    code, lines = run_check(root, lang="en")
    assert (code, lines) == (0, [
        f"{CACHE}: warning: the cache key '{key}' cannot be read or created, so the cache '{CACHE}' is off. "
        "Check that its folder is writable, or set the environment variable XDG_CACHE_HOME to another folder.",
        "0 errors, 1 warnings"])
    assert not (root / CACHE).exists()


# --- a cache folder that git tracks ------------------------------------------------------------


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


TRACKED = {
    "vi": f"thư mục bộ nhớ đệm '{CACHE}' đang được git theo dõi (đã đưa vào kho), nên commhub không dùng nó: "
          f"tệp trong đó có thể do bất kỳ ai gửi lên. Hãy gỡ nó khỏi kho bằng lệnh: git rm -r --cached {CACHE}",
    "en": f"the cache folder '{CACHE}' is tracked by git (committed to the repository), so commhub does not use "
          "it: anyone sending a change could have put files in it. Remove it from the repository with: "
          f"git rm -r --cached {CACHE}",
}


def test_a_tracked_cache_folder_is_refused_by_check_report_and_build(tmp_path, monkeypatch):
    root, marker = tmp_path / "hub", tmp_path / "marker"
    hub(root)
    run_check(root)
    build_hub(root, "site-first")
    poison(root / CACHE, marker, "plain pickle")
    git(root, "init", "-q")
    git(root, "add", "-f", CACHE)  # what a pull request would do (the folder is git-ignored in a real hub)

    assert run_check(root) == (1, [f"{CACHE}: {TRACKED['vi']}", "1 lỗi, 0 cảnh báo"])
    assert run_check(root, lang="en") == (1, [f"{CACHE}: {TRACKED['en']}", "1 errors, 0 warnings"])
    code, output = report(root, monkeypatch)
    assert (code, output.splitlines()) == (2, [f"{CACHE}: {TRACKED['vi']}"])
    with pytest.raises(Abort) as refused:
        build_hub(root, "site-second")
    assert isinstance(refused.value.__context__, PluginError)  # MkDocs reports the plugin's error, then aborts
    assert str(refused.value.__context__).splitlines() == [
        "commhub phát hiện 1 lỗi trong nội dung; chưa đăng gì cả.", f"{CACHE}: {TRACKED['vi']}"]
    assert not marker.exists()
    assert not (root / "site-second").exists()

    git(root, "rm", "-r", "-q", "--cached", CACHE)  # as the message says
    assert run_check(root) == (0, ["0 lỗi, 0 cảnh báo"])
    assert not marker.exists()


def test_a_tracked_link_in_place_of_the_cache_folder_is_refused(tmp_path):
    root, marker = tmp_path / "hub", tmp_path / "marker"
    hub(root)
    run_check(root)
    (root / CACHE).rename(tmp_path / "elsewhere")
    poison(tmp_path / "elsewhere", marker, "plain pickle")
    (root / CACHE).symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    git(root, "init", "-q")
    git(root, "add", "-f", CACHE)
    assert run_check(root) == (1, [f"{CACHE}: {TRACKED['vi']}", "1 lỗi, 0 cảnh báo"])
    assert not marker.exists()


def test_without_git_the_mac_alone_protects(tmp_path, monkeypatch):
    root, marker = tmp_path / "hub", tmp_path / "marker"
    hub(root)
    run_check(root)
    git(root, "init", "-q")
    git(root, "add", "-f", CACHE)
    poison(root / CACHE, marker, "plain pickle")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    assert cachekey.tracked(root / CACHE, root) is False
    assert run_check(root) == (0, ["0 lỗi, 0 cảnh báo"])
    assert not marker.exists()
