"""YAML and front-matter reading that remembers where every key was written (and the writing of
the YAML files `commhub init` makes).

Editors need messages that point at a line, so mappings are loaded as
`LineDict`, which records the 1-based line of each key and of each list item.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml


class LineDict(dict):
    """A dict that knows the source line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the source line of each item (1-based)."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


# libyaml's parser when PyYAML has it: about ten times faster on large corpora.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe loader that builds LineDict/LineList and treats dates as plain strings.

    Dates stay strings so that the checker, not PyYAML, decides what a valid
    date is, and reports `06/05/2024` and `2024-13-01` with the same message.
    """


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    # Merge keys (`<<: *name`) copy a mapping into another before anything is constructed: nested,
    # they multiply as aliases do, so they are refused with them.
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys (<<) are not allowed", key_node.start_mark)
    loader.flatten_mapping(node)
    offset = loader.first_line
    result = LineDict()
    result.line = node.start_mark.line + offset
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + offset
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + loader.first_line
    result.item_lines = [child.start_mark.line + loader.first_line for child in node.value]
    return result


def _construct_object(loader: _Loader, node, deep=False):
    # An alias to a list or mapping (`*name`) is the same node constructed twice. Editors never
    # need one, and nested aliases multiply ("billion laughs"): refuse them.
    if isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node in loader.constructed_objects:
        raise yaml.constructor.ConstructorError(
            None, None, "anchors and aliases (&name, *name) are not allowed", node.start_mark)
    return yaml.SafeLoader.construct_object(loader, node, deep)


_Loader.construct_object = _construct_object
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
# Dates and timestamps stay strings (see _Loader).
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _construct_int(loader: _Loader, node: yaml.ScalarNode):
    # A number written with thousands of digits is no number an editor means; Python refuses to read
    # a long decimal one, but reads `0xfff…` and then refuses to write it back as text (anywhere).
    if len(node.value) > 40:
        raise yaml.constructor.ConstructorError(None, None, "a number longer than 40 characters", node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


@dataclass
class YamlError(Exception):
    """A YAML document that could not be parsed; `line` is 1-based, 0 if unknown."""

    problem: str
    line: int = 0


# Deeper than this, PyYAML's C parser can exhaust the stack and crash the process;
# such text is refused before parsing, with the line where it gets too deep.
MAX_DEPTH = 100


# Searched after a line feed put in front: a pattern starting with a literal is found much faster than `^`.
_DEEP_INDENT = re.compile(rf"\n {{{2 * MAX_DEPTH + 1}}}")
# Compact nesting on one line: `- - - x` (and `? ` / `: ` keys) open one level each, without indentation.
_DEEP_COMPACT = re.compile(rf"\n[ ]*(?:[-?:][ ]+){{{MAX_DEPTH + 1}}}")


def _too_deep(text: str) -> int:
    """1-based line where brackets or indentation nest deeper than MAX_DEPTH; 0 if none."""
    # Fewer opening brackets than the limit cannot nest past it: skip the character loop.
    if text.count("[") + text.count("{") > MAX_DEPTH:
        depth, line = 0, 1
        for char in text:
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return line
            elif char in "]}":
                depth = max(0, depth - 1)
            elif char == "\n":
                line += 1
    # A line indented by more than 2 * MAX_DEPTH spaces, or opening more than MAX_DEPTH levels itself.
    text = "\n" + text
    match = _DEEP_INDENT.search(text) or _DEEP_COMPACT.search(text)
    return text.count("\n", 0, match.start() + 1) if match else 0


def load_yaml(text: str, first_line: int = 1):
    """Parse one YAML document; lines in the result count from `first_line`."""
    deep_line = _too_deep(text)
    if deep_line:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", deep_line + first_line - 1)
    simple = _load_simple(text, first_line)
    if simple is not _NOT_SIMPLE:
        return simple
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context == "while scanning a simple key" and error.context_mark is not None:
            # A key without its colon: PyYAML notices on a later line; the editor's mistake is on this one.
            mark = error.context_mark
        line = mark.line + first_line if mark else 0
        raise YamlError(error.problem or str(error), line) from None
    except (yaml.YAMLError, ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        raise YamlError(str(error)) from None
    finally:
        loader.dispose()


# --- a fast path for the plain YAML that editors write ----------------------------------------------
#
# PyYAML's constructor is Python code, and at tens of thousands of front matters it is most of a
# check's time. Almost every document uses a small subset: block mappings and sequences, one-line
# plain or quoted scalars and one-line flow lists of plain words. `_load_simple` reads exactly that
# subset, with the same result as `_Loader` (values, LineDict/LineList and their lines); anything
# else, every error included, is left to PyYAML. tests/test_yaml_fast_path.py compares the two.

_NOT_SIMPLE = object()


class _NotSimple(Exception):
    pass


# Anything but line feeds and the plainly printable characters (tab, CR, NEL, BOM, the line and
# paragraph separators, controls) sends a document to PyYAML.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]{0,63}):(?: +|$)")
_FLOW_ITEM = re.compile(r" *([A-Za-z0-9_][A-Za-z0-9_./+-]*) *")
# Characters that may not start a plain scalar here (YAML indicators and a space).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")


class _Resolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


_RESOLVER = _Resolver()
_TAG = "tag:yaml.org,2002:"


# First characters for which some implicit resolver (bool, null, number, ...) applies: any other
# plain scalar is a string, with no resolver to ask.
_RESOLVED_FIRST = frozenset(_RESOLVER.yaml_implicit_resolvers)


def _plain(text: str):
    """The value of a plain scalar as `_Loader` constructs it; _NOT_SIMPLE for numbers and the like."""
    if text[0] not in _RESOLVED_FIRST and None not in _RESOLVED_FIRST:
        return text
    return _resolved_plain(text)


@functools.lru_cache(maxsize=4096)
def _resolved_plain(text: str):
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
    if tag in (_TAG + "str", _TAG + "timestamp"):  # dates stay strings (see _Loader)
        return text
    if tag == _TAG + "bool":
        return yaml.SafeLoader.bool_values[text.lower()]
    if tag == _TAG + "null":
        return None
    return _NOT_SIMPLE


def _scalar(text: str, number: int):
    """The value written after `key: ` or `- ` on one line."""
    first = text[0]
    if first == "[":
        if not text.endswith("]"):
            raise _NotSimple
        inner = text[1:-1]
        result = LineList()
        result.line = number
        if inner.strip(" "):
            for item in inner.split(","):
                match = _FLOW_ITEM.fullmatch(item)
                value = _plain(match.group(1)) if match else _NOT_SIMPLE
                if value is _NOT_SIMPLE:
                    raise _NotSimple
                result.append(value)
        result.item_lines = [number] * len(result)
        return result
    if first in "\"'":
        if len(text) < 2 or text[-1] != first or first in text[1:-1] or (first == '"' and "\\" in text):
            raise _NotSimple
        return text[1:-1]
    if first in _INDICATORS or text[-1] in ": " or ": " in text or " #" in text:
        raise _NotSimple
    value = _plain(text)
    if value is _NOT_SIMPLE:
        raise _NotSimple
    return value


class _SimpleParser:
    """Block structure by indentation over `rows`: (line number, indent, text without the indent)."""

    def __init__(self, rows: list[tuple[int, int, str]]):
        self.rows, self.pos = rows, 0

    def next_indent(self) -> int:
        return self.rows[self.pos][1] if self.pos < len(self.rows) else -1

    def is_item(self) -> bool:
        text = self.rows[self.pos][2]
        return text == "-" or text.startswith("- ")

    def node(self, indent: int):
        return self.sequence(indent) if self.is_item() else self.mapping(indent)

    def mapping(self, indent: int) -> LineDict:
        # The loop over every line of every document a check reads: attribute look-ups kept out of it.
        rows, count, pos = self.rows, len(self.rows), self.pos
        result = LineDict()
        result.line, result.key_lines = rows[pos][0], {}
        key_lines = result.key_lines
        while pos < count:
            number, row_indent, text = rows[pos]
            if row_indent != indent:
                break
            match = _KEY.match(text)
            if match is None:
                raise _NotSimple
            key = match.group(1)
            if key in result or _plain(key) != key:
                raise _NotSimple  # not a plain text key, or a repeated one (PyYAML reports it)
            end = match.end()
            pos += 1
            if end < len(text):
                value = _scalar(text[end:], number)
            else:
                self.pos = pos
                next_indent = self.next_indent()
                if next_indent > indent:
                    value = self.node(next_indent)
                elif next_indent == indent and self.is_item():  # a sequence not indented under its key
                    value = self.sequence(indent)
                else:
                    value = None
                pos = self.pos
            result[key] = value
            key_lines[key] = number
        self.pos = pos
        if self.next_indent() > indent:
            raise _NotSimple  # a continued scalar, or wrong indentation
        return result

    def sequence(self, indent: int) -> LineList:
        result = LineList()
        result.line, result.item_lines = self.rows[self.pos][0], []
        while self.next_indent() == indent and self.is_item():
            number, _, text = self.rows[self.pos]
            rest = text[1:].lstrip(" ")
            if not rest or rest[0] == "-":
                raise _NotSimple
            if _KEY.match(rest):  # a mapping whose first key is on the item's line
                self.rows[self.pos] = (number, indent + len(text) - len(rest), rest)
                value = self.mapping(self.rows[self.pos][1])
            else:
                self.pos += 1
                value = _scalar(rest, number)
            result.append(value)
            result.item_lines.append(number)
        if self.next_indent() > indent:
            raise _NotSimple
        return result


def _load_simple(text: str, first_line: int):
    """`text` loaded like `_Loader` does when it is in the simple subset, else _NOT_SIMPLE."""
    if _UNUSUAL.search(text):
        return _NOT_SIMPLE
    rows = []
    for number, line in enumerate(text.split("\n"), start=first_line):
        stripped = line.lstrip(" ")
        if stripped and stripped[0] != "#":
            rows.append((number, len(line) - len(stripped), stripped))
    if not rows or rows[0][1] != 0:
        return _NOT_SIMPLE
    parser = _SimpleParser(rows)
    try:
        result = parser.mapping(0)
    except _NotSimple:
        return _NOT_SIMPLE
    return result if parser.pos == len(rows) else _NOT_SIMPLE


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class FrontMatterDocument:
    meta: object  # LineDict when well-formed; anything else is reported by the caller
    body: str
    body_first_line: int  # 1-based line of the body's first line in the file


def split_front_matter(text: str) -> FrontMatterDocument | None:
    """Split `---` front matter from the body; None when the file has none."""
    found = front_matter_span(text)
    if found is None:
        return None
    yaml_start, yaml_end, body_start = found
    meta = load_yaml(text[yaml_start:yaml_end], first_line=2)
    body_first_line = text.count("\n", 0, body_start) + 1
    return FrontMatterDocument(meta=meta, body=text[body_start:], body_first_line=body_first_line)


def front_matter_span(text: str) -> tuple[int, int, int] | None:
    """Where `_FRONT_MATTER` matches: (start and end of the YAML, start of the body), or None.

    The same as the regular expression, found with string searches: its lazy `.*?` steps through
    the front matter one character at a time (tests/test_yaml_fast_path.py compares the two).
    Like the expression, it takes the first closing `---` line after the opening one's next
    line, and that very line only when there is no other.
    """
    if not text.startswith("---"):
        return None
    newline = text.find("\n")
    if newline < 0 or text[3:newline].strip(" \t"):
        return None
    start = newline + 1
    found = text.find("\n---", start)
    while found >= 0:
        body = _closing_line_end(text, found + 1)
        if body is not None:
            return start, found + 1, body
        found = text.find("\n---", found + 1)
    body = _closing_line_end(text, start)
    return None if body is None else (start, start, body)


def _closing_line_end(text: str, line: int) -> int | None:
    """Where the line after `line` starts, if `line` is `---` and spaces or tabs; else None."""
    if not text.startswith("---", line):
        return None
    end = text.find("\n", line)
    if text[line + 3:end if end >= 0 else len(text)].strip(" \t"):
        return None
    return end + 1 if end >= 0 else len(text)


# --- writing: the files of a new hub (scaffold/init.py) ---------------------------------------------------


def dump_scalar(value) -> str:
    """`value` as one YAML scalar on one line, written by yaml.safe_dump: quoted whenever YAML would
    read it as anything but this text (`no`, `1.0`, `a: b`, `{{ x }}`, `"`, `#`)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").removesuffix("\n")
    if len(text.splitlines()) > 1:  # a line break inside the value: the double-quoted style escapes it
        text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_style='"').removesuffix("\n")
    return text


def dump_document(data) -> str:
    """`data` (mappings, lists, text) as a YAML document in block style, keys in their order."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
