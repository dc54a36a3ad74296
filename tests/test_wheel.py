"""The package is the product: a wheel built from this tree, installed into a fresh virtual
environment outside the repository, checks and builds a hub of its own — templates, styles,
scripts, fonts and the Khmer UI partial all come from the wheel, nothing from this checkout."""

from __future__ import annotations

import zipfile

from helpers import REPO, Corpus, run_checked as run


# `installed` (conftest.py): bin/ of a fresh virtual environment with commhub installed from a wheel.
def test_a_hub_outside_the_repository_checks_and_builds_from_the_wheel(installed, tmp_path):
    wheel_files = zipfile.ZipFile(next((installed.parent.parent / "dist").glob("commhub-*.whl"))).namelist()
    for name in ("commhub/site/theme/main.html", "commhub/site/theme/commhub/product.html", "commhub/site/theme/sitemap.xml",
                 "commhub/site/theme/partials/languages/km.html", "commhub/site/theme/assets/stylesheets/commhub.css",
                 "commhub/site/theme/assets/javascripts/commhub-search.js",
                 "commhub/site/theme/assets/fonts/noto-sans-khmer-400.woff2", "commhub/i18n/locales/vi.yml"):
        assert name in wheel_files, name
    hub = tmp_path / "tinh-moi"
    corpus = Corpus(hub)
    corpus.product("tro-giup-phap-ly")
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý", body="## Ai được trợ giúp?\n\nNgười nghèo.")
    corpus.version("tro-giup-phap-ly", "km", "ជំនួយផ្នែកច្បាប់",
                   translation={"of": "vi", "method": "machine", "reviewed": False})
    config = (hub / "mkdocs.yml").read_text(encoding="utf-8")
    assert "custom_dir" not in config and "markdown_extensions" not in config
    location = run([str(installed / "python"), "-c", "import commhub; print(commhub.__file__)"], hub).stdout
    assert str(REPO) not in location and str(installed.parent) in location

    checked = run([str(installed / "commhub"), "check", "--content", "content"], hub)
    assert "0 lỗi" in checked.stdout
    run([str(installed / "mkdocs"), "build", "--strict", "-d", "site"], hub)

    site = hub / "site"
    for name in ("assets/stylesheets/commhub.css", "assets/javascripts/commhub-search.js",
                 "assets/fonts/noto-sans-khmer-400.woff2", "products/tro-giup-phap-ly/index.html",
                 "km/products/tro-giup-phap-ly/index.html", "search/index.html", "sitemap.xml"):
        assert (site / name).is_file(), name
    khmer = (site / "km" / "products" / "tro-giup-phap-ly" / "index.html").read_text(encoding="utf-8")
    assert 'lang="km"' in khmer
    assert 'aria-label="ជ្រើសរើសភាសា"' in khmer  # Material's UI in Khmer, from the wheel's partial
    search = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert "integrity=\"sha384-" in search
    for page in site.rglob("*.html"):
        assert str(REPO) not in page.read_text(encoding="utf-8"), page
