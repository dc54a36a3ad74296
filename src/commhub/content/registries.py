"""The registries: languages.yml, channels.yml, units.yml, topics.yml."""

from __future__ import annotations

from pathlib import Path

from commhub.content.language_tags import code_problem, is_private_use
from commhub.content.limits import MAX_REGISTRY_ENTRIES
from commhub.content.model import LANGUAGE_GROUPS, Language, Named
from commhub.content.problems import ProblemList
from commhub.content.yamlio import LineDict, LineList
from commhub.content.fields import LANGUAGE_CODE, Fields, check_reference
from commhub.content.reading import parse_yaml_file


LANGUAGE_KEYS = ("code", "name", "group", "default", "ui_fallback")


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
        fields.unknown_keys(LANGUAGE_KEYS)
        fields.require(("code", "name", "group"))
        code = fields.identifier("code", LANGUAGE_CODE, "language_code_invalid")
        registered = code_problem(code) if code is not None else None
        if registered is not None:
            problems.error(path, entry.line_of("code"), registered[0], **registered[1])
            code = None
        elif code is not None and is_private_use(code):
            problems.warning(path, entry.line_of("code"), "language_code_private", value=code)
        if code is not None and code in first_line:
            problems.error(path, entry.line_of("code"), "duplicate_id", value=code, first_line=first_line[code])
            code = None
        name, group = fields.text("name"), fields.choice("group", LANGUAGE_GROUPS)
        default = fields.boolean("default")
        ui_fallback = fields.text("ui_fallback")
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
    Fields(path, data, problems).unknown_keys((key,))
    entries = data[key]
    if not isinstance(entries, LineList):
        problems.error(path, data.line_of(key), "expected_list", field=key)
        return empty
    limit = MAX_REGISTRY_ENTRIES[key]
    if len(entries) > limit:
        # Every page carries a language's menu and switcher, every product page its topics: the
        # site grows with the square of these lists.
        problems.error(path, entries.line_of(limit), "registry_too_long", field=key, limit=limit)
        del entries[limit:]
    return entries


def load_named(root: Path, key: str, languages: list[str], problems: ProblemList, with_group=None) -> dict[str, Named]:
    """Load channels.yml / units.yml / topics.yml: `<key>: [{id, name: {lang: text}, ...}]`."""
    path = root / f"{key}.yml"
    data = _registry_document(path, key, problems)
    allowed = ("id", "name", "group") if with_group else ("id", "name")
    result: dict[str, Named] = {}
    first_line: dict[str, int] = {}
    for index, entry in enumerate(data):
        if not isinstance(entry, LineDict):
            problems.error(path, data.line_of(index), "expected_mapping", field=f"{key}[{index + 1}]")
            continue
        fields = Fields(path, entry, problems)
        fields.unknown_keys(allowed)
        fields.require(allowed)
        item_id = fields.identifier("id")
        if item_id is not None and item_id in first_line:
            problems.error(path, entry.line_of("id"), "duplicate_id", value=item_id, first_line=first_line[item_id])
            item_id = None
        names = localized_texts(entry, "name", languages, path, problems)
        group = fields.choice("group", with_group) if with_group else None
        if item_id is None or names is None or (with_group and group is None):
            continue
        first_line[item_id] = entry.line_of("id")
        result[item_id] = Named(item_id, names, group)
    return result


def localized_texts(mapping: LineDict, key: str, languages: list[str], path: Path, problems: ProblemList,
                    field: str | None = None) -> dict[str, str] | None:
    """A `{lang: text}` mapping whose keys must be declared languages."""
    field = field or key
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, LineDict) or not value:
        problems.error(path, mapping.line_of(key), "expected_localized", field=field)
        return None
    texts = {}
    for lang, text in value.items():
        if lang not in languages:
            check_reference(lang, languages, "language", "languages.yml", path, value.line_of(lang), f"{field}.{lang}",
                            problems)
        elif not isinstance(text, str) or not text.strip():
            problems.error(path, value.line_of(lang), "expected_text", field=f"{field}.{lang}")
        else:
            texts[lang] = text.strip()
    return texts


REGISTRIES = ("languages", "channels", "units", "topics")
