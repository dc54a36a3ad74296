"""Load and check the plans: `content/plans/<id>.yml`, and `content/targets.yml` (a hub's single plan).

Like `load_content`, these loaders never raise for bad input: they return the plans that are
right and the problems, each naming the file and line, so that an editor can fix them all in one
go. The format (content/schema.py, TARGETS):

    plan: {name: <title>, number: 81/KH-UBND, date: 2024-05-06, authority: <who issued it>}
    period: {from: 2024-01-01, to: 2024-12-31}          # inclusive
    count: versions | products                          # what each target counts, unless it says
    translations: all | reviewed                        # reviewed: unreviewed machine translations never count
    targets:
      - id: <id>
        label: {vi: ..., en: ...}
        any:                     # matches when ANY item matches; keys inside one item are ANDed
          - language_group: ethnic_minority
          - channel: [website, facebook]      # one id or a list (any of them)
        share: {min: 0.15, max: 0.20}         # or count: {min: 10}
        count_by: products                    # optional, instead of the plan's count
        translations: reviewed                # optional, instead of the plan's
        milestones:                           # optional: goals for parts of the period (a multi-year plan)
          - {period: {from: 2025-01-01, to: 2025-12-31}, share: {min: 0.10}}

`plan.reference` (number and date in one text) is the older form of `number` and `date`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from commhub.content.fields import ID, Fields, check_reference
from commhub.content.reading import parse_yaml_file
from commhub.content.model import Content, in_language
from commhub.content.problems import ProblemList, closest
from commhub.content.limits import MAX_PLANS
from commhub.content.schema import CONDITION, COUNT, MILESTONE, PERIOD, PLAN, SHARE, TARGET, TARGETS
from commhub.content.yamlio import LineDict, LineList

TOP_KEYS = TARGETS.keys
TARGET_KEYS = TARGET.keys
SHARE_KEYS = SHARE.keys
COUNT_KEYS = COUNT.keys  # a count target has no maximum: it is met or not yet met
CONDITION_KEYS = CONDITION.keys
LABEL_FALLBACKS = ("vi", "en")


@dataclass(frozen=True)
class Condition:
    """One item of `any`: every key must match (AND); a key matches when any of its ids does."""

    ids: tuple[tuple[str, frozenset[str]], ...]


@dataclass(frozen=True)
class Goal:
    """What a target asks over [start, end]: a share between min and max, or at least `min` products."""

    start: dt.date
    end: dt.date
    min: Fraction | int | None  # Fraction for share targets, int for count targets
    max: Fraction | None  # share targets only
    milestone: bool  # a milestone's goal (a part of the period), else the plan's own


@dataclass(frozen=True)
class Target:
    id: str
    label: dict[str, str]
    any: tuple[Condition, ...]
    measure: str  # "share" or "count"
    min: Fraction | int | None  # Fraction for share targets, int for count targets
    max: Fraction | None  # share targets only
    line: int
    count_by: str | None = None  # "versions" or "products"; None: the plan's
    translations: str | None = None  # "all" or "reviewed"; None: the plan's
    milestones: tuple[Goal, ...] = ()  # in date order, not overlapping

    def label_in(self, lang: str, fallbacks: tuple[str, ...] = LABEL_FALLBACKS) -> str:
        return in_language(self.label, lang, fallbacks, self.id)


@dataclass(frozen=True)
class TargetPlan:
    path: Path
    name: str
    reference: str | None
    start: dt.date
    end: dt.date
    count: str  # "versions" or "products"
    targets: tuple[Target, ...]
    id: str = "targets"  # the file's name without .yml
    number: str | None = None
    date: dt.date | None = None
    authority: str | None = None
    translations: str = "all"

    def count_of(self, target: Target) -> str:
        return target.count_by or self.count

    def translations_of(self, target: Target) -> str:
        return target.translations or self.translations

    def goal(self, target: Target, start: dt.date, end: dt.date) -> Goal:
        """The goal that judges [start, end]: the narrowest milestone holding it, else the plan's."""
        for milestone in target.milestones:
            if milestone.start <= start and end <= milestone.end:
                return milestone
        return Goal(self.start, self.end, target.min, target.max, False)

    @property
    def title(self) -> str:
        """Its name with its number (or older reference), as reports name it."""
        mark = self.number or self.reference
        return f"{self.name} ({mark})" if mark else self.name


PLANS_FOLDER = "plans"
SINGLE_PLAN_FILE = "targets.yml"


