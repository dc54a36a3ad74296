"""What the "targets and progress" page shows (theme/commhub/progress.html), in the reader's language.

Every plan gets its own section (the page's plan list links to each), over its period up to the
content's latest publication date (so that a build is a function of the content, and a running
plan reads "in progress", not "below"): its targets with goal, progress, status and counting rule,
the trend across half-years, and the products behind each figure (the first DRILL_DOWN_LIMIT; the
workbook of `commhub report --format xlsx` lists them all). Then the mix over all the plans' periods.

Texts are plain (the template escapes them); the chart SVGs are markup that escapes its own text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

from commhub.content.model import Content
from commhub.content.targets import TargetPlan
from commhub.i18n.messages import Messages
from commhub.report.charts import bar_chart
from commhub.report.counting import Counted, PlanResult, Report, Scope, compute
from commhub.report.labels import Labels
from commhub.report.text_formats import breakdown_header, breakdown_rows, target_header, trend_header, trend_rows

CHART_DIMENSIONS = ("language_group", "channel_group", "month")
DRILL_DOWN_LIMIT = 100


def content_date(content: Content) -> dt.date | None:
    """The latest date a published version carries: "today" as far as the content knows."""
    return max((version.published for version in content.published_versions()), default=None)


@dataclass(frozen=True)
class Progress:
    """The figures of the progress pages, the same in every language: computed once a build."""

    plans: list[PlanResult]  # each plan over its own period (up to the content's date)
    mix: Report  # the mix over all the plans' periods


def progress(content: Content, plans: list[TargetPlan]) -> Progress:
    as_of = content_date(content) or min(plan.start for plan in plans)
    results = [compute(content, [plan], Scope(plan.start, max(plan.start, min(plan.end, as_of)), today=as_of)).plans[0]
               for plan in plans]
    start = min(plan.start for plan in plans)
    end = max(start, min(max(plan.end for plan in plans), as_of))
    return Progress(results, compute(content, plans, Scope(start, end, today=as_of), count=plans[0].count))


def site_view(content: Content, figures: Progress, lang: str, messages: Messages,
              url_of: Callable[[Counted], str | None] = lambda counted: None) -> dict:
    labels, t = Labels(content, messages, lang), messages
    sections = [_plan_section(result, labels, url_of) for result in figures.plans]
    mix = figures.mix
    period = labels.range(mix.start, mix.end)
    charts = []
    for dimension in CHART_DIMENSIONS:
        title = t(f"ui.report.breakdown.{dimension}")
        rows = breakdown_rows(mix, labels, dimension)
        charts.append({
            "id": dimension,
            "title": title,
            "svg": bar_chart(
                f"commhub-chart-{dimension.replace('_', '-')}", title,
                t("ui.report.chart_desc", breakdown=title, period=period, total=mix.total),
                [(label, mix.breakdown[dimension][key], f"{count} ({share})")
                 for key, (label, count, share) in zip(mix.breakdown[dimension], rows)],
            ),
            "table": {"caption": title, "header": breakdown_header(labels, dimension), "rows": rows},
        })
    return {
        "title": t("ui.report.page_title"),
        "intro": t("ui.report.page_intro"),
        "plans_title": t("ui.report.plans"),
        "plans": sections,
        "facts": labels.report_facts(mix, with_unit=False),
        "charts_title": t("ui.report.breakdowns"),
        "charts": charts,
        "data_table": t("ui.report.data_table"),
        "note_title": t("ui.report.note"),
        "notes": labels.notes(mix),
        "targets_title": t("ui.report.targets"),
        "no_targets": t("ui.report.no_targets"),
        "trend_title": t("ui.report.trend"),
        "explain_title": t("ui.report.explain"),
    }


def _plan_section(result: PlanResult, labels: Labels, url_of) -> dict:
    t, plan = labels.t, result.plan
    facts = [*labels.plan_facts(plan), (t("ui.report.counted_period"), labels.range(result.start, result.end))]
    targets = []
    for target in result.targets:
        items = sorted(target.items, key=lambda item: (item.version.published, item.product.slug, item.version.lang),
                       reverse=True)
        targets.append({
            "id": target.target.id,
            "label": labels.target(target.target),
            "matched": target.matched,
            "total": target.total,
            "share": labels.share_text(target),
            "goal": labels.goal(target.target, target.goal),
            "progress": labels.progress(target, result.end),
            "status": target.status,
            "status_text": labels.status(target.status).replace(" ", "\u00a0", 1),  # mark stays with its word
            "rule": labels.rule(target),
            "trend": {"header": trend_header(labels), "rows": trend_rows(target, labels)},
            "products": [_item(item, labels, url_of) for item in items[:DRILL_DOWN_LIMIT]],
            "products_summary": t("ui.report.explain_count", versions=len(items), products=target.products)
            if items else t("ui.report.explain_none"),
            "more": t("ui.report.explain_more", count=len(items) - DRILL_DOWN_LIMIT)
            if len(items) > DRILL_DOWN_LIMIT else "",
        })
    return {"id": plan.id, "title": plan.title, "facts": facts, "target_header": target_header(labels),
            "targets": targets}


def _item(item: Counted, labels: Labels, url_of) -> dict:
    return {"title": item.version.title, "lang": item.version.lang, "url": url_of(item),
            "published": item.version.published.isoformat(), "unit": labels.cell("unit", item.unit),
            "translation": labels.translation(item)}
