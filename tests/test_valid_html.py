"""Every page the build publishes is valid HTML by the Nu Html Checker (tests/nu_checker.py): the
tests' hub as a preview (no site_url) and as published (site_url, the browser editor), every page type."""

from __future__ import annotations

import collections
from pathlib import Path

from commhub.mkdocs.material_markup import valid_toggles
from nu_checker import validate


def _summary(errors: list[dict]) -> str:
    kinds = collections.Counter(message["message"] for message in errors)
    first = {message["message"]: message["url"] for message in errors}
    return "\n".join(f"{count}× {text}\n   e.g. {first[text]}" for text, count in kinds.most_common())


def _page_types(site: Path) -> set[str]:
    names = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    found = {"404" for name in names if name == "404.html"}
    for part in ("products/", "catalogue/type/", "catalogue/year/", "catalogue/page/", "topics/", "search/",
                 "progress/", "about/", "admin/"):
        if any(part in name for name in names):
            found.add(part)
    return found


def test_the_preview_site_is_valid_html(shared_hub_site):
    assert {"404", "products/", "catalogue/page/", "topics/", "search/", "progress/"} <= _page_types(shared_hub_site)
    errors = validate(shared_hub_site)
    assert not errors, _summary(errors)


def test_the_published_hub_site_is_valid_html(published_hub_site):
    assert "admin/" in _page_types(published_hub_site)
    assert list(published_hub_site.rglob("*.html")) and (published_hub_site / "sitemap.xml").is_file()
    errors = validate(published_hub_site)
    assert not errors, _summary(errors)


def test_the_checker_finds_what_material_alone_writes(tmp_path):
    """The check can fail: Material's own toggles, as its base.html writes them, are an error to vnu."""
    page = tmp_path / "index.html"
    material = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>t</title></head><body>'
                '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
                '<label class="md-overlay" for="__drawer"></label></body></html>')
    page.write_text(material, encoding="utf-8")
    assert any("autocomplete" in message["message"] for message in validate(tmp_path))
    page.write_text(valid_toggles(material), encoding="utf-8")
    assert validate(tmp_path) == []