def plan_files(root: Path, problems: ProblemList | None = None) -> list[Path]:
    """The files of a hub's plans: content/targets.yml, then content/plans/*.yml in name order.

    Links are listed too (the YAML reader refuses them, with a message); a linked plans/ folder is not read.
    """
    root = Path(root)
    files = [root / SINGLE_PLAN_FILE] if os.path.lexists(root / SINGLE_PLAN_FILE) else []
    folder = root / PLANS_FOLDER
    if folder.is_symlink():
        if problems is not None:
            problems.error(folder, 0, "symlink_not_allowed", name=f"{PLANS_FOLDER}/")
    elif folder.is_dir():
        files += sorted(path for path in folder.iterdir() if path.suffix == ".yml" and not path.name.startswith("."))
    return files


def load_plans(root: Path, content: Content) -> tuple[list[TargetPlan], ProblemList]:
    """Every plan of the hub that has no errors, and the problems of all of them."""
    problems = ProblemList()
    plans: dict[str, TargetPlan] = {}
    files = plan_files(root, problems)
    if len(files) > MAX_PLANS:
        problems.error(files[MAX_PLANS].parent, 0, "plans_too_many", limit=MAX_PLANS)
        files = files[:MAX_PLANS]
    for path in files:
        plan_id = path.stem
        if not ID.match(plan_id):
            problems.error(path, 0, "plan_file_name_invalid", value=path.name)
            continue
        if plan_id in plans:
            problems.error(path, 0, "plan_id_twice", value=plan_id, first=plans[plan_id].path.name)
            continue
        plan, found = load_targets(path, content)
        problems.extend(found)
        if plan is not None:
            plans[plan_id] = plan
    return list(plans.values()), problems


def load_targets(path: Path, content: Content) -> tuple[TargetPlan | None, ProblemList]:
    """The plan in `path`, checked against the registries of `content`; None when it has errors."""
    path = Path(path).resolve()
    problems = ProblemList()
    if not path.exists():
        problems.error(path, 0, "file_missing")
        return None, problems
    data = parse_yaml_file(path, problems)  # a folder, pipe or device is refused there, as a file over its limit
    if data is None:
        return None, problems
    if not isinstance(data, LineDict):
        problems.error(path, getattr(data, "line", 1), "expected_mapping", field=path.name)
        return None, problems
    fields = Fields(path, data, problems)
    fields.unknown_keys(TOP_KEYS)
    fields.require(TARGETS.required)
    about = _plan(path, data, problems)
    start, end = _period(path, data, problems)
    count = fields.value(TARGETS["count"], {})
    translations = fields.value(TARGETS["translations"], {}) or "all"
    targets = _targets(path, data, content, problems)
    if targets and start and end:
        for target in targets:
            _check_milestones(path, target, start, end, problems)
    if problems.errors or None in (about, start, end, count, targets):
        return None, problems
    return TargetPlan(path, about["name"], about["reference"], start, end, count, targets, id=path.stem,
                      number=about["number"], date=about["date"], authority=about["authority"],
                      translations=translations), problems


def _mapping(path: Path, parent: LineDict, key: str, problems: ProblemList, field: str | None = None):
    value = parent.get(key)
    if value is None:
        return None
    if not isinstance(value, LineDict):
        problems.error(path, parent.line_of(key), "expected_mapping", field=field or key)
        return None
    return value


def _block(path: Path, data: LineDict, key: str, format, problems: ProblemList) -> Fields | None:
    """The fields of the mapping under `key`, its keys checked against the schema's `format`."""
    mapping = _mapping(path, data, key, problems)
    if mapping is None:
        return None
    fields = Fields(path, mapping, problems, prefix=f"{key}.")
    fields.unknown_keys(format.keys)
    fields.require(format.required)
    return fields


def _plan(path: Path, data: LineDict, problems: ProblemList) -> dict | None:
    fields = _block(path, data, "plan", PLAN, problems)
    if fields is None:
        return None
    about = {field.name: fields.value(field, {}) for field in PLAN.fields}
    return None if about["name"] is None else about


def _period(path: Path, data: LineDict, problems: ProblemList, key: str = "period",
            prefix: str = "") -> tuple[dt.date | None, dt.date | None]:
    mapping = _mapping(path, data, key, problems, field=f"{prefix}{key}")
    if mapping is None:
        return None, None
    fields = Fields(path, mapping, problems, prefix=f"{prefix}{key}.")
    fields.unknown_keys(PERIOD.keys)
    fields.require(PERIOD.required)
    if fields is None:
        return None, None
    start, end = (fields.value(field, {}) for field in PERIOD.fields)
    if start is not None and end is not None and start > end:
        problems.error(path, fields.mapping.line_of("to"), "target_period_reversed", start=start, end=end)
        return None, None
    return start, end


