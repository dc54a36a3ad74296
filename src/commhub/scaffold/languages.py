"""`commhub language add|remove CODE`: a language of the hub is one entry of content/languages.yml.

`add` appends that entry (the code checked as `commhub check` checks it) and, for a language
commhub has no interface for, writes its `locales/<code>.yml` as `commhub init` does. `remove`
takes out everything in the language, declared or not: its entry, the product versions
`index.<code>.md` (a product whose original is in it goes whole), the docs pages `*.<code>.md`,
`locales/<code>.yml`, the texts keyed by the code in the registries, hub.yml, product.yml (`alt`)
and the plans (labels, and the conditions and targets that count only that language). YAML
files are edited in their text (content/yamledit.py): their comments and layout stay. With
`--archive DIR` the files go under DIR at their place in the hub, with the YAML files as they were
before, so that copying DIR back restores everything. Nothing is changed when anything is refused.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from yaml.nodes import MappingNode, Node, SequenceNode

from commhub.content.targets import plan_files
from commhub.content.files import read_file
from commhub.content.language_tags import code_problem, is_private_use
from commhub.content.products import VERSION_FILE
from commhub.content.reading import read_bytes
from commhub.content.fields import LANGUAGE_CODE
from commhub.content.model import LANGUAGE_GROUPS
from commhub.content.problems import ProblemList, closest, display_path
from commhub.content.yamledit import FrontMatterText, YamlText, append_item, entry, item_prefix, is_true, key_text, scalar_text, value_of
from commhub.content.yamlio import YamlError, dump_scalar
from commhub.i18n.messages import Messages, has_catalogue
from commhub.scaffold.init import HubLanguage, HubSpec, clean_text, locale_file

# What `language remove` accepts: any suffix a file name can carry (an undeclared `index.VI.md` too).
CODE_SHAPE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
# YAML files outside product folders that may hold texts keyed by language (hub.yml: the site's
# name and description per language).
NAMED_FILES = ("channels.yml", "units.yml", "topics.yml", "hub.yml")
# Per-language fields that may be left out: when only the removed language had a text, the field
# goes. Any other field (a name, a label) needs a text in another language first.
OPTIONAL_TEXTS = frozenset({"alt"})
# A mapping of texts per language has texts (or, in hub.yml, fields) as values: `share: {min: 0.15}`
# is no text in Minangkabau (`min`), nor `period: {to: 2024-12-31}` one in Tongan.
TEXT_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:null"})
LISTED_CHARS = 80  # of a YAML entry taken out, in the listing


class LanguageError(Exception):
    """A refusal: its message key (under `problem.language.`, or under `problem.` when it starts
    with `problem.`) and parameters."""

    def __init__(self, key: str, /, **params):
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, messages: Messages) -> str:
        key = self.key.removeprefix("problem.") if self.key.startswith("problem.") else f"language.{self.key}"
        return messages(f"problem.{key}", **self.params)


@dataclass
class Hub:
    content: Path

    @property
    def root(self) -> Path:
        return self.content.parent

    @property
    def docs(self) -> Path:
        return self.root / "docs"  # as `commhub check` reads them

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def languages_file(self) -> Path:
        return self.content / "languages.yml"


@dataclass
class Removal:
    """What removing a language changes, worked out before anything is changed."""

    code: str
    declared: bool
    files: list[Path] = field(default_factory=list)  # files that go
    folders: list[tuple[Path, list[str]]] = field(default_factory=list)  # products that go whole, their other languages
    edits: dict[Path, tuple[bytes, YamlText]] = field(default_factory=dict)  # YAML files edited: bytes as read, edits
    links: list[tuple[Path, int]] = field(default_factory=list)  # texts kept that link to what goes
    problems: ProblemList = field(default_factory=ProblemList)  # what refuses the removal


def mentions(text: str, code: str) -> bool:
    """`code` occurs in `text` as a word of its own (no file without it needs parsing)."""
    return re.search(rf"(?<![A-Za-z0-9_-]){re.escape(code)}(?![A-Za-z0-9_-])", text) is not None


def read_yaml(path: Path, problems: ProblemList, mentioning: str | None = None, kind=YamlText
              ) -> tuple[bytes, YamlText] | None:
    """A YAML file's bytes and text to edit; None, reported, when it cannot be read or parsed (as the
    loader reads content: no link, pipe or file over its limit). With `mentioning`, None (unparsed)
    too when its text does not hold that code (see `mentions`)."""
    raw = read_bytes(path, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.error(path, 0, "not_utf8")
        return None
    if mentioning is not None and not mentions(text, mentioning):
        return None
    try:
        return raw, kind(text)
    except YamlError as error:
        problems.error(path, error.line, "yaml_syntax", problem=error.problem)
    return None


def read_text(path: Path) -> str | None:
    """A text file's text, for looking at only (None when it cannot be read)."""
    try:
        return read_file(path, follow_symlinks=False).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# --- the declared languages ------------------------------------------------------------------------


