"""A report as text: a table for the terminal, Markdown (a pull request's summary), JSON and CSV.

JSON (`--format json`; keys always present, in this order):

    {
      "period": {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"},   # inclusive
      "unit": str | null,                                     # the --unit filter
      "units": "as-of" | "current",                           # how products are placed in the unit tree
      "count": "versions" | "products",                       # how the mix counts
      "total": int,
      "breakdown": {<dimension>: {<id>: int, ...}, ...},      # every cell, zeros included (counting.DIMENSIONS)
      "unit_tree": [{"id": str, "depth": int, "count": int}],  # each with the units under it
      "plans": [                                              # plans in force in the period, file order
        {"id": str, "name": str, "number": str | null, "date": "YYYY-MM-DD" | null, "authority": str | null,
         "reference": str | null, "period": {"from", "to"},   # the plan's
         "counted": {"from", "to"},                           # the report's period within the plan's
         "targets": [
           {"id": str, "measure": "share" | "count", "count_by": "versions" | "products",
            "translations": "all" | "reviewed", "matched": int, "total": int,
            "share": float | null,                            # matched/total to 4 decimals
            "min": float | int | null, "max": float | null,   # of the goal that judged the period
            "goal": {"from", "to", "milestone": bool},
            "progress": int | null,                           # count targets: from the goal's first day
            "status": "below" | "met" | "above" | "in-progress" | "no-data",
            "by_unit": {<unit>: int, ...},                    # matched, by the unit counted under
            "trend": [{"period": str, "from", "to", "matched", "total", "share", "progress", "status"}],
            "products": [{"slug", "lang", "title", "published", "unit"}]   # only for --explain targets
           }]}]
    }

CSV (`--format csv`): one row per figure, columns CSV_COLUMNS; labels in the report's language; a
text cell a spreadsheet would read as a formula starts with `'` (outputs/spreadsheet.py).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from fractions import Fraction

from commhub.outputs.spreadsheet import spreadsheet_safe
from commhub.report.counting import DIMENSIONS, Counted, PlanResult, Report, TargetResult
from commhub.report.labels import Labels, round_half_up
from commhub.report.markdown_text import markdown_text

FORMATS = ("table", "json", "csv", "markdown")
CSV_COLUMNS = ("section", "dimension", "id", "label", "count", "matched", "total", "share", "min", "max", "status",
               "plan", "period", "from", "to", "progress", "count_by", "translations")


def _decimal(share: Fraction | None) -> float | None:
    return None if share is None else float(round_half_up(share, 4))


def _bound(value):
    return float(value) if isinstance(value, Fraction) else value


def _period(start, end) -> dict:
    return {"from": start.isoformat(), "to": end.isoformat()}


def explained(report: Report, wanted: tuple[str, ...]) -> set[str]:
    """The "plan/target" keys `--explain` names (a target id alone names it in every plan)."""
    keys = set()
    for plan in report.plans:
        for result in plan.targets:
            if {"all", result.target.id, f"{plan.plan.id}/{result.target.id}"} & set(wanted):
                keys.add(f"{plan.plan.id}/{result.target.id}")
    return keys


def _item(item: Counted) -> dict:
    return {"slug": item.product.slug, "lang": item.version.lang, "title": item.version.title,
            "published": item.version.published.isoformat(), "unit": item.unit}


def _target_data(plan: PlanResult, result: TargetResult, explain: set[str]) -> dict:
    data = {
        "id": result.target.id, "measure": result.target.measure, "count_by": result.count_by,
        "translations": result.translations, "matched": result.matched, "total": result.total,
        "share": _decimal(result.share), "min": _bound(result.goal.min), "max": _bound(result.goal.max),
        "goal": {**_period(result.goal.start, result.goal.end), "milestone": result.goal.milestone},
        "progress": result.progress, "status": result.status, "by_unit": dict(result.by_unit),
        "trend": [{"period": point.period.label, **_period(point.period.start, point.period.end),
                   "matched": point.matched, "total": point.total,
                   "share": _decimal(Fraction(point.matched, point.total) if point.total else None),
                   "progress": point.progress, "status": point.status} for point in result.trend],
    }
    if f"{plan.plan.id}/{result.target.id}" in explain:
        data["products"] = [_item(item) for item in result.items]
    return data


def to_data(report: Report, explain: tuple[str, ...] = ()) -> dict:
    keys = explained(report, explain)
    return {
        "period": _period(report.start, report.end),
        "unit": report.unit,
        "units": report.units,
        "count": report.count,
        "total": report.total,
        "breakdown": {dimension: dict(report.breakdown[dimension]) for dimension in DIMENSIONS},
        "unit_tree": [{"id": unit, "depth": depth, "count": count} for unit, depth, count in report.unit_tree],
        "plans": [
            {"id": plan.plan.id, "name": plan.plan.name, "number": plan.plan.number,
             "date": plan.plan.date.isoformat() if plan.plan.date else None, "authority": plan.plan.authority,
             "reference": plan.plan.reference, "period": _period(plan.plan.start, plan.plan.end),
             "counted": _period(plan.start, plan.end),
             "targets": [_target_data(plan, result, keys) for result in plan.targets]}
            for plan in report.plans
        ],
    }


def render_json(report: Report, explain: tuple[str, ...] = ()) -> str:
    return json.dumps(to_data(report, explain), ensure_ascii=False, indent=2)


def render_csv(report: Report, labels: Labels) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    row = dict.fromkeys(CSV_COLUMNS, "")

    def write(cells: dict) -> None:
        # Labels and ids are editors' text: no cell may start a spreadsheet formula (outputs/spreadsheet.py).
        writer.writerow(spreadsheet_safe(value) for value in {**row, **cells}.values())

    period = {"from": report.start.isoformat(), "to": report.end.isoformat()}
    write({"section": "total", "count": report.total, "total": report.total, **period})
    for dimension in DIMENSIONS:
        for key, count in report.breakdown[dimension].items():
            share = Fraction(count, report.total) if report.total else None
            write({"section": "breakdown", "dimension": dimension, "id": key, "label": labels.cell(dimension, key),
                   "count": count, "total": report.total, "share": _csv_share(share), **period})
    for unit, _, count in report.unit_tree:
        write({"section": "unit_tree", "dimension": "unit", "id": unit, "label": labels.cell("unit", unit),
               "count": count, "total": report.total, **period})
    for plan in report.plans:
        for result in plan.targets:
            target = result.target
            common = {"id": target.id, "label": labels.target(target), "plan": plan.plan.id,
                      "count_by": result.count_by, "translations": result.translations}
            write({"section": "target", **common, "matched": result.matched, "total": result.total,
                   "share": _csv_share(result.share), "min": _csv_value(_bound(result.goal.min)),
                   "max": _csv_value(_bound(result.goal.max)), "status": result.status,
                   "from": plan.start.isoformat(), "to": plan.end.isoformat(), "progress": _csv_value(result.progress)})
            for point in result.trend:
                write({"section": "trend", **common, "matched": point.matched, "total": point.total,
                       "share": _csv_share(Fraction(point.matched, point.total) if point.total else None),
                       "min": _csv_value(_bound(point.goal.min)), "max": _csv_value(_bound(point.goal.max)),
                       "status": point.status, "period": point.period.label, "from": point.period.start.isoformat(),
                       "to": point.period.end.isoformat(), "progress": _csv_value(point.progress)})
    return buffer.getvalue().rstrip("\n")


def _csv_share(share: Fraction | None) -> str:
    return "" if share is None else f"{float(round_half_up(share, 4)):.4f}"


def _csv_value(value) -> str:
    return "" if value is None else str(value)


# --- tables for people -------------------------------------------------------------------------------


def target_header(labels: Labels) -> list[str]:
    return [labels.t(f"ui.report.column.{key}")
            for key in ("target", "matched", "total", "share", "goal", "progress", "status", "rule")]


def target_rows(plan: PlanResult, labels: Labels) -> list[list[str]]:
    return [[labels.target(result.target), str(result.matched), str(result.total), labels.share_text(result),
             labels.goal(result.target, result.goal), labels.progress(result, plan.end), labels.status(result.status),
             labels.rule(result)] for result in plan.targets]


def trend_header(labels: Labels) -> list[str]:
    return [labels.t(f"ui.report.column.{key}") for key in ("period", "matched", "total", "share", "progress", "status")]


def trend_rows(result: TargetResult, labels: Labels) -> list[list[str]]:
    bounds = (result.goal.min, result.goal.max) if result.target.measure == "share" else ()
    return [[point.period.label, str(point.matched), str(point.total),
             labels.percent(Fraction(point.matched, point.total) if point.total else None, bounds),
             labels.t("ui.report.none") if point.progress is None else str(point.progress), labels.status(point.status)]
            for point in result.trend]


def breakdown_header(labels: Labels, dimension: str) -> list[str]:
    t = labels.t
    return [t(f"ui.report.column.{dimension}"), t("ui.report.column.count"), t("ui.report.column.share")]


def breakdown_rows(report: Report, labels: Labels, dimension: str) -> list[list[str]]:
    return [[labels.cell(dimension, key), str(count),
             labels.percent(Fraction(count, report.total) if report.total else None)]
            for key, count in report.breakdown[dimension].items()]


def unit_tree_rows(report: Report, labels: Labels, indent: str = "  ") -> list[list[str]]:
    return [[indent * depth + labels.cell("unit", unit), str(count),
             labels.percent(Fraction(count, report.total) if report.total else None)]
            for unit, depth, count in report.unit_tree]


def explain_header(labels: Labels) -> list[str]:
    return [labels.t(f"ui.report.column.{key}") for key in ("product", "language", "published", "unit", "translation")]


def explain_rows(result: TargetResult, labels: Labels) -> list[list[str]]:
    return [[f"{item.version.title} ({item.product.slug})", item.version.lang, item.version.published.isoformat(),
             labels.cell("unit", item.unit), labels.translation(item)] for item in result.items]


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


TARGET_ALIGN, TREND_ALIGN, EXPLAIN_ALIGN = "lrrrllll", "lrrrrl", "lllll"


def _sections(report: Report, labels: Labels, explain: tuple[str, ...]):
    """The report as (heading level, heading, facts, [(header, rows, alignment)]) in reading order."""
    t, keys = labels.t, explained(report, explain)
    yield 1, t("ui.report.title"), labels.report_facts(report), []
    if not report.plans:
        yield 2, t("ui.report.plans"), [(t("ui.report.note"), t("ui.report.no_plans"))], []
    for plan in report.plans:
        facts = [*labels.plan_facts(plan.plan), (t("ui.report.counted_period"), labels.range(plan.start, plan.end))]
        tables = [(target_header(labels), target_rows(plan, labels), TARGET_ALIGN)] if plan.targets else []
        yield 2, plan.plan.title, facts, tables
        if not plan.targets:
            yield 3, t("ui.report.targets"), [(t("ui.report.note"), t("ui.report.no_targets"))], []
        for result in plan.targets:
            if len(result.trend) > 1:
                yield 3, f"{t('ui.report.trend')}: {labels.target(result.target)}", [], [
                    (trend_header(labels), trend_rows(result, labels), TREND_ALIGN)]
            if f"{plan.plan.id}/{result.target.id}" in keys:
                summary = t("ui.report.explain_count", versions=len(result.items), products=result.products)
                yield 3, f"{t('ui.report.explain')}: {labels.target(result.target)}", [("", summary)], [
                    (explain_header(labels), explain_rows(result, labels), EXPLAIN_ALIGN)] if result.items else []
    yield 2, t("ui.report.breakdowns"), [], []
    for dimension in DIMENSIONS:
        yield 3, t(f"ui.report.breakdown.{dimension}"), [], [
            (breakdown_header(labels, dimension), breakdown_rows(report, labels, dimension), "lrr")]
    yield 3, t("ui.report.breakdown.unit_tree"), [], [
        (breakdown_header(labels, "unit"), unit_tree_rows(report, labels, "  "), "lrr")]


def render_table(report: Report, labels: Labels, explain: tuple[str, ...] = ()) -> str:
    lines: list[str] = []
    for level, heading, facts, tables in _sections(report, labels, explain):
        lines += ([] if not lines else [""]) + [heading]
        if facts:
            lines += align([[f"{label}:" if label else "", value] for label, value in facts], "ll")
        for header, rows, alignment in tables:
            lines += align([header, *rows], alignment, underline=True)
    lines.append("")
    lines += [f"{labels.t('ui.report.note')}: {note}" for note in labels.notes(report)]
    return "\n".join(lines)


def _md_table(header: list[str], rows: list[list[str]], alignment: str) -> list[str]:
    rule = ["---:" if side == "r" else "---" for side in alignment]

    def line(cells: list[str]) -> str:
        return f"| {' | '.join(cells)} |"

    return [line([markdown_text(cell) for cell in header]), line(rule),
            *(line([markdown_text(cell) for cell in row]) for row in rows)]


def render_markdown(report: Report, labels: Labels, explain: tuple[str, ...] = ()) -> str:
    lines: list[str] = []
    for level, heading, facts, tables in _sections(report, labels, explain):
        lines += ([] if not lines else [""]) + [f"{'#' * level} {markdown_text(heading)}", ""]
        lines += [f"- **{markdown_text(label)}:** {markdown_text(value)}" if label else f"- {markdown_text(value)}"
                  for label, value in facts]
        for header, rows, alignment in tables:
            lines += ([""] if facts else []) + _md_table(header, [[cell.strip() for cell in row] for row in rows],
                                                         alignment)
    for note in labels.notes(report):
        lines += ["", f"**{markdown_text(labels.t('ui.report.note'))}:** {markdown_text(note)}"]
    return "\n".join(lines)


def render(report: Report, labels: Labels, fmt: str, explain: tuple[str, ...] = ()) -> str:
    if fmt == "json":
        return render_json(report, explain)
    if fmt == "csv":
        return render_csv(report, labels)
    if fmt == "markdown":
        return render_markdown(report, labels, explain)
    return render_table(report, labels, explain)
