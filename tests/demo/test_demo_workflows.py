"""The repository's publishing workflow caches the folder the demo hub's mkdocs.yml names (test_workflows.py
checks the rest of the workflows)."""

import re

from test_workflows import load, publish_cache_step

from . import DEMO


def test_the_publish_job_caches_the_demos_cache_dir():
    mkdocs = (DEMO / "mkdocs.yml").read_text(encoding="utf-8")
    [cache_dir] = re.findall(r"^\s*cache_dir:\s*(\S+)", mkdocs, re.M)
    cache = publish_cache_step(load(DEMO / ".github/workflows/publish.yml"))
    assert cache["with"]["path"].split()[0] == cache_dir