def _targets(path: Path, data: LineDict, content: Content, problems: ProblemList) -> tuple[Target, ...] | None:
    entries = data.get("targets")
    if entries is None:
        return None
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of("targets"), "expected_list", field="targets")
        return None
    registries = {"languages": {language.code for language in content.languages}, "channels": content.channels,
                  "units": content.units, "topics": content.topics}
    # Each condition key: (its ids, what one is called, the registry file), or (its values, None, None).
    known = {field.name: (registries[field.registry], field.item, field.source) if field.registry
             else (field.values, None, None) for field in CONDITION.fields}
    languages = [language.code for language in content.languages]
    targets, first_line = [], {}
    for index, entry in enumerate(entries):
        field = f"targets[{index + 1}]"
        if not isinstance(entry, LineDict):
            problems.error(path, entries.line_of(index), "expected_mapping", field=field)
            continue
        target = _target(path, entry, field, known, languages, problems)
        if target is None:
            continue
        if target.id in first_line:
            problems.error(path, entry.line_of("id"), "duplicate_id", value=target.id, first_line=first_line[target.id])
            continue
        first_line[target.id] = entry.line_of("id")
        targets.append(target)
    return tuple(targets)


def _target(path, entry: LineDict, field: str, known, languages, problems: ProblemList) -> Target | None:
    fields = Fields(path, entry, problems, prefix=f"{field}.")
    fields.unknown_keys(TARGET_KEYS)
    fields.require(TARGET.required)
    known_languages = {"languages": languages}
    target_id, label = (fields.value(TARGET[key], known_languages) for key in ("id", "label"))
    conditions = _conditions(path, entry, f"{field}.any", known, problems)
    measure = _measure(path, entry, field, target_id, problems)
    count_by, translations = (fields.value(TARGET[key], {}) for key in ("count_by", "translations"))
    # Read even when the rest is wrong, so that every mistake of the target is reported at once.
    milestones = _milestones(path, entry, field, target_id, measure[0] if measure else None, problems)
    if target_id is None or not label or conditions is None or measure is None or milestones is None:
        return None
    kind, low, high = measure
    return Target(target_id, label, conditions, kind, low, high, entry.line_of("id"), count_by, translations,
                  milestones)


def _milestones(path, entry: LineDict, field: str, target_id, kind: str | None,
                problems: ProblemList) -> tuple[Goal, ...] | None:
    """The target's milestones, each with the target's measure; None when any is wrong."""
    items = entry.get("milestones")
    if items is None:
        return ()
    if not isinstance(items, LineList):
        problems.error(path, entry.line_of("milestones"), "expected_list", field=f"{field}.milestones")
        return None
    goals, ok = [], True
    for index, item in enumerate(items):
        item_field = f"{field}.milestones[{index + 1}]"
        if not isinstance(item, LineDict):
            problems.error(path, items.line_of(index), "expected_mapping", field=item_field)
            ok = False
            continue
        Fields(path, item, problems, prefix=f"{item_field}.").unknown_keys(MILESTONE.keys)
        start, end = _period(path, item, problems, prefix=f"{item_field}.")
        if "period" not in item:
            problems.error(path, item.line, "field_missing", field=f"{item_field}.period")
        measure = _measure(path, item, item_field, target_id, problems)
        if measure is not None and kind is not None and measure[0] != kind:
            problems.error(path, item.line, "milestone_measure_differs", field=item_field, measure=kind)
            measure = None
        if start is None or end is None or measure is None:
            ok = False
            continue
        goals.append((item.line, Goal(start, end, measure[1], measure[2], True)))
    if not ok:
        return None
    return tuple(goal for _, goal in sorted(goals, key=lambda pair: pair[1].start))


def _check_milestones(path: Path, target: Target, start: dt.date, end: dt.date, problems: ProblemList) -> None:
    """Milestones lie within the plan's period and do not overlap (so that one goal judges a period)."""
    previous = None
    for goal in target.milestones:
        if goal.start < start or goal.end > end:
            problems.error(path, target.line, "milestone_outside_period", id=target.id, start=goal.start,
                           end=goal.end, plan_start=start, plan_end=end)
        if previous is not None and goal.start <= previous.end:
            problems.error(path, target.line, "milestones_overlap", id=target.id, first=previous.start,
                           second=goal.start)
        previous = goal


def _conditions(path, entry: LineDict, field: str, known, problems: ProblemList) -> tuple[Condition, ...] | None:
    items = entry.get("any")
    if items is None:
        return None
    if not isinstance(items, LineList) or not items:
        problems.error(path, entry.line_of("any"), "target_any_empty", field=field)
        return None
    conditions, ok = [], True
    for index, item in enumerate(items):
        item_field = f"{field}[{index + 1}]"
        line = items.line_of(index)
        if not isinstance(item, LineDict):
            problems.error(path, line, "expected_mapping", field=item_field)
            ok = False
            continue
        if not item:
            problems.error(path, line, "target_condition_empty", field=item_field)
            ok = False
            continue
        Fields(path, item, problems, prefix=f"{item_field}.").unknown_keys(CONDITION_KEYS)
        ids = []
        for key in CONDITION_KEYS:
            if key in item:
                checked = _ids(path, item, key, f"{item_field}.{key}", known[key], problems)
                ok = ok and checked is not None
                if checked is not None:
                    ids.append((key, frozenset(checked)))
        ok = ok and all(key in CONDITION_KEYS for key in item)
        conditions.append(Condition(tuple(ids)))
    return tuple(conditions) if ok else None


