"""Names of cells, statuses, goals, rules and numbers of a report, in one reader's language."""

from __future__ import annotations

import datetime as dt
import math
from fractions import Fraction

from commhub.content.model import Content
from commhub.content.targets import LABEL_FALLBACKS, Goal, Target, TargetPlan
from commhub.i18n.messages import Messages
from commhub.report.counting import Counted, Report, TargetResult

MARKS = {"below": "▼", "met": "✓", "above": "▲", "no-data": "–", "in-progress": "…"}  # also written in words


def round_half_up(value: Fraction, digits: int) -> Fraction:
    """Round as people do on paper (16.65 → 16.7), not to even as `round` does."""
    scale = 10 ** digits
    return Fraction(math.floor(value * scale + Fraction(1, 2)), scale)


class Labels:
    def __init__(self, content: Content, messages: Messages, lang: str):
        self.content, self.t, self.lang = content, messages, lang
        self.fallbacks = tuple(code for code in LABEL_FALLBACKS if code != lang)

    # --- names ---

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
        return self.t("ui.report.all_units") if unit is None else self.cell("unit", unit)

    def status(self, status: str) -> str:
        return f"{MARKS[status]} {self.t('ui.report.status.' + status.replace('-', '_'))}"

    def translation(self, counted: Counted) -> str:
        translation = counted.version.translation
        if translation is None:
            return self.t("ui.report.original")
        if translation.method == "machine":
            return self.t("ui.report.machine_reviewed" if translation.reviewed else "ui.report.machine_unreviewed")
        return self.t("ui.report.human")

    # --- numbers ---

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
        bounds = (result.goal.min, result.goal.max) if result.target.measure == "share" else ()
        return self.percent(result.share, bounds)

    # --- periods, goals, rules ---

    def date(self, day: dt.date | None) -> str:
        return "" if day is None else day.isoformat()

    def range(self, start: dt.date, end: dt.date) -> str:
        return self.t("ui.report.period_range", start=start.isoformat(), end=end.isoformat())

    def goal_value(self, target: Target, goal: Goal) -> str:
        if target.measure == "count":
            return self.t("ui.report.goal_count", min=goal.min)
        low, high = (self.bound(target, value) for value in (goal.min, goal.max))
        if goal.min is not None and goal.max is not None:
            return self.t("ui.report.goal_share", min=low, max=high)
        return self.t("ui.report.goal_share_min" if goal.min is not None else "ui.report.goal_share_max",
                      min=low, max=high)

    def goal(self, target: Target, goal: Goal) -> str:
        value = self.goal_value(target, goal)
        if goal.milestone:
            return self.t("ui.report.goal_of_milestone", goal=value, start=goal.start.isoformat(),
                          end=goal.end.isoformat())
        return self.t("ui.report.goal_of_plan", goal=value)

    def progress(self, result: TargetResult, end: dt.date) -> str:
        if result.progress is None:
            return self.t("ui.report.none")
        return self.t("ui.report.progress_since", count=result.progress, start=result.goal.start.isoformat(),
                      end=end.isoformat())

    def rule(self, result: TargetResult) -> str:
        return f"{self.t('ui.report.rule_' + result.count_by)}; {self.t('ui.report.rule_' + result.translations)}"

    def plan_facts(self, plan: TargetPlan) -> list[tuple[str, str]]:
        t = self.t
        facts = [(t("ui.report.plan"), plan.name)]
        if plan.number or plan.reference:
            facts.append((t("ui.report.plan_number"), plan.number or plan.reference))
        if plan.date:
            facts.append((t("ui.report.plan_date"), plan.date.isoformat()))
        if plan.authority:
            facts.append((t("ui.report.plan_authority"), plan.authority))
        facts.append((t("ui.report.plan_period"), self.range(plan.start, plan.end)))
        return facts

    def report_facts(self, report: Report, with_unit: bool = True) -> list[tuple[str, str]]:
        t = self.t
        lines = [(t("ui.report.period"), self.range(report.start, report.end)),
                 (t("ui.report.count_mode"), t(f"ui.report.count_{report.count}"))]
        if with_unit:
            lines.append((t("ui.report.unit"), self.unit(report.unit)))
        lines += [(t("ui.report.units_mode"), t("ui.report.units_" + report.units.replace("-", "_"))),
                  (t("ui.report.total"), str(report.total))]
        return lines

    def notes(self, report: Report) -> list[str]:
        notes = [self.t("ui.report.note_channels")]
        if report.count == "products":
            notes.append(self.t("ui.report.note_products"))
        if report.plans:
            notes += [self.t("ui.report.note_rules"), self.t("ui.report.note_progress")]
        return notes
