"""YAML and front-matter reading that remembers where every key was written.

Editors need messages that point at a line, so mappings are loaded as
`LineDict`, which records the 1-based line of each key and of each list item.
"""

from __future__ import annotations

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


@dataclass
class YamlError(Exception):
    """A YAML document that could not be parsed; `line` is 1-based, 0 if unknown."""

    problem: str
    line: int = 0


# Deeper than this, PyYAML's C parser can exhaust the stack and crash the process;
# such text is refused before parsing, with the line where it gets too deep.
MAX_DEPTH = 100


def _too_deep(text: str) -> int:
    """1-based line where brackets or indentation nest deeper than MAX_DEPTH; 0 if none."""
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
    for number, row in enumerate(text.split("\n"), start=1):
        if len(row) - len(row.lstrip(" ")) > 2 * MAX_DEPTH:
            return number
    return 0


def load_yaml(text: str, first_line: int = 1):
    """Parse one YAML document; lines in the result count from `first_line`."""
    deep_line = _too_deep(text)
    if deep_line:
        raise YamlError(f"nested more than {MAX_DEPTH} levels deep", deep_line + first_line - 1)
    loader = _Loader(text)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else 0
        raise YamlError(error.problem or str(error), line) from None
    except (yaml.YAMLError, ValueError, LookupError, TypeError, AttributeError, RecursionError) as error:
        raise YamlError(str(error)) from None
    finally:
        loader.dispose()


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


@dataclass
class FrontMatterDocument:
    meta: object  # LineDict when well-formed; anything else is reported by the caller
    body: str
    body_first_line: int  # 1-based line of the body's first line in the file


def split_front_matter(text: str) -> FrontMatterDocument | None:
    """Split `---` front matter from the body; None when the file has none."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None
    yaml_text = match.group(1) or ""
    meta = load_yaml(yaml_text, first_line=2)
    body_first_line = text.count("\n", 0, match.end()) + 1
    return FrontMatterDocument(meta=meta, body=text[match.end():], body_first_line=body_first_line)
