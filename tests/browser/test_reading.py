"""Reading the tests' hub in every language, in headless chromium (issue 5, "Reading").

Languages and products come from the tests' hub (tests/hubfactory.py), interface strings from
src/commhub/i18n/locales, through tests/browser/sample.py. Every page a test opens is checked at
teardown for requests that leave 127.0.0.1 (see conftest.py).
"""

from __future__ import annotations

import os
import re

import pytest

from . import sample
from .sample import codes, language_name, prefix, product_path, products, ui

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's `browser` fixture skips locally and fails under CI
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

LANGS = codes()
KINDS = ("home", "catalogue", "product")


def page_path(lang: str, kind: str) -> str:
    if kind == "home":
        return prefix(lang)
    if kind == "catalogue":
        return f"{prefix(lang)}catalogue/"
    return product_path(lang, sample.product_in(lang).slug)


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def goto(page, url: str):
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return response


# --- <html lang> on the home, a catalogue and a product page in every language ----------------------

@pytest.mark.parametrize("lang", LANGS)
def test_pages_carry_their_language(page, site_url, lang):
    for kind in KINDS:
        url = site_url + page_path(lang, kind)
        goto(page, url)
        assert html_lang(page) == lang, f"{kind} page {url}"
        expect(page.locator(".md-content h1").first).to_be_visible()


@pytest.fixture(scope="module")
def tour(fresh_pages, site_url):
    """Every kind of page in every language, a fallback page and a search, from a cold cache (fonts
    and lazy images included): the log of one reader's visit."""
    log = fresh_pages()
    page = log.page
    for lang in LANGS:
        for kind in KINDS:
            goto(page, site_url + page_path(lang, kind))
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images too
            page.evaluate("document.fonts.ready.then(() => true)")
    missing = sample.product_missing("km")
    if missing is not None:
        goto(page, site_url + product_path("km", missing.slug))
    # and a search, index files included
    goto(page, f"{site_url}{prefix('km')}search/?q=%E1%9E%80%E1%9E%BB%E1%9E%98%E1%9E%B6%E1%9E%9A")  # កុមារ
    page.wait_for_load_state("networkidle")
    log.detach()
    return log


def test_every_request_stays_on_127_0_0_1(tour, site_url):
    urls = tour.urls
    assert len(urls) > len(LANGS) * len(KINDS), f"too few requests recorded: {urls}"
    offsite = [url for url in urls if not url.startswith(site_url) and not url.startswith(("data:", "blob:"))]
    assert not offsite, "requests to hosts other than 127.0.0.1:\n" + "\n".join(offsite)
    tour.check()  # and no CSP error or uncaught error on the way


def test_no_request_fails(tour):
    """No page asks the site for a file it does not have: each failed request is a wasted round trip
    on a slow connection."""
    failed = sorted(set(tour.http_errors))
    assert not failed, f"{len(failed)} failed request(s):\n" + "\n".join(failed)


# --- the language switcher ------------------------------------------------------------------------

SWITCHERS = {
    # Material's header language selector (commhub fills it per page).
    "header": "a.md-select__link[hreflang='{lang}']",
    # The product's own "available in" list.
    "in-page": ".commhub-languages a[hreflang='{lang}']",
}


def switcher_targets(page, kind: str) -> dict[str, str]:
    """hreflang -> absolute URL of each link of a switcher."""
    selector = SWITCHERS[kind].replace("='{lang}'", "")
    return dict(page.eval_on_selector_all(selector, "links => links.map(a => [a.hreflang, a.href])"))


def follow(page, kind: str, target: str):
    link = page.locator(SWITCHERS[kind].format(lang=target))
    expect(link, f"{kind} switcher link to {target}").to_have_count(1)
    if kind == "header":
        # The header list opens on hover or focus, as for a reader.
        page.locator(".md-header .md-select").first.hover()
    with page.expect_navigation():
        link.click()
    page.wait_for_load_state()


def next_in_cycle(items: list[str], item: str, step: int) -> str:
    return items[(items.index(item) + step) % len(items)]


