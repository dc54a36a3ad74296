"""Reporting v2: several plans, periods by name, units in time, what counts, and the department's formats.

Every figure below is worked out by hand from `plans_corpus`:

  units (units.yml order): tinh-cu (province, ceased 2024-06-30 → tinh-moi), tinh-moi (province),
    stp-cu (department under tinh-cu, ceased 2024-06-30 → stp-moi), stp-moi (under tinh-moi),
    huyen-a (district under tinh-cu, ceased 2024-06-30 → xa-1 and xa-2), xa-1, xa-2 (communes under
    tinh-moi, from 2024-07-01)

  product  unit     published   channels  versions
  p1       stp-cu   2024-02-10  print     vi, km (machine, not reviewed)
  p2       huyen-a  2024-05-05  facebook  vi, hmn (human)
  p3       stp-moi  2024-08-01  radio     vi, km (machine, reviewed)
  p4       xa-1     2024-09-09  website   vi, en (machine, not reviewed)
  p5       stp-moi  2025-03-03  print     vi, km (human)
  p6       stp-cu   2023-11-11  facebook  vi

  2024-H1: p1/vi p1/km p2/vi p2/hmn (4); 2024-H2: p3/vi p3/km p4/vi p4/en (4); 2023: p6/vi; 2025: p5 ×2.

  kh-2024 (2024, versions, every version counts):
    t1 ethnic-minority share 25–50 %; t2 the same but reviewed only, count ≥ 2; t3 digital, products, count ≥ 2
  de-an (2023–2025, versions, reviewed only):
    u1 ethnic-minority count ≥ 4, milestones 2024: ≥ 2, 2025: ≥ 3; u2 digital share ≥ 50 %, milestone 2024: ≥ 30 %
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from helpers import Corpus

from commhub.checks.checker import check_content
from commhub.cli.main import main
from commhub.i18n.messages import Messages

UNITS_YML = """\
units:
  - id: tinh-cu
    level: province
    valid_to: 2024-06-30
    successors: [tinh-moi]
    name: {vi: Tỉnh cũ, en: Former province}
  - id: tinh-moi
    level: province
    name: {vi: Tỉnh mới, en: New province}
  - id: stp-cu
    level: department
    parent: tinh-cu
    valid_to: 2024-06-30
    successors: [stp-moi]
    name: {vi: Sở Tư pháp tỉnh cũ, en: Former justice department}
  - id: stp-moi
    level: department
    parent: tinh-moi
    name: {vi: Sở Tư pháp tỉnh mới, en: New justice department}
  - id: huyen-a
    level: district
    parent: tinh-cu
    valid_to: 2024-06-30
    successors: [xa-1, xa-2]
    name: {vi: Huyện A}
  - id: xa-1
    level: commune
    parent: tinh-moi
    valid_from: 2024-07-01
    name: {vi: Xã Một}
  - id: xa-2
    level: commune
    parent: tinh-moi
    valid_from: 2024-07-01
    name: {vi: Xã Hai}
"""

PLAN_2024 = """\
plan: {name: Kế hoạch năm 2024, number: 81/KH-UBND, date: 2024-05-06, authority: Ủy ban nhân dân tỉnh}
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: t1
    label: {vi: Tiếng dân tộc thiểu số, en: Minority languages}
    any: [{language_group: ethnic_minority}]
    share: {min: 0.25, max: 0.5}
  - id: t2
    label: {vi: Tiếng dân tộc thiểu số (tin cậy được)}
    any: [{language_group: ethnic_minority}]
    translations: reviewed
    count: {min: 2}
  - id: t3
    label: {vi: Sản phẩm trên nền tảng số}
    any: [{channel_group: digital}]
    count_by: products
    count: {min: 2}
"""

SCHEME = """\
plan: {name: Đề án 2023–2025, number: 1079/QĐ-TTg, authority: Thủ tướng Chính phủ}
period: {from: 2023-01-01, to: 2025-12-31}
count: versions
translations: reviewed
targets:
  - id: u1
    label: {vi: Tiếng dân tộc thiểu số}
    any: [{language_group: ethnic_minority}]
    count: {min: 4}
    milestones:
      - {period: {from: 2024-01-01, to: 2024-12-31}, count: {min: 2}}
      - {period: {from: 2025-01-01, to: 2025-12-31}, count: {min: 3}}
  - id: u2
    label: {vi: Nền tảng số}
    any: [{channel_group: digital}]
    share: {min: 0.5}
    milestones:
      - {period: {from: 2024-01-01, to: 2024-12-31}, share: {min: 0.3}}