@dataclass
class Declared:
    """content/languages.yml as written: its text, and each entry's node by position."""

    raw: bytes
    yaml: YamlText
    items: list[Node]  # the entries of `languages:`
    sequence: SequenceNode

    def code(self, item: Node) -> str | None:
        return scalar_text(value_of(item, "code"))

    @property
    def codes(self) -> list[str]:
        return [code for code in map(self.code, self.items) if code]

    def line(self, item: Node, key: str = "code") -> int:
        found = entry(item, key)
        return (found[0] if found else item).start_mark.line + 1

    @property
    def default(self) -> Node | None:
        return next((item for item in self.items if is_true(value_of(item, "default"))), None)


def read_declared(hub: Hub) -> Declared:
    """languages.yml, or LanguageError with its problem (a file that cannot be read or parsed)."""
    path, problems = hub.languages_file, ProblemList()
    if not os.path.lexists(path):
        problems.error(path, 0, "file_missing")
        raise LanguageError("refused", problems=problems)
    read = read_yaml(path, problems)
    if read is None:
        raise LanguageError("refused", problems=problems)
    raw, text = read
    sequence = value_of(text.root, "languages")
    if not isinstance(sequence, SequenceNode):
        problems.error(path, text.root.start_mark.line + 1 if text.root else 1, "registry_key_missing", key="languages")
        raise LanguageError("refused", problems=problems)
    return Declared(raw, text, list(sequence.value), sequence)


# --- remove --------------------------------------------------------------------------------------


def plan_removal(content_dir: Path, code: str) -> Removal:
    """Everything `remove` would change for `code`; LanguageError when it is refused outright.
    Problems found on the way (files that cannot be read, names only in this language) are in
    `problems`: then nothing may be changed."""
    hub = Hub(Path(content_dir))
    if not CODE_SHAPE.fullmatch(code):
        raise LanguageError("code_invalid", code=code)
    declared = read_declared(hub)
    mine = [index for index, item in enumerate(declared.items) if declared.code(item) == code]
    for index in mine:
        if is_true(value_of(declared.items[index], "default")):
            others = [other for other in declared.codes if other != code]
            raise LanguageError("is_default", code=code, line=declared.line(declared.items[index], "default"),
                                example=others[0] if others else "vi")
    users = [declared.code(item) for item in declared.items
             if scalar_text(value_of(item, "ui_fallback")) == code and declared.code(item) != code]
    if users:
        raise LanguageError("is_fallback", code=code, languages=", ".join(users))
    removal = Removal(code, bool(mine))
    if mine:
        declared.yaml.remove_items(declared.sequence, mine)
        removal.edits[hub.languages_file] = (declared.raw, declared.yaml)
    for name in NAMED_FILES:
        _edit_texts(removal, hub.content / name)
    for plan_file in plan_files(hub.content):  # targets.yml and every plans/<id>.yml
        _edit_targets(removal, plan_file)
    default = declared.default
    _products(removal, hub.content / "products", declared.code(default) if default is not None else None)
    _docs(removal, hub.docs)
    for suffix in (".yml", ".yaml"):
        if os.path.lexists(hub.locales / f"{code}{suffix}"):
            removal.files.append(hub.locales / f"{code}{suffix}")
    if not (removal.declared or removal.files or removal.folders or removal.edits or removal.problems):
        suggestion = closest(code, declared.codes)
        raise LanguageError("unknown_suggest" if suggestion else "unknown", code=code,
                            allowed=", ".join(declared.codes) or "—", suggestion=suggestion)
    _find_links(removal, hub)
    return removal


