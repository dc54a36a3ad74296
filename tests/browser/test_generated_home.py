"""A generated home page (a language without docs/index.<lang>.md) in headless chromium: axe finds no
serious violation, the CSP holds, and its search box leads to the language's search page.

Built from a fixture hub (tests/helpers.py), not from the sample site the other browser tests read.
"""

from __future__ import annotations

import os

import pytest

from helpers import build_site, standard_corpus

from .conftest import _new_context, serve

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's `browser` fixture skips locally and fails under CI
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

HUB_YML = """\
name: {vi: "Cổng truyền thông giáo dục công dân Đà Nẵng", km: "វិបផតថលអប់រំពលរដ្ឋដាណាំង"}
description: {vi: "Sản phẩm truyền thông giáo dục công dân và quyền con người"}
province: {vi: "Thành phố Đà Nẵng"}
agency: {vi: "Sở Tư pháp thành phố Đà Nẵng"}
"""


@pytest.fixture(scope="module")
def home_site(tmp_path_factory) -> str:
    """The standard fixture corpus with a hub.yml and no hand-written home in any language, served."""
    root = tmp_path_factory.mktemp("generated-home")
    corpus = standard_corpus(root)
    corpus.write("hub.yml", HUB_YML)
    for name in ("index.md", "index.en.md"):
        (root / "docs" / name).unlink()
    # As `commhub init` and the sample site do: Material's "Made with" line is below WCAG AA contrast.
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n  generator: false\n", encoding="utf-8")
    with serve(build_site(root, strict=True)) as url:
        yield url


@pytest.fixture
def home_page(browser):
    context = _new_context(browser)
    page = context.new_page()
    csp = []
    page.on("console", lambda message: csp.append(message.text) if message.type == "error" else None)
    yield page, csp
    context.close()


@pytest.mark.parametrize("lang", ["vi", "km", "hmn"])
def test_a_generated_home_is_accessible_and_keeps_its_csp(home_site, home_page, axe, lang):
    page, console_errors = home_page
    url = home_site + ("" if lang == "vi" else f"{lang}/")
    response = page.goto(url)
    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == lang
    expect(page.locator(".md-content h1")).to_be_visible()
    page.evaluate("document.fonts.ready.then(() => true)")
    violations = axe.serious(page)
    assert not violations, axe.report(violations, url)
    assert console_errors == []


def test_the_home_search_box_leads_to_the_search_page(home_site, home_page):
    page, console_errors = home_page
    page.goto(home_site + "km/")
    page.locator("#commhub-home-search").fill("ច្បាប់")
    page.locator(".commhub-home__search button").click()
    page.wait_for_url("**/km/search/?q=*")
    expect(page.locator("#commhub-search-input")).to_have_value("ច្បាប់")
    assert console_errors == []
