"""The hub's identity: `content/hub.yml`, its name, description, province and agency per language.

The file is optional: without it the site is named by mkdocs.yml's `site_name`, as hubs made before
it were. Each field maps language codes to texts, as the registries' names do (`name: {vi: …}`);
only `name` is required, and in the default language. A language without a text of its own takes
its `ui_fallback`'s, then the default language's (model.in_language, as for the registries' names).
Read and checked like every registry (content/loader.py): no aliases, within its size limit, every
problem with its line.
"""

from __future__ import annotations

from pathlib import Path

from commhub.content.fields import Fields
from commhub.content.reading import parse_yaml_file
from commhub.content.fields import localized_texts
from commhub.content.model import Hub, Language
from commhub.content.schema import HUB
from commhub.content.problems import ProblemList
from commhub.content.yamlio import LineDict

HUB_FILE = "hub.yml"


def load_hub(root: Path, languages: list[Language], problems: ProblemList) -> Hub | None:
    """content/hub.yml, or None when the hub has none (or it cannot be used: reported)."""
    path = Path(root) / HUB_FILE
    if not path.exists() and not path.is_symlink():
        return None
    before = len(problems)
    data = parse_yaml_file(path, problems)  # a link, folder, pipe or oversized file is refused there
    if len(problems) > before:
        return None
    if data is None:  # empty, or only comments: there is no name
        data = LineDict()
        data.line, data.key_lines = 1, {}
    if not isinstance(data, LineDict):
        problems.error(path, getattr(data, "line", 1), "expected_mapping", field=HUB_FILE)
        return None
    fields = Fields(path, data, problems)
    fields.unknown_keys(HUB.keys)
    fields.require(HUB.required)
    codes = [language.code for language in languages]
    texts = {}
    for key in HUB.keys:
        found = localized_texts(data, key, codes, path, problems)
        if not found:
            continue
        for lang, text in list(found.items()):
            text = found[lang] = " ".join(text.split())  # one line: a name is shown in titles
            limit = HUB[key].limit
            if len(text) > limit:
                problems.error(path, data[key].line_of(lang), "hub_text_too_long", field=f"{key}.{lang}",
                               length=len(text), limit=limit)
        texts[key] = found
    default = next((language.code for language in languages if language.default), None)
    names = texts.get("name")
    if names is not None and default is not None and default not in names:
        problems.error(path, data.line_of("name"), "hub_name_default_missing", lang=default)
    if len(problems) > before:
        return None
    return Hub(texts)