@pytest.mark.parametrize("kind", SWITCHERS)
@pytest.mark.parametrize("lang", LANGS)
def test_switcher_leads_to_the_same_product(page, site_url, lang, kind):
    """Every language the product exists in is offered, at the same product's address; following one
    (the next language for the header, the previous one in the page, so that between them every
    language is left and reached) lands on that product in that language."""
    product = sample.product_in(lang)
    versions = [code for code in LANGS if code in product.versions]
    assert len(versions) > 1, f"the fixture hub has no product in {lang} and another language"
    goto(page, site_url + product_path(lang, product.slug))
    offered = switcher_targets(page, kind)
    for code in versions:
        assert offered.get(code) == site_url + product_path(code, product.slug), (
            f"{kind} switcher on {page.url}: {code} → {offered.get(code)}")

    target = next_in_cycle(versions, lang, 1 if kind == "header" else -1)
    follow(page, kind, target)
    expected = site_url + product_path(target, product.slug)
    assert page.url == expected, f"{kind} switcher {lang} → {target} on {product.slug}"
    assert html_lang(page) == target, page.url
    # A real version: no fallback notice, no passage marked as another language.
    expect(page.locator(".commhub-notice--fallback")).to_have_count(0)
    body_lang = page.locator(".commhub-body").first.get_attribute("lang")
    assert body_lang in (None, target), f"{page.url}: body lang={body_lang}"


@pytest.mark.parametrize("lang", LANGS)
def test_header_switcher_on_the_home_page(page, site_url, lang):
    goto(page, site_url + prefix(lang))
    offered = switcher_targets(page, "header")
    assert offered == {code: site_url + prefix(code) for code in LANGS}, f"header switcher on {page.url}"
    target = next_in_cycle(LANGS, lang, 1)
    follow(page, "header", target)
    assert page.url == site_url + prefix(target), f"home {lang} → {target}"
    assert html_lang(page) == target


# --- a missing translation and a machine translation ------------------------------------------------

FALLBACK_LANGS = [lang for lang in LANGS if sample.product_missing(lang) is not None]


@pytest.mark.parametrize("lang", FALLBACK_LANGS)
def test_missing_translation_shows_the_original_with_a_notice(page, site_url, lang):
    product = sample.product_missing(lang)
    url = site_url + product_path(lang, product.slug)
    goto(page, url)
    assert html_lang(page) == lang, "the interface is the reader's language"
    notice = page.locator(".commhub-notice--fallback")
    expect(notice).to_be_visible()
    expected = ui(lang, "ui.notice.fallback", language=language_name(lang),
                  original=language_name(product.original))
    assert " ".join(notice.inner_text().split()) == " ".join(expected.split()), url
    # The text shown is the original, and says so.
    expect(page.locator(".commhub-body").first).to_have_attribute("lang", product.original)


MACHINE_LANGS = [lang for lang in LANGS if sample.machine_translated_in(lang) is not None]


@pytest.mark.parametrize("lang", MACHINE_LANGS)
def test_machine_translation_says_so(page, site_url, lang):
    product = sample.machine_translated_in(lang)
    url = site_url + product_path(lang, product.slug)
    goto(page, url)
    notice = page.locator(".commhub-notice--machine")
    expect(notice).to_be_visible()
    reviewed = product.versions[lang]["translation"].get("reviewed", False)
    key = "ui.notice.machine_reviewed" if reviewed else "ui.notice.machine_unreviewed"
    expected = ui(lang, key, original=language_name(product.original))
    assert " ".join(notice.inner_text().split()) == " ".join(expected.split()), url


# --- Khmer renders with the self-hosted font, not boxes ---------------------------------------------

KHMER_ONLY = re.compile(r"^[\u1780-\u17ff\u19e0-\u19ff]+$")

FONT_FACES_JS = """() => [...document.fonts].map(face => ({
    family: face.family.replace(/^["']|["']$/g, ""), status: face.status,
    weight: face.weight, unicodeRange: face.unicodeRange}))"""

# In a real Khmer font, KA + COENG + KA is one cluster: the second KA is stacked UNDER the first,
# so the cluster is about as wide as one KA. Drawn as tofu, each of its three code points is a
# box of its own, side by side: about three times as wide.
CANVAS_JS = """(family) => {
    const context = document.createElement("canvas").getContext("2d");
    const width = (font, text) => { context.font = font; return context.measureText(text).width; };
    const font = `32px "${family}"`;
    return {ka: width(font, "\\u1780"), cluster: width(font, "\\u1780\\u17d2\\u1780"),
            checked: document.fonts.check(font, "\\u1780")};
}"""


