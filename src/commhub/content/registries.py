"""The registries: languages.yml, channels.yml, units.yml, topics.yml."""

from __future__ import annotations

from pathlib import Path

from commhub.content.language_tags import code_problem, is_private_use
from commhub.content.model import Language, Named
from commhub.content.problems import ProblemList
from commhub.content.schema import LANGUAGE, REGISTRY_ENTRIES, REGISTRY_FILES
from commhub.content.yamlio import LineDict, LineList
from commhub.content.fields import Fields
from commhub.content.reading import parse_yaml_file

# The fields of a unit that place it in time and in the administration (content/schema.py, UNIT).
UNIT_TIME_FIELDS = ("level", "parent", "valid_from", "valid_to", "successors")


def load_languages(root: Path, problems: ProblemList) -> list[Language]:
    path = root / "languages.yml"
    data = _registry_document(path, "languages", problems)
    languages: list[Language] = []
    first_line: dict[str, int] = {}
    for index, entry in enumerate(data):
        line = data.line_of(index)
        if not isinstance(entry, LineDict):
            problems.error(path, line, "expected_mapping", field=f"languages[{index + 1}]")
            continue
        fields = Fields(path, entry, problems, prefix="")
        fields.unknown_keys(LANGUAGE.keys)
        fields.require(LANGUAGE.required)
        code = fields.value(LANGUAGE["code"], {})
        registered = code_problem(code) if code is not None else None
        if registered is not None:
            problems.error(path, entry.line_of("code"), registered[0], **registered[1])
            code = None
        elif code is not None and is_private_use(code):
            problems.warning(path, entry.line_of("code"), "language_code_private", value=code)
        if code is not None and code in first_line:
            problems.error(path, entry.line_of("code"), "duplicate_id", value=code, first_line=first_line[code])
            code = None
        name, group, default = (fields.value(LANGUAGE[key], {}) for key in ("name", "group", "default"))
        ui_fallback = fields.text("ui_fallback")  # a reference to this very list: checked once it is read, below
        if code is None or name is None or group is None:
            continue
        first_line[code] = entry.line_of("code")
        languages.append(Language(code, name, group, bool(default), ui_fallback))
    codes = [language.code for language in languages]
    for language in languages:
        if language.ui_fallback is not None and language.ui_fallback not in codes:
            problems.error(
                path, first_line[language.code], "unknown_id", field="ui_fallback", kind="language",
                value=language.ui_fallback, source="languages.yml", allowed=", ".join(codes), suggestion=None,
            )
    defaults = [language for language in languages if language.default]
    if languages and len(defaults) != 1:
        lines = ", ".join(str(first_line[language.code]) for language in defaults)
        problems.error(path, first_line[defaults[1].code] if len(defaults) > 1 else data.line,
                       "default_count", count=len(defaults), lines=lines or "-")
    return languages


def _registry_document(path: Path, key: str, problems: ProblemList) -> LineList:
    empty = LineList()
    empty.line, empty.item_lines = 0, []
    if not path.exists():
        problems.error(path, 0, "file_missing")
        return empty
    before = len(problems)
    data = parse_yaml_file(path, problems)  # a folder, pipe or device is refused there
    if data is None and len(problems) > before:
        return empty  # unreadable or not YAML: already reported
    if not isinstance(data, LineDict) or key not in data:
        problems.error(path, getattr(data, "line", 1), "registry_key_missing", key=key)
        return empty
    Fields(path, data, problems).unknown_keys(REGISTRY_FILES[key].keys)
    entries = data[key]
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of(key), "expected_list", field=key)
        return empty
    limit = REGISTRY_FILES[key][key].limit
    if len(entries) > limit:
        # Every page carries a language's menu and switcher, every product page its topics: the
        # site grows with the square of these lists.
        problems.error(path, entries.line_of(limit), "registry_too_long", field=key, limit=limit)
        del entries[limit:]
    return entries


def load_named(root: Path, key: str, languages: list[str], problems: ProblemList) -> dict[str, Named]:
    """Load channels.yml / units.yml / topics.yml: `<key>: [{id, name: {lang: text}, ...}]` (channels
    also have a `group`)."""
    path = root / f"{key}.yml"
    data = _registry_document(path, key, problems)
    entry_format = REGISTRY_ENTRIES[key]
    with_group = "group" in entry_format
    # Units name other units (parent, successors): any id of the file, checked once all are read.
    declared = {entry.get("id") for entry in data if isinstance(entry, LineDict) and isinstance(entry.get("id"), str)}
    known = {"languages": languages, key: declared}
    in_time = key == "units"
    result: dict[str, Named] = {}
    first_line: dict[str, int] = {}
    lines: dict[str, LineDict] = {}
    for index, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            problems.error(path, data.line_of(index), "expected_mapping", field=f"{key}[{index + 1}]")
            continue
        fields = Fields(path, entry, problems)
        fields.unknown_keys(entry_format.keys)
        fields.require(entry_format.required)
        item_id = fields.value(entry_format["id"], known)
        if item_id is not None and item_id in first_line:
            problems.error(path, entry.line_of("id"), "duplicate_id", value=item_id, first_line=first_line[item_id])
            item_id = None
        names = fields.value(entry_format["name"], known)
        group = fields.value(entry_format["group"], known) if with_group else None
        if item_id is None or names is None or (with_group and group is None):
            continue
        first_line[item_id] = entry.line_of("id")
        lines[item_id] = entry
        result[item_id] = Named(item_id, names, group, **(_unit_in_time(fields, entry_format, known) if in_time else {}))
    if in_time:
        _check_units_in_time(path, result, lines, problems)
    return result


def _unit_in_time(fields: Fields, entry_format, known) -> dict:
    values = {name: fields.value(entry_format[name], known) for name in UNIT_TIME_FIELDS}
    values["successors"] = values["successors"] or ()
    return values


def _check_units_in_time(path: Path, units: dict[str, Named], entries: dict[str, LineDict],
                         problems: ProblemList) -> None:
    """Dates in order, no unit its own ancestor or successor, successors only of a unit that ceased."""
    for unit in units.values():
        entry = entries[unit.id]
        if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
            problems.error(path, entry.line_of("valid_to"), "unit_dates_reversed", value=unit.id,
                           start=unit.valid_from, end=unit.valid_to)
        if unit.successors and unit.valid_to is None:
            problems.error(path, entry.line_of("successors"), "unit_successors_without_end", value=unit.id)
        if unit.id in unit.successors:
            problems.error(path, entry.line_of("successors"), "unit_own_successor", value=unit.id)
        seen, parent = [unit.id], unit.parent
        while parent is not None and parent in units and parent not in seen:
            seen.append(parent)
            parent = units[parent].parent
        if parent == unit.id:  # each unit of the loop says so (a unit below it only leads into it)
            problems.error(path, entry.line_of("parent"), "unit_parent_cycle", value=unit.id,
                           chain=" → ".join([*seen, parent]))


REGISTRIES = tuple(REGISTRY_FILES)
