"""The offline copy (issue 17), unzipped and read from file:// in headless chromium, as at a cultural
house without internet: the build's offline/commhub-<lang>.zip of the tests' hub (hubfactory.py).

From the zip's index.html a reader reaches the language's home, a product page (its images shown), and
the search page, whose index comes from script files (Chromium fetches nothing under file://). Every
request stays on file://, the console shows no error, and no Content Security Policy is violated.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .sample import prefix, product_path, products

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's `browser` fixture skips locally and fails under CI
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

INPUT = "#commhub-search-input"
RESULTS = "#commhub-search-results li a"
FILE_SCHEMES = {"file", "data", "blob", "about"}


@pytest.fixture(scope="module")
def copies(site_dir, tmp_path_factory) -> dict[str, Path]:
    """The build's Khmer and Vietnamese copies, unzipped."""
    found = {}
    for lang in ("km", "vi"):
        folder = tmp_path_factory.mktemp(f"offline-{lang}")
        with zipfile.ZipFile(site_dir / "offline" / f"commhub-{lang}.zip") as archive:
            archive.extractall(folder)
        found[lang] = folder
    return found


@pytest.fixture
def offline(fresh_pages):
    """A tab of its own; at teardown no request may have left file://, nor the console shown an error."""
    log = fresh_pages()
    errors = []
    log.page.on("console", lambda message: errors.append(f"{log.page.url}: {message.text}")
                if message.type == "error" else None)
    yield log
    log.detach()
    log.page.context.close()
    problems = []
    online = [url for url in log.urls if urlsplit(url).scheme not in FILE_SCHEMES]
    if online:
        problems.append("requests off file://:\n  " + "\n  ".join(online))
    if errors or log.csp_errors or log.page_errors:
        problems.append("console errors:\n  " + "\n  ".join(errors + log.csp_errors + log.page_errors))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def address(folder: Path, path: str) -> str:
    """The file:// address of a site path in an unzipped copy (a directory path names its index.html)."""
    return (folder / path / "index.html").as_uri() if path.endswith("/") or not path else (folder / path).as_uri()


def test_from_the_zips_index_to_a_product_page(offline, copies):
    page = offline.page
    page.goto(address(copies["km"], "index.html"))
    page.locator("a.md-button").click()
    expect(page).to_have_url(address(copies["km"], "km/"))
    assert page.locator("html").get_attribute("lang") == "km"
    page.locator("a[href$='catalogue/index.html']:visible").first.click()
    expect(page).to_have_url(address(copies["km"], "km/catalogue/"))
    product = page.locator(".commhub-list h2 a").first
    title = product.text_content().strip()
    product.click()
    assert "/km/products/" in page.url and page.url.endswith("/index.html"), page.url
    expect(page.locator("h1").first).to_have_text(title)
    # The theme came along: Material's stylesheet places the header.
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed")


def test_a_product_shows_its_images_from_the_copy(offline, copies):
    slug = next(slug for slug, product in products().items()
                if any(media["kind"] == "image" for media in product.meta.get("media", [])))
    page = offline.page
    page.goto(address(copies["km"], product_path("km", slug)))
    images = page.locator("article img")
    expect(images.first).to_be_visible()
    page.wait_for_load_state("load")
    widths = page.eval_on_selector_all("article img", "images => images.map(image => image.naturalWidth)")
    assert widths and all(widths), f"images not shown: {widths}"


def search(page, folder: Path, lang: str, query: str, expected: str):
    page.goto(address(folder, f"{prefix(lang)}search/"))
    box = page.locator(INPUT)
    box.click()
    box.press_sequentially(query)
    link = page.locator(f"{RESULTS}[href$='{expected}']")
    expect(link.first).to_be_visible()
    return link.first


def test_khmer_search_works_offline(offline, copies):
    slug, word = "quyen-tre-em", "អនុសញ្ញា"  # "convention", inside a Khmer sentence (test_search.py)
    assert word in products()[slug].versions["km"]["body"], "fixture hub changed"
    page = offline.page
    link = search(page, copies["km"], "km", word, f"km/products/{slug}/index.html")
    assert all(href.startswith(copies["km"].as_uri()) for href in page.eval_on_selector_all(
        RESULTS, "links => links.map(a => a.href)"))
    title = link.text_content().strip()
    link.click()
    expect(page).to_have_url(address(copies["km"], product_path("km", slug)))
    expect(page.locator("h1").first).to_have_text(title)
    # The index came from its script files, not from fetch().
    loaded = [url for url in offline.urls if "/search/km/" in url]
    assert loaded and all(url.endswith(".js") for url in loaded), loaded


def test_vietnamese_search_folds_diacritics_offline(offline, copies):
    slug = "quyen-tre-em"
    assert products()[slug].versions["vi"]["title"].startswith("Quyền trẻ em"), "fixture hub changed"
    page = offline.page
    link = search(page, copies["vi"], "vi", "quyen tre em", f"products/{slug}/index.html")
    link.click()
    expect(page).to_have_url(address(copies["vi"], product_path("vi", slug)))
