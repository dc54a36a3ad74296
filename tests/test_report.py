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
from helpers import REPO
from report_fixtures import MIX_TARGETS, mix_corpus, share_corpus, write_targets

from commhub.report.charts import bar_chart
from commhub.cli.main import main
from commhub.content.loader import load_content
from commhub.i18n.messages import Messages
from commhub.report.mix import Labels, compute_report, display_width, render, site_view, target_status
from commhub.content.targets import Target, load_targets

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


def outcome(report):
    return {result.target.id: (result.matched, result.total, result.status) for result in report.targets}


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
    report = compute_report(content, plan, D(2030, 1, 1), D(2030, 3, 31))
    assert report.total == 0
    assert report.breakdown["month"] == {"2030-01": 0, "2030-02": 0, "2030-03": 0}
    assert outcome(report) == {
        "minority-foreign-digital": (0, 0, "no-data"),
        "khmer": (0, 0, "no-data"),
        "national-traditional": (0, 0, "no-data"),
        "legal-aid": (0, 0, "no-data"),
    }
    assert [result.share for result in report.targets] == [None] * 4


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
    assert target_status(Target("s", {"vi": "s"}, (), "share", Fraction("0.07"), None, 1), 7, 100) == "met"
    target = Target("t", {"vi": "t"}, (), "share", Fraction("0.15"), Fraction("0.2"), 1)
    assert target_status(target, 3, 20) == "met"
    assert target_status(target, 29, 200) == "below"
    assert target_status(target, 41, 200) == "above"
    count = Target("c", {"vi": "c"}, (), "count", 10, None, 1)
    assert [target_status(count, matched, 30) for matched in (9, 10, 30)] == ["below", "met", "met"]


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
    assert list(data) == ["plan", "period", "count", "unit", "total", "breakdown", "targets"]
    assert data["plan"] == {"name": "Kế hoạch thử", "reference": "1/KH-TEST"}
    assert data["period"] == {"from": "2024-01-01", "to": "2024-12-31"}
    assert (data["count"], data["unit"], data["total"]) == ("versions", None, 7)
    assert data["breakdown"] == VERSIONS_BREAKDOWN
    assert list(data["breakdown"]) == list(VERSIONS_BREAKDOWN)
    assert data["targets"] == [
        {"id": "minority-foreign-digital", "measure": "share", "matched": 6, "total": 7, "share": 0.8571,
         "min": 0.15, "max": 0.2, "status": "above"},
        {"id": "khmer", "measure": "count", "matched": 2, "total": 7, "share": 0.2857, "min": 2, "max": None,
         "status": "met"},
        {"id": "national-traditional", "measure": "share", "matched": 2, "total": 7, "share": 0.2857, "min": 0.4,
         "max": None, "status": "below"},
        {"id": "legal-aid", "measure": "count", "matched": 6, "total": 7, "share": 0.8571, "min": 6, "max": None,
         "status": "met"},
    ]


def test_json_unit_year_and_empty_period(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--unit", "hoi-lhpn").stdout)
    assert (data["unit"], data["total"]) == ("hoi-lhpn", 3)
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--year", "2025").stdout)
    assert data["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    assert data["total"] == 1
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--from", "2024-06-01", "--to",
                             "2024-06-30").stdout)
    assert data["period"] == {"from": "2024-06-01", "to": "2024-06-30"}
    assert data["total"] == 2
    assert data["breakdown"]["month"] == {"2024-06": 2}
    data = json.loads(invoke(tmp_path, monkeypatch, "--format", "json", "--year", "2030").stdout)
    assert data["total"] == 0
    assert [(t["share"], t["status"]) for t in data["targets"]] == [(None, "no-data")] * 4


