"""Why commhub builds every language itself instead of through mkdocs-static-i18n 1.3.

These tests pin the upstream limits that made us replace it (README, "Why not
mkdocs-static-i18n"). If one starts failing after an upgrade, upstream has
fixed that limit and the decision can be revisited.
"""

from __future__ import annotations

import pytest

static_i18n_config = pytest.importorskip("mkdocs_static_i18n.config", reason="mkdocs-static-i18n is a test extra")


def test_static_i18n_refuses_three_letter_language_codes():
    # Hmong (hmn), Katu (ktv), Sedang (sed), Cham (cjm), Ede (rad): ISO 639-3 codes that provinces need.
    for code in ("hmn", "ktv", "sed", "cjm", "rad"):
        assert not static_i18n_config.RE_LOCALE.match(code), code
    for code in ("vi", "km", "zh", "en", "fr"):
        assert static_i18n_config.RE_LOCALE.match(code), code


def test_static_i18n_search_deduplication_compares_every_entry_with_every_other():
    # reconfigure_search_duplicates filters the whole list of translated entries once per
    # default-language entry: comparisons grow with the square of the corpus.
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    calls = {"count": 0}

    class Entry(dict):
        def __getitem__(self, key):
            if key == "title":
                calls["count"] += 1
            return super().__getitem__(key)

    def entries(n):
        default = [Entry(location=f"p{i}/", title=f"t{i}", text="x") for i in range(n)]
        translated = [Entry(location=f"en/p{i}/", title=f"u{i}", text="x") for i in range(n)]
        return default + translated

    class Probe(ExtendedPlugin):
        build_languages = ["en"]

    plugin = Probe.__new__(Probe)
    for n in (10, 20, 40):
        calls["count"] = 0
        plugin.reconfigure_search_duplicates(entries(n))
        # two title reads per comparison, every default entry against every translated one
        assert calls["count"] == 2 * n * n


def test_commhub_builds_three_letter_codes_and_languages_without_material_ui(tmp_path):
    from helpers import Corpus, build_site

    corpus = Corpus(tmp_path)  # declares hmn, which has no Material UI file
    corpus.product("mot")
    corpus.version("mot", "vi", "Một")
    corpus.version("mot", "hmn", "Ib", translation={"of": "vi", "method": "machine", "reviewed": False})
    site = build_site(tmp_path)
    html = (site / "hmn/products/mot/index.html").read_text(encoding="utf-8")
    assert '<html lang="hmn"' in html
