"""A computed report laid out as the department's documents (report/document.py): the administrative
report (DOCX) and its workbook (XLSX), in the report's language.

The document's heading follows Decree 30/2020/NĐ-CP: the agency above the issuing one and the issuing
agency (hub.yml's `province` and `agency`), the number left blank for the department's clerk unless
given (`--number`), the national title and motto, place and date. The workbook has a summary sheet,
one sheet per target (its figures over the period, each part of its trend, and by unit), and one
sheet listing every version counted, with the targets it counted toward.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from commhub.report.counting import PlanResult, Report, TargetResult
from commhub.report.document import Chart, Heading, Link, Percent, ReportDocument, Section, Sheet, Table
from commhub.report.labels import Labels


def _percent(labels: Labels, share: Fraction | None, bounds=()) -> Percent:
    return Percent(share, labels.percent(share, bounds))


def _share(matched: int, total: int) -> Fraction | None:
    return Fraction(matched, total) if total else None


def _date(t, day: dt.date) -> str:
    """A date as the document's language writes it (Vietnamese: 01/07/2025)."""
    return t("ui.report.doc.date", day=f"{day.day:02d}", month=f"{day.month:02d}", year=day.year)


def _hub_text(labels: Labels, field: str) -> str:
    hub = labels.content.hub
    if hub is None or field not in hub.texts:
        return ""
    texts = hub.texts[field]
    return texts.get(labels.lang) or texts.get(labels.content.default_language.code) or next(iter(texts.values()), "")


def build_document(report: Report, labels: Labels, given: dict[str, str], today: dt.date) -> ReportDocument:
    t = labels.t
    place = given.get("place") or _hub_text(labels, "province") or t("ui.report.doc.place")
    heading = Heading(
        authority=_hub_text(labels, "province").upper(),
        agency=(_hub_text(labels, "agency") or t("ui.report.doc.agency")).upper(),
        number=given.get("number") or t("ui.report.doc.number"),
        national_title=t("ui.report.doc.national_title"),
        motto=t("ui.report.doc.motto"),
        place_date=t("ui.report.doc.place_date", place=place, day=f"{today.day:02d}", month=f"{today.month:02d}",
                     year=today.year),
        kind=t("ui.report.doc.kind"),
        title=t("ui.report.doc.title", start=_date(t, report.start), end=_date(t, report.end)),
    )
    sections = [_overview(report, labels)]
    for plan in report.plans:
        sections += _plan_sections(plan, labels)
    if not report.plans:
        sections.append(Section(t("ui.report.plans"), [t("ui.report.no_plans")]))
    sections.append(Section(t("ui.report.doc.notes"), labels.notes(report)))
    return ReportDocument(
        lang=labels.lang, heading=heading, sections=sections, recipients_label=t("ui.report.doc.recipients"),
        recipients=[t("ui.report.doc.recipient_above"), t("ui.report.doc.recipient_archive")],
        signer=given.get("signer") or t("ui.report.doc.signer"), sheets=_sheets(report, labels),
        chart_alt=t("ui.report.doc.chart_alt"),
    )


def _count_table(report: Report, labels: Labels, dimension: str, title: str,
                 cells: list[tuple[str, int]]) -> Table:
    """(name, count) rows with each count's share of the report's total."""
    t = labels.t
    return Table(title, [t(f"ui.report.column.{dimension}"), t("ui.report.column.count"), t("ui.report.column.share")],
                 [[name, count, _percent(labels, _share(count, report.total))] for name, count in cells],
                 widths=(4, 1, 1))


def _overview(report: Report, labels: Labels) -> Section:
    t = labels.t
    facts = [f"{label}: {value}." for label, value in labels.report_facts(report)]
    tables = [_count_table(report, labels, dimension, t(f"ui.report.breakdown.{dimension}"),
                           [(labels.cell(dimension, key), count) for key, count in report.breakdown[dimension].items()])
              for dimension in ("language_group", "channel_group")]
    tables.append(_count_table(report, labels, "unit", t("ui.report.breakdown.unit_tree"),
                               [("\u00a0\u00a0" * depth + labels.cell("unit", unit), count)
                                for unit, depth, count in report.unit_tree]))
    groups = tables[0]
    chart = Chart(groups.caption, [(row[0], row[1], f"{row[1]} ({row[2].text})") for row in groups.rows])
    return Section(t("ui.report.doc.overview"), facts, tables, chart)


