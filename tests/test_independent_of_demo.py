"""No test outside tests/demo/ reads the demo hub: the repository's content/, docs/ and root mkdocs.yml.

A province replaces those three with its own and deletes tests/demo/; every other test must still
pass, so it builds its hubs in temporary folders (tests/hubfactory.py, tests/helpers.py). This test
reads the source of every test module outside tests/demo/ and evaluates, without running them, the
path expressions built from the repository's root (`Path(__file__).resolve().parent.parent`, and
every name bound to it, also across `from helpers import REPO`): a path into content/ or docs/, the
root mkdocs.yml, a walk of the whole root (rglob, os.walk), a glob whose first part can match those,
or running commhub/MkDocs from the root (chdir, cwd=) is reported with its file and line. Paths
under a temporary folder (`tmp_path / "content"`, a hub's `root / "mkdocs.yml"`) are not the root's
and are never reported.
"""

from __future__ import annotations

import ast
import fnmatch
import os
import textwrap
from pathlib import Path

import demo_reads

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DEMO_TESTS = TESTS / "demo"
DEMO_PARTS = ("content", "docs", "mkdocs.yml")  # what a hub replacing the demo replaces
WALKS = {"rglob", "walk", "iterdir", "scandir", "listdir"}  # at the root, they reach the demo too


class _Paths:
    """Evaluates the path expressions of one module that are made from constants, __file__ and the
    names bound to such paths."""

    def __init__(self, file: Path, names: dict[str, Path]):
        self.file = file
        self.names = names

    def __call__(self, node: ast.AST) -> Path | None:
        if isinstance(node, ast.Name):
            return self.file if node.id == "__file__" else self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self(node.value)
            return base.parent if base is not None and node.attr == "parent" else None
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
            base, index = self(node.value.value), node.slice
            if base is not None and isinstance(index, ast.Constant) and isinstance(index.value, int):
                return base.parents[index.value]
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Div, ast.Add)):
            base, part = self(node.left), _text(node.right)
            return _join(base, part) if base is not None and part is not None else None
        if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.FormattedValue):
            base = self(node.values[0].value)
            rest = "".join(value.value for value in node.values[1:] if isinstance(value, ast.Constant))
            return _join(base, rest) if base is not None else None
        if isinstance(node, ast.Call):
            return self._call(node)
        return None

    def _call(self, node: ast.Call) -> Path | None:
        name, args = _name(node.func), node.args
        if name in ("Path", "PurePath", "str", "os.fspath", "os.path.abspath", "os.path.realpath",
                    "os.path.join") and args:
            base, parts = self(args[0]), [_text(arg) for arg in args[1:]]
            return _join(base, *parts) if base is not None and None not in parts else None
        if name == "os.path.dirname" and len(args) == 1:
            base = self(args[0])
            return base.parent if base is not None else None
        if isinstance(node.func, ast.Attribute) and (base := self(node.func.value)) is not None:
            if node.func.attr in ("resolve", "absolute") and not args:
                return base
            if node.func.attr == "joinpath" and None not in (parts := [_text(arg) for arg in args]):
                return _join(base, *parts)
        return None


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return ""


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _join(base: Path, *parts: str) -> Path:
    for part in parts:
        base = base.joinpath(*[piece for piece in part.split("/") if piece not in ("", ".")])
    return base


def in_demo(path: Path) -> bool:
    """A path into the demo hub: content/…, docs/… or the root mkdocs.yml."""
    try:
        relative = path.relative_to(ROOT)
    except ValueError:
        return False
    return bool(relative.parts) and relative.parts[0] in DEMO_PARTS


