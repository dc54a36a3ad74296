"""Tests of the demonstration hub at the repository's root (mkdocs.yml, content/, docs/).

Only the tests in this folder read the demo. A province whose hub replaces the demo (its own
content/, docs/ and mkdocs.yml) deletes this folder and keeps a green suite: every other test builds
its own hubs (tests/hubfactory.py, tests/helpers.py), which test_independent_of_demo.py enforces.
"""

from pathlib import Path

DEMO = Path(__file__).resolve().parents[2]  # the repository's root is the demo hub
