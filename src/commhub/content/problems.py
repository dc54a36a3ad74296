"""Problems found in content: where, what, and how to say it to an editor."""

from __future__ import annotations

import difflib
import os
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
        text = messages(f"problem.{self.code}", **self.params)
        if self.severity == WARNING:
            text = f"{messages('problem.warning_prefix')}{text}"
        return text

    def render(self, messages: Messages, relative_to: Path | None = None) -> str:
        """`path:line: message` on one printable line, path relative to `relative_to` (default: cwd)."""
        location = display_path(self.path, relative_to)
        if self.line:
            location = f"{location}:{self.line}"
        return printable(f"{location}: {self.message(messages)}")


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
