"""`commhub new topic|unit|channel ID --name …`: add an entry to topics.yml, units.yml or channels.yml.

The entry is appended to the file's list as text, in the layout of the entries before it, so that
comments and formatting stay; the result is parsed again before it is written. Names are given as
`--name "Bình đẳng giới"` (the hub's default language) or `--name km=…`, once per language.

A unit may also be placed in time: `--level`, `--parent`, `--from DATE` (its first day) and
`--replaces OLD` (repeatable), which ends each former unit the day before and names the new one its
successor — a merger in one command (`commhub new unit thanh-pho-can-tho --name … --replaces
tinh-soc-trang --from 2025-07-01`). With `--replaces`, ID may be a unit that exists already (a
province merged into an existing one): then only the former units are edited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from yaml.nodes import SequenceNode

from commhub.content.fields import ID
from commhub.content.model import CHANNEL_GROUPS, UNIT_LEVELS
from commhub.content.names import slugify
from commhub.content.problems import ProblemList, display_path
from commhub.content.schema import registry_file
from commhub.content.yamledit import YamlText, append_item, item_prefix, scalar_text, value_of
from commhub.content.yamlio import dump_scalar
from commhub.i18n.messages import MessageError, Messages
from commhub.scaffold.languages import read_yaml
from commhub.scaffold.new import load_registries

REGISTRIES = {"topic": "topics", "unit": "units", "channel": "channels"}


class EntryError(MessageError):
    """A registry entry that cannot be added."""


@dataclass(frozen=True)
class UnitPlace:
    """Where a new unit sits and since when (`commhub new unit`); every field optional."""

    level: str | None = None
    parent: str | None = None
    start: str | None = None  # YYYY-MM-DD: its first day
    replaces: tuple[str, ...] = ()  # units that cease the day before `start`, succeeded by it


def add_entry(content_dir: Path, kind: str, ident: str, names: list[str], group: str | None,
              place: UnitPlace = UnitPlace()) -> tuple[Path, int | None, list[str]]:
    """Append the entry (and end the units it replaces); (the file, the new entry's line — None when
    merging into a unit already there —, the units replaced). EntryError when refused (nothing written)."""
    registry = REGISTRIES[kind]
    path = Path(content_dir) / registry_file(registry)
    registries = load_registries(Path(content_dir))
    if not ID.match(ident or ""):
        raise EntryError("id_invalid", id=ident, suggestion=slugify(ident or "") or "binh-dang-gioi")
    start = _check_place(kind, place, registries.units, ident, display_path(path))
    merging_into = place.replaces and ident in registries.units
    texts = _names(names, registries.default, list(registries.languages))
    if registries.default not in texts and not merging_into:
        raise EntryError("name_missing", lang=registries.default)
    if kind == "channel" and group not in CHANNEL_GROUPS:
        raise EntryError("group_missing" if group is None else "group_invalid", group=group,
                         allowed=", ".join(CHANNEL_GROUPS))
    problems = ProblemList()
    read = read_yaml(path, problems)
    if read is None:
        raise EntryError("unreadable", path=display_path(path))
    text = read[1]
    sequence = value_of(text.root, registry)
    prefix = item_prefix(text, sequence) if isinstance(sequence, SequenceNode) else None
    if prefix is None:
        raise EntryError("not_block", path=display_path(path), key=registry)
    items = {scalar_text(value_of(item, "id")): item for item in sequence.value}
    if ident in items and not merging_into:
        raise EntryError("exists", id=ident, path=display_path(path), line=items[ident].start_mark.line + 1)
    for old in place.replaces:
        _end(text, items[old], ident, start - dt.timedelta(days=1))
    if merging_into:
        result = text.result()
    else:
        pad = " " * len(prefix)
        lines = [f"{prefix}id: {ident}"]
        lines += [f"{pad}{key}: {value}" for key, value in (("level", place.level), ("parent", place.parent),
                                                           ("valid_from", place.start)) if value]
        lines.append(f"{pad}name:")
        lines += [f"{pad}  {code}: {dump_scalar(texts[code])}" for code in texts]
        if kind == "channel":
            lines.append(f"{pad}group: {group}")
        result = append_item(text, sequence, lines)
    added = {scalar_text(value_of(item, "id")): item for item in value_of(YamlText(result).root, registry).value}
    if ident not in added or len(added) != len(items) + (0 if merging_into else 1):
        raise EntryError("not_block", path=display_path(path), key=registry)  # never expected
    path.write_bytes(result.encode("utf-8"))
    return path, None if merging_into else added[ident].start_mark.line + 1, list(place.replaces)


def _check_place(kind: str, place: UnitPlace, units: dict, ident: str, path: str) -> dt.date | None:
    """The new unit's first day; EntryError for a place that cannot be."""
    if place == UnitPlace():
        return None
    if kind != "unit":
        raise EntryError("only_units")
    if place.level is not None and place.level not in UNIT_LEVELS:
        raise EntryError("level_invalid", level=place.level, allowed=", ".join(UNIT_LEVELS))
    if place.parent is not None and place.parent not in units:
        raise EntryError("unit_unknown", id=place.parent, path=path)
    start = None
    if place.start is not None:
        try:
            start = dt.date.fromisoformat(place.start)
        except ValueError:
            raise EntryError("date_invalid", value=place.start) from None
    if place.replaces and start is None:
        raise EntryError("from_missing")
    for old in place.replaces:
        if old not in units:
            raise EntryError("unit_unknown", id=old, path=path)
        if old == ident:
            raise EntryError("replaces_itself", id=old)
        if units[old].valid_to is not None:
            raise EntryError("already_ceased", id=old, end=units[old].valid_to)
    return start