def _ids(path, item: LineDict, key: str, field: str, known, problems: ProblemList) -> list[str] | None:
    """One id or a list of ids, each checked against a registry or a fixed vocabulary."""
    values, kind, source = item[key], known[1], known[2]
    if isinstance(values, LineList):
        lines = [values.line_of(index) for index in range(len(values))]
    else:
        values, lines = [values], [item.line_of(key)]
    if not values:
        problems.error(path, item.line_of(key), "expected_id_list", field=field)
        return None
    ids, ok = [], True
    for value, line in zip(values, lines):
        if kind is not None:
            checked = check_reference(value, known[0], kind, source, path, line, field, problems)
        elif isinstance(value, str) and value in known[0]:
            checked = value
        else:
            suggestion = closest(value, known[0])
            problems.error(path, line, "value_not_allowed" if suggestion is None else "target_value_suggest",
                           field=field, value=value, allowed=", ".join(known[0]), suggestion=suggestion)
            checked = None
        ok = ok and checked is not None
        ids.append(checked)
    return ids if ok else None


def _measure(path, entry: LineDict, field: str, target_id, problems: ProblemList):
    """("share", min, max) or ("count", min, None); None when missing or wrong."""
    present = [field.name for field in TARGET.fields if field.required == "measure" and field.name in entry]
    name = target_id or field
    if not present:
        problems.error(path, entry.line, "target_measure_missing", id=name)
        return None
    if len(present) == 2:
        problems.error(path, entry.line_of("count"), "target_measure_both", id=name)
        return None
    kind = present[0]
    bounds = _mapping(path, entry, kind, problems, field=f"{field}.{kind}")
    if bounds is None:
        if entry.get(kind) is None:
            problems.error(path, entry.line_of(kind), "expected_mapping", field=f"{field}.{kind}")
        return None
    prefix = f"{field}.{kind}."
    if kind == "count":
        for key in bounds:
            if key == "max":  # its own message: a maximum number is not a mistyped key
                problems.error(path, bounds.line_of(key), "target_count_max", field=f"{prefix}max")
            elif key not in COUNT_KEYS:
                problems.error(path, bounds.line_of(key), "field_unknown_suggest", field=f"{prefix}{key}",
                               suggestion="min", allowed=", ".join(COUNT_KEYS))
        Fields(path, bounds, problems, prefix=prefix).require(COUNT.required)
        low = _whole_number(path, bounds, "min", f"{prefix}min", problems)
        if low is None or set(bounds) - set(COUNT_KEYS):
            return None
        return "count", low, None
    Fields(path, bounds, problems, prefix=prefix).unknown_keys(SHARE_KEYS)
    if "min" not in bounds and "max" not in bounds:
        problems.error(path, entry.line_of("share"), "target_bound_missing", field=f"{field}.share")
        return None
    low, high = (_share(path, bounds, key, f"{prefix}{key}", problems) for key in SHARE_KEYS)
    if (("min" in bounds) and low is None) or (("max" in bounds) and high is None) or set(bounds) - set(SHARE_KEYS):
        return None
    if low is not None and high is not None and low > high:
        problems.error(path, bounds.line_of("min"), "target_min_above_max", field=f"{field}.share",
                       min=bounds["min"], max=bounds["max"])
        return None
    return "share", low, high


def _share(path, bounds: LineDict, key: str, field: str, problems: ProblemList) -> Fraction | None:
    """A share as an exact fraction: 0.15 is 3/20, so that 15% of 20 is exactly 3."""
    if key not in bounds:
        return None
    value, line = bounds[key], bounds.line_of(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not abs(value) < float("inf"):
        problems.error(path, line, "target_expected_number", field=field, value=value)
        return None
    share = Fraction(str(value))  # the decimal as written, not the binary float
    if not 0 <= share <= 1:
        problems.error(path, line, "target_share_range", field=field, value=value)
        return None
    return share


def _whole_number(path, bounds: LineDict, key: str, field: str, problems: ProblemList) -> int | None:
    if key not in bounds or bounds[key] is None:
        return None
    value = bounds[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.error(path, bounds.line_of(key), "target_expected_count", field=field, value=value)
        return None
    return value