def _assignments(tree: ast.Module) -> dict[str, list[ast.AST]]:
    values: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            targets = [node.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                values.setdefault(target.id, []).append(node.value)
    return values


def bound_paths(tree: ast.Module, file: Path, imported: dict[str, Path]) -> dict[str, Path]:
    """The names of a module bound to a path known without running it: every assignment of the name
    gives that same path (a name also bound to anything else, say a tmp_path, is left out)."""
    values, names = _assignments(tree), dict(imported)
    changed = True
    while changed:
        changed = False
        paths = _Paths(file, names)
        for name, nodes in values.items():
            found = {paths(node) for node in nodes}
            if name not in names and len(found) == 1 and None not in found:
                names[name] = found.pop()
                changed = True
    return names


def module_paths(sources: dict[Path, str]) -> dict[Path, dict[str, Path]]:
    """Each module's bound paths, following `from <module> import NAME [as N]` between the modules
    (until nothing changes)."""
    trees = {file: ast.parse(source) for file, source in sources.items()}
    by_module = {file.stem: file for file in trees}
    bound = {file: bound_paths(tree, file, {}) for file, tree in trees.items()}
    changed = True
    while changed:
        changed = False
        for file, tree in trees.items():
            imported = {alias.asname or alias.name: bound[origin][alias.name] for node in ast.walk(tree)
                        if isinstance(node, ast.ImportFrom) and node.module
                        and (origin := by_module.get(node.module.split(".")[-1])) is not None
                        for alias in node.names if alias.name in bound[origin]}
            if not imported.keys() <= bound[file].keys():
                bound[file] = bound_paths(tree, file, bound[file] | imported)
                changed = True
    return bound


def demo_references(file: Path, source: str, names: dict[str, Path]) -> list[str]:
    """`line: code` of each place in the module that reads the demo hub (one per line)."""
    paths = _Paths(file, names)
    found: dict[int, str] = {}

    def report(node: ast.AST) -> None:
        found.setdefault(node.lineno, ast.get_source_segment(source, node) or ast.dump(node))

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.BinOp, ast.JoinedStr, ast.Call)) and (path := paths(node)) is not None:
            if in_demo(path):
                report(node)
                continue
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        method = name.rsplit(".", 1)[-1]
        receiver = paths(node.func.value) if isinstance(node.func, ast.Attribute) else None
        first = paths(node.args[0]) if node.args else None
        if method in WALKS and ROOT in (receiver, first):
            report(node)  # a walk of the whole root goes through content/ and docs/
        elif method == "glob" and receiver == ROOT and node.args and (pattern := _text(node.args[0])) is not None:
            head = pattern.split("/")[0]
            if head.startswith("**") or any(fnmatch.fnmatch(part, head) for part in DEMO_PARTS):
                report(node)
        elif method == "chdir" and ROOT in (first, paths(node.args[-1]) if node.args else None):
            report(node)  # then every relative path (`content`, `mkdocs.yml`) is the demo's
        else:
            cwd = next((keyword.value for keyword in node.keywords if keyword.arg == "cwd"), None)
            if cwd is not None and paths(cwd) == ROOT and any(
                    _text(const) and any(tool in const.value for tool in ("commhub", "mkdocs"))
                    for arg in node.args for const in ast.walk(arg)):
                report(node)  # commhub or MkDocs run in the root read its content/ and mkdocs.yml
    return [f"{line}: {code}" for line, code in sorted(found.items())]


def test_only_tests_demo_reads_the_demo_hub():
    # The guards name the demo's paths to watch for them.
    guards = {TESTS / "demo_reads.py", Path(__file__).resolve()}
    files = [path for path in sorted(TESTS.rglob("*.py")) if DEMO_TESTS not in path.parents and path not in guards]
    sources = {path: path.read_text(encoding="utf-8") for path in files}
    bound = module_paths(sources)
    # guards the guard: it does see the root's names, also imported (test_init.py: from helpers import REPO)
    assert bound[TESTS / "helpers.py"]["REPO"] == bound[TESTS / "test_init.py"]["REPO"] == ROOT
    found = {str(path.relative_to(ROOT)): hits for path, source in sources.items()
             if (hits := demo_references(path, source, bound[path]))}
    assert found == {}, ("these tests read the demo hub (content/, docs/, mkdocs.yml), which a province "
                         "replaces: build a hub in tmp_path (tests/hubfactory.py) or move the test to tests/demo/")


