"""`commhub report`: exact counts on hand-made corpora (see report_fixtures.py for the arithmetic)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from fractions import Fraction

import jinja2
import pytest
from click.testing import CliRunner
from commhub import THEME_DIR as THEME
from report_fixtures import MIX_TARGETS, SHARE_TARGETS, mix_corpus, share_corpus, write_targets

from commhub.report.charts import bar_chart
from commhub.cli.main import main
from commhub.content.loader import load_content
from commhub.i18n.messages import Messages
from commhub.report.counting import Scope, compute, status
from commhub.report.labels import Labels
from commhub.report.site_view import progress, site_view
from commhub.report.text_formats import display_width, render as render_text
from commhub.content.targets import Goal, Target, load_targets

D = dt.date

VERSIONS_BREAKDOWN = {
    "language": {"vi": 3, "km": 2, "hmn": 1, "en": 1},
    "language_group": {"national": 3, "ethnic_minority": 3, "foreign": 1},
    "type": {"article": 1, "news": 1, "infographic": 0, "video": 2, "audio": 0, "leaflet": 2, "poster": 0,
             "handbook": 0, "qa": 1},
    "channel": {"website": 2, "facebook": 2, "radio": 3, "print": 2},
    "channel_group": {"digital": 4, "traditional": 4},
    "unit": {"so-tu-phap": 4, "hoi-lhpn": 3},
    "topic": {"legal-aid": 6, "childrens-rights": 3},
    "month": {"2024-01": 1, "2024-02": 0, "2024-03": 1, "2024-04": 0, "2024-05": 1, "2024-06": 2, "2024-07": 0,
              "2024-08": 1, "2024-09": 0, "2024-10": 0, "2024-11": 0, "2024-12": 1},
}

PRODUCTS_BREAKDOWN = {
    "language": {"vi": 3, "km": 2, "hmn": 1, "en": 1},
    "language_group": {"national": 3, "ethnic_minority": 3, "foreign": 1},
    "type": {"article": 1, "news": 1, "infographic": 0, "video": 1, "audio": 0, "leaflet": 1, "poster": 0,
             "handbook": 0, "qa": 1},
    "channel": {"website": 2, "facebook": 2, "radio": 3, "print": 2},
    "channel_group": {"digital": 3, "traditional": 3},
    "unit": {"so-tu-phap": 3, "hoi-lhpn": 2},
    "topic": {"legal-aid": 4, "childrens-rights": 2},
    "month": {"2024-01": 1, "2024-02": 0, "2024-03": 1, "2024-04": 0, "2024-05": 1, "2024-06": 1, "2024-07": 0,
              "2024-08": 1, "2024-09": 0, "2024-10": 0, "2024-11": 0, "2024-12": 1},
}


def load(corpus, count="versions"):
    write_targets(corpus, MIX_TARGETS.format(count=count))
    content, problems = load_content(corpus.content)
    assert problems.errors == []
    plan, problems = load_targets(corpus.content / "targets.yml", content)
    assert problems.errors == [] and plan is not None
    return content, plan


def compute_report(content, plan, start=None, end=None, unit=None):
    """The report of one plan over [start, end] (default: the plan's period)."""
    return compute(content, [plan], Scope(start or plan.start, end or plan.end, unit))


def outcome(report):
    """Each target's (matched, total, status); {} when the plan is not in force in the period."""
    targets = report.plans[0].targets if report.plans else []
    return {result.target.id: (result.matched, result.total, result.status) for result in targets}


def render(report, content, fmt, lang="vi"):
    return render_text(report, Labels(content, Messages(lang), lang), fmt)


@pytest.fixture
def mix(tmp_path):
    return mix_corpus(tmp_path)


# --- counting ----------------------------------------------------------------------------------------


def test_versions_total_and_every_breakdown(mix):
    content, plan = load(mix)
    report = compute_report(content, plan)
    assert report.total == 7
    assert report.breakdown == VERSIONS_BREAKDOWN
    # Cell order is the registries' order, so that every output is stable.
    assert list(report.breakdown["channel"]) == ["website", "facebook", "radio", "print"]


def test_versions_targets(mix):
    content, plan = load(mix)
    assert outcome(compute_report(content, plan)) == {
        "minority-foreign-digital": (6, 7, "above"),
        "khmer": (2, 7, "met"),  # count target: 2 >= min 2
        "national-traditional": (2, 7, "below"),  # a/vi (print), b/vi (radio): 2/7 < 40%
        "legal-aid": (6, 7, "met"),
    }


def test_products_count_each_product_once(mix):
    content, plan = load(mix, count="products")
    report = compute_report(content, plan)
    assert report.total == 5
    assert report.breakdown == PRODUCTS_BREAKDOWN
    assert outcome(report) == {
        "minority-foreign-digital": (5, 5, "above"),
        "khmer": (2, 5, "met"),
        "national-traditional": (2, 5, "met"),  # exactly 40%
        "legal-aid": (4, 5, "below"),
    }


def test_unit_filter(mix):
    content, plan = load(mix)
    report = compute_report(content, plan, unit="hoi-lhpn")
    assert report.total == 3  # b/vi, b/en, d/hmn
    assert report.breakdown["language"] == {"vi": 1, "km": 0, "hmn": 1, "en": 1}
    assert report.breakdown["unit"] == {"so-tu-phap": 0, "hoi-lhpn": 3}
    assert report.breakdown["channel"] == {"website": 1, "facebook": 1, "radio": 2, "print": 1}
    assert outcome(report) == {
        "minority-foreign-digital": (3, 3, "above"),
        "khmer": (0, 3, "below"),
        "national-traditional": (1, 3, "below"),
        "legal-aid": (3, 3, "below"),
    }


@pytest.mark.parametrize("start, end, total", [
    (D(2024, 1, 1), D(2024, 12, 31), 7),
    (D(2024, 1, 2), D(2024, 12, 30), 5),  # a/vi on the first day and a/km on the last day drop out
    (D(2024, 6, 1), D(2024, 6, 30), 2),  # b/vi and b/en
    (D(2023, 1, 1), D(2023, 12, 31), 1),  # c/vi, one day before 2024
    (D(2025, 1, 1), D(2025, 12, 31), 1),  # d/vi, one day after 2024
])
def test_period_bounds_are_inclusive(mix, start, end, total):
    content, plan = load(mix)
    assert compute_report(content, plan, start, end).total == total


def test_empty_period_gives_no_data(mix):
    content, plan = load(mix)
    report = compute_report(content, plan, D(2024, 9, 1), D(2024, 11, 30))
    assert report.total == 0
    assert report.breakdown["month"] == {"2024-09": 0, "2024-10": 0, "2024-11": 0}
    assert outcome(report) == {
        "minority-foreign-digital": (0, 0, "no-data"),
        "khmer": (0, 0, "no-data"),
        "national-traditional": (0, 0, "no-data"),
        "legal-aid": (0, 0, "no-data"),
    }
    assert [result.share for result in report.plans[0].targets] == [None] * 4


def test_a_period_outside_the_plan_counts_the_mix_and_no_plan(mix):
    content, plan = load(mix)
    report = compute_report(content, plan, D(2030, 1, 1), D(2030, 3, 31))
    assert (report.total, report.plans) == (0, [])
    report = compute_report(content, plan, D(2025, 1, 1), D(2025, 12, 31))
    assert (report.total, report.plans) == (1, [])  # d/vi, published one day after the plan's period


@pytest.mark.parametrize("total, matched, status", [
    (20, 3, "met"),  # exactly 15%
    (20, 4, "met"),  # exactly 20%
    (27, 4, "below"),  # 14.81%
    (20, 2, "below"),  # 10%
    (24, 5, "above"),  # 20.83%
    (20, 5, "above"),  # 25%
])
def test_share_boundaries(tmp_path, total, matched, status):
    corpus = share_corpus(tmp_path, total, matched)
    content, _ = load_content(corpus.content)
    plan, problems = load_targets(corpus.content / "targets.yml", content)
    assert problems == []
    assert outcome(compute_report(content, plan)) == {"digital": (matched, total, status)}


def test_status_uses_exact_fractions():
    # With floats, 0.07 * 100 * 100 is 700.0000000000001, and 7 of 100 would look below 7%.
    assert 7 * 100 < 0.07 * 100 * 100
    end = D(2024, 12, 31)

    def judged(target, matched, total):
        goal = Goal(D(2024, 1, 1), end, target.min, target.max, False)
        return status(target, goal, matched, total, matched if target.measure == "count" else None, end)

    assert judged(Target("s", {"vi": "s"}, (), "share", Fraction("0.07"), None, 1), 7, 100) == "met"
    target = Target("t", {"vi": "t"}, (), "share", Fraction("0.15"), Fraction("0.2"), 1)
    assert judged(target, 3, 20) == "met"
    assert judged(target, 29, 200) == "below"
    assert judged(target, 41, 200) == "above"
    count = Target("c", {"vi": "c"}, (), "count", 10, None, 1)
    assert [judged(count, matched, 30) for matched in (9, 10, 30)] == ["below", "met", "met"]
    goal = Goal(D(2024, 1, 1), end, 10, None, False)
    assert status(count, goal, 4, 30, 9, D(2024, 6, 30)) == "in-progress"  # the goal's last day is to come


def test_percent_shows_more_decimals_rather_than_a_bound_it_misses(mix):
    content, _ = load(mix)
    labels = Labels(content, Messages("vi"), "vi")
    bounds = (Fraction(3, 20), Fraction(1, 5))
    assert labels.percent(Fraction(3, 20), bounds) == "15,0%"
    assert labels.percent(Fraction(1499, 10000), bounds) == "14,99%"
    assert labels.percent(Fraction(2001, 10000), bounds) == "20,01%"
    assert labels.percent(Fraction(2, 7)) == "28,6%"
    assert labels.percent(Fraction(1, 6)) == "16,7%"


# --- the command and its formats -----------------------------------------------------------------


def invoke(tmp_path, monkeypatch, *args):
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, ["report", *args])


