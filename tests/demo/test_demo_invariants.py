"""test_invariants.py's invariant on the demo hub: every published version is on the site, in five
places, and nothing else is."""

import pytest
from test_invariants import test_every_published_version_is_everywhere_and_drafts_nowhere  # noqa: F401 - run here

from . import DEMO


@pytest.fixture(scope="module")
def built(demo_site):
    """(content/ folder, site folder) of the demo, for the imported test."""
    return DEMO / "content", demo_site