def _edit_texts(removal: Removal, path: Path) -> None:
    """The texts keyed by the language in a YAML file (if it mentions the code at all)."""
    if not os.path.lexists(path):
        return
    read = _mentioning(removal, path)
    if read is not None:
        _remove_texts(removal, path, read[1], frozenset())
        _keep_edit(removal, path, read)


def _mentioning(removal: Removal, path: Path) -> tuple[bytes, YamlText] | None:
    """A YAML file to edit, when its text holds the code (reported when it cannot be read)."""
    return removal.edits.get(path) or read_yaml(path, removal.problems, mentioning=removal.code)


def _keep_edit(removal: Removal, path: Path, read: tuple[bytes, YamlText]) -> None:
    if read[1].spans:
        removal.edits[path] = read


def _remove_texts(removal: Removal, path: Path, text: YamlText, skip: frozenset) -> None:
    """Take the entries keyed by the code out of every mapping of texts per language in the file
    (`{vi: …, km: …}`: every key a language code, every value a text or, in hub.yml, a mapping), except
    under the nodes in `skip` (going anyway). A mapping left with no text refuses the removal, unless
    its field may be left out (OPTIONAL_TEXTS): then the field goes."""
    code = removal.code

    def walk(node: Node, parent: tuple[MappingNode, Node] | None, field_name: str) -> None:
        if id(node) in skip:
            return
        if isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, None, f"{field_name}[{index + 1}]")
            return
        if not isinstance(node, MappingNode):
            return
        keys = [key_text(key) for key, _ in node.value]
        if code in keys and all(key == code or (key and LANGUAGE_CODE.match(key)) for key in keys) and all(
                isinstance(value, MappingNode) or value.tag in TEXT_TAGS for _, value in node.value):
            if any(key != code for key in keys):
                text.remove_entries(node, {code})
            elif parent is not None and key_text(parent[1]) in OPTIONAL_TEXTS:
                text.remove_entries(parent[0], {key_text(parent[1])})
            else:
                removal.problems.error(path, node.start_mark.line + 1, "language.only_in",
                                       field=field_name or path.name, lang=code)
            return
        for key, value in node.value:
            name = key_text(key) or "?"
            walk(value, (node, key), f"{field_name}.{name}" if field_name else name)

    if text.root is not None:
        walk(text.root, None, "")


def _edit_targets(removal: Removal, path: Path) -> None:
    """targets.yml: a condition counting only this language matches nothing once it is gone, and goes;
    a target whose every condition goes, goes; then the labels, as in any file."""
    if not os.path.lexists(path):
        return
    read = _mentioning(removal, path)
    if read is None:
        return
    text, code = read[1], removal.code
    targets = value_of(text.root, "targets")
    gone: list[int] = []
    if isinstance(targets, SequenceNode):
        for index, target in enumerate(targets.value):
            conditions = value_of(target, "any")
            if not isinstance(conditions, SequenceNode):
                continue
            dead, partial = [], []
            for number, condition in enumerate(conditions.value):
                language = value_of(condition, "language")
                if isinstance(language, SequenceNode):
                    hits = [item for item, node in enumerate(language.value) if scalar_text(node) == code]
                    if hits and len(hits) == len(language.value):
                        dead.append(number)
                    elif hits:
                        partial.append((language, hits))
                elif scalar_text(language) == code:
                    dead.append(number)
            if dead and len(dead) == len(conditions.value):
                gone.append(index)
                continue
            text.remove_items(conditions, dead)
            for language, hits in partial:
                text.remove_items(language, hits)
        text.remove_items(targets, gone)
        if gone and len(gone) == len(targets.value) and not targets.flow_style:
            key = entry(text.root, "targets")[0]
            text.insert(text.text.index(":", key.end_mark.index) + 1, " []")  # a plan with no target left
    skip = frozenset(id(targets.value[index]) for index in gone)
    _remove_texts(removal, path, text, skip)
    _keep_edit(removal, path, read)


