"""Counting a hub's products for a report: the mix of a period, and the targets of every plan in force.

Counting reads only the loaded model (product.yml and front matter); no Markdown is rendered.

- A version counts when it is published (neither it nor its product is a draft) and its effective
  published date (its own, else the product's) lies in the period, both ends included.
- A unit filter keeps the products whose unit, rolled up as the report asks (report/unit_tree.py),
  is that unit or lies under it.
- The mix (`breakdown`) counts as `count` says: each version, or each product once per cell.
- A plan is in force when its period overlaps the report's; its targets are counted over the
  overlap. Each target counts versions or products (`count_by`, else the plan's `count`) and all
  versions or only those a reader can rely on (`translations: reviewed` leaves out machine
  translations nobody reviewed, from the target's total as well as from what it matched).
- The goal judging a period is the narrowest milestone holding it, else the plan's. A share target
  is judged by the share over the period. A count target by its progress: what it matched from the
  goal's first day to the period's last (for a half-year of a yearly goal, the year so far): `met`
  when it reaches the minimum, `below` when the goal's last day is reached without it, else
  `in-progress`. A period with nothing counted is `no-data`.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from fractions import Fraction

from commhub.content.model import CHANNEL_GROUPS, LANGUAGE_GROUPS, PRODUCT_TYPES, Content, Product, Version
from commhub.content.targets import Goal, Target, TargetPlan
from commhub.report.periods import Period, months, trend_parts
from commhub.report.unit_tree import UnitTree

DIMENSIONS = ("language", "language_group", "type", "channel", "channel_group", "unit", "topic", "month")


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    unit: str | None = None  # count only the products of this unit and of the units under it
    units: str = "as-of"  # report/unit_tree.py: UNIT_MODES
    today: dt.date | None = None  # what `current` means; None: today


@dataclass
class Counted:
    """One version counted in the report's period, and the targets ("plan/target") it counted toward."""

    product: Product
    version: Version
    unit: str  # the unit it counts under (rolled up)
    targets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    matched: int
    total: int
    goal: Goal
    progress: int | None
    status: str


@dataclass
class TargetResult:
    target: Target
    count_by: str
    translations: str
    matched: int
    total: int
    goal: Goal
    progress: int | None  # count targets: matched from the goal's first day to the period's last
    status: str
    trend: list[TrendPoint]
    by_unit: dict[str, int]  # what it matched in the period, by the unit counted under
    items: list[Counted]  # the versions it matched in the period

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.matched, self.total) if self.total else None

    @property
    def products(self) -> int:
        return len({item.product.slug for item in self.items})


@dataclass
class PlanResult:
    plan: TargetPlan
    start: dt.date  # the report's period within the plan's
    end: dt.date
    targets: list[TargetResult]
    trend_periods: list[Period]


@dataclass
class Report:
    start: dt.date
    end: dt.date
    unit: str | None
    units: str
    count: str  # how the mix counts
    total: int
    breakdown: dict[str, dict[str, int]]
    unit_tree: list[tuple[str, int, int]]  # (unit, depth, count with the units under it)
    plans: list[PlanResult]
    counted: list[Counted]

    @property
    def below(self) -> list[TargetResult]:
        return [result for plan in self.plans for result in plan.targets if result.status == "below"]


def _unreviewed_machine(version: Version) -> bool:
    translation = version.translation
    return translation is not None and translation.method == "machine" and not translation.reviewed


def plans_in_force(plans: list[TargetPlan], start: dt.date, end: dt.date) -> list[TargetPlan]:
    return [plan for plan in plans if plan.start <= end and start <= plan.end]


class _Facts:
    """The values of one version for each breakdown dimension and condition key, worked out once a version."""

    def __init__(self, content: Content, tree: UnitTree):
        self.language_groups = {language.code: language.group for language in content.languages}
        self.channel_groups = {channel_id: channel.group for channel_id, channel in content.channels.items()}
        self.tree = tree
        self.groups_of_channels: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.months: dict[dt.date, tuple[str]] = {}

    def __call__(self, product: Product, version: Version, unit: str) -> dict[str, tuple[str, ...]]:
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
            "unit": (unit,),
            # A target's `unit` condition holds for the unit counted under and every unit above it.
            "unit_chain": self.tree.ancestors(unit),
            "topic": product.topics,
            "month": month,
        }


