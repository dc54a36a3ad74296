import os

import pytest

# Material 9.7 prints a long notice about MkDocs 2.0 on every build; commhub pins
# MkDocs 1.6 and says so in its README, so the tests keep their output readable.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(autouse=True, scope="session")
def cache_key_home(tmp_path_factory):
    """commhub's cache key (cachekey.py) in a folder of the test run, never the real ~/.cache; beside
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
