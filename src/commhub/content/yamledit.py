"""Editing an editor's YAML file in place: entries and items taken out of its text, the rest kept
byte for byte (comments, blank lines, quoting, flow or block style).

Dumping the data again would lose the comments that explain a file to its editors (languages.yml,
the registries). So the text is composed into nodes (PyYAML's pure-Python composer, whose marks
give each node's line, column and character index), and an edit deletes exactly the text of the
entries it removes: whole lines in block style (an entry's key line to its value's last line),
the entry and one comma in flow style (`{vi: A, km: B}` → `{vi: A}`).
"""

from __future__ import annotations

import bisect
import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from commhub.content.yamlio import YamlError, front_matter_span, load_yaml

Entry = tuple[Node, Node]  # a mapping's (key node, value node)


def key_text(node: Node) -> str | None:
    """A mapping key as text (None for a key that is not a scalar)."""
    return node.value if isinstance(node, ScalarNode) else None


def scalar_text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def is_true(node: Node | None) -> bool:
    return (isinstance(node, ScalarNode) and node.tag == "tag:yaml.org,2002:bool"
            and yaml.SafeLoader.bool_values.get(node.value.lower(), False))


def entry(mapping: Node | None, key: str) -> Entry | None:
    """The (key, value) nodes of `key` in a mapping node, if there."""
    if isinstance(mapping, MappingNode):
        for key_node, value_node in mapping.value:
            if key_text(key_node) == key:
                return key_node, value_node
    return None


def value_of(mapping: Node | None, key: str) -> Node | None:
    found = entry(mapping, key)
    return found[1] if found else None