def matches(conditions, fact: dict[str, tuple[str, ...]]) -> bool:
    """Whether one version's facts meet any item of a target's `any` (given as each item's `ids`)."""
    # Plain loops: this runs once per version and target, the hot path of the report.
    for condition in conditions:
        for key, ids in condition:
            if ids.isdisjoint(fact["unit_chain" if key == "unit" else key]):
                break
        else:
            return True
    return False


class _TargetCount:
    """What one target of one plan matched, and its universe (its total), as dates to count windows of."""

    def __init__(self, plan: TargetPlan, target: Target, start: dt.date, end: dt.date):
        self.plan, self.target, self.start, self.end = plan, target, start, end
        self.key = f"{plan.id}/{target.id}"
        self.by_products = plan.count_of(target) == "products"
        self.reviewed_only = plan.translations_of(target) == "reviewed"
        self.conditions = [condition.ids for condition in target.any]
        self.matched: list = []  # dates (versions), or one tuple of dates a product
        self.total: list = []
        self.by_unit: dict[str, int] = {}
        self.items: list[Counted] = []

    def add(self, product_facts: list[tuple[dt.date, Version, dict, Counted | None]]) -> None:
        """One product's versions in the window (date, version, facts, the Counted when in the report's period)."""
        matched, total, units_hit = [], [], None
        for published, version, fact, counted in product_facts:
            if self.reviewed_only and _unreviewed_machine(version):
                continue
            total.append(published)
            if matches(self.conditions, fact):
                matched.append(published)
                if counted is not None and self.start <= published <= self.end:
                    counted.targets.append(self.key)
                    self.items.append(counted)
                    if not self.by_products:
                        self.by_unit[counted.unit] = self.by_unit.get(counted.unit, 0) + 1
                    units_hit = counted.unit
        if self.by_products:
            if total:
                self.total.append(tuple(total))
            if matched:
                self.matched.append(tuple(matched))
                if units_hit is not None:
                    self.by_unit[units_hit] = self.by_unit.get(units_hit, 0) + 1
        else:
            self.matched.extend(matched)
            self.total.extend(total)

    def finish(self) -> None:
        if not self.by_products:
            self.matched.sort()
            self.total.sort()

    def count(self, entries: list, start: dt.date, end: dt.date) -> int:
        if not self.by_products:
            return bisect_right(entries, end) - bisect_left(entries, start)
        return sum(1 for dates in entries if any(start <= day <= end for day in dates))

    def judge(self, start: dt.date, end: dt.date) -> tuple[int, int, Goal, int | None, str]:
        matched, total = self.count(self.matched, start, end), self.count(self.total, start, end)
        goal = self.plan.goal(self.target, start, end)
        progress = None
        if self.target.measure == "count":
            progress = self.count(self.matched, goal.start, end)
        return matched, total, goal, progress, status(self.target, goal, matched, total, progress, end)


def status(target: Target, goal: Goal, matched: int, total: int, progress: int | None, end: dt.date) -> str:
    if total == 0:
        return "no-data"
    if target.measure == "count":
        if progress >= goal.min:
            return "met"
        return "below" if end >= goal.end else "in-progress"
    share = Fraction(matched, total)
    if goal.min is not None and share < goal.min:
        return "below"
    if goal.max is not None and share > goal.max:
        return "above"
    return "met"


def cells(content: Content, start: dt.date, end: dt.date) -> dict[str, list[str]]:
    """Every cell of every breakdown in a stable order, so that zeros show too."""
    return {
        "language": [language.code for language in content.languages],
        "language_group": list(LANGUAGE_GROUPS),
        "type": list(PRODUCT_TYPES),
        "channel": list(content.channels),
        "channel_group": list(CHANNEL_GROUPS),
        "unit": list(content.units),
        "topic": list(content.topics),
        "month": [part.label for part in months(start, end)],
    }