def test_khmer_renders_with_the_self_hosted_font(fresh_page_log, site_url):
    """Khmer text is drawn with the site's own Khmer font, loaded from 127.0.0.1, not as boxes.

    Why not only compare canvas widths with a font that cannot exist ('16px "no-such-font-xyz"')?
    That tells tofu apart only on a machine with no Khmer font at all: where the system has one
    (Debian's fonts-noto-core has Noto Sans Khmer), the fallback draws real Khmer too, and if the
    site's font IS Noto Sans Khmer both widths are equal although nothing failed. And
    `document.fonts.check()` alone is true for a family that no @font-face declares. So this test
    asks the browser itself, three ways:
    1. document.fonts holds an @font-face whose family contains "Khmer", and the page's own Khmer
       text made it load (status "loaded" without the test asking for it), from 127.0.0.1;
    2. Chromium's DevTools protocol (CSS.getPlatformFontsForNode) names the fonts that actually drew
       the glyphs of a Khmer-only heading: every glyph must come from a web font (isCustomFont) with
       "Khmer" in its name — neither a system fallback nor a font without Khmer (tofu);
    3. in a canvas with that family, a stacked consonant cluster is no wider than ~1.5 consonants,
       which real Khmer shaping gives and a row of boxes cannot.
    """
    page = fresh_page_log.page
    product = next((p for p in products().values()
                    if "km" in p.versions and KHMER_ONLY.match(p.versions["km"]["title"])), None)
    assert product is not None, "the fixture hub has no Khmer product with a Khmer-only title"
    goto(page, site_url + product_path("km", product.slug))
    heading = page.locator(".md-content h1").first
    expect(heading).to_have_text(product.versions["km"]["title"])

    # 1. The self-hosted face, loaded by the page's own text.
    page.evaluate("document.fonts.ready.then(() => true)")
    faces = page.evaluate(FONT_FACES_JS)
    khmer_faces = [face for face in faces if "khmer" in face["family"].lower()]
    assert khmer_faces, ("no @font-face with 'Khmer' in its family: the site ships no Khmer font "
                         f"(font faces: {faces})")
    try:
        page.wait_for_function("""() => [...document.fonts].some(
            face => /khmer/i.test(face.family) && face.status === "loaded")""", timeout=10_000)
    except Exception:
        pytest.fail(f"the Khmer font face never loaded on a Khmer page: {page.evaluate(FONT_FACES_JS)}")
    family = next(face["family"] for face in page.evaluate(FONT_FACES_JS)
                  if "khmer" in face["family"].lower() and face["status"] == "loaded")
    fonts = [request.url for request in fresh_page_log.requests if request.resource_type == "font"]
    assert fonts and all(url.startswith(site_url) for url in fonts), f"font requests: {fonts}"

    # 2. What actually drew the heading's glyphs.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": ".md-content h1"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    assert used, "chromium reports no font for the Khmer heading"
    wrong = [font for font in used if not font["isCustomFont"] or "khmer" not in font["familyName"].lower()]
    assert not wrong, f"Khmer glyphs drawn by fonts other than the self-hosted Khmer font: {used}"

    # 3. Shaping, measured.
    measured = page.evaluate(CANVAS_JS, family)
    assert measured["checked"], f"document.fonts.check says {family!r} is not ready for Khmer"
    assert measured["ka"] > 0, measured
    assert measured["cluster"] < 1.5 * measured["ka"], (
        f"KA+COENG+KA is {measured['cluster']:.1f}px wide for a {measured['ka']:.1f}px KA in {family!r}: "
        "drawn side by side, as boxes, not stacked")


# --- accessibility: axe-core ---------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_violations(page, site_url, axe, lang, kind):
    url = site_url + page_path(lang, kind)
    goto(page, url)
    page.evaluate("document.fonts.ready.then(() => true)")
    violations = axe.serious(page)
    assert not violations, axe.report(violations, url)
