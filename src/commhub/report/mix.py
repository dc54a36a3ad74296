"""The product-mix report: what was published in a period, by language, channel, unit…, against the plan.

Counting reads only the loaded model (product.yml and front matter); no Markdown
is rendered. The rules:

- A version counts when it is published (neither it nor its product is a draft)
  and its effective published date (its own, else the product's) lies in the
  period, both ends included. `--unit` keeps only products of that unit.
- `count: versions`: each such version is one product in the plan's sense.
  `count: products`: each product with at least one such version counts once.
- Breakdowns count a unit once in every cell it belongs to, so the channel and
  topic rows can add up to more than the total: a version on a website and on
  the radio counts in both channel rows, and once in each channel group (once
  in `digital` if both its channels are digital). With `count: products`, a
  product counts once in every cell that any of its counted versions falls in:
  a product published in vi and km counts once under vi and once under km, and
  once in each month in which one of its versions was published.
- A target's `matched` is the number of counted units that meet any item of
  its `any` (with `count: products`, a product matches when any of its counted
  versions does); `total` is the report's total. Status: `no-data` when total
  is 0; for share targets `below` when matched/total < min, `above` when
  matched/total > max, else `met`; for count targets `below` when matched < min,
  else `met`. Shares are compared as exact fractions: 3 of 20 is exactly 15%.

JSON schema (`--format json`; keys always present, in this order):

    {
      "plan": {"name": str, "reference": str | null},
      "period": {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"},   # inclusive
      "count": "versions" | "products",
      "unit": str | null,                                     # the --unit filter
      "total": int,
      "breakdown": {                                          # every cell, zeros included
        "language": {<code>: int, ...},                       # languages.yml order
        "language_group": {"national": int, "ethnic_minority": int, "foreign": int},
        "type": {<type>: int, ...},                           # model.PRODUCT_TYPES order
        "channel": {<id>: int, ...},                          # channels.yml order
        "channel_group": {"digital": int, "traditional": int},
        "unit": {<id>: int, ...},                             # units.yml order
        "topic": {<id>: int, ...},                            # topics.yml order
        "month": {"YYYY-MM": int, ...}                        # every month of the period
      },
      "targets": [                                            # targets.yml order
        {"id": str, "measure": "share" | "count", "matched": int, "total": int,
         "share": float | null,                               # matched/total to 4 decimals; null if total is 0
         "min": float | int | null,                           # share targets: 0.15; count targets: 10
         "max": float | null,                                 # count targets: always null
         "status": "below" | "met" | "above" | "no-data"}
      ]
    }

CSV (`--format csv`): a header, then one `total` row, one `breakdown` row per
cell and one `target` row per target, with the columns
section, dimension, id, label, count, matched, total, share, min, max, status
(shares as decimals to 4 places, labels in the report's language). A text cell
that a spreadsheet would read as a formula starts with `'` (outputs/spreadsheet.py);
numbers are written as numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Callable

from commhub.report.charts import bar_chart
# Not from .checks: the report needs no Markdown or sanitiser, and importing them costs start-up time.
from commhub.content.loader import load_content
from commhub.content.load_cache import default_cache_dir
from commhub.report.markdown_text import markdown_text
from commhub.i18n.messages import Messages
from commhub.content.model import CHANNEL_GROUPS, LANGUAGE_GROUPS, PRODUCT_TYPES, Content, Product, Version
from commhub.outputs.spreadsheet import spreadsheet_safe
from commhub.content.targets import LABEL_FALLBACKS, Target, TargetPlan, load_targets

DIMENSIONS = ("language", "language_group", "type", "channel", "channel_group", "unit", "topic", "month")
FORMATS = ("table", "json", "csv", "markdown")
MARKS = {"below": "▼", "met": "✓", "above": "▲", "no-data": "–"}  # status is also written out in words
CSV_COLUMNS = ("section", "dimension", "id", "label", "count", "matched", "total", "share", "min", "max", "status")
CHART_DIMENSIONS = ("language_group", "channel_group", "month")


@dataclass(frozen=True)
class TargetResult:
    target: Target
    matched: int
    total: int
    status: str

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.matched, self.total) if self.total else None


@dataclass
class Report:
    plan: TargetPlan
    start: dt.date
    end: dt.date
    count: str
    unit: str | None
    total: int
    breakdown: dict[str, dict[str, int]]
    targets: list[TargetResult]

    @property
    def below(self) -> list[TargetResult]:
        return [result for result in self.targets if result.status == "below"]


# --- counting ---------------------------------------------------------------------------------------


def compute_report(content: Content, plan: TargetPlan, start: dt.date | None = None, end: dt.date | None = None,
                   unit: str | None = None) -> Report:
    """Count `content` over [start, end] (default: the plan's period), optionally for one unit."""
    start, end = start or plan.start, end or plan.end
    language_groups = {language.code: language.group for language in content.languages}
    channel_groups = {channel_id: channel.group for channel_id, channel in content.channels.items()}
    breakdown = {dimension: dict.fromkeys(cells, 0) for dimension, cells in _cells(content, start, end).items()}
    matched = [0] * len(plan.targets)
    conditions = [[condition.ids for condition in target.any] for target in plan.targets]
    total = 0
    facts_of = _Facts(language_groups, channel_groups)
    for product in content.products.values():
        if unit is not None and product.unit != unit:
            continue
        facts = [facts_of(product, version) for version in product.versions.values()
                 if version.is_published and start <= version.published <= end]
        if not facts:
            continue
        if plan.count == "versions":
            for fact in facts:
                total += 1
                for dimension, values in fact.items():
                    cells = breakdown[dimension]
                    for value in values:  # already distinct: the loader drops repeated ids
                        cells[value] = cells.get(value, 0) + 1
                for index, target_conditions in enumerate(conditions):
                    if _matches(target_conditions, fact):
                        matched[index] += 1
        else:  # the product counts once per distinct value among its counted versions
            total += 1
            for dimension in DIMENSIONS:
                cells = breakdown[dimension]
                for value in {value for fact in facts for value in fact[dimension]}:
                    cells[value] = cells.get(value, 0) + 1
            for index, target_conditions in enumerate(conditions):
                if any(_matches(target_conditions, fact) for fact in facts):
                    matched[index] += 1
    results = [TargetResult(target, count, total, target_status(target, count, total))
               for target, count in zip(plan.targets, matched)]
    return Report(plan, start, end, plan.count, unit, total, breakdown, results)


def _cells(content: Content, start: dt.date, end: dt.date) -> dict[str, list[str]]:
    """Every cell of every breakdown in a stable order, so that zeros show too."""
    return {
        "language": [language.code for language in content.languages],
        "language_group": list(LANGUAGE_GROUPS),
        "type": list(PRODUCT_TYPES),
        "channel": list(content.channels),
        "channel_group": list(CHANNEL_GROUPS),
        "unit": list(content.units),
        "topic": list(content.topics),
        "month": months(start, end),
    }


def months(start: dt.date, end: dt.date) -> list[str]:
    result, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


class _Facts:
    """The values of one version for each breakdown dimension and condition key.

    What many versions share (the groups of a set of channels, the month of a date) is worked
    out once: this runs for every version counted.
    """

    def __init__(self, language_groups: dict[str, str], channel_groups: dict[str, str]):
        self.language_groups, self.channel_groups = language_groups, channel_groups
        self.groups_of_channels: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.months: dict[dt.date, tuple[str]] = {}

    def __call__(self, product: Product, version: Version) -> dict[str, tuple[str, ...]]:
        channels = version.channels
        groups = self.groups_of_channels.get(channels)
        if groups is None:
            groups = self.groups_of_channels[channels] = tuple(dict.fromkeys(
                self.channel_groups[channel] for channel in channels))
        published = version.published
        month = self.months.get(published)
        if month is None:
            month = self.months[published] = (f"{published.year:04d}-{published.month:02d}",)
        return {
            "language": (version.lang,),
            "language_group": (self.language_groups[version.lang],),
            "type": (product.type,),
            "channel": channels,
            "channel_group": groups,
            "unit": (product.unit,),
            "topic": product.topics,
            "month": month,
        }


def round_half_up(value: Fraction, digits: int) -> Fraction:
    """Round as people do on paper (16.65 → 16.7), not to even as `round` does."""
    scale = 10 ** digits
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


def _matches(conditions, fact: dict[str, tuple[str, ...]]) -> bool:
    """Whether one version's facts meet any item of a target's `any` (given as each item's `ids`)."""
    # Plain loops: this runs once per version and target, the hot path of the report.
    for condition in conditions:
        for key, ids in condition:
            if ids.isdisjoint(fact[key]):
                break
        else:
            return True
    return False


def target_status(target: Target, matched: int, total: int) -> str:
    if total == 0:
        return "no-data"
    if target.measure == "count":
        return "below" if matched < target.min else "met"
    share = Fraction(matched, total)
    if target.min is not None and share < target.min:
        return "below"
    if target.max is not None and share > target.max:
        return "above"
    return "met"


# --- labels and numbers for people -------------------------------------------------------------------


class Labels:
    """Names of cells, statuses and numbers in one reader's language."""

    def __init__(self, content: Content, messages: Messages, lang: str):
        self.content, self.t, self.lang = content, messages, lang
        self.fallbacks = tuple(code for code in LABEL_FALLBACKS if code != lang)

    def cell(self, dimension: str, key: str) -> str:
        if dimension == "language":
            language = next((item for item in self.content.languages if item.code == key), None)
            return f"{language.name} ({key})" if language else key
        if dimension in ("language_group", "channel_group"):
            return self.t(f"ui.report.{dimension}.{key}")
        if dimension == "type":
            return self.t(f"ui.type.{key}")
        if dimension in ("channel", "unit", "topic"):
            registry = {"channel": self.content.channels, "unit": self.content.units, "topic": self.content.topics}
            named = registry[dimension].get(key)
            return named.name(self.lang, self.fallbacks) if named else key
        return key  # month: YYYY-MM reads the same in every language

    def target(self, target: Target) -> str:
        return target.label_in(self.lang, self.fallbacks)

    def unit(self, unit: str | None) -> str:
        if unit is None:
            return self.t("ui.report.all_units")
        return self.cell("unit", unit)

    def status(self, status: str) -> str:
        return f"{MARKS[status]} {self.t('ui.report.status.' + status.replace('-', '_'))}"

    def number(self, value: Fraction, digits: int) -> str:
        text = f"{float(round_half_up(value, digits)):.{digits}f}"
        return text.replace(".", self.t("ui.report.decimal_separator"))

    def percent(self, share: Fraction | None, bounds=()) -> str:
        """`16,7%`; more decimals when rounding would show a bound the share does not reach."""
        if share is None:
            return self.t("ui.report.none")
        for digits in (1, 2, 3, 4):
            shown = round_half_up(share * 100, digits)
            if not any(shown == bound * 100 and share != bound for bound in bounds if bound is not None):
                break
        return self.t("ui.report.percent", value=self.number(share * 100, digits))

    def bound(self, target: Target, value) -> str:
        if value is None:
            return self.t("ui.report.none")
        if target.measure == "count":
            return str(value)
        percent = value * 100
        digits = next(d for d in range(0, 5) if round_half_up(percent, d) == percent or d == 4)
        return self.t("ui.report.percent", value=self.number(percent, digits))

    def share_text(self, result: TargetResult) -> str:
        return self.percent(result.share, (result.target.min, result.target.max) if result.target.measure == "share"
                            else ())

    def period(self, report: Report) -> str:
        return self.t("ui.report.period_range", start=report.start.isoformat(), end=report.end.isoformat())

    def notes(self, report: Report) -> list[str]:
        notes = [self.t("ui.report.note_channels")]
        if report.count == "products":
            notes.append(self.t("ui.report.note_products"))
        return notes


# --- renderers ---------------------------------------------------------------------------------------


def to_data(report: Report) -> dict:
    """The report as the documented JSON structure (see the module docstring)."""
    return {
        "plan": {"name": report.plan.name, "reference": report.plan.reference},
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat()},
        "count": report.count,
        "unit": report.unit,
        "total": report.total,
        "breakdown": {dimension: dict(report.breakdown[dimension]) for dimension in DIMENSIONS},
        "targets": [
            {
                "id": result.target.id,
                "measure": result.target.measure,
                "matched": result.matched,
                "total": result.total,
                "share": _decimal(result.share),
                "min": _bound(result.target.min),
                "max": _bound(result.target.max),
                "status": result.status,
            }
            for result in report.targets
        ],
    }


