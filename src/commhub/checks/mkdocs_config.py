"""`commhub check` of the hub's mkdocs.yml: what the build would refuse in it, said before it runs.

The build (mkdocs/plugin.py) refuses a theme other than Material, Markdown extensions other than
commhub's (markup/render.py) and plugin options MkDocs cannot validate (site/options.py declares
them for both). This reads mkdocs.yml without MkDocs, as YAML whose MkDocs tags (`!ENV`,
`!relative`, `!!python/name:`) stand for values only the build knows.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from commhub.content.files import FileRefused, read_file
from commhub.content.limits import MAX_YAML_BYTES
from commhub.content.problems import ProblemList, closest
from commhub.content.yamlio import LineDict, LineList, YamlError, _Loader
from commhub.markup.render import EXTENSIONS, foreign_extensions
from commhub.site.options import BY_NAME, option_problem


class Unresolved:
    """A value MkDocs fills in at build time (an environment variable, a path, a Python name)."""

    def __init__(self, tag: str):
        self.tag = tag


class _MkDocsLoader(_Loader):
    """commhub's YAML loader (lines, no aliases), knowing MkDocs's tags as values to be resolved."""


_MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: Unresolved("!" + suffix))
_MkDocsLoader.add_multi_constructor("tag:yaml.org,2002:python/",
                                    lambda loader, suffix, node: Unresolved("!!python/" + suffix))


def load_mkdocs_yml(path: Path, problems: ProblemList) -> LineDict | None:
    try:
        text = read_file(path, MAX_YAML_BYTES).decode("utf-8")
    except FileRefused as refused:
        problems.error(path, 0, refused.code, **refused.params)
        return None
    except OSError as error:
        problems.error(path, 0, "unreadable", reason=error.strerror or str(error))
        return None
    except UnicodeDecodeError:
        problems.error(path, 0, "not_utf8")
        return None
    loader = _MkDocsLoader(text)
    loader.first_line = 1
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problems.error(path, mark.line + 1 if mark else 0, "yaml_syntax", problem=error.problem or str(error))
        return None
    except (yaml.YAMLError, YamlError, ValueError, TypeError, RecursionError) as error:
        problems.error(path, 0, "yaml_syntax", problem=str(error))
        return None
    finally:
        loader.dispose()
    if not isinstance(data, LineDict):
        problems.error(path, 0, "mkdocs_yml_not_mapping")
        return None
    return data


def check_mkdocs_yml(path: Path, problems: ProblemList) -> dict:
    """Problems of mkdocs.yml into `problems`; returns the commhub plugin's options as written
    (`content_dir`, …), and `docs_dir` if set, for the rest of the check."""
    data = load_mkdocs_yml(path, problems)
    if data is None:
        return {}
    _check_theme(path, data, problems)
    _check_markdown_extensions(path, data, problems)
    options = _check_plugin(path, data, problems)
    docs_dir = data.get("docs_dir")
    return {**options, **({"docs_dir": docs_dir} if isinstance(docs_dir, str) else {})}


def _check_theme(path: Path, data: LineDict, problems: ProblemList) -> None:
    theme = data.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    if isinstance(name, Unresolved):
        return
    if name != "material":
        problems.error(path, data.line_of("theme") if "theme" in data else 0, "mkdocs_theme_not_material",
                       value=name if isinstance(name, str) else "")


def _check_markdown_extensions(path: Path, data: LineDict, problems: ProblemList) -> None:
    listed = data.get("markdown_extensions")
    if not listed:
        return
    names, settings = [], {}
    for item in listed if isinstance(listed, list) else [listed]:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict) and len(item) == 1:
            [(name, config)] = item.items()
            names.append(str(name))
            settings[str(name)] = config if isinstance(config, dict) else {}
        else:
            names.append(str(item))
    foreign = foreign_extensions(names, settings)
    if foreign:
        problems.error(path, data.line_of("markdown_extensions"), "markdown_extensions_foreign",
                       names=", ".join(foreign), allowed=", ".join(EXTENSIONS))


def _check_plugin(path: Path, data: LineDict, problems: ProblemList) -> dict:
    plugins = data.get("plugins")
    line = data.line_of("plugins") if "plugins" in data else 0
    entries = plugins if isinstance(plugins, list) else list(plugins.items()) if isinstance(plugins, dict) else []
    for index, entry in enumerate(entries):
        name, options = (entry, None) if isinstance(entry, str) else \
            next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else \
            entry if isinstance(entry, tuple) else (None, None)
        if name != "commhub":
            continue
        at = plugins.line_of(index) if isinstance(plugins, LineList) else line
        if options is None:
            return {}
        if not isinstance(options, dict):
            problems.error(path, at, "mkdocs_plugin_options_not_mapping")
            return {}
        checked = {}
        for key, value in options.items():
            key_line = options.line_of(key) if isinstance(options, LineDict) else at
            option = BY_NAME.get(key)
            if option is None:
                problems.error(path, key_line, "mkdocs_plugin_option_unknown", key=key,
                               suggestion=closest(key, BY_NAME) or ", ".join(BY_NAME))
            elif isinstance(value, Unresolved):
                continue
            elif (expected := option_problem(option, value)) is not None:
                problems.error(path, key_line, "mkdocs_plugin_option_invalid", key=key, value=str(value),
                               expected=expected)
            else:
                checked[key] = value
        return checked
    problems.error(path, line, "mkdocs_plugin_missing")
    return {}