def test_reading_the_demo_at_run_time_is_seen(tmp_path, monkeypatch):
    """conftest.py's run-time guard (demo_reads.py): opening or listing a demo path is recorded, other
    paths are not. The events are given to the hook: reading the demo here would fail this test."""
    with demo_reads.watching() as reads:
        for part, event, args in [("mkdocs.yml", "open", ("{}", "r", 0)), ("content", "os.scandir", ("{}",)),
                                  ("docs", "os.listdir", ("{}",)),
                                  ("content/products/a/index.vi.md", "open", ("{}", None, 0))]:
            demo_reads.record(event, tuple(arg.format(os.path.join(ROOT, part)) if isinstance(arg, str) else arg
                                           for arg in args))
        monkeypatch.chdir(ROOT)  # relative paths, as `commhub check` without arguments uses them
        for part in DEMO_PARTS:
            demo_reads.record("open", (part, "rb", 0))
        for path in (tmp_path / "content", tmp_path / "mkdocs.yml", ROOT / "README.md", TESTS / "content"):
            demo_reads.record("open", (str(path), "r", 0))
        demo_reads.record("open", ("content", None, 0))  # os.open relative to a dir_fd: not known to be the root's
        demo_reads.record("os.scandir", (3,))
    assert [Path(path).relative_to(ROOT).as_posix() for path in reads] == [
        "mkdocs.yml", "content", "docs", "content/products/a/index.vi.md", "content", "docs", "mkdocs.yml"]


# --- the guard itself ------------------------------------------------------------------------------


def references(source: str, where: Path = TESTS / "test_x.py", imports: dict[str, str] | None = None) -> list[int]:
    sources = {where: textwrap.dedent(source)}
    for name, text in (imports or {}).items():
        sources[TESTS / f"{name}.py"] = textwrap.dedent(text)
    bound = module_paths(sources)
    return [int(hit.split(": ", 1)[0]) for hit in demo_references(where, sources[where], bound[where])]


def test_the_guard_finds_each_way_to_the_demo():
    assert references("""\
        from pathlib import Path
        import os
        REPO = Path(__file__).resolve().parent.parent
        HERE = Path(__file__).parent
        a = REPO / "content"
        c = REPO / "mkdocs.yml"
        d = Path(__file__).resolve().parent.parent / "content/products"
        e = HERE.parent / "docs" / "about.md"
        f = REPO.joinpath("docs", "index.md")
        g = os.path.join(REPO, "content")
        h = f"{REPO}/mkdocs.yml"
        i = REPO.rglob("*.md")
        j = REPO.glob("*/index.*.md")
        k = os.chdir(REPO)
        m = subprocess.run([sys.executable, "-m", "commhub", "check"], cwd=REPO)
        n = Path(REPO, "content")
        o = str(REPO) + "/docs"
        CONTENT = REPO / "content"
        p = CONTENT / "languages.yml"
        """) == list(range(5, 20))
    # through an import, under another name
    assert references("from helpers import REPO as ROOT_DIR\nx = ROOT_DIR / 'docs' / 'about.md'\n",
                      imports={"helpers": "from pathlib import Path\nREPO = Path(__file__).resolve().parent.parent\n"}
                      ) == [2]
    # from a module one folder down
    assert references("from pathlib import Path\nx = Path(__file__).resolve().parents[2] / 'content'\n",
                      where=TESTS / "browser" / "x.py") == [2]


def test_the_guard_leaves_other_paths_alone():
    assert references("""\
        from pathlib import Path
        REPO = Path(__file__).resolve().parent.parent
        def test(tmp_path, hub):
            a = tmp_path / "content"
            b = hub / "mkdocs.yml"
            c = REPO / "src" / "commhub" / "i18n" / "locales" / "vi.yml"
            d = REPO / "README.md"
            f = (REPO / ".github" / "workflows").glob("*.yml")
            g = REPO.glob("*.md")
            h = subprocess.run(["git", "check-ignore", "x"], cwd=REPO)
            i = Path(__file__).resolve().parent / "content"
            j = "content/products/mot/product.yml:3: lỗi cú pháp YAML"
            root = REPO
            root = tmp_path / "hub"  # bound to two things: not known to be the root
            k = root / "content"
        """) == []
