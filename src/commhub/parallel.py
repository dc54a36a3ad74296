"""`commhub build`: build into a new folder and swap it into place; split a build into parts.

One MkDocs run renders commhub's pages in forked processes, one per core
(plugin.py, workers.py); `commhub build --jobs N` sets how many (JOBS_ENV).
The site is built into a new folder that replaces the old one in one rename
only when the build succeeds: a failed build leaves the previous site untouched.

When one machine is not enough, the build splits by language: one CI job per
group of languages runs `commhub build --languages km,zh --part-dir part-km-zh`
(LANGUAGES_ENV tells the plugin which languages to render; the part with the
default language also writes everything at the root: assets, media, sitemap,
open data), and a last job runs `commhub merge part-* --site-dir site`, which
moves each other part's `<lang>/` and `search/<lang>/` folders into the first
(see README).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LANGUAGES_ENV = "COMMHUB_LANGUAGES"
JOBS_ENV = "COMMHUB_JOBS"


def mkdocs_build(config_file: Path, site_dir: Path, extra_args=(), **env) -> subprocess.Popen:
    """`mkdocs build` of `config_file` into `site_dir`, with these environment variables added."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(site_dir),
                             *extra_args], env=env)


def build_part(config_file: Path, languages: list[str], part_dir: Path, extra_args=()) -> subprocess.Popen:
    part_dir.mkdir(parents=True, exist_ok=True)
    (part_dir.parent / f"{part_dir.name}.json").write_text(json.dumps({"languages": languages}), encoding="utf-8")
    return mkdocs_build(config_file, part_dir, ("-q", *extra_args), **{LANGUAGES_ENV: ",".join(languages)})


def part_languages(part_dir: Path) -> list[str]:
    return json.loads((part_dir.parent / f"{part_dir.name}.json").read_text(encoding="utf-8"))["languages"]


def merge(parts: list[Path], site_dir: Path) -> None:
    """Merge part folders into `site_dir`, replacing it in one rename at the end."""
    # The part with the default language is the only one with its catalogue at the root.
    primary = next(part for part in parts if (part / "catalogue" / "index.html").is_file())
    for part in parts:
        if part == primary:
            continue
        for lang in part_languages(part):
            for relative in (Path(lang), Path("search") / lang):
                target = primary / relative
                if target.exists():
                    shutil.rmtree(target)
                if (part / relative).exists():
                    (part / relative).rename(target)
    swap_into_place(primary, site_dir)


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_site` (same file system): the old site stays until the new one is whole."""
    site_dir = site_dir.resolve()
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


def build_site(config_file: Path, site_dir: Path, jobs: int, extra_args=()) -> int:
    """`commhub build`: one MkDocs run into a new folder, then swap. Returns an exit code."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        new_site = work / "site"
        code = mkdocs_build(config_file, new_site, extra_args, **({JOBS_ENV: str(jobs)} if jobs else {})).wait()
        if code == 0:
            swap_into_place(new_site, site_dir)
        return code
    finally:
        shutil.rmtree(work, ignore_errors=True)
