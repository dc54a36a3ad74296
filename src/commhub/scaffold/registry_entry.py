"""`commhub new topic|unit|channel ID --name …`: add an entry to topics.yml, units.yml or channels.yml.

The entry is appended to the file's list as text, in the layout of the entries before it, so that
comments and formatting stay; the result is parsed again before it is written. Names are given as
`--name "Bình đẳng giới"` (the hub's default language) or `--name km=…`, once per language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from yaml.nodes import SequenceNode

from commhub.content.fields import ID
from commhub.content.model import CHANNEL_GROUPS
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


def add_entry(content_dir: Path, kind: str, ident: str, names: list[str], group: str | None) -> tuple[Path, int]:
    """Append the entry; (the file, the entry's first line). EntryError when refused (nothing written)."""
    registry = REGISTRIES[kind]
    path = Path(content_dir) / registry_file(registry)
    registries = load_registries(Path(content_dir))
    if not ID.match(ident or ""):
        raise EntryError("id_invalid", id=ident, suggestion=slugify(ident or "") or "binh-dang-gioi")
    texts = _names(names, registries.default, list(registries.languages))
    if registries.default not in texts:
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
    for item in sequence.value:
        if scalar_text(value_of(item, "id")) == ident:
            raise EntryError("exists", id=ident, path=display_path(path), line=item.start_mark.line + 1)
    pad = " " * len(prefix)
    lines = [f"{prefix}id: {ident}", f"{pad}name:"]
    lines += [f"{pad}  {code}: {dump_scalar(texts[code])}" for code in texts]
    if kind == "channel":
        lines.append(f"{pad}group: {group}")
    result = append_item(text, sequence, lines)
    added = value_of(YamlText(result).root, registry).value
    if len(added) != len(sequence.value) + 1 or scalar_text(value_of(added[-1], "id")) != ident:
        raise EntryError("not_block", path=display_path(path), key=registry)  # never expected
    path.write_bytes(result.encode("utf-8"))
    return path, added[-1].start_mark.line + 1


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
                  echo: Callable[[str], None]) -> int:
    messages = Messages(lang)
    try:
        path, line = add_entry(content_dir, kind, ident, names, group)
    except EntryError as error:
        echo(messages(f"problem.new_entry.{error.code}", kind=messages(f"problem.kinds.{kind}"), **error.params))
        return 1
    echo(messages("problem.new_entry.added", kind=messages(f"problem.kinds.{kind}"), id=ident,
                  path=display_path(path), line=line))
    return 0
