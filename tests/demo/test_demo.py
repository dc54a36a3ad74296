"""The demonstration hub: it passes every check, builds clean pages, and says what it is."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import yaml
from test_check import assert_legacy_is_found, false_alarms, real_lines, run_check
from test_security_inline import inline_code
from test_yaml_fast_path import fast_path_taken

from commhub.checks.media_types import MEDIA_TYPES, inspect
from commhub.content.loader import load_content
from commhub.content.targets import load_plans
from commhub.report.unit_tree import UnitTree

from . import DEMO

CONTENT = DEMO / "content"


def test_the_demo_passes_check():
    code, lines = run_check(DEMO)
    assert code == 0, "\n".join(lines)


def test_the_demo_plans_load():
    content, _ = load_content(CONTENT)
    plans, problems = load_plans(CONTENT, content)
    assert problems == []
    assert [(plan.id, plan.start, plan.end) for plan in plans] == [
        ("de-an-1079-2023-2028", dt.date(2023, 1, 1), dt.date(2028, 12, 31)),
        ("kh-2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("kh-81-2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31))]
    scheme, _, yearly = plans
    assert (scheme.translations, [len(target.milestones) for target in scheme.targets]) == ("reviewed", [3, 2, 0])
    assert (yearly.number, yearly.date, yearly.count) == ("81/KH-UBND", dt.date(2024, 5, 6), "versions")
    first = yearly.targets[0]
    assert (first.id, first.min, first.max) == ("minority-foreign-digital", Fraction(15, 100), Fraction(20, 100))
    assert [(t.id, t.measure, t.min) for t in yearly.targets[1:]] == [("khmer-versions", "count", 10),
                                                                     ("legal-aid-products", "count", 4)]


def test_the_demo_shows_a_province_merged_into_a_new_one():
    """Sóc Trăng's archive (units.yml: ceased 30 June 2025) counts under Cần Thơ's units today."""
    content, _ = load_content(CONTENT)
    former, centre = content.units["tinh-soc-trang"], content.units["tt-tgpl-soc-trang"]
    assert (former.valid_to, former.successors) == (dt.date(2025, 6, 30), ("thanh-pho-can-tho",))
    assert (centre.parent, centre.successors) == ("tinh-soc-trang", ("trung-tam-tro-giup-phap-ly",))
    archived = [slug for slug, product in content.products.items() if product.unit == "tt-tgpl-soc-trang"]
    assert archived == ["tro-giup-phap-ly-cho-dong-bao-khmer"]
    tree = UnitTree(content.units, "current", dt.date(2026, 1, 1))
    assert tree.chain("tt-tgpl-soc-trang") == ("trung-tam-tro-giup-phap-ly", "thanh-pho-can-tho")


def test_the_demo_content_takes_the_yaml_fast_path():
    assert fast_path_taken(CONTENT) > 20


def test_no_legacy_encoding_false_alarm_on_the_demo():
    assert false_alarms(real_lines(DEMO)) == []


def test_legacy_encodings_of_the_demos_vietnamese_are_found():
    assert_legacy_is_found(real_lines(DEMO))


def test_the_demo_media_pass():
    files = [path for path in CONTENT.glob("products/*/*") if path.suffix.lstrip(".") in MEDIA_TYPES]
    assert {path.suffix for path in files} >= {".png", ".pdf", ".wav", ".webm"}
    assert [(path.name, inspect(path, MEDIA_TYPES[path.suffix.lstrip(".")])[0]) for path in files] == [
        (path.name, None) for path in files]


def test_no_demo_page_has_inline_styles_or_scripts(demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 40 and (demo_site / "progress/index.html").is_file()
    found = {str(path.relative_to(demo_site)): problems for path in pages if (problems := inline_code(path))}
    assert found == {}


def test_the_demo_says_it_is_a_demonstration(demo_site):
    """README: the content is a demonstration corpus, its translations marked machine and unreviewed,
    and the site says so on every page."""
    versions = sorted(CONTENT.glob("products/*/index.*.md"))
    assert len(versions) > 40
    for path in versions:
        text = path.read_text(encoding="utf-8")
        assert "demonstration corpus" in text, path
        meta = yaml.safe_load(re.match(r"---\n(.*?)\n---\n", text, re.S).group(1))
        if "translation" in meta:
            assert (meta["translation"]["method"], meta["translation"]["reviewed"]) == ("machine", False), path
    # Every reader's page; the editor's app at /admin/ is not one.
    pages = sorted(page for page in demo_site.rglob("index.html") if page.relative_to(demo_site).parts[0] != "admin")
    assert [page for page in pages if 'class="commhub-demo"' not in page.read_text(encoding="utf-8")] == []


def test_the_demos_own_pages_exist_in_every_language():
    declared = yaml.safe_load((CONTENT / "languages.yml").read_text(encoding="utf-8"))["languages"]
    default = next(language["code"] for language in declared if language.get("default"))
    for name in ("index", "about", "reading"):
        for code in (language["code"] for language in declared):
            assert (DEMO / "docs" / (f"{name}.md" if code == default else f"{name}.{code}.md")).is_file(), (name, code)


def test_no_page_of_the_demo_links_to_a_page_or_anchor_it_does_not_have(demo_site):
    """Issue 16 measured 39 such targets (type and topic catalogues linked from fallback pages)."""
    from linkcheck import broken_links

    assert broken_links(demo_site) == {}