def test_json_output(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["period", "unit", "units", "count", "total", "breakdown", "unit_tree", "plans"]
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert (data["count"], data["unit"], data["units"], data["total"]) == ("versions", None, "as-of", 7)
    assert data["breakdown"] == VERSIONS_BREAKDOWN
    assert list(data["breakdown"]) == list(VERSIONS_BREAKDOWN)
    assert data["unit_tree"] == [{"id": "so-tu-phap", "depth": 0, "count": 4}, {"id": "hoi-lhpn", "depth": 0, "count": 3}]
    (plan,) = data["plans"]
    assert {key: plan[key] for key in ("id", "name", "number", "date", "authority", "reference", "period",
                                       "counted")} == {
        "id": "targets", "name": "Kế hoạch thử", "number": None, "date": None, "authority": None,
        "reference": "1/KH-TEST", "period": {"from": "2024-01-01", "to": "2024-12-31"},
        "counted": {"from": "2024-01-01", "to": "2024-12-31"}}
    whole = {"from": "2024-01-01", "to": "2024-12-31", "milestone": False}
    assert [{key: target[key] for key in ("id", "measure", "count_by", "translations", "matched", "total", "share",
                                          "min", "max", "goal", "progress", "status", "by_unit")}
            for target in plan["targets"]] == [
        {"id": "minority-foreign-digital", "measure": "share", "count_by": "versions", "translations": "all",
         "matched": 6, "total": 7, "share": 0.8571, "min": 0.15, "max": 0.2, "goal": whole, "progress": None,
         "status": "above", "by_unit": {"so-tu-phap": 3, "hoi-lhpn": 3}},  # a/km c/km f/vi; b/vi b/en d/hmn
        {"id": "khmer", "measure": "count", "count_by": "versions", "translations": "all", "matched": 2, "total": 7,
         "share": 0.2857, "min": 2, "max": None, "goal": whole, "progress": 2, "status": "met",
         "by_unit": {"so-tu-phap": 2}},
        {"id": "national-traditional", "measure": "share", "count_by": "versions", "translations": "all",
         "matched": 2, "total": 7, "share": 0.2857, "min": 0.4, "max": None, "goal": whole, "progress": None,
         "status": "below", "by_unit": {"so-tu-phap": 1, "hoi-lhpn": 1}},
        {"id": "legal-aid", "measure": "count", "count_by": "versions", "translations": "all", "matched": 6,
         "total": 7, "share": 0.8571, "min": 6, "max": None, "goal": whole, "progress": 6, "status": "met",
         "by_unit": {"so-tu-phap": 3, "hoi-lhpn": 3}},
    ]
    # H1: a/vi c/km d/hmn b/vi b/en; H2: f/vi a/km. Khmer: c/km in H1, a/km in H2 (the year's goal: 2).
    khmer = plan["targets"][1]["trend"]
    assert khmer == [
        {"period": "2024-H1", "from": "2024-01-01", "to": "2024-06-30", "matched": 1, "total": 5, "share": 0.2,
         "progress": 1, "status": "in-progress"},
        {"period": "2024-H2", "from": "2024-07-01", "to": "2024-12-31", "matched": 1, "total": 2, "share": 0.5,
         "progress": 2, "status": "met"},
    ]
    assert [point["status"] for point in plan["targets"][2]["trend"]] == ["met", "below"]  # 2 of 5, 0 of 2
    assert all("products" not in target for target in plan["targets"])  # only with --explain


def test_explain_lists_the_products_behind_a_figure(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--explain", "khmer").stdout)
    targets = {target["id"]: target for target in data["plans"][0]["targets"]}
    assert "products" not in targets["legal-aid"]
    assert targets["khmer"]["products"] == [
        {"slug": "a-leaflet", "lang": "km", "title": "ខិត្តប័ណ្ណ", "published": "2024-12-31", "unit": "so-tu-phap"},
        {"slug": "c-old", "lang": "km", "title": "អត្ថបទ", "published": "2024-03-10", "unit": "so-tu-phap"},
    ]
    text = invoke(tmp_path, monkeypatch, "--lang", "en", "--explain", "targets/khmer").stdout
    lines = section(text, "Products counted toward the target: Khmer")
    assert lines[0].strip() == "2 versions of 2 products"
    assert [line.split()[1:] for line in lines[3:]] == [
        ["(a-leaflet)", "km", "2024-12-31", "Department", "of", "Justice", "human", "translation"],
        ["(c-old)", "km", "2024-03-10", "Department", "of", "Justice", "human", "translation"]]


def test_json_unit_year_and_empty_period(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--unit", "hoi-lhpn").stdout)
    assert (data["unit"], data["total"]) == ("hoi-lhpn", 3)
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--year", "2025").stdout)
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert (data["total"], data["plans"]) == (1, [])  # the plan is not in force in 2025
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--from", "2024-06-01", "--to",
                             "2024-06-30").stdout)
    assert data["period"] == {"from": "2024-06-01", "to": "2024-06-30"}
    assert data["total"] == 2
    assert data["breakdown"]["month"] == {"2024-06": 2}
    assert data["plans"][0]["counted"] == {"from": "2024-06-01", "to": "2024-06-30"}
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--period", "2024-Q4").stdout)
    assert [(t["matched"], t["total"], t["status"]) for t in data["plans"][0]["targets"]] == [
        (1, 1, "above"), (1, 1, "met"), (0, 1, "below"), (1, 1, "met")]  # a/km on 31 December only
    # … but a count target is judged by the year so far: 6 on legal aid since 1 January.
    assert data["plans"][0]["targets"][3]["progress"] == 6


@pytest.mark.parametrize("period, dates", [
    ("2024", ("--year", "2024")),
    ("2024", ("--from", "2024-01-01", "--to", "2024-12-31")),
    ("2024-H1", ("--from", "2024-01-01", "--to", "2024-06-30")),
    ("2024-q3", ("--from", "2024-07-01", "--to", "2024-09-30")),
    ("2024-02", ("--from", "2024-02-01", "--to", "2024-02-29")),
    ("2024-03..2024-H2", ("--from", "2024-03-01", "--to", "2024-12-31")),
])
def test_period_names_equal_their_dates(mix, tmp_path, monkeypatch, period, dates):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    by_name = invoke(tmp_path, monkeypatch, "--format", "json", "--period", period).stdout
    by_dates = invoke(tmp_path, monkeypatch, "--format", "json", *dates).stdout
    assert by_name == by_dates and json.loads(by_name)["total"] >= 0


def test_csv_output(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["section", "dimension", "id", "label", "count", "matched", "total", "share", "min",
                             "max", "status", "plan", "period", "from", "to", "progress", "count_by", "translations"]
    assert rows[0] == {"section": "total", "dimension": "", "id": "", "label": "", "count": "7", "matched": "",
                       "total": "7", "share": "", "min": "", "max": "", "status": "", "plan": "", "period": "",
                       "from": "2024-01-01", "to": "2024-12-31", "progress": "", "count_by": "", "translations": ""}
    cells = {(row["dimension"], row["id"]): row for row in rows if row["section"] == "breakdown"}
    assert len(cells) == sum(len(cells_) for cells_ in VERSIONS_BREAKDOWN.values())
    assert {key: int(row["count"]) for key, row in cells.items()} == {
        (dimension, key): count for dimension, counts in VERSIONS_BREAKDOWN.items() for key, count in counts.items()}
    assert cells[("language", "vi")]["label"] == "Tiếng Việt (vi)"
    assert cells[("language", "vi")]["share"] == "0.4286"
    assert cells[("channel_group", "digital")]["share"] == "0.5714"
    assert cells[("language_group", "ethnic_minority")]["label"] == "Tiếng dân tộc thiểu số"
    targets = [row for row in rows if row["section"] == "target"]
    assert [(row["id"], row["matched"], row["total"], row["share"], row["min"], row["max"], row["status"],
             row["plan"], row["progress"]) for row in targets] == [
        ("minority-foreign-digital", "6", "7", "0.8571", "0.15", "0.2", "above", "targets", ""),
        ("khmer", "2", "7", "0.2857", "2", "", "met", "targets", "2"),
        ("national-traditional", "2", "7", "0.2857", "0.4", "", "below", "targets", ""),
        ("legal-aid", "6", "7", "0.8571", "6", "", "met", "targets", "6"),
    ]
    trend = [(row["id"], row["period"], row["matched"], row["total"], row["progress"], row["status"])
             for row in rows if row["section"] == "trend" and row["id"] == "legal-aid"]
    assert trend == [("legal-aid", "2024-H1", "4", "5", "4", "in-progress"), ("legal-aid", "2024-H2", "2", "2", "6", "met")]
    unit_tree = [row for row in rows if row["section"] == "unit_tree"]
    assert len(rows) == 1 + len(cells) + len(unit_tree) + 4 + 4 * 2


def section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def targets_table(text: str, plan_heading: str) -> list[str]:
    """The lines of a plan's targets table: its header and rule, then one line per target."""
    lines = section(text, plan_heading)
    rule = next(index for index, line in enumerate(lines) if line.startswith("---"))
    return lines[rule - 1:]


def test_table_output_vietnamese(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Tổng số sản phẩm:       7" in text
    assert "Cách tính:              mỗi phiên bản ngôn ngữ đã đăng được tính là một sản phẩm" in text
    targets = targets_table(text, "Kế hoạch thử (1/KH-TEST)")
    assert targets[0].split()[:8] == ["Mục", "tiêu", "Đạt", "được", "Tổng", "số", "Tỷ", "lệ"]
    assert "6        7  85,7%  15% đến 20% (cả kỳ kế hoạch)  –" in targets[2]
    assert targets[2].endswith("▲ vượt mức tối đa  đếm phiên bản; tính mọi bản")
    assert targets[3].startswith("Tiếng Khmer                               2        7  28,6%  ít nhất 2 (cả kỳ kế hoạch)")
    assert "2 (từ 2024-01-01 đến 2024-12-31)  ✓ đạt" in targets[3]
    assert "▼ chưa đạt" in targets[4]
    assert section(text, "Diễn biến theo kỳ: Tiếng Khmer")[2:] == [
        "2024-H1         1        5  20,0%       1  … đang thực hiện",
        "2024-H2         1        2  50,0%       2  ✓ đạt",
    ]
    languages = section(text, "Theo ngôn ngữ")
    assert languages == [
        "Ngôn ngữ         Số lượng  Tỷ lệ",
        "---------------  --------  -----",
        "Tiếng Việt (vi)         3  42,9%",
        "ភាសាខ្មែរ (km)           2  28,6%",
        "Hmoob (hmn)             1  14,3%",
        "English (en)            1  14,3%",
    ]
    assert len({display_width(line) for line in languages}) == 1  # aligned, Khmer included
    assert section(text, "Theo nhóm kênh")[2:] == ["Nền tảng số               4  57,1%",
                                                  "Kênh truyền thống         4  57,1%"]
    assert "Ghi chú: một phiên bản phát hành trên hai kênh được tính ở cả hai dòng kênh" in text
    assert "Ghi chú: mỗi chỉ tiêu ghi rõ cách tính của nó" in text


def test_table_output_english(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="products"))
    result = invoke(tmp_path, monkeypatch, "--lang", "en")
    text = result.stdout
    assert "Total products:  5" in text
    assert section(text, "By channel group") == [
        "Channel group         Count  Share",
        "--------------------  -----  -----",
        "Digital platforms         3  60.0%",
        "Traditional channels      3  60.0%",
    ]
    targets = targets_table(text, "Kế hoạch thử (1/KH-TEST)")
    # No English label: the Vietnamese one is used.
    assert targets[2].startswith("Minority, foreign, digital               5      5  100.0%  15% to 20%")
    assert targets[2].endswith("▲ above maximum  products counted; every version counts")
    assert targets[4].startswith("Tiếng Việt trên kênh truyền thống        2      5   40.0%  at least 40%")
    assert "✓ met" in targets[4]
    assert targets[5].startswith("Legal aid                                4      5   80.0%  at least 6")
    assert "4 (from 2024-01-01 to 2024-12-31)  ▼ below target" in targets[5]
    assert "Note: a version with two channels counts in both channel rows" in text
    assert "Note: counting products, each product counts once in every row" in text


def test_markdown_output(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "# Báo cáo cơ cấu sản phẩm thông tin, truyền thông"
    assert "## Kế hoạch thử \\(1/KH-TEST\\)" in lines
    assert "- **Kỳ báo cáo:** từ 2024-01-01 đến 2024-12-31" in lines
    assert "| Mục tiêu | Đạt được | Tổng số | Tỷ lệ | Mức cần đạt | Lũy kế | Đánh giá | Cách tính |" in lines
    assert "| --- | ---: | ---: | ---: | --- | --- | --- | --- |" in lines
    assert ("| Tiếng Khmer | 2 | 7 | 28,6% | ít nhất 2 \\(cả kỳ kế hoạch\\) | 2 \\(từ 2024-01-01 đến 2024-12-31\\) "
            "| ✓ đạt | đếm phiên bản; tính mọi bản |") in lines
    assert "### Theo ngôn ngữ" in lines
    assert "| Tiếng Việt \\(vi\\) | 3 | 42,9% |" in lines
    assert "| 2024-06 | 2 | 28,6% |" in lines
    assert "| 2024-H1 | 1 | 5 | 20,0% | 1 | … đang thực hiện |" in lines
    assert any(line.startswith("**Ghi chú:** một phiên bản phát hành trên hai kênh") for line in lines)


def test_markdown_escapes_table_cells(tmp_path):
    corpus = share_corpus(tmp_path, 2, 1)
    write_targets(corpus, MIX_TARGETS.format(count="versions").replace("Tiếng Khmer", "Khmer | <b>*"))
    content, _ = load_content(corpus.content)
    plan, problems = load_targets(corpus.content / "targets.yml", content)
    assert problems == []
    text = render(compute_report(content, plan), content, "markdown")
    assert any(line.startswith("| Khmer \\| &lt;b&gt;\\* | 0 | 2 | 0,0% | ít nhất 2") for line in text.splitlines())


@pytest.mark.parametrize("total, matched, strict, code", [
    (20, 2, True, 1),  # below
    (20, 2, False, 0),
    (20, 3, True, 0),  # exactly 15%: met
    (20, 5, True, 0),  # above the maximum is not below the minimum
])
def test_strict_exit_codes(tmp_path, monkeypatch, total, matched, strict, code):
    share_corpus(tmp_path, total, matched)
    result = invoke(tmp_path, monkeypatch, "--format", "json", *(["--strict"] if strict else []))
    assert result.exit_code == code
    assert json.loads(result.stdout)["plans"][0]["targets"][0]["matched"] == matched


def test_strict_with_no_data_exits_0(tmp_path, monkeypatch):
    share_corpus(tmp_path, 3, 0)
    result = invoke(tmp_path, monkeypatch, "--strict", "--period", "2024-H1..2024-H1")
    assert result.exit_code == 1  # 0 of 3 on digital platforms in the first half
    result = invoke(tmp_path, monkeypatch, "--strict", "--year", "2031")
    assert result.exit_code == 0
    assert "Không có kế hoạch nào có hiệu lực trong kỳ báo cáo." in result.stdout


def test_content_errors_exit_2(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    mix.product("g-bad", type="artcle")
    mix.version("g-bad", "vi", "Sai")
    result = invoke(tmp_path, monkeypatch, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/products/g-bad/product.yml:1: 'type': 'artcle' is not allowed. Allowed values: article, news, "
        "infographic, video, audio, leaflet, poster, handbook, qa."
    ]


def test_targets_errors_exit_2(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions").replace("min: 0.15, max: 0.20", "min: 0.25, max: 0.20"))
    result = invoke(tmp_path, monkeypatch)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "content/targets.yml:13: 'targets[1].share': min (0.25) lớn hơn max (0.2)."
    ]


def test_other_targets_file(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="products"), name="plan-2024.yml")
    result = invoke(tmp_path, monkeypatch, "--format", "json", "--targets", "content/plan-2024.yml")
    data = json.loads(result.stdout)
    assert (data["total"], data["plans"][0]["id"]) == (5, "plan-2024")
    result = invoke(tmp_path, monkeypatch, "--lang", "en", "--targets", "content/nothing.yml")
    assert result.exit_code == 2
    assert result.stderr == "content/nothing.yml: this file is missing. Create it (see CONTRIBUTING.md).\n"


def test_a_hub_without_plans_reports_its_mix(mix, tmp_path, monkeypatch):
    result = invoke(tmp_path, monkeypatch, "--lang", "en", "--format", "json", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert (json.loads(result.stdout)["total"], json.loads(result.stdout)["plans"]) == (7, [])


@pytest.mark.parametrize("args, message", [
    (["--year", "2024", "--from", "2024-01-01"], "use either --year or --from/--to, not both."),
    (["--from", "2024-05-01", "--to", "2024-04-30"],
     "the period starts (2024-05-01) after it ends (2024-04-30); check --from and --to."),
    (["--unit", "so-tu-phapp"], "--unit: unknown unit 'so-tu-phapp'. Declared in units.yml: so-tu-phap, hoi-lhpn."),
    (["--period", "2024-H3"], "'2024-H3' is not a period. Write a year (2025), a half (2025-H1), a quarter "
     "(2025-Q3), a month (2025-03), a day (2025-03-15), or a range FROM..TO (2024-07..2025-06)."),
    (["--period", "2024-06..2024-01"], "the period starts (2024-06-01) after it ends (2024-01-31); check --from and --to."),
    (["--period", "2024", "--year", "2024"], "use either --period or --year/--from/--to, not both."),
    (["--plan", "target"], "--plan: there is no plan 'target' — did you mean 'targets'? The plans: targets."),
    (["--format", "docx"], "the docx format needs --output FILE (e.g. --output report.docx)."),
])
def test_bad_options_exit_2(mix, tmp_path, monkeypatch, args, message):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--lang", "en", *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


# --- the progress page ---------------------------------------------------------------------------------


def test_site_view(mix):
    content, plan = load(mix)
    view = site_view(content, progress(content, [plan]), "km", Messages("km", ("vi",)),
                     lambda item: f"/{item.product.slug}/")
    assert view["title"] == "គោលដៅ និងវឌ្ឍនភាព"
    (section,) = view["plans"]
    assert (section["id"], section["title"]) == ("targets", "Kế hoạch thử (1/KH-TEST)")
    # The plan ends 2024-12-31 and the latest version is d/vi of 2025-01-01: the whole year is counted.
    assert section["facts"][-1][1] == "ពី 2024-01-01 ដល់ 2024-12-31"
    assert [(t["label"], t["matched"], t["total"], t["share"], t["status"]) for t in section["targets"]] == [
        ("Dân tộc thiểu số, nước ngoài, số", 6, 7, "85.7%", "above"),  # no km label: vi
        ("Tiếng Khmer", 2, 7, "28.6%", "met"),
        ("Tiếng Việt trên kênh truyền thống", 2, 7, "28.6%", "below"),
        ("Trợ giúp pháp lý", 6, 7, "85.7%", "met"),
    ]
    khmer = section["targets"][1]
    assert khmer["status_text"] == "✓\u00a0សម្រេច"
    assert [row[0] for row in khmer["trend"]["rows"]] == ["2024-H1", "2024-H2"]
    # The products behind the figure, newest first, each linked to its page.
    assert [(item["title"], item["lang"], item["url"], item["published"]) for item in khmer["products"]] == [
        ("ខិត្តប័ណ្ណ", "km", "/a-leaflet/", "2024-12-31"), ("អត្ថបទ", "km", "/c-old/", "2024-03-10")]
    assert [chart["id"] for chart in view["charts"]] == ["language_group", "channel_group", "month"]
    groups = view["charts"][0]
    assert groups["table"]["rows"] == [["ភាសាជាតិ", "3", "42.9%"], ["ភាសាជនជាតិភាគតិច", "3", "42.9%"],
                                       ["ភាសាបរទេស", "1", "14.3%"]]
    svg = groups["svg"]
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="commhub-chart" '
                          'id="commhub-chart-language-group" role="img"')
    assert '<title id="commhub-chart-language-group-title">តាមក្រុមភាសា</title>' in svg
    assert "<desc id=" in svg and ">3 (42.9%)</text>" in svg
    assert len(view["charts"][2]["table"]["rows"]) == 12
    english = site_view(content, progress(content, [plan]), "en", Messages("en"))
    assert english["plans"][0]["targets"][0]["label"] == "Minority, foreign, digital"
    assert english["plans"][0]["targets"][0]["status_text"] == "▲\u00a0above maximum"


def test_a_running_plan_is_counted_up_to_the_contents_latest_date(tmp_path):
    """The page is a function of the content: a plan still running is judged up to the latest
    publication date, so a count target not yet reached reads "in progress", not "below"."""
    corpus = share_corpus(tmp_path, 3, 1)  # three products of 2024-03-01 (helpers' default date)
    write_targets(corpus, SHARE_TARGETS.replace("period: {from: 2024-01-01, to: 2024-12-31}",
                                                "period: {from: 2024-01-01, to: 2025-12-31}")
                  + "  - id: many\n    label: {vi: Nhiều}\n    any: [{channel_group: digital}]\n    count: {min: 5}\n")
    content, _ = load_content(corpus.content)
    plan, problems = load_targets(corpus.content / "targets.yml", content)
    assert problems == []
    (section,) = site_view(content, progress(content, [plan]), "en", Messages("en"))["plans"]
    assert section["facts"][-1][1] == "2024-01-01 to 2024-03-01"
    assert [(t["matched"], t["total"], t["status"]) for t in section["targets"]] == [(1, 3, "above"),
                                                                                    (1, 3, "in-progress")]


def test_bar_chart_escapes_and_scales():
    svg = bar_chart("c1", 'A <b> & "c"', "d < e", [("x & <y>", 4, "4 (50%)"), ("z", 2, "2 (25%)"), ("w", 0, "0")])
    assert "<title id=\"c1-title\">A &lt;b&gt; &amp; &quot;c&quot;</title>" in svg
    assert "<desc id=\"c1-desc\">d &lt; e</desc>" in svg
    assert ">x &amp; &lt;y&gt;</text>" in svg
    assert "<b>" not in svg and "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    widths = [float(part.split('"')[0]) for part in svg.split('class="commhub-chart__bar"')[1:]
              for part in [part.split('width="')[1]]]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    assert svg.count('fill="currentColor"') == 9  # every mark in the text colour: light and dark themes


def test_progress_template_escapes_user_text(mix):
    mix.write("targets.yml", MIX_TARGETS.format(count="versions").replace(
        "Tiếng Khmer", "<script>alert(1)</script>"))
    content, _ = load_content(mix.content)
    plan, problems = load_targets(mix.content / "targets.yml", content)
    assert problems == []
    environment = jinja2.Environment(loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"main.html": "{% block content %}{% endblock %}"}),
        jinja2.FileSystemLoader(str(THEME)),
    ]))
    view = site_view(content, progress(content, [plan]), "vi", Messages("vi"))
    html = environment.get_template("commhub/progress.html").render(commhub={"report": view})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('role="img"') == 3
    assert "<h1>Mục tiêu và tiến độ</h1>" in html
    assert "<td>28,6%</td>" in html
    assert "<strong>▼\u00a0chưa đạt</strong>" in html
    assert '<a href="#plan-targets">Kế hoạch thử (1/KH-TEST)</a>' in html
