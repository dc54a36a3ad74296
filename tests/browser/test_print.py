"""A product page as printed: no menus, search or footer; a QR code that a phone reads back as the
address of that language's page (zbarimg, from Debian's zbar-tools, decodes a screenshot of it)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from helpers import build_site, standard_corpus

from .conftest import CI, PageLog, serve

SITE_URL = "https://hub.example.vn/"


@pytest.fixture(scope="module")
def printed_site(tmp_path_factory, browser):
    root = tmp_path_factory.mktemp("print") / "hub"
    standard_corpus(root)
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return build_site(root)


@pytest.fixture
def zbarimg():
    found = shutil.which("zbarimg")
    if found is None:
        if CI:
            pytest.fail("zbarimg is missing — under CI=true this test must run (.ci/run installs zbar-tools)")
        pytest.skip("zbarimg is missing (apt-get install zbar-tools): QR decoding skipped")
    return found


@pytest.mark.parametrize("path, url", [
    ("km/products/tro-giup-phap-ly/", SITE_URL + "km/products/tro-giup-phap-ly/"),
    ("products/quyen-tre-em/", SITE_URL + "products/quyen-tre-em/"),
])
def test_a_printed_product_leads_back_to_its_page(printed_site, browser, zbarimg, tmp_path, path, url):
    context = browser.new_context(viewport={"width": 900, "height": 1200})
    log = PageLog(context.new_page()).attach()
    page = log.page
    try:
        with serve(printed_site) as base:
            page.goto(base + path)
            qr = page.locator(".commhub-qr svg")
            assert not qr.is_visible()  # on screen, no QR code
            page.emulate_media(media="print")
            assert qr.is_visible() and not page.locator(".md-header").is_visible()
            assert not page.locator(".md-footer").is_visible()
            assert page.locator(".commhub-qr__url").inner_text() == url
            shot = tmp_path / "qr.png"
            qr.screenshot(path=str(shot))
        log.check()
    finally:
        context.close()
    decoded = subprocess.run([zbarimg, "--raw", "-q", str(shot)], capture_output=True, text=True, timeout=60)
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip() == url


def test_without_a_site_url_there_is_no_qr_code(tmp_path):
    standard_corpus(tmp_path)
    page = (build_site(tmp_path) / "products/quyen-tre-em/index.html").read_text(encoding="utf-8")
    assert "commhub-qr" not in page