def _decimal(share: Fraction | None) -> float | None:
    return None if share is None else float(round_half_up(share, 4))


def _bound(value):
    return float(value) if isinstance(value, Fraction) else value


def render_json(report: Report) -> str:
    return json.dumps(to_data(report), ensure_ascii=False, indent=2)


def render_csv(report: Report, labels: Labels) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    row = dict.fromkeys(CSV_COLUMNS, "")

    def write(cells: dict) -> None:
        # Labels and ids are editors' text: no cell may start a spreadsheet formula (outputs/spreadsheet.py).
        writer.writerow(spreadsheet_safe(value) for value in {**row, **cells}.values())

    write({"section": "total", "count": report.total, "total": report.total})
    for dimension in DIMENSIONS:
        for key, count in report.breakdown[dimension].items():
            share = Fraction(count, report.total) if report.total else None
            write({"section": "breakdown", "dimension": dimension, "id": key, "label": labels.cell(dimension, key),
                   "count": count, "total": report.total, "share": _csv_share(share)})
    for result in report.targets:
        target = result.target
        write({"section": "target", "id": target.id, "label": labels.target(target), "matched": result.matched,
               "total": result.total, "share": _csv_share(result.share), "min": _csv_value(_bound(target.min)),
               "max": _csv_value(_bound(target.max)), "status": result.status})
    return buffer.getvalue().rstrip("\n")


