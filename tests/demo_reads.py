"""Which files of the demo hub (the repository's content/, docs/, mkdocs.yml) the running test reads.

test_independent_of_demo.py reads the tests' source; this sees at run time what the source does not
show, e.g. `commhub check` run in-process with its default paths, relative to the repository's root
(pytest's working folder). An audit hook (it stays for the process) records each file opened and
each folder listed in the process while a watch is on; conftest.py watches every test outside
tests/demo/. Reads in subprocesses are not seen (the source check covers `cwd=` the root).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DEMO_TESTS = TESTS / "demo"
_FILE = os.path.join(ROOT, "mkdocs.yml")
_FOLDERS = tuple(os.path.join(ROOT, name) + os.sep for name in ("content", "docs"))
_watch: list[str] | None = None  # the reads of the watch that is on


def record(event: str, args: tuple) -> None:
    """The audit hook: a demo path opened (open, os.open) or listed (os.listdir, os.scandir)."""
    if _watch is None or event not in ("open", "os.listdir", "os.scandir"):
        return
    target = "." if not args or args[0] is None else args[0]
    if not isinstance(target, (str, bytes, os.PathLike)):
        return  # a file descriptor
    target = os.fsdecode(target)
    if event == "open" and args[1] is None and not os.path.isabs(target):
        return  # os.open, maybe relative to a dir_fd (shutil.rmtree's), which the event does not give
    path = os.path.abspath(target)
    if path == _FILE or (path + os.sep).startswith(_FOLDERS):
        _watch.append(path)


@contextlib.contextmanager
def watching():
    """The demo paths read while the block runs (an outer watch sees none of them)."""
    global _watch
    outer, _watch = _watch, []
    try:
        yield _watch
    finally:
        _watch = outer


sys.addaudithook(record)
