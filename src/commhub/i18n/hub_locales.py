"""A hub's own interface strings: `locales/<lang>.yml` beside `content/`.

Each file has the nested structure of commhub's catalogues (src/commhub/i18n/locales/*.yml) and may
override any of their keys for that language, or give the strings of a language commhub has no
catalogue for (Cơ Tu `ktv`, Xơ Đăng `sed`): Messages looks in the hub's catalogue of a language
before commhub's, along the same fallback chain. The files are content like any other: read with
commhub's YAML loader (no aliases), refused when over their size limit, and checked — unknown keys
(with the closest one suggested), placeholders commhub does not fill, files of undeclared
languages, and, for a language without a catalogue of commhub's, the strings still untranslated.
"""

from __future__ import annotations

import string
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from commhub.content.files import FileRefused, read_file
from commhub.i18n.messages import catalogue, has_catalogue
from commhub.content.problems import ProblemList, closest
from commhub.content.yamlio import LineDict, YamlError, load_yaml

# Every key commhub uses is in its English catalogue, the last of every fallback chain.
REFERENCE = "en"
HubCatalogues = Mapping[str, Mapping[str, str]]  # language -> flattened key -> template


def load_hub_locales(folder: Path, languages, problems: ProblemList) -> HubCatalogues:
    """The hub's catalogues in `folder` (its `locales/`), by language; problems reported into `problems`.

    `languages`: the declared languages (content.languages), in order.
    """
    found: dict[str, Mapping[str, str]] = {}
    codes = [language.code for language in languages]
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".yml", ".yaml"):
                continue
            if path.stem not in codes:
                problems.error(path, 0, "locale_language_unknown", lang=path.stem, allowed=", ".join(codes))
                continue
            entries = _read(path, problems)
            if entries is not None:
                found[path.stem] = MappingProxyType({key: text for key, (text, _) in entries.items()})
    for language in languages:
        if not has_catalogue(language.code):
            _report_untranslated(folder, language, found.get(language.code), problems)
    return MappingProxyType(found)


def _read(path: Path, problems: ProblemList) -> dict[str, tuple[str, int]] | None:
    """The file's keys, each with its template and line; None (reported) when it cannot be used."""
    try:
        data = load_yaml(read_file(path).decode("utf-8"))
    except FileRefused as refused:
        problems.error(path, 0, refused.code, **refused.params)
        return None
    except UnicodeDecodeError:
        problems.error(path, 0, "not_utf8")
        return None
    except OSError as error:
        problems.error(path, 0, "unreadable", reason=error.strerror or str(error))
        return None
    except YamlError as error:
        problems.error(path, error.line, "yaml_syntax", problem=error.problem)
        return None
    if data is None:
        return {}
    if not isinstance(data, LineDict):
        problems.error(path, getattr(data, "line", 1), "expected_mapping", field=path.name)
        return None
    entries: dict[str, tuple[str, int]] = {}
    _flatten(data, "", path, entries, problems)
    reference = catalogue(REFERENCE)
    for key, (text, line) in list(entries.items()):
        if key not in reference:
            suggestion = closest(key, reference)
            problems.error(path, line, "locale_key_unknown_suggest" if suggestion else "locale_key_unknown",
                           key=key, suggestion=suggestion)
            del entries[key]
            continue
        unknown = _fields(text) - _fields(reference[key])
        if unknown:
            problems.error(path, line, "locale_placeholder_unknown", key=key,
                           placeholder="{" + sorted(unknown)[0] + "}",
                           allowed=", ".join("{" + name + "}" for name in sorted(_fields(reference[key]))) or "—")
            del entries[key]
    return entries


def _flatten(node: LineDict, prefix: str, path: Path, out: dict, problems: ProblemList) -> None:
    for key, value in node.items():
        name = f"{prefix}{key}"
        if isinstance(value, LineDict):
            _flatten(value, name + ".", path, out, problems)
        elif isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            out[name] = (str(value), node.line_of(key))
        else:
            problems.error(path, node.line_of(key), "expected_text", field=name)


def _fields(template: str) -> set[str]:
    """The `{name}` placeholders of a template (`{{` and `}}` are literal braces)."""
    try:
        return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template)
                if field is not None}
    except ValueError:  # an unbalanced brace: Messages would fail on it
        return {"{"}


def _report_untranslated(folder: Path, language, hub: Mapping[str, str] | None, problems: ProblemList) -> None:
    """A warning for a language with no catalogue of commhub's: how many interface strings it still
    takes from its fallback (absent from the hub's file, or copied from the fallback unchanged)."""
    fallback = catalogue(language.ui_fallback) if language.ui_fallback else {}
    keys = [key for key in catalogue(REFERENCE) if key.startswith("ui.")]
    untranslated = [key for key in keys if hub is None or key not in hub or hub[key] == fallback.get(key)]
    if untranslated:
        problems.warning(folder / f"{language.code}.yml", 0, "locale_untranslated", lang=language.code,
                         count=len(untranslated), total=len(keys), examples=", ".join(untranslated[:3]))