def _products(removal: Removal, products: Path, default: str | None) -> None:
    code = removal.code
    if not products.is_dir():
        return
    with os.scandir(products) as scan:
        folders = sorted((entry.name for entry in scan if entry.is_dir(follow_symlinks=False)))
    for name in folders:
        folder = products / name
        product_file = folder / "product.yml"
        version = folder / f"index.{code}.md"
        # The product's fields: product.yml, else the default language's front matter (content/products.py).
        if not os.path.lexists(product_file) and default is not None and os.path.lexists(folder / f"index.{default}.md"):
            product_file = folder / f"index.{default}.md"
            read = removal.edits.get(product_file) or read_yaml(product_file, removal.problems, mentioning=code,
                                                                 kind=FrontMatterText)
        else:
            read = _mentioning(removal, product_file) if os.path.lexists(product_file) else None
        if read is not None and scalar_text(value_of(read[1].root, "original_language")) == code:
            others = sorted(match.group("lang") for child in os.listdir(folder)
                            if (match := VERSION_FILE.match(child)) and match.group("lang") not in (None, code))
            removal.folders.append((folder, others))
            continue
        if read is not None:
            _remove_texts(removal, product_file, read[1], frozenset())
            _keep_edit(removal, product_file, read)
        if os.path.lexists(version):
            removal.files.append(version)


def _docs(removal: Removal, docs: Path) -> None:
    if not docs.is_dir():
        return
    suffix = f".{removal.code}.md"
    with os.scandir(docs) as scan:
        removal.files.extend(sorted(docs / entry.name for entry in scan
                                    if entry.name.endswith(suffix) and len(entry.name) > len(suffix)
                                    and not entry.is_dir(follow_symlinks=False)))


def _find_links(removal: Removal, hub: Hub) -> None:
    """Lines of the texts kept that link to a page that goes: a version or docs page in the language
    (`index.km.md`, `about.km.md`), or a product that goes whole (`../slug/`)."""
    code = re.escape(removal.code)
    slugs = "|".join(re.escape(folder.name) for folder, _ in removal.folders)
    pattern = re.compile(rf"(?<![\w.-])[\w-]+\.{code}\.md\b" + (rf"|(?:\.\./|products/)(?:{slugs})/" if slugs else ""))
    gone = set(removal.files) | {folder for folder, _ in removal.folders}
    texts = sorted(hub.docs.glob("*.md")) if hub.docs.is_dir() else []
    products = hub.content / "products"
    if products.is_dir():
        texts += sorted(path for folder in products.iterdir() if folder not in gone and folder.is_dir()
                        for path in folder.glob("*.md"))
    for path in texts:
        if path in gone:
            continue
        text = read_text(path)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if pattern.search(line):
                removal.links.append((path, number))


def check_archive(archive: Path, removal: Removal, hub: Hub) -> None:
    """An archive folder outside what the site reads, with room for every file that goes."""
    archive = archive.resolve()
    for folder in (hub.content, hub.docs, hub.locales):
        folder = folder.resolve()
        if archive == folder or folder in archive.parents:
            raise LanguageError("archive_inside", path=display_path(archive), folder=display_path(folder))
    for path in archived_paths(removal):
        target = archive / os.path.relpath(path, hub.root)
        if os.path.lexists(target):
            raise LanguageError("archive_taken", path=display_path(target))


def archived_paths(removal: Removal) -> list[Path]:
    return [*removal.files, *(folder for folder, _ in removal.folders), *removal.edits]


