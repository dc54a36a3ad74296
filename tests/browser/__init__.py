"""Browser tests: headless Debian chromium through Playwright, pages served on 127.0.0.1.

A package, so that its module names (browser.test_search, …) never clash with tests/ at the top.
"""