def test_year_equals_from_to(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    by_year = invoke(tmp_path, monkeypatch, "--format", "json", "--year", "2024").stdout
    by_dates = invoke(tmp_path, monkeypatch, "--format", "json", "--from", "2024-01-01", "--to", "2024-12-31").stdout
    assert by_year == by_dates
    assert json.loads(by_year)["total"] == 7


def test_csv_output(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["section", "dimension", "id", "label", "count", "matched", "total", "share", "min",
                             "max", "status"]
    assert rows[0] == {"section": "total", "dimension": "", "id": "", "label": "", "count": "7", "matched": "",
                       "total": "7", "share": "", "min": "", "max": "", "status": ""}
    cells = {(row["dimension"], row["id"]): row for row in rows if row["section"] == "breakdown"}
    assert len(cells) == sum(len(cells_) for cells_ in VERSIONS_BREAKDOWN.values())
    assert {key: int(row["count"]) for key, row in cells.items()} == {
        (dimension, key): count for dimension, counts in VERSIONS_BREAKDOWN.items() for key, count in counts.items()}
    assert cells[("language", "vi")]["label"] == "Tiếng Việt (vi)"
    assert cells[("language", "vi")]["share"] == "0.4286"
    assert cells[("channel_group", "digital")]["share"] == "0.5714"
    assert cells[("language_group", "ethnic_minority")]["label"] == "Tiếng dân tộc thiểu số"
    targets = [row for row in rows if row["section"] == "target"]
    assert [(row["id"], row["matched"], row["total"], row["share"], row["min"], row["max"], row["status"])
            for row in targets] == [
        ("minority-foreign-digital", "6", "7", "0.8571", "0.15", "0.2", "above"),
        ("khmer", "2", "7", "0.2857", "2", "", "met"),
        ("national-traditional", "2", "7", "0.2857", "0.4", "", "below"),
        ("legal-aid", "6", "7", "0.8571", "6", "", "met"),
    ]
    assert len(rows) == 1 + len(cells) + 4


def section(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_table_output_vietnamese(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Tổng số sản phẩm:  7" in text
    assert "Cách tính:         mỗi phiên bản ngôn ngữ đã đăng được tính là một sản phẩm" in text
    targets = section(text, "Mục tiêu của kế hoạch")
    assert targets[0].split() == ["Mục", "tiêu", "Đạt", "được", "Tổng", "số", "Tỷ", "lệ", "Tối", "thiểu", "Tối",
                                  "đa", "Đánh", "giá"]
    assert targets[2].endswith("6        7  85,7%        15%     20%  ▲ vượt mức tối đa")
    assert targets[3] == "Tiếng Khmer                               2        7  28,6%          2       –  ✓ đạt"
    assert targets[4].endswith("2        7  28,6%        40%       –  ▼ chưa đạt")
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
    targets = section(text, "Targets of the plan")
    # No English label: the Vietnamese one is used.
    assert targets[2] == "Minority, foreign, digital               5      5  100.0%      15%      20%  ▲ above maximum"
    assert targets[4] == "Tiếng Việt trên kênh truyền thống        2      5   40.0%      40%        –  ✓ met"
    assert targets[5] == "Legal aid                                4      5   80.0%        6        –  ▼ below target"
    assert "Note: a version with two channels counts in both channel rows" in text
    assert "Note: counting products, each product counts once in every row" in text


def test_markdown_output(mix, tmp_path, monkeypatch):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == "# Báo cáo cơ cấu sản phẩm thông tin, truyền thông"
    assert "- **Kế hoạch:** Kế hoạch thử \\(1/KH-TEST\\)" in lines
    assert "- **Kỳ báo cáo:** từ 2024-01-01 đến 2024-12-31" in lines
    assert "| Mục tiêu | Đạt được | Tổng số | Tỷ lệ | Tối thiểu | Tối đa | Đánh giá |" in lines
    assert "| --- | ---: | ---: | ---: | ---: | ---: | --- |" in lines
    assert "| Tiếng Khmer | 2 | 7 | 28,6% | 2 | – | ✓ đạt |" in lines
    assert "### Theo ngôn ngữ" in lines
    assert "| Tiếng Việt \\(vi\\) | 3 | 42,9% |" in lines
    assert "| 2024-06 | 2 | 28,6% |" in lines
    assert any(line.startswith("**Ghi chú:** một phiên bản phát hành trên hai kênh") for line in lines)


def test_markdown_escapes_table_cells(tmp_path):
    corpus = share_corpus(tmp_path, 2, 1)
    write_targets(corpus, MIX_TARGETS.format(count="versions").replace("Tiếng Khmer", "Khmer | <b>*"))
    content, _ = load_content(corpus.content)
    plan, problems = load_targets(corpus.content / "targets.yml", content)
    assert problems == []
    text = render(compute_report(content, plan), content, "markdown")
    assert "| Khmer \\| &lt;b&gt;\\* | 0 | 2 | 0,0% | 2 | – | ▼ chưa đạt |" in text.splitlines()


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
    assert json.loads(result.stdout)["targets"][0]["matched"] == matched


def test_strict_with_no_data_exits_0(tmp_path, monkeypatch):
    share_corpus(tmp_path, 3, 0)
    result = invoke(tmp_path, monkeypatch, "--strict", "--year", "2031")
    assert result.exit_code == 0
    assert "– chưa có số liệu" in result.stdout


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
    assert json.loads(result.stdout)["total"] == 5
    result = invoke(tmp_path, monkeypatch, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == "content/targets.yml: this file is missing. Create it (see CONTRIBUTING.md).\n"


@pytest.mark.parametrize("args, message", [
    (["--year", "2024", "--from", "2024-01-01"], "use either --year or --from/--to, not both."),
    (["--from", "2024-05-01", "--to", "2024-04-30"],
     "the period starts (2024-05-01) after it ends (2024-04-30); check --from and --to."),
    (["--unit", "so-tu-phapp"], "--unit: unknown unit 'so-tu-phapp'. Declared in units.yml: so-tu-phap, hoi-lhpn."),
])
def test_bad_options_exit_2(mix, tmp_path, monkeypatch, args, message):
    write_targets(mix, MIX_TARGETS.format(count="versions"))
    result = invoke(tmp_path, monkeypatch, "--lang", "en", *args)
    assert (result.exit_code, result.stderr) == (2, message + "\n")


# --- the progress page ---------------------------------------------------------------------------------


def test_site_view(mix):
    content, plan = load(mix)
    view = site_view(content, plan, "km", Messages("km", ("vi",)))
    assert view["title"] == "គោលដៅ និងវឌ្ឍនភាព"
    assert view["plan"] == {"name": "Kế hoạch thử", "reference": "1/KH-TEST"}
    assert view["period"] == {"from": "2024-01-01", "to": "2024-12-31", "text": "ពី 2024-01-01 ដល់ 2024-12-31"}
    assert view["total"] == 7
    assert [(t["label"], t["matched"], t["total"], t["share"], t["min"], t["max"], t["status"])
            for t in view["targets"]] == [
        ("Dân tộc thiểu số, nước ngoài, số", 6, 7, "85.7%", "15%", "20%", "above"),  # no km label: vi
        ("Tiếng Khmer", 2, 7, "28.6%", "2", "–", "met"),
        ("Tiếng Việt trên kênh truyền thống", 2, 7, "28.6%", "40%", "–", "below"),
        ("Trợ giúp pháp lý", 6, 7, "85.7%", "6", "–", "met"),
    ]
    assert view["targets"][1]["status_text"] == "✓\u00a0សម្រេច"
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
    english = site_view(content, plan, "en", Messages("en"))
    assert english["targets"][0]["label"] == "Minority, foreign, digital"
    assert english["targets"][0]["status_text"] == "▲\u00a0above maximum"


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
    view = site_view(content, plan, "vi", Messages("vi"))
    html = environment.get_template("commhub/progress.html").render(commhub={"report": view})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('role="img"') == 3
    assert "<h1>Mục tiêu và tiến độ</h1>" in html
    assert "<td>28,6%</td>" in html
    assert "<strong>▼\u00a0chưa đạt</strong>" in html