class YamlText:
    """One YAML document's text, its node tree (`root`), and the edits to make on it."""

    def __init__(self, text: str):
        # A lone CR is a line break to YAML but not to the line arithmetic below: made LF first.
        if re.search("\r(?!\n)", text):
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        load_yaml(text.removeprefix("\ufeff"))  # commhub's own refusals first (depth, aliases): YamlError
        try:
            self.root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            raise YamlError(error.problem or str(error), mark.line + 1 if mark else 0) from None
        except (yaml.YAMLError, RecursionError) as error:
            raise YamlError(str(error)) from None
        self.text = text
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.spans: list[tuple[int, int, str]] = []  # (start, end, replacement) in the text
        self.removed: list[tuple[int, str]] = []  # (1-based line, text) of each element removed, for listing

    # --- where things are -------------------------------------------------------------------------

    def line_of(self, index: int) -> int:
        """0-based line of a character index."""
        return bisect.bisect_right(self.line_starts, index) - 1

    def line_text(self, line: int) -> str:
        end = self.line_starts[line + 1] - 1 if line + 1 < len(self.line_starts) else len(self.text)
        return self.text[self.line_starts[line]:end].rstrip("\r")

    def last_index(self, node: Node) -> int:
        """Index of a node's last character (of its last descendant, for a block collection)."""
        start, end = node.start_mark.index, node.end_mark.index
        if isinstance(node, ScalarNode):
            if node.style in ("|", ">"):  # its end mark lies after the line breaks that follow it
                return start + len(self.text[start:end].rstrip()) - 1
            return max(start, end - 1)
        if node.flow_style or not node.value:
            return max(start, end - 1)
        if isinstance(node, MappingNode):
            key_node, value_node = node.value[-1]
            return max(self.last_index(key_node), self.last_index(value_node))
        return self.last_index(node.value[-1])

    def first_line_of_item(self, item: Node) -> int:
        """The line of a block sequence item's dash (normally the item's own first line)."""
        line = item.start_mark.line
        while line > 0 and not self.line_text(line).lstrip().startswith("-"):
            line -= 1
        return line

    # --- edits ----------------------------------------------------------------------------------

    def remove_entries(self, mapping: MappingNode, keys: set[str]) -> list[int]:
        """Take the entries with these keys out of a mapping; their 1-based lines."""
        indices = [index for index, (key_node, _) in enumerate(mapping.value) if key_text(key_node) in keys]
        return self._remove(mapping, indices, [key for key, _ in mapping.value], [value for _, value in mapping.value])

    def remove_items(self, sequence: SequenceNode, indices: list[int]) -> list[int]:
        """Take these items out of a sequence; their 1-based lines."""
        return self._remove(sequence, sorted(set(indices)), sequence.value, sequence.value)

    def insert(self, index: int, text: str) -> None:
        self.spans.append((index, index, text))

    def _remove(self, collection: Node, removed: list[int], starts: list[Node], ends: list[Node]) -> list[int]:
        """Remove elements of a collection; `starts[i]`/`ends[i]`: the nodes where element i starts
        and ends (a mapping entry starts at its key and ends with its value)."""
        if not removed:
            return []
        lines = [starts[index].start_mark.line + 1 for index in removed]
        for index in removed:
            text = self.text[starts[index].start_mark.index:self.last_index(ends[index]) + 1]
            self.removed.append((starts[index].start_mark.line + 1, text.split("\n")[0].strip()))
        if collection.flow_style:
            self._remove_flow(removed, starts, ends)
            return lines
        kept = [index for index in range(len(starts)) if index not in removed]
        for index in removed:
            first = (self.first_line_of_item(starts[index]) if isinstance(collection, SequenceNode)
                     else starts[index].start_mark.line)
            start = starts[index].start_mark.index
            if isinstance(collection, MappingNode) and self.text[self.line_starts[first]:start].strip():
                # The first key of a sequence item (`- code: km`): the entry goes, the dash stays
                # for the next key kept (the caller removes an item whose every key goes).
                following = [other for other in kept if other > index]
                if following:
                    self.spans.append((start, starts[following[0]].start_mark.index, ""))
                    continue
            if index > 0:  # comment lines right above an element (at its indentation) are about it
                column = starts[index].start_mark.column if isinstance(collection, MappingNode) else \
                    len(self.line_text(first)) - len(self.line_text(first).lstrip())
                previous_end = self.line_of(self.last_index(ends[index - 1]))
                while first - 1 > previous_end and self.line_text(first - 1).startswith(" " * column + "#"):
                    first -= 1
            self._remove_lines(first, self.line_of(self.last_index(ends[index])))
        return lines

    def _remove_flow(self, removed: list[int], starts: list[Node], ends: list[Node]) -> None:
        """In `[a, b, c]` or `{x: 1, y: 2}`: each run of removed elements with the comma after it, or
        before it for a run at the end; all of them leave `[]` or `{}`."""
        count = len(starts)
        if len(removed) == count:
            self.spans.append((starts[0].start_mark.index, ends[-1].end_mark.index, ""))
            return
        runs: list[list[int]] = []
        for index in removed:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            first, last = run[0], run[-1]
            if last + 1 < count:
                self.spans.append((starts[first].start_mark.index, starts[last + 1].start_mark.index, ""))
            else:
                self.spans.append((ends[first - 1].end_mark.index, ends[last].end_mark.index, ""))

    def _remove_lines(self, first: int, last: int) -> None:
        """Delete lines first..last (0-based) with their line break, or with the one before them when
        the last has none (a file without a final line break). One blank line before them goes too
        when a blank line or the end of the file follows, so that no double blank line is left."""
        count = len(self.line_starts)

        def blank(line: int) -> bool:
            return line >= count or not self.line_text(line).strip()

        if first > 0 and blank(first - 1) and blank(last + 1):
            first -= 1
        if last + 1 < count:
            self.spans.append((self.line_starts[first], self.line_starts[last + 1], ""))
        else:
            self.spans.append((max(0, self.line_starts[first] - 1), len(self.text), ""))

    def result(self) -> str:
        """The text with every edit made (overlapping deletions merged)."""
        merged: list[list] = []
        for start, end, replacement in sorted(self.spans, key=lambda span: (span[0], span[1])):
            if merged and start < merged[-1][1] and not replacement and not merged[-1][2]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end, replacement])
        text = self.text
        for start, end, replacement in reversed(merged):
            text = text[:start] + replacement + text[end:]
        return text


def item_prefix(text: YamlText, sequence: SequenceNode) -> str | None:
    """What starts the first item's line of a block list of mappings (`  - `); None when the list is
    not written one `- key: …` item per line, so that appending to it is not certain."""
    items = sequence.value
    if not items or sequence.flow_style or not all(isinstance(item, MappingNode) and not item.flow_style
                                                   for item in items):
        return None
    first = items[0]
    prefix = text.text[text.line_starts[first.start_mark.line]:first.start_mark.index]
    return prefix if prefix.strip() in ("-", "") else None


def append_item(text: YamlText, sequence: SequenceNode, lines: list[str]) -> str:
    """The text with `lines` (an item, laid out as `item_prefix` says) after the list's last item."""
    newline = "\r\n" if "\r\n" in text.text else "\n"
    last_line = text.line_of(text.last_index(sequence.value[-1]))
    end = len(text.line_text(last_line)) + text.line_starts[last_line]
    text.insert(end, newline + newline.join(lines))
    return text.result()


class FrontMatterText(YamlText):
    """A version's front matter, edited as YAML; `result()` is the whole file, its body untouched.
    (Lines in its nodes count from the front matter's first line.)"""

    def __init__(self, text: str):
        span = front_matter_span(text)
        if span is None:
            raise YamlError("no front matter", 1)
        super().__init__(text[span[0]:span[1]])
        self.prefix, self.suffix = text[:span[0]], text[span[1]:]

    def result(self) -> str:
        return self.prefix + super().result() + self.suffix
