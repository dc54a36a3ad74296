"""The private parts of MkDocs 1.6 that commhub relies on (each justified where it is used, in
src/commhub/mkdocs/). MkDocs is pinned; these fail first when an upgrade moves them."""

from __future__ import annotations

import inspect

from mkdocs.commands import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer


def test_build_page_takes_the_arguments_commhub_passes():
    """commhub renders its pages through MkDocs's own page step, in forked processes."""
    parameters = list(inspect.signature(build._build_page).parameters)
    assert parameters[:5] == ["page", "config", "doc_files", "nav", "env"]


def test_mkdocs_sets_the_current_page_as_commhub_populate_page_does():
    """commhub's populate_page repeats MkDocs's `_populate_page` and sets `config._current_page` as it does."""
    assert "_current_page" in MkDocsConfig.__annotations__
    assert "config._current_page = page" in inspect.getsource(build._populate_page)


def test_the_live_reload_server_keeps_its_watches_where_commhub_moves_them_from():
    """watch_with_inotify reads and clears `_watched_paths` and `_watch_refs`."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        server.watch(".")
        assert server._watched_paths == {".": 1} or list(server._watched_paths.values()) == [1]
        assert isinstance(server._watch_refs, dict) and len(server._watch_refs) == 1
    finally:
        server.server_close()


def test_material_writes_the_toggles_commhub_makes_valid():
    """mkdocs/material_markup.py removes `autocomplete` from the toggles exactly as Material's base.html writes them."""
    from pathlib import Path

    import material

    from commhub.mkdocs.material_markup import TOGGLES, _toggle

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    for name in TOGGLES:
        assert base.count(_toggle(name, True)) == 1, name
