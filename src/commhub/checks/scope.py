"""Which files a check covers: all, or the paths an editor named."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from commhub.content.problems import Problem, display_path


class Scope:
    """Which files a run looks at: everything, or the given files and folders."""

    def __init__(self, paths: Iterable[Path] | None):
        self.paths = None if paths is None else [Path(path).resolve() for path in paths]

    def covers(self, path: Path) -> bool:
        """`path` is one of the paths or inside one of them."""
        if self.paths is None:
            return True
        path = Path(path).resolve()
        return any(path == given or given in path.parents for given in self.paths)

    def touches(self, folder: Path) -> bool:
        """Something in `folder` is covered (the folder itself, a parent of it, or a file in it)."""
        if self.paths is None:
            return True
        folder = Path(folder).resolve()
        return any(folder == given or given in folder.parents or folder in given.parents for given in self.paths)


EVERYTHING = Scope(None)


def sorted_problems(problems: Iterable[Problem], relative_to: Path | None = None) -> list[Problem]:
    """Problems by displayed path, then line: the order `commhub check` prints them in."""
    return sorted(problems, key=lambda problem: (display_path(problem.path, relative_to), problem.line,
                                                 problem.code))