def _end(text: YamlText, item, successor: str, last_day: dt.date) -> None:
    """Give a unit's entry its last day and its successor, on the lines after its `id`."""
    id_key = next(key for key, _ in item.value if scalar_text(key) == "id")
    if item.flow_style:
        raise EntryError("not_block", path="units.yml", key="units")
    line = id_key.start_mark.line
    end = text.line_starts[line] + len(text.line_text(line))
    pad = " " * id_key.start_mark.column
    if value_of(item, "successors") is not None:
        raise EntryError("has_successors", id=scalar_text(value_of(item, "id")))
    newline = "\r\n" if "\r\n" in text.text else "\n"
    text.insert(end, f"{newline}{pad}valid_to: {last_day.isoformat()}{newline}{pad}successors: [{successor}]")


def _names(names: list[str], default: str, codes: list[str]) -> dict[str, str]:
    """{language: name} from `--name TEXT` (the default language) and `--name CODE=TEXT`."""
    texts: dict[str, str] = {}
    for given in names:
        code, sep, name = given.partition("=")
        if not sep or code not in codes:
            code, name = default, given
        name = " ".join(name.split())
        if not name:
            raise EntryError("name_missing", lang=code)
        texts[code] = name
    return {code: texts[code] for code in codes if code in texts}


def run_add_entry(content_dir: Path, kind: str, ident: str, names: list[str], group: str | None, lang: str,
                  echo: Callable[[str], None], place: UnitPlace = UnitPlace()) -> int:
    messages = Messages(lang)
    kind_name = messages(f"problem.kinds.{kind}")
    try:
        path, line, replaced = add_entry(content_dir, kind, ident, names, group, place)
    except EntryError as error:
        echo(messages(f"problem.new_entry.{error.code}", kind=kind_name, **error.params))
        return 1
    if line is not None:
        echo(messages("problem.new_entry.added", kind=kind_name, id=ident, path=display_path(path), line=line))
    for old in replaced:
        end = dt.date.fromisoformat(place.start) - dt.timedelta(days=1)
        echo(messages("problem.new_entry.replaced", old=old, id=ident, end=end.isoformat(), path=display_path(path)))
    if replaced:
        echo(messages("problem.new_entry.replaced_next", start=place.start))
    return 0
