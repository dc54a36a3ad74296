"""Reading the fields of an editor's YAML mapping, each problem at the field's own line."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from commhub.content.language_tags import REMOVABLE_CODE
from commhub.content.schema import (
    BOOLEAN, CHOICE, DATE, ID as ID_KIND, LANGUAGE_CODE as LANGUAGE_CODE_KIND, LOCALIZED, REFERENCE, REFERENCES,
    SHA256 as SHA256_KIND, TEXT, Field,
)
from commhub.content.problems import ProblemList, closest
from commhub.content.yamlio import LineDict, LineList


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DMY_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Fields:
    """Validation of one YAML mapping, reporting into `problems` against `path`."""

    def __init__(self, path: Path, mapping: LineDict, problems: ProblemList, prefix: str = ""):
        self.path, self.mapping, self.problems, self.prefix = path, mapping, problems, prefix

    def value(self, field: Field, registries):
        """The value of a plain `field` (see content/schema.py), checked as its kind says; None when it
        is absent or wrong. `registries`: ids by registry name, for references and language codes."""
        key, kind = field.name, field.kind
        if kind == TEXT:
            return self.text(key)
        if kind == ID_KIND:
            return self.identifier(key)
        if kind == LANGUAGE_CODE_KIND:
            return self.identifier(key, LANGUAGE_CODE, "language_code_invalid")
        if kind == SHA256_KIND:
            return self.identifier(key, SHA256, "source_sha_invalid")
        if kind == DATE:
            return self.date(key)
        if kind == BOOLEAN:
            return self.boolean(key)
        if kind == CHOICE:
            return self.choice(key, field.values)
        if kind == REFERENCE:
            return self.reference(key, registries[field.registry], field.item, field.source)
        if kind == REFERENCES:
            return self.references(key, registries[field.registry], field.item, field.source)
        if kind == LOCALIZED:
            return localized_texts(self.mapping, key, list(registries["languages"]), self.path, self.problems,
                                   field=self.name(key))
        raise ValueError(f"{field.name}: a {kind} is read by its own code")

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def line(self, key: str) -> int:
        return self.mapping.line_of(key)

    def unknown_keys(self, allowed) -> None:
        for key in self.mapping:
            if key not in allowed:
                suggestion = closest(key, allowed)
                self.problems.error(
                    self.path, self.line(key), "field_unknown" if suggestion is None else "field_unknown_suggest",
                    field=self.name(key), suggestion=suggestion, allowed=", ".join(allowed),
                )

    def require(self, keys) -> None:
        for key in keys:
            if key not in self.mapping or self.mapping[key] is None:
                self.problems.error(self.path, self.mapping.line, "field_missing", field=self.name(key))

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.error(self.path, self.line(key), "expected_text", field=self.name(key))
            return None
        return value.strip()

    def identifier(self, key: str, pattern: re.Pattern = None, code: str = "id_invalid") -> str | None:
        """A text that must match `pattern` (default: a lower-case id); reported as `code` if not."""
        value = self.text(key)
        if value is not None and not (pattern or ID).match(value):
            self.problems.error(self.path, self.line(key), code, value=value)
            return None
        return value

    def choice(self, key: str, allowed) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or value not in allowed:
            self.problems.error(
                self.path, self.line(key), "value_not_allowed",
                field=self.name(key), value=value, allowed=", ".join(allowed),
            )
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problems.error(self.path, self.line(key), "expected_boolean", field=self.name(key), value=value)
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        return parse_date(value, self.path, self.line(key), self.name(key), self.problems)

    def reference(self, key: str, known, kind: str, source: str) -> str | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        return check_reference(value, known, kind, source, self.path, self.line(key), self.name(key), self.problems)

    def references(self, key: str, known, kind: str, source: str) -> tuple[str, ...] | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = LineList([value])
            value.line, value.item_lines = self.line(key), [self.line(key)]
        if not isinstance(value, list) or not value:
            self.problems.error(self.path, self.line(key), "expected_id_list", field=self.name(key))
            return None
        ids = []
        for index, item in enumerate(value):
            line = value.line_of(index) if isinstance(value, LineList) else self.line(key)
            checked = check_reference(item, known, kind, source, self.path, line, self.name(key), self.problems)
            if checked is not None and checked not in ids:
                ids.append(checked)
        return tuple(ids)


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


def check_reference(value, known, kind, source, path, line, field, problems) -> str | None:
    if isinstance(value, str) and value in known:
        return value
    suggestion = closest(value, known)
    if kind == "language" and isinstance(value, str) and REMOVABLE_CODE.fullmatch(value):
        undeclared_language(value, known, path, line, field, problems, suggestion)
        return None
    problems.error(
        path, line, "unknown_id" if suggestion is None else "unknown_id_suggest",
        field=field, kind=kind, value=value, source=source, allowed=", ".join(sorted(known)), suggestion=suggestion,
    )
    return None


def undeclared_language(code: str, declared, path, line, field, problems, suggestion: str | None = None) -> None:
    """Content in a language languages.yml does not declare: the message names the commands that
    declare it or remove everything in it (`commhub language add|remove`)."""
    problems.error(path, line, "language_undeclared_suggest" if suggestion else "language_undeclared", field=field,
                   value=code, allowed=", ".join(sorted(declared)), suggestion=suggestion)


def parse_date(value, path, line, field, problems) -> dt.date | None:
    text = str(value).strip()
    if ISO_DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    vietnamese = DMY_DATE.match(text)
    if vietnamese:
        day, month, year = (int(part) for part in vietnamese.groups())
        try:
            suggestion = dt.date(year, month, day).isoformat()
            problems.error(path, line, "date_day_first", field=field, value=text, suggestion=suggestion)
            return None
        except ValueError:
            pass
    problems.error(path, line, "date_invalid", field=field, value=text)
    return None
