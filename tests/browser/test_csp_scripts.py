"""No file the site serves can run as a script except commhub's own (site/csp.py): the CSP lists their
hashes, not 'self'. Probed with a page of the built site into which a script element is injected,
pointing at a file that is valid JavaScript but served as a PDF from the site itself."""

from __future__ import annotations

import shutil

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(event.blockedURI);
}, true);
"""


def test_only_commhubs_own_scripts_run(site_dir, site_url, context):
    search = (site_dir / "search" / "index.html").read_text(encoding="utf-8")
    probe = site_dir / "csp-probe"  # as deep as search/: the page's relative links still hold
    probe.mkdir(exist_ok=True)
    (probe / "tep.pdf").write_text("window.__ranFromTheSite = true;\n", encoding="utf-8")
    injected = search.replace("</body>", '<script src="tep.pdf"></script><script>window.__inline = 1</script></body>')
    (probe / "index.html").write_text(injected, encoding="utf-8")
    page = context.new_page()
    page.add_init_script(WATCH)
    try:
        page.goto(site_url + "csp-probe/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__ranFromTheSite") is None
        assert page.evaluate("window.__inline") is None
        blocked = page.evaluate("window.__violations")
        assert any(uri.endswith("/tep.pdf") for uri in blocked), blocked
        assert "inline" in blocked, blocked
        assert not any("commhub-search.js" in uri for uri in blocked), blocked
        # commhub's own script runs: a search shows results
        page.fill("#commhub-search-input", "trẻ em")
        page.keyboard.press("Enter")
        page.locator("#commhub-search-results li").first.wait_for()
    finally:
        page.close()
        shutil.rmtree(probe)  # the session's site is shared with the other browser tests
