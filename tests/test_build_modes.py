"""The parallel build and the page cache give byte-identical output to a plain sequential build."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from helpers import build_site, standard_corpus


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def assert_same_tree(left: Path, right: Path) -> None:
    a, b = tree(left), tree(right)
    assert sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []


def commhub(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run([sys.executable, "-m", "commhub", *args], cwd=cwd, env=env, capture_output=True, text=True)


def with_cache(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - commhub\n", "  - commhub:\n      cache_dir: .cache\n"), encoding="utf-8")


def test_parallel_build_equals_sequential_build(tmp_path):
    standard_corpus(tmp_path)
    sequential = build_site(tmp_path, tmp_path / "sequential")
    result = commhub("build", "--preview", "--jobs", "2", "-d", "parallel", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(sequential, tmp_path / "parallel")
    assert (tmp_path / "parallel" / "km" / "products" / "tro-giup-phap-ly" / "index.html").is_file()
    assert (tmp_path / "parallel" / "search" / "km" / "docs.json").is_file()


def test_parts_built_apart_merge_into_the_same_site(tmp_path):
    """What a CI matrix does: one job per group of languages, then a merge job."""
    standard_corpus(tmp_path)
    sequential = build_site(tmp_path, tmp_path / "sequential")
    for languages, part in (("vi,hmn", "part-a"), ("km,en", "part-b")):
        result = commhub("build", "--preview", "--languages", languages, "--part-dir", part, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    result = commhub("merge", "part-a", "part-b", "-d", "merged", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(sequential, tmp_path / "merged")


def test_cached_rebuild_equals_fresh_build_and_renders_only_what_changed(tmp_path, caplog):
    corpus = standard_corpus(tmp_path)
    with_cache(tmp_path)
    first = build_site(tmp_path, tmp_path / "first")
    assert (tmp_path / ".cache" / "pages.sqlite").is_file()
    # Edit one product's body: only its page and its fallbacks change.
    path = corpus.content / "products" / "quyen-tre-em" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung đã sửa."), encoding="utf-8")
    caplog.set_level("INFO")
    second = build_site(tmp_path, tmp_path / "second")
    summary = next(record.getMessage() for record in caplog.records if "pages:" in record.getMessage())
    assert "pages: 4 rendered, 52 from the cache" in summary  # vi, and the km, hmn, en fallbacks
    fresh_root = tmp_path / "fresh"
    fresh_root.mkdir()
    standard_corpus(fresh_root)
    fresh_path = fresh_root / "content" / "products" / "quyen-tre-em" / "index.vi.md"
    fresh_path.write_bytes(path.read_bytes())
    fresh = build_site(fresh_root, fresh_root / "site")
    assert_same_tree(fresh, second)
    assert not filecmp.cmp(first / "products/quyen-tre-em/index.html", second / "products/quyen-tre-em/index.html",
                           shallow=False)


def test_warnings_from_forked_processes_are_printed_once_and_fail_a_strict_build(tmp_path):
    standard_corpus(tmp_path)
    # A warning given while a page renders, in whichever process renders it (commhub's check now
    # refuses the broken links that gave such warnings before): a MkDocs hook of the test's.
    (tmp_path / "warn_hook.py").write_text(
        "import logging\n"
        "def on_page_content(html, page, config, files):\n"
        "    if page.file.src_uri.startswith('about'):\n"
        "        logging.getLogger('mkdocs.hooks.warn').warning('hook warning on ' + page.file.src_uri)\n"
        "    return html\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "hooks:\n  - warn_hook.py\n", encoding="utf-8")
    relaxed = commhub("build", "--preview", "--jobs", "2", "-d", "relaxed", cwd=tmp_path)
    assert relaxed.returncode == 0, relaxed.stderr
    # One warning per page of about (vi, km and the hmn and en pages), each printed once although
    # the page is rendered in another process than the one that prints.
    for page in ("about.md", "about.km.md", "about.hmn.md", "about.en.md"):
        assert relaxed.stderr.count(f"hook warning on {page}\n") == 1, relaxed.stderr
    strict = commhub("build", "--preview", "--jobs", "2", "--strict", "-d", "strict", cwd=tmp_path)
    assert strict.returncode != 0
    assert "bản dựng dừng vì có 4 cảnh báo" in strict.stdout + strict.stderr  # MkDocs: "Aborted with 4 warnings…"
    assert not (tmp_path / "strict").exists()


def test_a_body_whose_first_line_looks_like_metadata_is_kept(tmp_path):
    corpus = standard_corpus(tmp_path)
    corpus.version("quyen-tre-em", "vi", "Quyền trẻ em", body="Note: this first line is text.\n\nMore text.")
    site = build_site(tmp_path)
    page = (site / "products" / "quyen-tre-em" / "index.html").read_text(encoding="utf-8")
    assert "Note: this first line is text." in page
    assert "<title>Quyền trẻ em - test hub</title>" in page