def _csv_share(share: Fraction | None) -> str:
    return "" if share is None else f"{float(round_half_up(share, 4)):.4f}"


def _csv_value(value) -> str:
    return "" if value is None else str(value)


def _target_rows(report: Report, labels: Labels) -> list[list[str]]:
    return [
        [labels.target(result.target), str(result.matched), str(result.total), labels.share_text(result),
         labels.bound(result.target, result.target.min), labels.bound(result.target, result.target.max),
         labels.status(result.status)]
        for result in report.targets
    ]


def _target_header(t: Messages) -> list[str]:
    return [t(f"ui.report.column.{key}") for key in ("target", "matched", "total", "share", "min", "max", "status")]


def _breakdown_rows(report: Report, labels: Labels, dimension: str) -> list[list[str]]:
    return [
        [labels.cell(dimension, key), str(count),
         labels.percent(Fraction(count, report.total) if report.total else None)]
        for key, count in report.breakdown[dimension].items()
    ]


def _breakdown_header(t: Messages, dimension: str) -> list[str]:
    return [t(f"ui.report.column.{dimension}"), t("ui.report.column.count"), t("ui.report.column.share")]


def _facts_lines(report: Report, labels: Labels, with_unit: bool = True) -> list[tuple[str, str]]:
    t, plan = labels.t, report.plan
    name = f"{plan.name} ({plan.reference})" if plan.reference else plan.name
    lines = [
        (t("ui.report.plan"), name),
        (t("ui.report.period"), labels.period(report)),
        (t("ui.report.count_mode"), t(f"ui.report.count_{report.count}")),
        (t("ui.report.unit"), labels.unit(report.unit)),
        (t("ui.report.total"), str(report.total)),
    ]
    return lines if with_unit else lines[:3] + lines[4:]


