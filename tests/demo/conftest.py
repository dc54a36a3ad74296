from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from . import DEMO


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo hub built with its own mkdocs.yml, once per session, into a temporary folder."""
    site = tmp_path_factory.mktemp("demo-site")
    config = load_config(config_file=str(DEMO / "mkdocs.yml"), site_dir=str(site))
    # No page cache: it would write into the repository and could hide a page that is no longer rendered.
    config.plugins["commhub"].config["cache_dir"] = ""
    build(config)
    return site
