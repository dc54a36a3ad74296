"""The CSP holds on every page type (issue 14): one page of each kind, opened in headless chromium;
and axe-core finds no serious accessibility violation on any of them.

The pages' CSP allows scripts and styles from the site only, so a browser refuses any inline
style, inline script or handler the build lets through; readers then get a broken page. Each page
is watched three ways, and any finding fails its test:
- `securitypolicyviolation` events, collected into `window.__commhubCsp` by an init script that
  runs before the page's own (it is not subject to the page's CSP);
- console messages of type error or warning that mention "Content Security Policy", and every
  other console error (a failed request, a script error logged);
- uncaught page errors.
Pages come from the tests' hub (tests/hubfactory.py), chosen through tests/browser/sample.py.
"""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

from . import sample
from .sample import codes, default_language, prefix, product_path

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's `browser` fixture skips locally and fails under CI
    if os.environ.get("CI", "").lower() in ("true", "1"):
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

WATCH_CSP = """
window.__commhubCsp = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__commhubCsp.push([event.violatedDirective, event.blockedURI, event.sourceFile || "",
                              event.lineNumber, event.sample || ""].join(" | "));
}, true);
"""
DEFAULT = default_language()
OTHER = next(code for code in codes() if code != DEFAULT)


def _product():
    return sample.product_in(DEFAULT)


def _published(product) -> str:
    version = product.versions[DEFAULT]
    return str(version.get("published") or product.meta["published"])


def _fallback() -> str:
    for lang in codes():
        missing = sample.product_missing(lang)
        if missing is not None:
            return product_path(lang, missing.slug)
    raise AssertionError("fixture hub changed: every product exists in every language, no fallback page")


def _second_catalogue_page() -> str:
    listed = sum(DEFAULT in product.versions for product in sample.products().values())
    assert listed > sample.PER_PAGE, f"fixture hub changed: {listed} products in {DEFAULT}, one catalogue page"
    return f"{prefix(DEFAULT)}catalogue/page/2/"


def _doc_fallback() -> str:
    lang, name = sample.doc_fallback()
    return f"{prefix(lang)}{name}/"


# (page type, path under the site root): one page of every type the site has.
PAGES = {
    "home": lambda: prefix(DEFAULT),
    "home in another language": lambda: prefix(OTHER),
    "product": lambda: product_path(DEFAULT, _product().slug),
    "product in another language": lambda: product_path(OTHER, sample.product_in(OTHER).slug),
    "fallback": _fallback,
    "catalogue": lambda: f"{prefix(DEFAULT)}catalogue/",
    "catalogue, second page": _second_catalogue_page,
    "catalogue by type": lambda: f"{prefix(DEFAULT)}catalogue/type/{_product().meta['type']}/",
    "catalogue by year": lambda: f"{prefix(DEFAULT)}catalogue/year/{_published(_product())[:4]}/",
    "topic": lambda: f"{prefix(DEFAULT)}topics/{_product().meta['topics'][0]}/",
    "topics": lambda: f"{prefix(DEFAULT)}topics/",
    "search": lambda: f"{prefix(DEFAULT)}search/",
    "progress": lambda: f"{prefix(DEFAULT)}progress/",
    "progress in another language": lambda: f"{prefix(OTHER)}progress/",
    "about": lambda: f"{prefix(DEFAULT)}about/",
    "about in another language": lambda: f"{prefix(OTHER)}about/",
    "docs page shown in another language": _doc_fallback,
    "404": lambda: "404.html",
    # and a product page of each type: each shows its media its own way (image, player, download)
    **{f"product of type {kind}": (lambda kind=kind: product_path(DEFAULT, sample.product_of_type(kind, DEFAULT).slug))
       for kind in sample.product_types()},
}


class Watch:
    """One tab of its own (cold cache), with every console message and CSP violation it reports."""

    def __init__(self, log):
        self.log, self.page = log, log.page
        self.console: list[str] = []
        self.page.add_init_script(WATCH_CSP)
        self.page.on("console", self._on_console)

    def _on_console(self, message):
        csp = "content security policy" in message.text.lower()
        if message.type == "error" or (message.type == "warning" and csp):
            self.console.append(f"{self.page.url}: [{message.type}] {message.text}")

    def open(self, url: str):
        self.console.clear()
        self.log.page_errors.clear()
        response = self.page.goto(url)
        assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
        expect(self.page.locator(".md-content h1").first).to_be_visible()
        self.settle()

    def settle(self):
        self.page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images too
        self.page.evaluate("document.fonts.ready.then(() => true)")
        self.page.wait_for_load_state("networkidle")

    def problems(self) -> list[str]:
        problems = []
        violations = self.page.evaluate("window.__commhubCsp || ['(the CSP watch did not run)']")
        if violations:
            problems.append("securitypolicyviolation events:\n  " + "\n  ".join(violations))
        if self.console:
            problems.append("console errors and CSP warnings:\n  " + "\n  ".join(self.console))
        if self.log.page_errors:
            problems.append("uncaught errors in the page:\n  " + "\n  ".join(self.log.page_errors))
        return problems


@pytest.fixture(scope="module")
def watch(fresh_pages):
    watch = Watch(fresh_pages())
    yield watch
    watch.log.detach()


@pytest.mark.parametrize("kind", PAGES)
def test_page_keeps_its_csp(watch, site_url, kind):
    url = site_url + PAGES[kind]()
    watch.open(url)
    if kind == "progress":
        # The charts are drawn, and with no inline style (the CSP would refuse it).
        charts = watch.page.locator("svg.commhub-chart")
        expect(charts.first).to_be_visible()
        assert charts.evaluate_all("svgs => svgs.filter(svg => svg.hasAttribute('style')).length") == 0
    problems = watch.problems()
    assert problems == [], f"{kind} page {url}:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", PAGES)
def test_page_has_no_serious_accessibility_violations(page, site_url, axe, kind):
    """axe-core on one page of every type (test_reading.py runs it on the home, catalogue and product
    pages of every language): media players, tables, notices, charts, the search form."""
    url = site_url + PAGES[kind]()
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.evaluate("document.fonts.ready.then(() => true)")
    violations = axe.serious(page)
    assert not violations, axe.report(violations, url)


def test_a_search_keeps_the_csp(watch, site_url):
    product = _product()
    title = product.versions[DEFAULT]["title"]
    watch.open(f"{site_url}{prefix(DEFAULT)}search/?q={quote(title)}")
    target = site_url + product_path(DEFAULT, product.slug)
    watch.page.wait_for_function(
        "target => [...document.querySelectorAll('#commhub-search-results li a')]"
        ".some(a => a.href.split('#')[0] === target)", arg=target, timeout=15_000)
    # and typing into the box, as a reader does
    box = watch.page.locator("#commhub-search-input")
    box.fill("")
    box.press_sequentially(title.split()[0])
    expect(watch.page.locator("#commhub-search-results li a").first).to_be_visible()
    watch.settle()
    problems = watch.problems()
    assert problems == [], "\n".join(problems)


def test_the_watch_sees_a_violation(watch, site_url):
    """Guards the tests above: an inline style on one of these pages is reported."""
    watch.open(site_url + prefix(DEFAULT))
    watch.page.evaluate("""() => {
        const p = document.createElement("p");
        p.setAttribute("style", "color: red");
        document.body.append(p);
    }""")
    watch.page.wait_for_function("window.__commhubCsp.length > 0", timeout=10_000)
    problems = watch.problems()
    assert any("style-src" in problem for problem in problems), problems
    watch.page.evaluate("window.__commhubCsp = []")
    watch.console.clear()