def render_table(report: Report, labels: Labels) -> str:
    t = labels.t
    lines = [t("ui.report.title"), ""]
    lines += align([[f"{label}:", value] for label, value in _facts_lines(report, labels)], "ll")
    lines += ["", t("ui.report.targets")]
    if report.targets:
        lines += align([_target_header(t), *_target_rows(report, labels)], "lrrrrrl", underline=True)
    else:
        lines.append(t("ui.report.no_targets"))
    for dimension in DIMENSIONS:
        lines += ["", t(f"ui.report.breakdown.{dimension}")]
        lines += align([_breakdown_header(t, dimension), *_breakdown_rows(report, labels, dimension)], "lrr",
                       underline=True)
    lines.append("")
    lines += [f"{t('ui.report.note')}: {note}" for note in labels.notes(report)]
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: combining marks take none, wide (CJK) characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def align(rows: list[list[str]], alignment: str, underline: bool = False) -> list[str]:
    """Rows as lines of columns two spaces apart; `alignment` has one `l` or `r` per column."""
    widths = [max(display_width(row[index]) for row in rows) for index in range(len(alignment))]

    def line(row):
        cells = []
        for cell, width, side in zip(row, widths, alignment):
            padding = " " * (width - display_width(cell))
            cells.append(cell + padding if side == "l" else padding + cell)
        return "  ".join(cells).rstrip()

    lines = [line(row) for row in rows]
    if underline:
        lines.insert(1, "  ".join("-" * width for width in widths))
    return lines


def _md_table(header: list[str], rows: list[list[str]], alignment: str) -> list[str]:
    rule = ["---:" if side == "r" else "---" for side in alignment]

    def line(cells: list[str]) -> str:
        return f"| {' | '.join(cells)} |"

    return [line([markdown_text(cell) for cell in header]), line(rule),
            *(line([markdown_text(cell) for cell in row]) for row in rows)]


