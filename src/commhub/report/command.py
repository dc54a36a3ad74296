"""`commhub report`: which plans, which period, which units; then the report in the format asked for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# Not from .checks: the report needs no Markdown or sanitiser, and importing them costs start-up time.
from commhub.content.hub import load_hub
from commhub.content.load_cache import default_cache_dir
from commhub.content.loader import load_content
from commhub.content.problems import ProblemList, closest
from commhub.content.targets import TargetPlan, load_plans, load_targets
from commhub.i18n.messages import MessageError, Messages
from commhub.report.counting import Report, Scope, compute
from commhub.report.labels import Labels
from commhub.report.periods import Period, PeriodError, parse_period
from commhub.report.text_formats import FORMATS as TEXT_FORMATS, render
from commhub.report.unit_tree import UNIT_MODES

FORMATS = (*TEXT_FORMATS, "docx", "xlsx")
BINARY_FORMATS = ("docx", "xlsx")


class ReportInputError(MessageError):
    """Bad options or input: the message key (problem.<code>) and its parameters."""


@dataclass
class ReportRequest:
    content_dir: Path
    targets_file: Path | None = None  # one plan file instead of the hub's plans
    plans: tuple[str, ...] = ()  # plan ids; () for every plan in force
    period: str | None = None  # 2025, 2025-H1, 2025-Q3, FROM..TO
    start: dt.date | None = None  # --from/--to, --year: the older options
    end: dt.date | None = None
    year: int | None = None
    unit: str | None = None
    units: str = "as-of"
    fmt: str = "table"
    output: Path | None = None
    explain: tuple[str, ...] = ()
    strict: bool = False
    lang: str = "vi"
    today: dt.date | None = None
    # The administrative document's own lines (docx), when the department gives them.
    document: dict[str, str] = field(default_factory=dict)


def _period(request: ReportRequest, chosen: list[TargetPlan], all_plans: list[TargetPlan]) -> Period:
    if request.year is not None and (request.start or request.end):
        raise ReportInputError("report_year_and_dates")
    if request.period is not None and (request.year is not None or request.start or request.end):
        raise ReportInputError("report_period_and_dates")
    if request.period is not None:
        try:
            return parse_period(request.period)
        except PeriodError as error:
            raise ReportInputError(error.code, **error.params) from None
    if request.year is not None:
        return Period(dt.date(request.year, 1, 1), dt.date(request.year, 12, 31), str(request.year))
    # Without a period: the chosen plans' (or the only plan's) whole period, else this year.
    basis = chosen if request.plans or request.targets_file else (all_plans if len(all_plans) == 1 else [])
    today = request.today or dt.date.today()
    default_start = min((plan.start for plan in basis), default=dt.date(today.year, 1, 1))
    default_end = max((plan.end for plan in basis), default=dt.date(today.year, 12, 31))
    start, end = request.start or default_start, request.end or default_end
    if start > end:
        raise ReportInputError("report_period_reversed", start=start.isoformat(), end=end.isoformat())
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}")


def prepare(request: ReportRequest, err: Callable[[str], None]) -> tuple[Report, Labels] | None:
    """The report the request asks for; None (every problem written to `err`) when the input is bad."""
    t = Messages(request.lang)
    content_dir = Path(request.content_dir)
    content, problems = load_content(content_dir, cache_dir=default_cache_dir(content_dir))
    if problems.errors:
        for problem in problems.errors:
            err(problem.render(t))
        return None
    content.hub = load_hub(content.root, content.languages, ProblemList())  # its problems are check's to report
    if request.targets_file is not None:
        plan, problems = load_targets(Path(request.targets_file), content)
        plans = [plan] if plan is not None else []
    else:
        plans, problems = load_plans(content.root, content)
    if problems.errors:
        for problem in problems.errors:
            err(problem.render(t))
        return None
    try:
        chosen = _choose(plans, request.plans)
        period = _period(request, chosen, plans)
        if request.unit is not None and request.unit not in content.units:
            raise ReportInputError("report_unit_unknown", value=request.unit, allowed=", ".join(content.units))
        if request.units not in UNIT_MODES:
            raise ReportInputError("value_not_allowed", field="--units", value=request.units,
                                   allowed=", ".join(UNIT_MODES))
        if request.fmt in BINARY_FORMATS and request.output is None:
            raise ReportInputError("report_output_required", format=request.fmt)
    except ReportInputError as error:
        err(t(f"problem.{error.code}", **error.params))
        return None
    scope = Scope(period.start, period.end, request.unit, request.units, request.today)
    return compute(content, chosen, scope), Labels(content, t, request.lang)


def _choose(plans: list[TargetPlan], wanted: tuple[str, ...]) -> list[TargetPlan]:
    if not wanted:
        return plans
    by_id = {plan.id: plan for plan in plans}
    for plan_id in wanted:
        if plan_id not in by_id:
            suggestion = closest(plan_id, list(by_id))
            raise ReportInputError("report_plan_unknown_suggest" if suggestion else "report_plan_unknown",
                                   value=plan_id, suggestion=suggestion, allowed=", ".join(by_id) or "–")
    return [by_id[plan_id] for plan_id in dict.fromkeys(wanted)]


def run(request: ReportRequest, out: Callable[[str], None] = print, err: Callable[[str], None] = print) -> int:
    """0 done, 1 a target below its goal with `strict`, 2 bad input."""
    prepared = prepare(request, err)
    if prepared is None:
        return 2
    report, labels = prepared
    if request.fmt in BINARY_FORMATS:
        from commhub.report.document_view import build_document  # python-docx/openpyxl only when asked

        document = build_document(report, labels, request.document, request.today or dt.date.today())
        if request.fmt == "docx":
            from commhub.report.docx import write_docx

            write_docx(document, request.output)
        else:
            from commhub.report.xlsx import write_xlsx

            write_xlsx(document, request.output)
    else:
        text = render(report, labels, request.fmt, request.explain)
        if request.output is None:
            out(text)
        else:
            Path(request.output).write_text(text + "\n", encoding="utf-8")
    return 1 if request.strict and report.below else 0