"""

MACHINE = {"method": "machine", "reviewed": False}


def plans_corpus(root) -> Corpus:
    corpus = Corpus(root)
    corpus.write("units.yml", UNITS_YML)
    corpus.write("plans/kh-2024.yml", PLAN_2024)
    corpus.write("plans/de-an.yml", SCHEME)
    rows = [("p1", "stp-cu", "2024-02-10", "print", "km", MACHINE),
            ("p2", "huyen-a", "2024-05-05", "facebook", "hmn", {"method": "human", "reviewed": True}),
            ("p3", "stp-moi", "2024-08-01", "radio", "km", {"method": "machine", "reviewed": True}),
            ("p4", "xa-1", "2024-09-09", "website", "en", MACHINE),
            ("p5", "stp-moi", "2025-03-03", "print", "km", {"method": "human", "reviewed": True}),
            ("p6", "stp-cu", "2023-11-11", "facebook", None, None)]
    for slug, unit, published, channel, other, translation in rows:
        corpus.product(slug, unit=unit, published=published, channels=[channel])
        corpus.version(slug, "vi", f"Sản phẩm {slug}")
        if other:
            corpus.version(slug, other, f"{slug} ({other})", translation={"of": "vi", **translation})
    return corpus


@pytest.fixture
def hub(tmp_path):
    return plans_corpus(tmp_path)


def report(hub, monkeypatch, *args) -> dict:
    monkeypatch.chdir(hub.root)
    result = CliRunner().invoke(main, ["report", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def figures(data) -> dict:
    """plan/target: (matched, total, progress, goal min, status)."""
    return {f"{plan['id']}/{target['id']}": (target["matched"], target["total"], target["progress"], target["min"],
                                             target["status"])
            for plan in data["plans"] for target in plan["targets"]}


def test_overlapping_plans_over_a_half_year(hub, monkeypatch):
    data = report(hub, monkeypatch, "--period", "2024-H1")
    assert (data["period"], data["total"]) == ({"from": "2024-01-01", "to": "2024-06-30"}, 4)
    assert [plan["id"] for plan in data["plans"]] == ["de-an", "kh-2024"]  # file name order
    assert [plan["counted"] for plan in data["plans"]] == [{"from": "2024-01-01", "to": "2024-06-30"}] * 2
    assert figures(data) == {
        # Reviewed only: p1/km is left out of what u1 matched and of its total (p1/vi p2/vi p2/hmn).
        "de-an/u1": (1, 3, 1, 2, "in-progress"),  # the 2024 milestone judges a half of 2024
        "de-an/u2": (2, 3, None, 0.3, "met"),  # p2/vi p2/hmn on Facebook: 2/3 >= 30 %
        "kh-2024/t1": (2, 4, None, 0.25, "met"),  # p1/km p2/hmn of 4: exactly the 50 % maximum
        "kh-2024/t2": (1, 3, 1, 2, "in-progress"),
        "kh-2024/t3": (1, 2, 1, 2, "in-progress"),  # products: p2 of p1, p2
    }
    goals = {target["id"]: target["goal"] for plan in data["plans"] for target in plan["targets"]}
    assert goals["u1"] == {"from": "2024-01-01", "to": "2024-12-31", "milestone": True}
    assert goals["t1"] == {"from": "2024-01-01", "to": "2024-12-31", "milestone": False}


def test_a_year_and_its_trend(hub, monkeypatch):
    data = report(hub, monkeypatch, "--period", "2024")
    assert data["total"] == 8
    assert figures(data) == {
        "de-an/u1": (2, 6, 2, 2, "met"),  # p2/hmn, p3/km (reviewed); p1/km and p4/en left out
        "de-an/u2": (3, 6, None, 0.3, "met"),  # p2/vi p2/hmn p4/vi
        "kh-2024/t1": (3, 8, None, 0.25, "met"),  # 37.5 %
        "kh-2024/t2": (2, 6, 2, 2, "met"),
        "kh-2024/t3": (2, 4, 2, 2, "met"),  # p2 and p4
    }
    t2 = data["plans"][1]["targets"][1]
    assert [(point["period"], point["matched"], point["total"], point["progress"], point["status"])
            for point in t2["trend"]] == [("2024-H1", 1, 3, 1, "in-progress"), ("2024-H2", 1, 3, 2, "met")]


def test_the_whole_scheme_is_judged_by_its_own_goal(hub, monkeypatch):
    data = report(hub, monkeypatch, "--plan", "de-an")
    assert data["period"] == {"from": "2023-01-01", "to": "2025-12-31"}
    assert data["total"] == 11
    assert figures(data) == {
        "de-an/u1": (3, 9, 3, 4, "below"),  # p2/hmn p3/km p5/km of 4, and the scheme has ended
        "de-an/u2": (4, 9, None, 0.5, "below"),  # p6/vi p2/vi p2/hmn p4/vi: 44.4 %
    }
    u1 = data["plans"][0]["targets"][0]["trend"]
    assert [point["period"] for point in u1] == ["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    # Each half is judged by its year's milestone, its progress counted from that year's first day.
    assert [(point["matched"], point["progress"], point["status"]) for point in u1] == [
        (0, 0, "no-data"), (0, 0, "in-progress"), (1, 1, "in-progress"), (1, 2, "met"), (1, 1, "in-progress"),
        (0, 1, "no-data")]


def test_without_a_period_several_plans_report_this_year(hub, monkeypatch):
    data = report(hub, monkeypatch)
    year = dt.date.today().year
    assert data["period"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}


def test_units_as_published_and_as_today(hub, monkeypatch):
    as_of = report(hub, monkeypatch, "--period", "2024")
    assert {unit: count for unit, count in as_of["breakdown"]["unit"].items() if count} == {
        "stp-cu": 2, "stp-moi": 2, "huyen-a": 2, "xa-1": 2}
    assert [(row["id"], row["depth"], row["count"]) for row in as_of["unit_tree"]] == [
        ("tinh-cu", 0, 4), ("stp-cu", 1, 2), ("huyen-a", 1, 2),
        ("tinh-moi", 0, 4), ("stp-moi", 1, 2), ("xa-1", 1, 2), ("xa-2", 1, 0)]
    current = report(hub, monkeypatch, "--period", "2024", "--units", "current")
    # p1 (stp-cu) counts under stp-moi; p2 (huyen-a, split into xa-1 and xa-2) under their province.
    assert {unit: count for unit, count in current["breakdown"]["unit"].items() if count} == {
        "tinh-moi": 2, "stp-moi": 4, "xa-1": 2}
    assert [(row["id"], row["depth"], row["count"]) for row in current["unit_tree"]] == [
        ("tinh-moi", 0, 8), ("stp-moi", 1, 4), ("xa-1", 1, 2), ("xa-2", 1, 0)]
    t1 = current["plans"][1]["targets"][0]
    assert t1["by_unit"] == {"stp-moi": 2, "tinh-moi": 1}  # p1/km p3/km; p2/hmn


@pytest.mark.parametrize("unit, units, total", [
    ("tinh-moi", "current", 8),  # the merged province's archive included
    ("tinh-moi", "as-of", 4),  # p3, p4 only
    ("tinh-cu", "as-of", 4),  # p1, p2
    ("tinh-cu", "current", 0),  # nothing counts under a province that ceased
    ("stp-moi", "current", 4),  # p1 (from stp-cu) and p3
])
def test_a_unit_and_the_units_under_it(hub, monkeypatch, unit, units, total):
    assert report(hub, monkeypatch, "--period", "2024", "--unit", unit, "--units", units)["total"] == total


def test_check_refuses_a_product_dated_after_its_unit_ceased(hub):
    hub.product("p7", unit="stp-cu", published="2024-07-01")
    hub.version("p7", "vi", "Sau sáp nhập")
    hub.product("p8", unit="xa-2", published="2024-06-30")
    hub.version("p8", "vi", "Trước khi có xã")
    _, problems = check_content(hub.content)
    lines = [problem.render(Messages("vi"), hub.root) for problem in problems.errors]
    assert lines == [
        "content/products/p7/product.yml:4: sản phẩm đăng ngày 2024-07-01 dưới tên đơn vị 'stp-cu', nhưng đơn vị "
        "này đã thôi tồn tại từ sau ngày 2024-06-30 (units.yml); đơn vị kế thừa: stp-moi. Hãy ghi unit: stp-moi "
        "(hoặc sửa ngày đăng nếu sản phẩm được đăng trước khi sáp nhập).",
        "content/products/p8/product.yml:4: sản phẩm đăng ngày 2024-06-30 dưới tên đơn vị 'xa-2', nhưng đơn vị "
        "này chỉ tồn tại từ ngày 2024-07-01 (units.yml). Hãy ghi đơn vị đã tồn tại vào ngày đăng, hoặc sửa ngày "
        "đăng.",
    ]


@pytest.mark.parametrize("old, new, expected", [
    ("    valid_to: 2024-06-30\n    successors: [tinh-moi]\n", "    successors: [tinh-moi]\n",
     "content/units.yml:4: unit 'tinh-cu' has 'successors' but no 'valid_to': write the last day it existed, "
     "e.g. valid_to: 2025-06-30."),
    ("    successors: [tinh-moi]\n", "    successors: [tinh-cu]\n",
     "content/units.yml:5: unit 'tinh-cu' cannot succeed itself: remove 'tinh-cu' from 'successors'."),
    ("  - id: tinh-moi\n    level: province\n", "  - id: tinh-moi\n    level: province\n    parent: stp-moi\n",
     "content/units.yml:9: unit 'tinh-moi': its 'parent' units lead back to it (tinh-moi → stp-moi → tinh-moi). "
     "Correct the 'parent' of one unit in the loop."),
    ("    valid_from: 2024-07-01\n    name: {vi: Xã Hai}", "    valid_from: 2024-07-01\n    valid_to: 2024-01-01\n"
     "    name: {vi: Xã Hai}",
     "content/units.yml:35: unit 'xa-2': it starts (2024-07-01) after it ceases (2024-01-01). Correct 'valid_from' "
     "or 'valid_to'."),
    ("    level: commune\n    parent: tinh-moi\n    valid_from: 2024-07-01\n    name: {vi: Xã Hai}",
     "    level: hamlet\n    parent: tinh-moi\n    valid_from: 2024-07-01\n    name: {vi: Xã Hai}",
     "content/units.yml:32: 'level': 'hamlet' is not allowed. Allowed values: province, department, agency, "
     "district, commune, other."),
])
def test_units_in_time_are_checked(hub, old, new, expected):
    assert old in UNITS_YML
    hub.write("units.yml", UNITS_YML.replace(old, new, 1))
    _, problems = check_content(hub.content)
    units_problems = [problem.render(Messages("en"), hub.root) for problem in problems.errors
                      if problem.path.name == "units.yml"]
    # A loop is reported by each of its units (here tinh-moi and stp-moi), not by the units under it.
    assert expected in units_problems and len(units_problems) == (2 if "lead back" in expected else 1)


@pytest.mark.parametrize("name, text, expected", [
    ("plans/de-an.yml", SCHEME.replace("{period: {from: 2025-01-01, to: 2025-12-31}, count: {min: 3}}",
                                       "{period: {from: 2025-01-01, to: 2026-12-31}, count: {min: 3}}"),
     "content/plans/de-an.yml:6: target 'u1': the milestone 2025-01-01–2026-12-31 lies outside the plan's period "
     "(2023-01-01–2025-12-31). Correct its dates."),
    ("plans/de-an.yml", SCHEME.replace("{period: {from: 2025-01-01, to: 2025-12-31}, count: {min: 3}}",
                                       "{period: {from: 2024-06-01, to: 2025-12-31}, count: {min: 3}}"),
     "content/plans/de-an.yml:6: target 'u1': two milestones overlap (the one starting 2024-06-01 starts before "
     "the one starting 2024-01-01 ends). Correct the dates so that they follow each other."),
    ("plans/de-an.yml", SCHEME.replace("share: {min: 0.3}", "count: {min: 3}"),
     "content/plans/de-an.yml:18: 'targets[2].milestones[1]': a milestone uses the same measure as its target "
     "('share'). Write share: ... for this milestone."),
    ("plans/Kế hoạch.yml", PLAN_2024,
     "content/plans/Kế hoạch.yml: the plan file name 'Kế hoạch.yml' is not valid: the name (before .yml) is the "
     "plan's id, of lower-case a–z, digits and hyphens, e.g. kh-81-2024.yml."),
    ("plans/targets.yml", PLAN_2024.replace("kh-2024", "x"),
     "content/plans/targets.yml: plan 'targets' is already in targets.yml: two plans cannot share an id. Rename "
     "one of the files."),
])
def test_plan_mistakes(hub, name, text, expected):
    hub.write(name, text)
    if name == "plans/targets.yml":
        hub.write("targets.yml", PLAN_2024)
    _, problems = check_content(hub.content)
    assert expected in [problem.render(Messages("en"), hub.root) for problem in problems.errors]


# --- the department's formats ------------------------------------------------------------------------


def write(hub, monkeypatch, fmt, *args):
    monkeypatch.chdir(hub.root)
    output = hub.root / f"bao-cao.{fmt}"
    result = CliRunner().invoke(main, ["report", "--period", "2024", "--format", fmt, "--output", str(output),
                                       "--number", "Số: 12/BC-STP", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return output


def test_docx_is_an_administrative_document(hub, monkeypatch):
    docx = pytest.importorskip("docx")
    from docx.shared import Mm, Pt

    document = docx.Document(str(write(hub, monkeypatch, "docx")))
    section = document.sections[0]
    assert (abs(section.page_width - Mm(210)) < Mm(0.5), abs(section.page_height - Mm(297)) < Mm(0.5)) == (True, True)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(margin / Mm(1)) for margin in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(13))
    heading = document.tables[0]
    texts = [paragraph.text for cell in heading._cells for paragraph in cell.paragraphs if paragraph.text]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts and "Độc lập - Tự do - Hạnh phúc" in texts
    assert "Số: 12/BC-STP" in texts
    body = [paragraph.text for paragraph in document.paragraphs]
    assert "BÁO CÁO" in body
    # The targets of the yearly plan, with the figures worked out above.
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["Tiếng dân tộc thiểu số", "3", "8", "37,5%", "ít nhất 25% đến 50% (cả kỳ kế hoạch)"][:4] == \
        next(row for row in rows if row[0] == "Tiếng dân tộc thiểu số" and row[2] == "8")[:4]
    assert any(row[:3] == ["Sản phẩm trên nền tảng số", "2", "4"] for row in rows)
    assert len(document.inline_shapes) == 1  # the chart, as a picture


def test_xlsx_holds_numbers_as_numbers(hub, monkeypatch):
    openpyxl = pytest.importorskip("openpyxl")
    hub.version("p4", "vi", "=HYPERLINK(\"http://evil.example\")")  # a title that looks like a formula
    book = openpyxl.load_workbook(str(write(hub, monkeypatch, "xlsx")))
    assert book.sheetnames == ["Tổng hợp", "de-an u1", "de-an u2", "kh-2024 t1", "kh-2024 t2", "kh-2024 t3",
                               "Sản phẩm được tính"]
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A3"
    rows = list(summary.iter_rows(min_row=3, values_only=True))
    t1 = next(row for row in rows if row[1] == "Tiếng dân tộc thiểu số" and row[0].startswith("Kế hoạch"))
    assert t1[2:5] == (3, 8, 0.375)
    assert "%" in summary.cell(row=3, column=5).number_format
    trend = book["kh-2024 t2"]
    assert [row[:5] for row in trend.iter_rows(min_row=4, values_only=True)] == [
        ("2024-H1", 1, 3, pytest.approx(1 / 3), 1), ("2024-H2", 1, 3, pytest.approx(1 / 3), 2)]
    products = book["Sản phẩm được tính"]
    listed = list(products.iter_rows(min_row=3, values_only=True))
    assert len(listed) == 8  # every version counted in 2024
    assert all(isinstance(row[7], dt.datetime) for row in listed)
    formula_like = next(cell for row in products.iter_rows(min_row=3) for cell in row
                        if cell.value == "=HYPERLINK(\"http://evil.example\")")
    assert formula_like.data_type == "s"
    counted = {row[9]: row[10] for row in listed}
    assert counted["products/p1/index.km.md"] == "kh-2024/t1"  # not reviewed: not de-an's, nor t2's
    assert counted["products/p3/index.km.md"] == "de-an/u1, kh-2024/t1, kh-2024/t2"


# --- the progress page -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["progress/index.html", "en/progress/index.html", "km/progress/index.html"])
def test_the_progress_page_shows_each_plan_its_trend_and_its_products(shared_hub_site, page):
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser((shared_hub_site / page).read_text(encoding="utf-8"))
    plans = [node.attributes["id"] for node in tree.css("section.commhub-plan")]
    assert plans == ["plan-targets", "plan-de-an-2023-2025"]
    assert [node.attributes["href"] for node in tree.css(".commhub-plan-list a")] == [f"#{plan}" for plan in plans]
    scheme = tree.css_first("#plan-de-an-2023-2025")
    (row,) = scheme.css("table.commhub-progress tbody tr")
    assert row.attributes["id"] == "target-de-an-2023-2025-minority-languages"
    trend = scheme.css_first(".commhub-target details table")
    # Counted up to the hub's latest publication (2025-09-23): the scheme's halves so far.
    assert [cells.css_first("th").text() for cells in trend.css("tbody tr")] == [
        "2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1", "2025-H2"]
    links = [node.attributes["href"] for node in tree.css(".commhub-drill-down a")]
    assert links, "no product behind any figure"
    folder = (shared_hub_site / page).parent
    for href in links:  # each leads to a page of the site
        assert (folder / href / "index.html").resolve().is_file() or (folder / href).resolve().is_file(), href
