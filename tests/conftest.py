import os
import sys
from pathlib import Path

import pytest

import demo_reads
from demo_reads import DEMO_TESTS
from helpers import REPO, build_site, run_checked
from hubfactory import make_hub, shared_hub

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


@pytest.fixture(scope="session")
def shared_hub_site(tmp_path_factory) -> Path:
    """hubfactory's shared hub built once for the session: the browser tests serve it, other tests read
    it. Never changed by a test (one that edits a hub writes its own with hubfactory.make_hub)."""
    return build_site(shared_hub(), tmp_path_factory.mktemp("hub-site"))


PUBLISHED_SITE_URL = "https://hub.example.vn/"


@pytest.fixture(scope="session")
def published_hub_site(tmp_path_factory) -> Path:
    """hubfactory's hub as it is published: with its address (site_url) and the browser editor."""
    root = make_hub(tmp_path_factory.mktemp("published") / "hub")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("      content_dir: content\n",
                                                       "      content_dir: content\n      admin_repo: test-repo\n")
    config.write_text(f"site_url: {PUBLISHED_SITE_URL}\n{text}", encoding="utf-8")
    return build_site(root)


# --- no test outside tests/demo/ reads the demo hub (demo_reads.py) ------------------------------------


@pytest.fixture(autouse=True)
def demo_hub_unread(request):
    """A test outside tests/demo/ that opens or lists a file of the demo hub (the repository's content/,
    docs/, mkdocs.yml) fails: a province replaces them, and deletes tests/demo/ only."""
    if DEMO_TESTS in request.path.parents:
        yield
        return
    with demo_reads.watching() as reads:
        yield
    if reads:
        pytest.fail("this test read the demo hub, which a province replaces: build a hub in tmp_path "
                    "(tests/hubfactory.py) or move the test to tests/demo/:\n  " + "\n  ".join(sorted(set(reads))[:20]),
                    pytrace=False)
