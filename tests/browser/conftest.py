"""Fixtures for the browser tests: the tests' hub (tests/hubfactory.py, never the demo content/) built
once, served on 127.0.0.1, read by headless Debian chromium through Playwright.

- Chromium is Debian's `chromium` package, found with shutil.which and passed as executable_path;
  never `playwright install` (it downloads a browser build of its own). Without it these tests skip
  locally, and fail under CI=true, where .ci/run installs it.
- One browser, one context and one tab for the whole session; each test records every request the
  tab makes while it runs (tests that must see a cold load get a context of their own). At teardown
  the test errors if any request went to a host other than 127.0.0.1, if the page threw an uncaught
  error, or if the console reported a Content Security Policy violation.
- The server lets the browser cache for a few minutes, as a real host would: pages after the first
  load their CSS, JS and fonts from the cache, which keeps the suite fast on two cores.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CI = os.environ.get("CI", "").lower() in ("true", "1")
HOST = "127.0.0.1"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes that never leave the machine; any other request must go to HOST.
LOCAL_SCHEMES = {"data", "blob", "about"}
SERIOUS = ("serious", "critical")


def _unavailable(reason: str):
    """Skip locally; under CI=true the browser tests must run, so fail."""
    if CI:
        pytest.fail(f"{reason} — under CI=true the browser tests must run (.ci/run installs chromium)",
                    pytrace=False)
    pytest.skip(f"{reason}: browser tests skipped (bash .ci/run installs it as root)")


# --- the site ---------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def site_dir(shared_hub_site) -> Path:
    """The site of the hub sample.py reads (hubfactory.shared_hub()), built once per session."""
    return shared_hub_site


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".svg": "image/svg+xml",
        ".webm": "video/webm",
        ".xml": "application/xml",
    }

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The browser closing a connection early (a cancelled fetch, a video) is not an error here.
        import sys
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path):
    """`directory` served by a threaded static HTTP server on 127.0.0.1, on a free port: its URL."""
    server = _Server((HOST, 0), functools.partial(_Handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"serve {directory.name}", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    """The built site, served (see `serve`)."""
    with serve(site_dir) as url:
        yield url


# --- the browser ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


def _new_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    return context


@pytest.fixture(scope="session")
def context(browser):
    """One context for the session: its tab is reused by test after test, as one reader would."""
    context = _new_context(browser)
    yield context
    context.close()


@dataclass
class PageLog:
    """Everything a page did while a test had it, which the teardown checks."""

    page: object
    requests: list = field(default_factory=list)  # playwright Request objects, in order
    http_errors: list = field(default_factory=list)  # asserted by the tests that care, not at teardown
    page_errors: list = field(default_factory=list)
    csp_errors: list = field(default_factory=list)
    _handlers: list = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [request.url for request in self.requests]

    def attach(self) -> PageLog:
        page = self.page

        def on_console(message):
            if message.type in ("error", "warning") and "content security policy" in message.text.lower():
                self.csp_errors.append(f"{page.url}: {message.text}")

        def on_response(response):
            if response.status >= 400:
                self.http_errors.append(f"{response.status} {response.url}")

        self._handlers = [
            ("request", lambda request: self.requests.append(request)),
            ("response", on_response),
            ("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}")),
            ("console", on_console),
        ]
        for event, handler in self._handlers:
            page.on(event, handler)
        return self

    def detach(self) -> None:
        if not self.page.is_closed():
            for event, handler in self._handlers:
                self.page.remove_listener(event, handler)

    def problems(self) -> list[str]:
        problems = []
        offsite = [url for url in self.urls if not is_local(url)]
        if offsite:
            problems.append(f"requests to hosts other than {HOST}:\n  " + "\n  ".join(offsite))
        if self.csp_errors:
            problems.append("Content Security Policy errors in the console:\n  " + "\n  ".join(self.csp_errors))
        if self.page_errors:
            problems.append("uncaught errors in the page:\n  " + "\n  ".join(self.page_errors))
        return problems

    def check(self) -> None:
        problems = self.problems()
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname == HOST


@pytest.fixture(scope="session")
def _tab(context):
    """The session's one tab (a new one only if a test closed it): a new page costs ~0.3 s on 2 cores."""
    tab = {"page": None}

    def get():
        if tab["page"] is None or tab["page"].is_closed():
            tab["page"] = context.new_page()
        return tab["page"]

    return get


@pytest.fixture
def page_log(_tab):
    """The shared tab, with the log of everything it did during this test (checked at teardown)."""
    log = PageLog(_tab()).attach()
    yield log
    log.detach()
    log.check()


@pytest.fixture
def page(page_log):
    return page_log.page


@pytest.fixture(scope="session")
def fresh_pages(browser):
    """Open a page in a context of its own (empty cache): to see every request that page loads make."""
    contexts = []

    def open_fresh() -> PageLog:
        context = _new_context(browser)
        contexts.append(context)
        return PageLog(context.new_page()).attach()

    yield open_fresh
    from playwright.sync_api import Error as PlaywrightError

    for context in contexts:
        try:
            context.close()
        except PlaywrightError:  # closed already, by its test (fresh_page_log) or with the browser
            pass


@pytest.fixture
def fresh_page_log(fresh_pages):
    log = fresh_pages()
    yield log
    log.detach()
    log.page.context.close()
    log.check()


# --- axe ----------------------------------------------------------------------------------------------

class AxeChecker:
    """axe-core (shipped by axe-playwright-python) on the page as it stands."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()

    def serious(self, page) -> list[dict]:
        """Violations of serious or critical impact."""
        results = self._axe.run(page)
        return [violation for violation in results.response["violations"] if violation["impact"] in SERIOUS]

    @staticmethod
    def report(violations: list[dict], url: str = "") -> str:
        lines = [f"{len(violations)} axe violation(s) of serious or critical impact on {url}:"]
        for violation in violations:
            lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
            for node in violation["nodes"][:8]:
                target = " ".join(str(part) for part in node["target"])
                html = " ".join(node.get("html", "").split())
                lines.append(f"    at {target}: {html[:200]}")
                summary = " ".join(node.get("failureSummary", "").split())
                if summary:
                    lines.append(f"      {summary[:300]}")
            if len(violation["nodes"]) > 8:
                lines.append(f"    … and {len(violation['nodes']) - 8} more element(s)")
        return "\n".join(lines)


@pytest.fixture(scope="session")
def axe(browser) -> AxeChecker:
    return AxeChecker()
