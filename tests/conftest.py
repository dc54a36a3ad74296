import os
import sys
from pathlib import Path

import pytest

from helpers import REPO, run_checked

# Pip reaches the package index as configured for this machine (CI: PyPI); the wheels of the
# dependencies are in pip's cache after `.ci/run` installed them.
PIP_TIMEOUT = 900

# Material 9.7 prints a long notice about MkDocs 2.0 on every build; commhub pins
# MkDocs 1.6 and says so in its README, so the tests keep their output readable.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def cache_key_home(tmp_path_factory):
    """commhub's cache key (cache/key.py) in a folder of the test run, never the real ~/.cache; beside
    the tests' own folders, not inside a hub (a key there would turn the cache off). Set for the
    whole session, so that subprocesses (the CLI, builds) get it too."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh virtual environment with commhub installed from a wheel of this tree (built
    once for the session: test_wheel.py and test_init.py use it)."""
    root = tmp_path_factory.mktemp("wheel")
    run_checked([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(REPO)],
                root, timeout=PIP_TIMEOUT)
    [wheel] = (root / "dist").glob("commhub-*.whl")
    run_checked([sys.executable, "-m", "venv", str(root / "venv")], root)
    run_checked([str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                 "--disable-pip-version-check", str(wheel)], root, timeout=PIP_TIMEOUT)
    return root / "venv" / "bin"