def render_markdown(report: Report, labels: Labels) -> str:
    t = labels.t
    lines = [f"# {markdown_text(t('ui.report.title'))}", ""]
    lines += [f"- **{markdown_text(label)}:** {markdown_text(value)}"
              for label, value in _facts_lines(report, labels)]
    lines += ["", f"## {markdown_text(t('ui.report.targets'))}", ""]
    if report.targets:
        lines += _md_table(_target_header(t), _target_rows(report, labels), "lrrrrrl")
    else:
        lines.append(markdown_text(t("ui.report.no_targets")))
    lines += ["", f"## {markdown_text(t('ui.report.breakdowns'))}"]
    for dimension in DIMENSIONS:
        lines += ["", f"### {markdown_text(t('ui.report.breakdown.' + dimension))}", ""]
        lines += _md_table(_breakdown_header(t, dimension), _breakdown_rows(report, labels, dimension), "lrr")
    for note in labels.notes(report):
        lines += ["", f"**{markdown_text(t('ui.report.note'))}:** {markdown_text(note)}"]
    return "\n".join(lines)


def render(report: Report, content: Content, fmt: str, lang: str = "vi") -> str:
    labels = Labels(content, Messages(lang), lang)
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report, labels)
    if fmt == "markdown":
        return render_markdown(report, labels)
    return render_table(report, labels)


# --- the command -------------------------------------------------------------------------------------


def run(content_dir: Path, targets_file: Path | None = None, *, start: dt.date | None = None,
        end: dt.date | None = None, year: int | None = None, unit: str | None = None, fmt: str = "table",
        strict: bool = False, lang: str = "vi", out: Callable[[str], None] = print,
        err: Callable[[str], None] = print) -> int:
    """`commhub report`: 0 done, 1 a target below its minimum with `strict`, 2 bad input."""
    t = Messages(lang)
    if year is not None and (start is not None or end is not None):
        err(t("problem.report_year_and_dates"))
        return 2
    if year is not None:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    content, problems = load_content(Path(content_dir), cache_dir=default_cache_dir(content_dir))
    if problems.errors:
        for problem in problems.errors:
            err(problem.render(t))
        return 2
    plan, problems = load_targets(Path(targets_file) if targets_file else content.root / "targets.yml", content)
    if plan is None:
        for problem in problems.errors:
            err(problem.render(t))
        return 2
    start, end = start or plan.start, end or plan.end
    if start > end:
        err(t("problem.report_period_reversed", start=start.isoformat(), end=end.isoformat()))
        return 2
    if unit is not None and unit not in content.units:
        err(t("problem.report_unit_unknown", value=unit, allowed=", ".join(content.units)))
        return 2
    report = compute_report(content, plan, start, end, unit)
    out(render(report, content, fmt, lang))
    return 1 if strict and report.below else 0


# --- the progress page -------------------------------------------------------------------------------


def site_view(content: Content, targets: TargetPlan, lang: str, messages: Messages) -> dict:
    """Everything `theme/commhub/progress.html` shows, in the reader's language; plain text, not escaped.

    The SVG strings in `charts` are markup that escapes its own text; everything else must be escaped.
    """
    report = compute_report(content, targets)
    labels = Labels(content, messages, lang)
    t = messages
    period = labels.period(report)
    charts = []
    for dimension in CHART_DIMENSIONS:
        title = t(f"ui.report.breakdown.{dimension}")
        rows = _breakdown_rows(report, labels, dimension)
        charts.append({
            "id": dimension,
            "title": title,
            "svg": bar_chart(
                f"commhub-chart-{dimension.replace('_', '-')}", title,
                t("ui.report.chart_desc", breakdown=title, period=period, total=report.total),
                [(label, report.breakdown[dimension][key], f"{count} ({share})")
                 for key, (label, count, share) in zip(report.breakdown[dimension], rows)],
            ),
            "table": {"caption": title, "header": _breakdown_header(t, dimension), "rows": rows},
        })
    return {
        "title": t("ui.report.page_title"),
        "intro": t("ui.report.page_intro"),
        "facts": _facts_lines(report, labels, with_unit=False),
        "plan": {"name": report.plan.name, "reference": report.plan.reference},
        "period": {"from": report.start.isoformat(), "to": report.end.isoformat(), "text": period},
        "total": report.total,
        "targets_title": t("ui.report.targets"),
        "no_targets": t("ui.report.no_targets"),
        "target_header": _target_header(t),
        "targets": [
            {
                "id": result.target.id,
                "label": labels.target(result.target),
                "matched": result.matched,
                "total": result.total,
                "share": labels.share_text(result),
                "min": labels.bound(result.target, result.target.min),
                "max": labels.bound(result.target, result.target.max),
                "status": result.status,
                "status_text": labels.status(result.status).replace(" ", "\u00a0", 1),  # mark stays with its word
            }
            for result in report.targets
        ],
        "charts_title": t("ui.report.breakdowns"),
        "charts": charts,
        "data_table": t("ui.report.data_table"),
        "note_title": t("ui.report.note"),
        "notes": labels.notes(report),
    }
