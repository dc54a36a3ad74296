"""`commhub build`: build into a new folder and swap it into place; split a build into parts.

One MkDocs run renders commhub's pages in forked processes, one per core
(mkdocs/plugin.py, site/workers.py); `commhub build --jobs N` sets how many (the plugin's
`jobs` option, set by mkdocs/run.py, the process that runs the build).
The site is built into a new folder that replaces the old one in one rename
only when the build succeeds: a failed build leaves the previous site untouched,
and the folder of a build killed midway is removed by the next build (see
"build folders" below).

When one machine is not enough, the build splits by language: one CI job per
group of languages runs `commhub build --languages km,zh --part-dir part-km-zh`
(the plugin's `languages` option says which languages to render; the part with the
default language also writes everything at the root: assets, media, sitemap,
open data), and a last job runs `commhub merge part-* --site-dir site`, which
moves each other part's `<lang>/`, `search/<lang>/`, `share/<lang>/` and `pdf/<lang>/` folders into
the first, then makes the offline copies of the whole site (see README).
"""

from __future__ import annotations

import fcntl
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def mkdocs_build(config_file: Path, site_dir: Path, extra_args=(), pass_fds=(), jobs: int = 0,
                 languages: list[str] | None = None) -> subprocess.Popen:
    """The MkDocs build of `config_file` into `site_dir` (mkdocs/run.py), in a process of its own."""
    command = [sys.executable, "-m", "commhub.mkdocs.run", "-f", str(config_file), "-d", str(site_dir),
               "--jobs", str(jobs), "--languages", ",".join(languages or []), *extra_args]
    # Material's notice about MkDocs 2.0 says nothing to a commhub user (commhub pins MkDocs 1.6).
    return subprocess.Popen(command, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, pass_fds=pass_fds)


def build_part(config_file: Path, languages: list[str], part_dir: Path, extra_args=()) -> int:
    """One part of a split build, into `part_dir` (replaced only when whole). Returns an exit code."""
    part_dir = part_dir.resolve()
    part_dir.parent.mkdir(parents=True, exist_ok=True)
    (part_dir.parent / f"{part_dir.name}.json").write_text(json.dumps({"languages": languages}), encoding="utf-8")
    return _build_and_swap(config_file, part_dir, ("-q", *extra_args), languages=languages)


def part_languages(part_dir: Path) -> list[str]:
    return json.loads((part_dir.parent / f"{part_dir.name}.json").read_text(encoding="utf-8"))["languages"]


def merge(parts: list[Path], site_dir: Path, config_file: Path | None = None) -> None:
    """Merge part folders into `site_dir`, replacing it in one rename at the end; with the hub's
    `config_file`, the whole site's offline copies too (no part could make them)."""
    # The part with the default language is the only one with its catalogue at the root.
    primary = next(part for part in parts if (part / "catalogue" / "index.html").is_file())
    for part in parts:
        if part == primary:
            continue
        for lang in part_languages(part):
            for relative in (Path(lang), Path("search") / lang, Path("share") / lang, Path("pdf") / lang):
                target = primary / relative
                if target.exists():
                    shutil.rmtree(target)
                if (part / relative).exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    (part / relative).rename(target)
    if config_file is not None and config_file.is_file():
        from commhub.cli.bundle import bundle_merged_site

        bundle_merged_site(primary, config_file)
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
    return _build_and_swap(config_file, site_dir, extra_args, jobs=jobs)


def _build_and_swap(config_file: Path, site_dir: Path, extra_args, jobs: int = 0,
                    languages: list[str] | None = None) -> int:
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(site_dir)
    work, lock = new_work_folder(site_dir)
    try:
        new_site = work / "site"
        # The MkDocs process holds the lock too: if this one is killed, the folder stays in use
        # until MkDocs, which may still be writing into it, has ended.
        code = mkdocs_build(config_file, new_site, extra_args, pass_fds=(lock.fileno(),), jobs=jobs,
                            languages=languages).wait()
        if code == 0:
            swap_into_place(new_site, site_dir)
        return code
    finally:
        shutil.rmtree(work, ignore_errors=True)
        lock.close()


# --- build folders -----------------------------------------------------------------------------------
#
# Each build writes into `.<site>.build-<pid>-<random>/` beside the site (same file system, for the
# swap) and holds an exclusive flock on its `lock` file for as long as it runs; the kernel releases
# that lock when the build's processes end, however they end. So the next build can tell an
# abandoned folder (a build killed midway) from a live one, even when a pid has been reused, as
# happens in containers.

WORK_MARK = ".build-"
LOCK_FILE = "lock"


def work_folder_glob(site_dir: Path) -> str:
    return f".{glob.escape(site_dir.name)}{WORK_MARK}*"


def new_work_folder(site_dir: Path):
    """A new build folder for `site_dir` and its lock file, held (close it to release)."""
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}{WORK_MARK}{os.getpid()}-", dir=site_dir.parent))
    lock = open(work / f"{LOCK_FILE}.new", "w")  # noqa: SIM115 - held for the whole build
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    # Named `lock` only once held, so that another build never finds it free while this one starts.
    os.rename(work / f"{LOCK_FILE}.new", work / LOCK_FILE)
    return work, lock


def remove_abandoned_builds(site_dir: Path) -> list[Path]:
    """Remove the build folders of `site_dir` whose build is no longer running; returns them."""
    removed = []
    for folder in sorted(site_dir.parent.glob(work_folder_glob(site_dir))):
        if folder.is_dir() and not folder.is_symlink() and _remove_if_abandoned(folder):
            removed.append(folder)
    return removed


def _remove_if_abandoned(folder: Path) -> bool:
    try:
        lock = open(folder / LOCK_FILE, "r+")  # noqa: SIM115 - held while the folder is removed
    except FileNotFoundError:
        # A build that is starting (its lock not yet in place) or one by an older commhub without
        # locks: the pid in the name tells whether it may still run.
        if _may_run(folder):
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True
    except OSError:
        return False
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # held: that build is running
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True


def _may_run(folder: Path) -> bool:
    pid = folder.name.rpartition(WORK_MARK)[2].split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():  # this process has no build folder yet
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True
