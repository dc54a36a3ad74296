"""The field tables of CONTRIBUTING.md, written from the content schema (content/schema.py).

Each table stands between two markers, which name the files it describes (as schema.FILES does)
and its language:

    <!-- commhub:schema channels.yml units.yml topics.yml vi -->
    …
    <!-- /commhub:schema -->

`update_tables` writes every table of a text again; scripts/schema_docs.py runs it on
CONTRIBUTING.md (tests/test_schema.py fails when a table there differs from the schema), and
`commhub init` writes a new hub's tables with `schema_block`.
"""

from __future__ import annotations

import re
from typing import Sequence

from commhub.content import schema
from commhub.content.schema import FILES, Field, Format
from commhub.i18n.messages import Messages

# A block: its opening marker, anything but another opening marker, its end.
MARKER = re.compile(r"<!-- commhub:schema (?P<args>[^\n]*?) -->\n(?:(?!<!-- commhub:schema ).)*?"
                    r"<!-- /commhub:schema -->", re.S)
END = "<!-- /commhub:schema -->"


class SchemaDocsError(ValueError):
    """A marker naming a file the schema does not describe, or no language."""


def update_tables(text: str) -> str:
    """`text` with each table between markers written again from the schema."""
    return MARKER.sub(lambda match: schema_block(*_arguments(match["args"])), text)


def _arguments(args: str) -> tuple[list[str], str]:
    *files, lang = args.split()
    unknown = [name for name in files if name not in FILES]
    if not files or unknown:
        raise SchemaDocsError(f"<!-- commhub:schema {args} -->: give one or more of {', '.join(FILES)}, "
                              f"then a language (unknown: {', '.join(unknown) or 'none given'})")
    return files, lang


def schema_block(files: Sequence[str], lang: str) -> str:
    """The table of `files` in `lang`, between its markers."""
    return f"<!-- commhub:schema {' '.join(files)} {lang} -->\n\n{table(files, lang)}\n{END}"


def table(files: Sequence[str], lang: str) -> str:
    """A Markdown table of the fields of `files` (keys of schema.FILES), in `lang`: one row per field,
    the fields of a block or of a list's entries after it (`translation.method`, `media[].file`)."""
    t = Messages(lang)
    headers = [t(f"schema.table.{column}") for column in ("key", "required", "value", "meaning", "example")]
    lines = [_row(headers), _row(["---"] * len(headers))]
    formats = [FILES[name] for name in files]
    for field, owners in _union(formats):
        format = next(format for format in formats if field.name in format)
        lines += _rows(t, format, field, "", [name for name, f in zip(files, formats) if f in owners]
                       if len(owners) < len(formats) else None)
    return "\n".join(lines) + "\n"


def _union(formats: list[Format]) -> list[tuple[Field, list[Format]]]:
    """The fields of all `formats`, each once in the order first met, with the formats that have it."""
    found: dict[str, tuple[Field, list[Format]]] = {}
    for format in formats:
        for field in format.fields:
            found.setdefault(field.name, (field, []))[1].append(format)
    return list(found.values())


def _rows(t: Messages, format: Format, field: Field, prefix: str, only_in: list[str] | None) -> list[str]:
    required = t(f"schema.required.{_required_key(field)}")
    if only_in:
        required = t("schema.table.only_in", required=required, files=", ".join(f"`{name}`" for name in only_in))
    rows = [_row([f"`{prefix}{field.name}`", required, _value(t, field), t(format.description_key(field)),
                  _example(t, format, field)])]
    if field.format is not None:
        inner = f"{prefix}{field.name}{'[].' if field.kind == schema.ENTRIES else '.'}"
        for sub in field.format.fields:
            rows += _rows(t, field.format, sub, inner, None)
    return rows


def _required_key(field: Field) -> str:
    if field.required is True:
        return "always"
    return "never" if field.required is False else field.required


def _value(t: Messages, field: Field) -> str:
    kind = field.kind
    if kind in (schema.CHOICE, schema.CHOICES):
        return t(f"schema.kind.{kind}", values=", ".join(_value_name(t, field.vocabulary, value)
                                                         for value in field.values))
    if kind in (schema.REFERENCE, schema.REFERENCES):
        return t(f"schema.kind.{kind}", source=field.source)
    if kind in (schema.TEXT, schema.ENTRIES) and field.limit is not None:
        return t(f"schema.kind.{kind}_limit", limit=field.limit)
    return t(f"schema.kind.{kind}")


def _value_name(t: Messages, vocabulary: schema.Vocabulary, value: str) -> str:
    """`value`, with what it means when the catalogue says more than the value itself."""
    key = vocabulary.label_key(value)
    label = t(key) if t.has(key) else value
    return f"`{value}`" if label.casefold() == value.casefold() else f"`{value}` ({label})"


def _example(t: Messages, format: Format, field: Field) -> str:
    value = field.example
    if value is None:
        return ""
    if value == schema.TRANSLATED:
        value = t(format.example_key(field))
        if field.kind == schema.LOCALIZED:
            value = f"{t.lang}: {value}"
    elif isinstance(value, tuple):
        value = f"[{', '.join(value)}]"
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return f"`{value}`"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"