def apply_removal(removal: Removal, hub: Hub, archive: Path | None) -> None:
    """Make the changes: YAML files rewritten (first kept in the archive, as read), files and product
    folders moved into the archive or deleted. LanguageError when the file system refuses one."""
    current = None
    try:
        for path, (raw, text) in removal.edits.items():
            current = path
            if archive is not None:
                target = archive / os.path.relpath(path, hub.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(raw)
            _write(path, text.result().encode("utf-8"))
        for path in [*removal.files, *(folder for folder, _ in removal.folders)]:
            current = path
            if archive is not None:
                target = archive / os.path.relpath(path, hub.root)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(os.fspath(path), os.fspath(target))
            elif path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        if hub.locales.is_dir() and not any(hub.locales.iterdir()) and any(
                path.parent == hub.locales for path in removal.files):
            hub.locales.rmdir()  # emptied by this removal (as `add` may have made it)
    except OSError as error:
        raise LanguageError("cannot_change", path=display_path(current or hub.root),
                            reason=error.strerror or str(error)) from None


def _write(path: Path, data: bytes) -> None:
    """Replace a file's bytes at once: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.commhub-new")
    temporary.write_bytes(data)
    shutil.copymode(path, temporary)
    os.replace(temporary, path)


def run_remove(content_dir: Path, code: str, archive: Path | None, dry_run: bool, lang: str,
               echo: Callable[..., None]) -> int:
    """`commhub language remove CODE`: say what goes (and make it go unless --dry-run)."""
    messages = Messages(lang)
    m = "problem.language."
    hub = Hub(Path(content_dir))
    try:
        if not hub.content.is_dir():
            raise LanguageError("content_missing", path=display_path(hub.content))
        try:
            removal = plan_removal(hub.content, code)
        except OSError as error:  # a folder that cannot be listed
            raise LanguageError("cannot_read", path=display_path(Path(error.filename or hub.content)),
                                reason=error.strerror or str(error)) from None
        if removal.problems:
            raise LanguageError("refused", problems=removal.problems)
        if archive is not None:
            check_archive(archive, removal, hub)
        if not dry_run:
            apply_removal(removal, hub, archive.resolve() if archive is not None else None)
    except LanguageError as error:
        _echo_refusal(error, messages, echo)
        return 1
    state = "dry_run" if dry_run else "done"
    echo(messages(f"{m}remove_{state}", code=code))
    if not removal.declared:
        echo(messages(m + "not_declared", code=code))
    for line in _listing(removal, hub, archive, messages, "_dry" if dry_run else ""):
        echo(line)
    if removal.links:
        echo(messages(m + "links_left", code=code))
        for path, number in removal.links:
            echo(f"  {display_path(path)}:{number}")
    if archive is not None and not dry_run:
        echo(messages(m + "restore", archive=display_path(archive)))
    if not dry_run:
        echo(messages(m + "next_check"))
    return 0


def _listing(removal: Removal, hub: Hub, archive: Path | None, messages: Messages, tense: str) -> list[str]:
    """The changes, grouped under headings (`tense`: "_dry" for what a dry run would do)."""
    m = "problem.language."
    lines = []
    moved = (lambda path: f" → {display_path(archive / os.path.relpath(path, hub.root))}") if archive else (
        lambda path: "")
    if removal.files:
        lines.append(messages(m + ("files_archived" if archive else "files_deleted") + tense,
                              archive=display_path(archive) if archive else ""))
        lines += [f"  {display_path(path)}{moved(path)}" for path in removal.files]
    if removal.folders:
        lines.append(messages(m + "products_removed" + tense, code=removal.code))
        for folder, others in removal.folders:
            extra = messages(m + "product_with", languages=", ".join(others)) if others else ""
            lines.append(f"  {display_path(folder)}/{moved(folder)}{extra}")
    if removal.edits:
        lines.append(messages(m + "lines_removed" + tense))
        for path, (_, text) in removal.edits.items():
            for number, removed in sorted(text.removed):
                lines.append(f"  {display_path(path)}:{number}: {removed[:LISTED_CHARS]}")
    return lines


def _echo_refusal(error: LanguageError, messages: Messages, echo: Callable[..., None]) -> None:
    if error.key == "refused":
        echo(messages("problem.language.refused"), err=True)
        for problem in sorted(error.params["problems"], key=lambda problem: (str(problem.path), problem.line)):
            echo(f"  {problem.render(messages)}", err=True)
        return
    echo(error.message(messages), err=True)


# --- add -----------------------------------------------------------------------------------------


def add_language(content_dir: Path, code: str, name: str | None, group: str | None,
                 ui_fallback: str | None) -> tuple[int, Path | None, list[str]]:
    """Declare `code` in languages.yml: (its line there, the locales file written or None, notes as
    message keys with parameters). LanguageError when refused; nothing is written then."""
    hub = Hub(Path(content_dir))
    name = clean_text(name)
    if not name:
        raise LanguageError("name_missing")
    if group not in LANGUAGE_GROUPS:
        raise LanguageError("group_invalid" if group else "group_missing", group=group,
                            allowed=", ".join(LANGUAGE_GROUPS))
    if not LANGUAGE_CODE.match(code):  # the check's own rules for a declared code
        raise LanguageError("problem.language_code_invalid", value=code)
    registered = code_problem(code)
    if registered is not None:
        raise LanguageError(f"problem.{registered[0]}", **registered[1])
    declared = read_declared(hub)
    for item in declared.items:
        if declared.code(item) == code:
            raise LanguageError("already_declared", code=code, line=declared.line(item))
    if ui_fallback is not None and (ui_fallback not in declared.codes or ui_fallback == code):
        suggestion = closest(ui_fallback, declared.codes)
        raise LanguageError("fallback_unknown_suggest" if suggestion else "fallback_unknown", code=ui_fallback,
                            allowed=", ".join(declared.codes), suggestion=suggestion)
    default = declared.default
    default_code = declared.code(default) if default is not None else (declared.codes or [None])[0]
    if ui_fallback is None and not has_catalogue(code):
        ui_fallback = default_code  # as `commhub init` does: the default language's interface
    text = declared.yaml
    prefix = item_prefix(text, declared.sequence)
    if prefix is None:
        raise LanguageError("not_block", path=display_path(hub.languages_file))
    pad = " " * len(prefix)
    lines = [f"{prefix}code: {dump_scalar(code)}", f"{pad}name: {dump_scalar(name)}", f"{pad}group: {group}"]
    if ui_fallback:
        lines.append(f"{pad}ui_fallback: {dump_scalar(ui_fallback)}")
    result = append_item(text, declared.sequence, lines)
    check = YamlText(result)
    added = value_of(check.root, "languages").value
    if len(added) != len(declared.items) + 1 or scalar_text(value_of(added[-1], "code")) != code:
        raise LanguageError("not_block", path=display_path(hub.languages_file))  # never expected
    locale = None
    notes = []
    if not has_catalogue(code):
        locale = hub.locales / f"{code}.yml"
        if os.path.lexists(locale):
            notes.append(("locale_kept", {"path": display_path(locale)}))
            locale = None
    if is_private_use(code):
        notes.append(("private", {"code": code}))
    try:
        if locale is not None:
            spec = _spec(declared, HubLanguage(code, name, group, False, ui_fallback, True, False))
            locale.parent.mkdir(parents=True, exist_ok=True)
            locale.write_text(locale_file(spec.languages[-1], spec), encoding="utf-8", newline="\n")
        _write(hub.languages_file, result.encode("utf-8"))
    except OSError as error:
        raise LanguageError("cannot_change", path=display_path(hub.languages_file),
                            reason=error.strerror or str(error)) from None
    return check.line_of(added[-1].start_mark.index) + 1, locale, notes


def _spec(declared: Declared, new: HubLanguage) -> HubSpec:
    """The hub's languages as `commhub init` knows them (the default first), the new one last."""
    languages = []
    for item in declared.items:
        code = declared.code(item)
        if code:
            languages.append(HubLanguage(code, scalar_text(value_of(item, "name")) or code,
                                         scalar_text(value_of(item, "group")) or "", is_true(value_of(item, "default")),
                                         scalar_text(value_of(item, "ui_fallback")), True, has_catalogue(code)))
    languages.sort(key=lambda language: not language.default)
    return HubSpec(name="", languages=(*languages, new))


def run_add(content_dir: Path, code: str, name: str | None, group: str | None, ui_fallback: str | None,
            lang: str, echo: Callable[..., None]) -> int:
    """`commhub language add CODE --name NAME --group GROUP [--ui-fallback CODE]`."""
    messages = Messages(lang)
    m = "problem.language."
    try:
        if not Path(content_dir).is_dir():
            raise LanguageError("content_missing", path=display_path(Path(content_dir)))
        line, locale, notes = add_language(Path(content_dir), code, name, group, ui_fallback)
    except LanguageError as error:
        _echo_refusal(error, messages, echo)
        return 1
    hub = Hub(Path(content_dir))
    echo(messages(m + "added", code=code, path=display_path(hub.languages_file), line=line))
    if locale is not None:
        echo(messages(m + "locale_written", path=display_path(locale)))
    for key, params in notes:
        echo(messages(m + key, **params))
    echo(messages(m + "add_next", code=code))
    return 0
