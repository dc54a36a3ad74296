"""Build folders (issue 14, "Found 4."): a build killed midway leaves nothing that the next build keeps.

`commhub build` writes into `.<site>.build-<pid>-<random>/` and holds a lock on it while it runs
(cli/build.py). The next build removes every such folder whose build has ended, however it ended,
and leaves the folder of a build that is still running; the pattern is git-ignored, so an editor's
`git add .` never commits a half-built site.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, standard_corpus

from commhub.cli.build import LOCK_FILE, new_work_folder, remove_abandoned_builds

# A build in another process: takes its work folder, says where, then waits to be ended.
HOLDER = """\
import sys
from pathlib import Path
from commhub.cli.build import new_work_folder
work, lock = new_work_folder(Path(sys.argv[1]))
(work / "site").mkdir()
(work / "site" / "index.html").write_text("half", encoding="utf-8")
print(work, flush=True)
sys.stdin.read()
"""


def commhub(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "commhub", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


def dead_pid() -> int:
    """The pid of a process that has ended (and was reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


class Holder:
    """A live build in another process, holding its work folder for `site_dir`."""

    def __init__(self, site_dir: Path):
        self.process = subprocess.Popen([sys.executable, "-c", HOLDER, str(site_dir)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.work = Path(self.process.stdout.readline().strip())
        assert self.work.is_dir(), self.work

    def kill(self) -> None:
        """Killed midway, as CI cancelling a job does: no clean-up runs."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.process.stdin.close()
        self.process.stdout.close()


@pytest.fixture
def holders():
    started: list[Holder] = []

    def start(site_dir: Path) -> Holder:
        holder = Holder(site_dir)
        started.append(holder)
        return holder

    yield start
    for holder in started:
        if holder.process.poll() is None:
            holder.kill()


def stale_folders(root: Path) -> dict[str, Path]:
    """Folders as killed builds of several kinds leave them."""
    folders = {
        # killed with its lock in place (the lock file outlives the process; its lock does not)
        "unlocked": root / f".site.build-{os.getpid()}-aaaa",
        # killed before its lock was in place: its pid is no longer running
        "dead pid": root / f".site.build-{dead_pid()}-bbbb",
        # left by an older commhub: no pid, no lock
        "old name": root / ".site.build-k3j_x9",
    }
    for name, folder in folders.items():
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("half", encoding="utf-8")
        if name == "unlocked":
            (folder / LOCK_FILE).write_text("", encoding="utf-8")
    return folders


def test_the_next_build_removes_abandoned_folders_and_keeps_a_live_one(tmp_path, holders):
    standard_corpus(tmp_path)
    stale = stale_folders(tmp_path)
    live = holders(tmp_path / "site")
    other_site = tmp_path / ".public.build-1-cccc"  # another site's folder: not this build's business
    other_site.mkdir()
    result = commhub("build", "--preview", "-d", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert [name for name, folder in stale.items() if folder.exists()] == []
    assert (live.work / "site" / "index.html").read_text(encoding="utf-8") == "half"  # untouched
    assert other_site.is_dir()
    # Killed midway, it is abandoned: the next build removes it.
    live.kill()
    assert live.work.is_dir()
    result = commhub("build", "--preview", "-d", "site", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not live.work.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["content", "docs", "mkdocs.yml", "site", ".public.build-1-cccc"])


def test_a_part_build_is_swapped_in_whole_and_cleans_up_too(tmp_path):
    standard_corpus(tmp_path)
    stale = stale_folders(tmp_path)
    abandoned_part = tmp_path / f".part-a.build-{dead_pid()}-dddd"
    abandoned_part.mkdir()
    result = commhub("build", "--preview", "--languages", "vi,hmn", "--part-dir", "part-a", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "part-a" / "catalogue" / "index.html").is_file()
    assert not abandoned_part.exists()
    assert all(folder.exists() for folder in stale.values())  # the site's folders: for the site's build
    assert sorted(path.name for path in tmp_path.glob(".part-a*")) == []


def test_a_live_build_in_this_process_is_kept(tmp_path):
    site_dir = tmp_path / "site"
    work, lock = new_work_folder(site_dir)
    try:
        assert work.name.startswith(f".site.build-{os.getpid()}-")
        assert remove_abandoned_builds(site_dir) == []
        assert work.is_dir()
    finally:
        lock.close()
    assert remove_abandoned_builds(site_dir) == [work]
    assert not work.exists()


def test_build_folders_are_git_ignored(tmp_path):
    names = [".site.build-123-abcd/site/index.html", ".part-km-zh.build-9-x/site/index.html",
             ".public.build-1-y/a"]
    result = subprocess.run(["git", "check-ignore", "--no-index", *names], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.split() == names
