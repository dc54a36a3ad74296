"""Problems found in content: where, what, and how to say it to an editor."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from commhub.i18n.messages import Messages

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int  # 1-based; 0 when the line cannot be known
    code: str  # message key under `problem.` in the catalogues
    params: dict = field(default_factory=dict, compare=False)
    severity: str = ERROR

    def message(self, messages: Messages) -> str:
        params = self.params
        kind = params.get("kind")
        if isinstance(kind, str) and messages.has(f"problem.kinds.{kind}"):  # "topic" said in the editor's words
            params = {**params, "kind": messages(f"problem.kinds.{kind}")}
        if self.code == "yaml_syntax" and isinstance(params.get("problem"), str):
            params = {**params, "problem": yaml_problem(messages, params["problem"])}
        text = messages(f"problem.{self.code}", **params)
        if self.severity == WARNING:
            text = f"{messages('problem.warning_prefix')}{text}"
        return text

    def render(self, messages: Messages, relative_to: Path | None = None) -> str:
        """`path:line: message` on one printable line, path relative to `relative_to` (default: cwd)."""
        location = display_path(self.path, relative_to)
        if self.line:
            location = f"{location}:{self.line}"
        return printable(f"{location}: {self.message(messages)}")


# PyYAML's (and commhub's YAML loader's) words for the syntax errors editors make, by the key of
# their translation under `problem.yaml.`; `{0}` is the part of the words the translation repeats.
YAML_PROBLEMS = (
    (re.compile(r"mapping values are not allowed"), "mapping_values"),
    (re.compile(r"could not find expected ':'"), "expected_colon"),
    (re.compile(r"found character ?(.*?) ?that cannot start any token"), "cannot_start"),
    (re.compile(r"found a tab character"), "tab"),
    (re.compile(r"found unexpected end of stream"), "end_of_stream"),
    (re.compile(r"did not find expected key"), "expected_key"),
    (re.compile(r"did not find expected '-' indicator"), "expected_dash"),
    (re.compile(r"did not find expected node content"), "expected_value"),
    (re.compile(r"expected <block end>, but found"), "block_end"),
    (re.compile(r"expected a comment or a line break"), "after_value"),
    (re.compile(r"found unexpected ':'"), "unexpected_colon"),
    (re.compile(r"duplicate key '(.*)'"), "duplicate_key"),
    (re.compile(r"nested more than (\d+) levels deep"), "too_deep"),
    (re.compile(r"found unknown escape character"), "escape"),
    (re.compile(r"anchors and aliases \(&name, \*name\) are not allowed|found undefined alias"), "alias"),
)


def yaml_problem(messages: Messages, problem: str) -> str:
    """The YAML parser's description of a syntax error, in the editor's language when it is one of
    the usual ones (PyYAML speaks English only); as it is otherwise."""
    for pattern, key in YAML_PROBLEMS:
        match = pattern.search(problem)
        if match and messages.has(f"problem.yaml.{key}"):
            return messages(f"problem.yaml.{key}", detail=match.group(1) if match.groups() else "")
    return problem


def printable(text: str) -> str:
    """Line breaks and control characters (an editor's value, a YAML error) shown as escapes:
    one problem stays one line, and nothing reaches the terminal as a control sequence."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(path)


def closest(word: str, candidates) -> str | None:
    matches = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return matches[0] if matches else None


def sort_key(problem: Problem):
    return (str(problem.path), problem.line, problem.code)


class ProblemList(list):
    """Problems in the order found, with helpers to add them."""

    # `path` may be given as text: hot loops keep paths as strings (making a Path costs more than
    # checking a file), and only a file with a problem needs one.
    def error(self, path: Path | str, line: int, code: str, **params) -> None:
        self.append(Problem(Path(path) if isinstance(path, str) else path, line, code, params, ERROR))

    def warning(self, path: Path | str, line: int, code: str, **params) -> None:
        self.append(Problem(Path(path) if isinstance(path, str) else path, line, code, params, WARNING))

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self if problem.severity == WARNING]