def compute(content: Content, plans: list[TargetPlan], scope: Scope, count: str | None = None) -> Report:
    """Count `content` for `scope`: the mix, and every plan of `plans` in force in the period.

    `count`: how the mix counts ("versions" or "products"); default: as the first plan in force, else versions.
    """
    start, end = scope.start, scope.end
    tree = UnitTree(content.units, scope.units, scope.today)
    in_force = plans_in_force(plans, start, end)
    count = count or (in_force[0].count if in_force else "versions")
    targets = {plan.id: [_TargetCount(plan, target, max(start, plan.start), min(end, plan.end))
                         for target in plan.targets] for plan in in_force}
    every_target = [target for plan_targets in targets.values() for target in plan_targets]
    # Count targets look back to their goal's first day: read versions from the earliest plan's start.
    window_start = min([start, *(plan.start for plan in in_force)])
    breakdown = {dimension: dict.fromkeys(keys, 0) for dimension, keys in cells(content, start, end).items()}
    facts_of = _Facts(content, tree)
    counted: list[Counted] = []
    total = 0
    for product in content.products.values():
        unit = tree.rolled(product.unit)
        if scope.unit is not None and scope.unit not in tree.ancestors(unit):
            continue
        product_facts = []
        for version in product.versions.values():
            published = version.published
            if not (version.is_published and window_start <= published <= end):
                continue
            fact = facts_of(product, version, unit)
            entry = None
            if start <= published:
                entry = Counted(product, version, unit)
                counted.append(entry)
            product_facts.append((published, version, fact, entry))
        if not product_facts:
            continue
        in_period = [fact for _, _, fact, entry in product_facts if entry is not None]
        if in_period:
            total += _add_to_mix(breakdown, in_period, count)
        for target in every_target:
            target.add(product_facts)
    plan_results = []
    for plan in in_force:
        plan_start, plan_end = max(start, plan.start), min(end, plan.end)
        parts = trend_parts(plan_start, plan_end)
        results = []
        for target in targets[plan.id]:
            target.finish()
            matched, target_total, goal, progress, judged = target.judge(plan_start, plan_end)
            trend = [TrendPoint(part, *target.judge(part.start, part.end)) for part in parts]
            results.append(TargetResult(target.target, plan.count_of(target.target), plan.translations_of(target.target),
                                        matched, target_total, goal, progress, judged, trend, target.by_unit,
                                        target.items))
        plan_results.append(PlanResult(plan, plan_start, plan_end, results, parts))
    return Report(start, end, scope.unit, scope.units, count, total, breakdown,
                  unit_tree(tree, breakdown["unit"]), plan_results, counted)


def _add_to_mix(breakdown: dict[str, dict[str, int]], facts: list[dict], count: str) -> int:
    """Add one product's versions in the period to the mix; how many units of count they make."""
    if count == "versions":
        for fact in facts:
            for dimension in DIMENSIONS:
                cells_of = breakdown[dimension]
                for value in fact[dimension]:  # already distinct: the loader drops repeated ids
                    cells_of[value] = cells_of.get(value, 0) + 1
        return len(facts)
    for dimension in DIMENSIONS:  # the product counts once per distinct value among its versions
        cells_of = breakdown[dimension]
        for value in {value for fact in facts for value in fact[dimension]}:
            cells_of[value] = cells_of.get(value, 0) + 1
    return 1


def unit_tree(tree: UnitTree, by_unit: dict[str, int]) -> list[tuple[str, int, int]]:
    """Each unit the tree shows, its depth, and what it counted with the units under it."""
    sums = dict.fromkeys(tree.shown(), 0)
    for unit, number in by_unit.items():
        for ancestor in tree.ancestors(unit):
            if ancestor in sums:
                sums[ancestor] += number
    return [(unit, depth, sums[unit]) for unit, depth in tree.depth_first()]
