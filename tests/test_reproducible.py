"""Reproducible builds: the same content gives the same bytes, whoever builds it, wherever, whenever.

test_build_modes.py already shows that the parallel build and the page cache
change nothing for the small standard corpus; here a generated corpus (dates
2023–2025, five languages, images) is built from two folders at different
absolute paths, once in process and once with `commhub build --jobs 2`, and
no file may carry the day of the build.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from commhub.content.loader import load_content

from helpers import build_site, standard_corpus, synthetic_corpus

SITE_URL = "https://example.org/hub/"  # absolute URLs: sitemap <lastmod>, feeds and data as published


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def differences(left: Path, right: Path) -> list[str]:
    a, b = tree(left), tree(right)
    return sorted(set(a) ^ set(b)) + [name for name in sorted(set(a) & set(b)) if a[name] != b[name]]


def content_dates(content_dir: Path) -> set[dt.date]:
    content, _ = load_content(content_dir)
    return {date for product in content.products.values()
            for date in (product.published, *(version.published for version in product.versions.values()))}


def commhub_build(root: Path, site: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "commhub", "build", "--preview", "-d", site, *args], cwd=root,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, capture_output=True, text=True)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Three builds of one generated corpus: two folders in process, then `commhub build --jobs 2`."""
    base = tmp_path_factory.mktemp("reproducible")
    first, second = base / "first", base / "elsewhere" / "second"
    for root in (first, second):
        synthetic_corpus(root, 24, images=1, seed=7)  # deterministic: the same bytes twice
    # A person building may pin SOURCE_DATE_EPOCH (reproducible-builds.org); commhub stamps
    # sitemap.xml.gz with the newest content date either way (see the tests below).
    env = {"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "1700000000"}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        sites = [build_site(first, first / "site"), build_site(second, second / "site")]
    # The same folder again, its page cache now warm, in two processes.
    result = commhub_build(first, "site-jobs", "--jobs", "2", env=env)
    assert result.returncode == 0, result.stderr
    sites.append(first / "site-jobs")
    return first, sites


def test_two_builds_are_byte_identical(builds):
    root, (one, two, parallel) = builds
    assert len(tree(one)) > 200  # pages of five languages, assets, data, search index, feeds
    assert differences(one, two) == []
    assert differences(one, parallel) == []
    # The absolute folder of the content leaks nowhere.
    for path, data in tree(one).items():
        assert str(root).encode() not in data, path
        assert str(two.parent).encode() not in data, path


def test_dates_come_from_the_content(builds):
    root, (site, _, _) = builds
    dates = content_dates(root / "content")
    assert {date.year for date in dates} <= {2023, 2024, 2025}
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = {line.strip()[len("<lastmod>"):-len("</lastmod>")] for line in sitemap.splitlines()
                if line.strip().startswith("<lastmod>")}
    assert lastmods and lastmods <= {date.isoformat() for date in dates}
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap


def build_days() -> set[dt.date]:
    """The build's day in local time and in UTC (they differ around midnight)."""
    return {dt.date.today(), dt.datetime.now(dt.timezone.utc).date()}


def test_no_file_carries_the_day_of_the_build(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("SITE_URL", SITE_URL)
    standard_corpus(tmp_path)
    before = build_days()
    site = build_site(tmp_path, tmp_path / "site")
    days = before | build_days()
    days -= content_dates(tmp_path / "content")  # a content date may be today; then it may be written
    assert days, "every possible build day is also a content date"
    stamps = [form for day in days for form in (day.isoformat(), day.strftime("%Y%m%d"), day.strftime("%d/%m/%Y"))]
    files = tree(site)
    files["sitemap.xml.gz (decompressed)"] = gzip.decompress(files["sitemap.xml.gz"])
    for path, data in files.items():
        for stamp in stamps:
            assert stamp.encode() not in data, (path, stamp)


def test_sitemap_gz_header_carries_no_build_day(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    standard_corpus(tmp_path)
    before = build_days()
    site = build_site(tmp_path, tmp_path / "site")
    days = before | build_days()
    header = (site / "sitemap.xml.gz").read_bytes()[:10]
    (mtime,) = struct.unpack("<I", header[4:8])
    stamped = dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date()
    assert stamped not in days - content_dates(tmp_path / "content"), stamped
