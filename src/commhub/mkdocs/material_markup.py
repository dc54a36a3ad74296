"""Material's page markup made valid HTML where its templates cannot be overridden.

Material's base.html writes its drawer and search toggles as `<input type="checkbox" … autocomplete="off">`
outside any block a theme can replace; `autocomplete` is not allowed on a checkbox (the Nu Html
Checker's one error on every page). The attribute only asks Firefox not to restore a toggle's state
when a page is reloaded, which a page opening with its drawer closed does anyway. Each toggle must be
found exactly once: a Material release that changed the markup fails tests/test_valid_html.py and
tests/test_upstream_private_apis.py instead of publishing invalid pages unnoticed.
"""

from __future__ import annotations

TOGGLES = ("drawer", "search")


def _toggle(name: str, autocomplete: bool) -> str:
    attribute = ' autocomplete="off"' if autocomplete else ""
    return f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}"{attribute}>'


def valid_toggles(html: str) -> str:
    """The page with its toggles' `autocomplete` removed (unchanged if Material's markup is not there)."""
    for name in TOGGLES:
        html = html.replace(_toggle(name, True), _toggle(name, False), 1)
    return html
