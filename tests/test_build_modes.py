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


def commhub(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "commhub", *args], cwd=cwd, env=env, capture_output=True, text=True)


def with_cache(root: Path) -> None:
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  - commhub\n", "  - commhub:\n      cache_dir: .cache\n"), encoding="utf-8")


def test_parallel_build_equals_sequential_build(tmp_path):
    standard_corpus(tmp_path)
    sequential = build_site(tmp_path, tmp_path / "sequential")
    result = commhub("build", "--jobs", "2", "-d", "parallel", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(sequential, tmp_path / "parallel")
    assert (tmp_path / "parallel" / "km" / "products" / "tro-giup-phap-ly" / "index.html").is_file()
    assert (tmp_path / "parallel" / "search" / "km" / "docs.json").is_file()


def test_parts_built_apart_merge_into_the_same_site(tmp_path):
    """What a CI matrix does: one job per group of languages, then a merge job."""
    standard_corpus(tmp_path)
    sequential = build_site(tmp_path, tmp_path / "sequential")
    for languages, part in (("vi,hmn", "part-a"), ("km,en", "part-b")):
        result = commhub("build", "--languages", languages, "--part-dir", part, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    result = commhub("merge", "part-a", "part-b", "-d", "merged", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert_same_tree(sequential, tmp_path / "merged")


def test_cached_rebuild_equals_fresh_build_and_renders_only_what_changed(tmp_path, caplog):
    corpus = standard_corpus(tmp_path)
    with_cache(tmp_path)
    first = build_site(tmp_path, tmp_path / "first")
    assert any((tmp_path / ".cache").rglob("*.json"))
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