def _plan_sections(plan: PlanResult, labels: Labels) -> list[Section]:
    t = labels.t
    facts = [f"{label}: {value}." for label, value in labels.plan_facts(plan.plan)]
    facts.append(f"{t('ui.report.counted_period')}: {labels.range(plan.start, plan.end)}.")
    header = [t(f"ui.report.column.{key}") for key in ("target", "matched", "total", "share", "goal", "progress",
                                                      "status")]
    rows = [[labels.target(result.target), result.matched, result.total, _target_percent(labels, result),
             labels.goal(result.target, result.goal),
             result.progress if result.progress is not None else None, labels.status(result.status)]
            for result in plan.targets]
    paragraphs = facts + [f"{labels.target(result.target)}: {labels.rule(result)}." for result in plan.targets]
    targets_table = Table(t("ui.report.targets"), header, rows, widths=(5, 2, 2, 2, 4, 2, 3))
    sections = [Section(plan.plan.title, paragraphs, [targets_table] if rows else [])]
    for result in plan.targets:
        trend = Table(f"{t('ui.report.trend')}: {labels.target(result.target)}",
                      [t(f"ui.report.column.{key}") for key in ("period", "matched", "total", "share", "progress",
                                                                "status")],
                      [[point.period.label, point.matched, point.total,
                        _percent(labels, _share(point.matched, point.total)), point.progress,
                        labels.status(point.status)] for point in result.trend])
        summary = t("ui.report.explain_count", versions=len(result.items), products=result.products)
        sections.append(Section(labels.target(result.target), [summary], [trend], level=2))
    return sections


def _target_percent(labels: Labels, result: TargetResult) -> Percent:
    return Percent(result.share, labels.share_text(result))


def _sheets(report: Report, labels: Labels) -> list[Sheet]:
    t = labels.t
    summary_header = [t(f"ui.report.column.{key}") for key in ("plan", "target", "matched", "total", "share", "goal",
                                                              "progress", "status", "rule")]
    summary_rows = [[plan.plan.title, labels.target(result.target), result.matched, result.total,
                     _target_percent(labels, result), labels.goal(result.target, result.goal), result.progress,
                     labels.status(result.status), labels.rule(result)]
                    for plan in report.plans for result in plan.targets]
    sheets = [Sheet(t("ui.report.doc.sheet_summary"), f"{t('ui.report.title')} ({labels.range(report.start, report.end)})",
                    summary_header, summary_rows, [40, 40, 10, 10, 10, 30, 10, 18, 40])]
    for plan in report.plans:
        for result in plan.targets:
            sheets.append(_target_sheet(plan, result, labels))
    sheets.append(_products_sheet(report, labels))
    return sheets


def _target_sheet(plan: PlanResult, result: TargetResult, labels: Labels) -> Sheet:
    t = labels.t
    units = sorted(result.by_unit, key=list(labels.content.units).index)
    header = [t(f"ui.report.column.{key}") for key in ("period", "matched", "total", "share", "progress", "status")]
    header += [labels.cell("unit", unit) for unit in units]
    rows = [[labels.range(plan.start, plan.end), result.matched, result.total, _target_percent(labels, result),
             result.progress, labels.status(result.status), *(result.by_unit[unit] for unit in units)]]
    rows += [[point.period.label, point.matched, point.total, _percent(labels, _share(point.matched, point.total)),
              point.progress, labels.status(point.status)] for point in result.trend]
    title = f"{labels.target(result.target)} — {plan.plan.title} — {labels.rule(result)}"
    return Sheet(f"{plan.plan.id} {result.target.id}", title, header, rows, [26, 10, 10, 10, 10, 18])


def _products_sheet(report: Report, labels: Labels) -> Sheet:
    t = labels.t
    header = [t(f"ui.report.column.{key}") for key in ("product", "language", "language_group", "type", "channel",
                                                      "unit", "unit_published", "published", "translation", "link",
                                                      "counted_toward")]
    groups = {language.code: language.group for language in labels.content.languages}
    rows = []
    for item in sorted(report.counted, key=lambda item: (item.version.published, item.product.slug, item.version.lang)):
        path = f"products/{item.product.slug}/index.{item.version.lang}.md"
        rows.append([item.version.title, labels.cell("language", item.version.lang),
                     labels.cell("language_group", groups[item.version.lang]), labels.cell("type", item.product.type),
                     ", ".join(labels.cell("channel", channel) for channel in item.version.channels),
                     labels.cell("unit", item.unit), labels.cell("unit", item.product.unit), item.version.published,
                     labels.translation(item), Link(path, path), ", ".join(item.targets)])
    return Sheet(t("ui.report.doc.sheet_products"), t("ui.report.doc.products_title",
                                                      start=report.start.isoformat(), end=report.end.isoformat()),
                 header, rows, [40, 18, 18, 16, 30, 30, 30, 12, 22, 40, 40])
