"""Nothing crashes: random and mutated content gives success or problems naming the file, never a traceback.

Property-based tests (hypothesis) feed `load_content`/`check_content` with
mutated product.yml, languages.yml and front matter (random YAML values,
non-string keys, anchors and aliases, YAML timestamps), raw byte edits (BOMs,
CRLF and CR line endings, tabs, invalid UTF-8, control characters, long
lines, emoji and combining marks, duplicated lines, truncation), random file
and folder names, and random Markdown bodies. Fixed cases cover what random
generation rarely reaches (a 5 MB body, 500 nested list levels, billion
laughs). A few mutated corpora go through the whole MkDocs build and through
`commhub build`, whose failure must leave the published site untouched.

Runs are deterministic by default (a regression gate for CI); set
COMMHUB_FUZZ_RANDOM=1 and COMMHUB_FUZZ_EXAMPLES=N to explore further.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort, PluginError

from commhub.checks.checker import check_content
from commhub.content.limits import MAX_MARKDOWN_BYTES
from commhub.i18n.messages import Messages
from commhub.content.problems import printable, sort_key

from helpers import Corpus, build_site

EXAMPLES = int(os.environ.get("COMMHUB_FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=20),  # generous: a slow CI machine must not fail a correct example
    database=None,  # no .hypothesis/ folder in the work tree
    derandomize=not os.environ.get("COMMHUB_FUZZ_RANDOM"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXAMPLE_SECONDS = 60  # a hang becomes a failure instead of a stuck test run
MESSAGES = {lang: Messages(lang) for lang in ("vi", "en")}


class Hang(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: int = EXAMPLE_SECONDS):
    """Fail, instead of hanging, when the block runs longer than `seconds` (main thread, POSIX)."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --- the corpus every example starts from -----------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")
MEDIA = [{"file": "anh.png", "kind": "image", "alt": {"vi": "Ảnh minh họa", "en": "An illustration"}}]


def make_corpus(root: Path) -> Corpus:
    """Two products: `mot` (vi original, en translation, an image), `hai` (vi only, own channels and date)."""
    corpus = Corpus(root)
    corpus.product("mot", media=MEDIA)
    (corpus.content / "products/mot/anh.png").write_bytes(PNG)
    corpus.version("mot", "vi", "Quyền được trợ giúp pháp lý", body="## Ai được giúp?\n\n- Người nghèo\n- Trẻ em\n")
    corpus.version("mot", "en", "The right to legal aid", body="## Who?\n\n- The poor\n- Children\n",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    corpus.product("hai", type="news", published="2023-11-02")
    corpus.version("hai", "vi", "Tin mới", body="Xem [bài kia](../mot/index.vi.md).", channels=["radio"],
                   published="2024-01-09")
    return corpus


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template")
    make_corpus(root)
    content, problems = check_content(root / "content")
    assert list(problems) == [] and sorted(content.products) == ["hai", "mot"]
    return root


@contextlib.contextmanager
def copy_of(template: Path):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        shutil.copytree(template, root, symlinks=True)
        yield root


# --- what every outcome must satisfy ------------------------------------------------------------------------


def line_count(path: Path) -> int:
    """Lines of a file, counting every line break YAML knows (CR, LF, CRLF, NEL, LS, PS)."""
    text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    return sum(text.count(brk) for brk in ("\n", "\r", "\x85", "\u2028", "\u2029")) + 1


def checked(root: Path):
    """check_content on root/content: every problem renders as `path:line: message` under content/ or docs/."""
    content_dir = root / "content"
    with time_limit():
        content, problems = check_content(content_dir)  # targets.yml included
        rendered = [(problem, problem.render(messages, root)) for problem in problems for messages in MESSAGES.values()]
    for problem, line in rendered:
        path = Path(problem.path)
        # never a file outside content/ and docs/ (the site's pages, which the build renders too)
        assert any(path == folder or folder in path.parents for folder in (content_dir, root / "docs")), problem
        location = os.path.relpath(path, root)
        if problem.line:
            location += f":{problem.line}"
        location = printable(location)  # a name with control characters is shown escaped
        assert line.startswith(f"{location}: ") and line[len(location) + 2:].strip(), line
        assert "Traceback" not in line
        assert isinstance(problem.line, int) and problem.line >= 0, problem
        if problem.line and path.is_file():
            # The line is in the file; libyaml puts an error at the end of a file without a final line break
            # on the line after the last one (a line the editor does not see, but next to the right place).
            last = line_count(path) + (not path.read_bytes().endswith((b"\n", b"\r")))
            assert problem.line <= last, (problem, line_count(path))
    return content, problems


def assert_outcome(content, problems, folder: Path | None, loaded: str | None = None, lang: str | None = None):
    """Success (no error: the product and version load) or errors of which one names `folder` or a file in it."""
    if not problems.errors:
        if loaded is not None:
            assert loaded in content.products, problems
            if lang is not None:
                assert lang in content.products[loaded].versions, problems
    elif folder is not None:
        assert any(problem.path == folder or folder in problem.path.parents for problem in problems.errors), \
            [str(problem.path) for problem in problems.errors]


# --- strategies ----------------------------------------------------------------------------------------------

# Text that editors paste: every plane of Unicode, control characters, combining marks, emoji, RTL marks.
TRICKY = ["e\u0301", "\u1ec7", "\u0103\u0300", "\U0001f600", "\U0001f469\u200d\U0001f467", "\u202e", "\u200b",
          "\ufeff", "\x00", "\x1b[31m", "\x07", "\x7f", "\u2028", "\x85", "\t", "\r", "\r\n", "ជំនួយ", "法律", "ً",
          "a" * 300]
texts = st.one_of(st.text(max_size=40), st.sampled_from(TRICKY),
                  st.lists(st.sampled_from(TRICKY), max_size=4).map("".join))
KNOWN = ["article", "video", "vi", "en", "km", "hmn", "fr", "published", "draft", "legal-aid", "so-tu-phap",
         "website", "radio", "2024-03-01", "06/05/2024", "2024-13-01", "2024-02-30", "human", "machine", "image",
         "anh.png", "../anh.png", "/etc/passwd", "national", "foreign", "mot", "hai", "", " ", "null", "~"]
NUMBERS = [float("inf"), float("-inf"), float("nan"), 1e308, -0.0, 0.15, 0.2, 1.5, -1, 0, 10 ** 400, True]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(NUMBERS), st.dates(), st.datetimes(),
    st.sampled_from(KNOWN), texts,
)
keys = st.one_of(st.sampled_from(["type", "title", "summary", "status", "code", "name", "group", "default",
                                  "vi", "en", "id", "file", "kind", "alt", "method", "reviewed", "source_sha"]),
                 texts, st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(keys, inner, max_size=4)), max_leaves=12)


@st.composite
def yaml_documents(draw, valid: dict):
    """`valid` with keys replaced, removed or added, some values shared (anchors/aliases), dumped as YAML."""
    data = dict(valid)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["set", "set", "delete", "add", "alias"]))
        if action == "set" and data:
            data[draw(st.sampled_from(sorted(data, key=str)))] = draw(values)
        elif action == "delete" and data:
            del data[draw(st.sampled_from(sorted(data, key=str)))]
        elif action == "add":
            data[draw(keys)] = draw(values)
        elif action == "alias" and len(data) > 1:
            shared = draw(st.lists(values, min_size=1, max_size=3))  # one object twice: an anchor and an alias
            first, second = draw(st.lists(st.sampled_from(sorted(data, key=str)), min_size=2, max_size=2,
                                          unique=True))
            data[first] = data[second] = shared
    whole = draw(st.sampled_from(["mapping"] * 6 + ["value", "list"]))
    document = data if whole == "mapping" else draw(values) if whole == "value" else [data]
    return yaml.safe_dump(document, allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()),
                          sort_keys=False)


# Raw edits of a file's bytes: what editors' tools, copy-paste and encodings do to a file.
def apply_edit(data: bytes, edit) -> bytes:
    kind, position, payload = edit
    at = position % (len(data) + 1)
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "crlf":
        return data.replace(b"\n", b"\r\n")
    if kind == "cr":
        return data.replace(b"\n", b"\r")
    if kind == "tabs":
        return data.replace(b"  ", b"\t")
    if kind == "insert":
        return data[:at] + payload + data[at:]
    if kind == "delete":
        return data[:at] + data[at + len(payload) + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "empty":
        return b""
    if kind == "duplicate_line":  # a repeated key
        lines = data.split(b"\n")
        index = position % len(lines)
        return b"\n".join(lines[:index + 1] + lines[index:])
    if kind == "long_line":
        return data[:at] + b"x" * 200_000 + data[at:]
    raise AssertionError(kind)


payloads = st.one_of(
    st.binary(max_size=8),  # mostly invalid UTF-8
    st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\x1b", b"\r", b"\t", b"---\n", b"\n---\n",
                     b": ", b"- ", b"&a ", b"*a", b"!!int ", b"!!python/object:os.system ", b"? ", b"{", b"[", b"'",
                     b'"', b"#", b"|", b">", b"%YAML 1.1\n", b"<script>", b"\xe2\x80\xa8"]),
    texts.map(lambda text: text.encode("utf-8", "surrogatepass")),
)
edits = st.lists(st.tuples(st.sampled_from(["bom", "crlf", "cr", "tabs", "insert", "insert", "insert", "delete",
                                            "truncate", "empty", "duplicate_line", "long_line"]),
                           st.integers(0, 10 ** 6), payloads), min_size=1, max_size=4)
FILES = ["content/languages.yml", "content/channels.yml", "content/units.yml", "content/topics.yml",
         "content/products/mot/product.yml", "content/products/mot/index.vi.md",
         "content/products/mot/index.en.md", "content/products/hai/index.vi.md"]

MARKDOWN_TOKENS = ["\n", "\n\n", "  ", "    ", "\t", "- ", "* ", "1. ", "> ", "# ", "## ", "[", "]", "(", ")", "](",
                   "![", "<", ">", "</", "script", "a", "img", "iframe", "svg", " href=", " src=", " onerror=",
                   "javascript:", "JaVa\tScRiPt:", "data:", "vbscript:", '"', "'", "`", "```", "~~~", "|", "---",
                   "{: ", "{#", "}", ".cls", "!!! note", "<!--", "-->", "&", "&#x", ";", "\\", "*", "_", "http://x",
                   "https://www.youtube.com/watch?v=abc", "../", "../hai/index.vi.md", "index.en.md", "anh.png",
                   "/abs", "#frag", "[x]: ", "<!-- commhub:", "%", "\u00a0"]
bodies = st.lists(st.one_of(st.sampled_from(MARKDOWN_TOKENS), st.sampled_from(TRICKY), st.text(max_size=6)),
                  max_size=60).map("".join)

names = st.one_of(
    st.text(min_size=1, max_size=30),
    st.sampled_from(["index.md", "index..md", "index.vi.md.md", "index.VI.md", "index.fr.md", "INDEX.vi.md",
                     "product.yaml", ".hidden.png", "a b.png", "anh.PNG", "x.svg", "x.html", "..png", "-", "~",
                     "\u00e9.md", "e\u0301.png", "a\nb.md", "a\x1bb.yml", "\u202egnp.exe", "x" * 250]),
).filter(lambda name: "/" not in name and "\x00" not in name and name not in (".", "..")
         and len(name.encode("utf-8", "surrogatepass")) <= 255)


# --- properties ---------------------------------------------------------------------------------------------


VALID_PRODUCT = {"type": "article", "topics": ["legal-aid"], "unit": "so-tu-phap", "channels": ["website"],
                 "published": "2024-03-01", "original_language": "vi", "status": "published", "media": MEDIA}
VALID_LANGUAGE = {"code": "km", "name": "ភាសាខ្មែរ", "group": "ethnic_minority"}


@FUZZ
@given(document=yaml_documents(VALID_PRODUCT))
def test_mutated_product_yml(template, document):
    with copy_of(template) as root:
        (root / "content/products/mot/product.yml").write_text(document, encoding="utf-8")
        content, problems = checked(root)
        assert_outcome(content, problems, root / "content/products/mot", loaded="mot", lang="vi")
        assert "hai" in content.products  # one broken product never hides another


@FUZZ
@given(document=yaml_documents(VALID_LANGUAGE), index=st.integers(0, 3))
def test_mutated_languages_yml(template, document, index):
    with copy_of(template) as root:
        path = root / "content/languages.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        languages = [yaml.safe_dump(entry, allow_unicode=True) for entry in data["languages"]]
        languages[index] = document
        lines = ["languages:"]
        for entry in languages:
            entry_lines = entry.rstrip("\n").split("\n")
            lines += ["  - " + entry_lines[0]] + ["    " + line for line in entry_lines[1:]]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        content, problems = checked(root)
        assert_outcome(content, problems, None, loaded="mot")


@FUZZ
@given(document=yaml_documents({"title": "The right to legal aid", "summary": "Who gets it.",
                                "translation": {"method": "human", "reviewed": True, "source_sha": "0" * 64},
                                "channels": ["website"], "published": "2024-05-01", "status": "published"}),
       body=bodies)
def test_mutated_front_matter_and_body(template, document, body):
    with copy_of(template) as root:
        path = root / "content/products/mot/index.en.md"
        path.write_text(f"---\n{document}---\n\n{body}\n", encoding="utf-8")
        content, problems = checked(root)
        assert_outcome(content, problems, root / "content/products/mot")


def write_edited(path: Path, changes) -> Path:
    """Apply byte edits to a file of the copied corpus; the path, for the assertions."""
    data = path.read_bytes()
    for change in changes:
        data = apply_edit(data, change)
    path.write_bytes(data)
    return path


@FUZZ
@given(file=st.sampled_from(FILES), changes=edits)
def test_raw_byte_edits(template, file, changes):
    with copy_of(template) as root:
        path = write_edited(root / file, changes)
        content, problems = checked(root)
        folder = path.parent if "/products/" in file else None
        assert_outcome(content, problems, folder, loaded="mot")
        if not problems.errors:
            assert "hai" in content.products
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            assert any(problem.path == path for problem in problems.errors), "invalid UTF-8 not reported"


@FUZZ
@given(entries=st.lists(st.tuples(names, st.sampled_from(["file", "folder", "copy-of-index", "product"])),
                        min_size=1, max_size=3))
def test_random_file_and_folder_names(template, entries):
    with copy_of(template) as root:
        products = root / "content/products"
        created = []
        for name, kind in entries:
            target = products / name if kind == "product" else products / "mot" / name
            if target.is_dir() or (kind in ("folder", "product") and target.exists()):
                continue  # a name given twice: the first one stays
            if kind == "file":
                target.write_bytes(PNG)
            elif kind == "folder":
                target.mkdir()
            elif kind == "copy-of-index":
                shutil.copyfile(products / "mot/index.en.md", target)
            else:  # a whole product folder under a random name
                shutil.copytree(products / "hai", target)
            created.append((name, kind))
        content, problems = checked(root)
        for name, kind in created:
            if any(ord(char) < 32 or ord(char) == 127 for char in name):
                folder = products if kind == "product" else products / "mot"
                assert any(problem.code == "name_control_character" and problem.path == folder
                           for problem in problems), (name, kind)
        assert_outcome(content, problems, None)


@FUZZ
@given(document=yaml_documents({"plan": {"name": "Plan"}, "period": {"from": "2024-01-01", "to": "2024-12-31"},
                                "count": "versions",
                                "targets": [{"id": "km", "label": {"vi": "Khmer"}, "any": [{"language": "km"}],
                                             "share": {"min": 0.15, "max": 0.2}}]}),
       bounds=st.dictionaries(st.sampled_from(["min", "max"]), st.one_of(st.sampled_from(NUMBERS), scalars),
                              max_size=2))
def test_mutated_targets_yml(template, document, bounds):
    """targets.yml is content too: the build and `commhub report` load it."""
    with copy_of(template) as root:
        data = yaml.safe_load(document)
        if isinstance(data, dict) and isinstance(data.get("targets"), list) and data["targets"] \
                and isinstance(data["targets"][0], dict):
            data["targets"][0]["share"] = bounds
            document = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (root / "content/targets.yml").write_text(document, encoding="utf-8")
        checked(root)


SCHEME = {"plan": {"name": "Đề án", "number": "1/QĐ", "date": "2023-01-02", "authority": "UBND"},
          "period": {"from": "2023-01-01", "to": "2025-12-31"}, "count": "versions", "translations": "reviewed",
          "targets": [{"id": "km", "label": {"vi": "Khmer"}, "any": [{"language": "km"}], "count": {"min": 3},
                       "count_by": "products",
                       "milestones": [{"period": {"from": "2024-01-01", "to": "2024-12-31"}, "count": {"min": 1}}]}]}
PLACES = ("plan", "period", "count", "translations", "target", "milestone", "milestone period", "milestone count")


@FUZZ
@given(place=st.sampled_from(PLACES), key=st.one_of(keys, st.sampled_from(["from", "to", "min", "max", "share",
                                                                           "count_by", "translations"])),
       value=values, periods=st.lists(st.sampled_from(["2024", "2024-H1", "2023-Q4", "2023..2025", "2025-12"]),
                                      min_size=1, max_size=2))
def test_mutated_plan_with_milestones(template, place, key, value, periods):
    """A plan in plans/ with a mutated field anywhere, milestones included: check reports it at its line;
    a plan that loads is counted and written in every text format without an error."""
    from commhub.content.targets import load_plans
    from commhub.report.counting import Scope, compute
    from commhub.report.labels import Labels
    from commhub.report.periods import parse_period
    from commhub.report.text_formats import FORMATS, render

    data = copy.deepcopy(SCHEME)
    target = data["targets"][0]
    milestone = target["milestones"][0]
    where = {"plan": data["plan"], "period": data["period"], "target": target, "milestone": milestone,
             "milestone period": milestone["period"], "milestone count": milestone["count"]}
    if place in ("count", "translations"):
        data[place] = value
    else:
        where[place][key] = value
    with copy_of(template) as root:
        (root / "content/plans").mkdir()
        (root / "content/plans/de-an.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")
        content, problems = checked(root)
        plans, plan_problems = load_plans(root / "content", content)
        assert bool(plans) != bool(plan_problems.errors)
        labels = Labels(content, MESSAGES["vi"], "vi")
        for name in periods:
            period = parse_period(name)
            report = compute(content, plans, Scope(period.start, period.end, units="current"))
            for fmt in FORMATS:
                assert render(report, labels, fmt, ("all",))


@FUZZ
@given(unit=st.sampled_from(["so-tu-phap", "hoi-lhpn"]),
       key=st.sampled_from(["level", "parent", "valid_from", "valid_to", "successors"]), value=values)
def test_mutated_units_in_time(template, unit, key, value):
    """units.yml's time fields take any value without a traceback; every unit it loads rolls up."""
    from commhub.report.unit_tree import UnitTree

    with copy_of(template) as root:
        path = root / "content/units.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry = next(entry for entry in data["units"] if entry["id"] == unit)
        entry[key] = value
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        content, problems = checked(root)
        for mode in ("as-of", "current"):
            tree = UnitTree(content.units, mode, dt.date(2026, 1, 1))
            assert all(tree.chain(name) for name in content.units)
            assert {unit for unit, _ in tree.depth_first()} == set(tree.shown())


# --- fixed hard cases ----------------------------------------------------------------------------------------

NESTED_LIST = "".join("  " * level + "- niveau\n" for level in range(500))


def big_body(size: int = 5 * 1024 * 1024) -> str:
    """Paragraphs of Vietnamese text, a little over `size` bytes."""
    paragraph = "Người dân tộc thiểu số được trợ giúp pháp lý miễn phí tại xã. " * 16 + "\n\n"
    return paragraph * (size // len(paragraph.encode("utf-8")) + 1)


# Bodies just under the size limit of a Markdown file (content/limits.py), front matter included.
NEAR_LIMIT = MAX_MARKDOWN_BYTES - 2000


def with_front_matter(body: str, title: str = "The right to legal aid", **extra) -> str:
    meta = {"title": title, "summary": "Who gets it.", **extra}
    return f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}\n"


def billion_laughs(levels: int, field: str) -> bytes:
    """A product.yml under 1 KB whose `field` is an alias expanding to 10**levels strings."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, levels)]
    product = dict(VALID_PRODUCT, media=None)
    product[field] = "PLACEHOLDER"
    body = yaml.safe_dump({key: value for key, value in product.items() if value is not None}, sort_keys=False)
    return ("\n".join(lines) + "\n" + body.replace("PLACEHOLDER", f"*l{levels - 1}")).encode()


# Files that must load without any error, and files that must be refused with an error naming them.
ACCEPTED = ("body near the size limit", "one line near the size limit", "emoji and combining marks",
            "BOM, CRLF and tabs")
REFUSED = ("empty file", "only a BOM", "NUL and escape bytes", "duplicate keys", "recursive alias", "a Python tag",
           "billion laughs in type", "billion laughs in unit", "billion laughs in published",
           "500 nested list levels", "400 nested list levels with markup", "30,000 nested YAML levels",
           "invalid UTF-8 at the end of a large body", "decomposed Vietnamese", "5 MB body")
HARD_CASES = {
    "empty file": ("content/products/mot/index.vi.md", b""),
    "only a BOM": ("content/products/mot/index.vi.md", b"\xef\xbb\xbf"),
    "body near the size limit": ("content/products/hai/index.vi.md", with_front_matter(big_body(NEAR_LIMIT)).encode()),
    "5 MB body": ("content/products/hai/index.vi.md", with_front_matter(big_body()).encode()),
    "one line near the size limit": ("content/products/hai/index.vi.md", with_front_matter("a" * NEAR_LIMIT).encode()),
    "BOM, CRLF and tabs": ("content/products/hai/index.vi.md",
                           b"\xef\xbb\xbf---\r\ntitle: Tin\r\nsummary:\tx\r\n---\r\n\r\n\tcode\r\n- a\r\n"),
    "invalid UTF-8 at the end of a large body": ("content/products/hai/index.vi.md",
                                                 with_front_matter(big_body(NEAR_LIMIT)).encode() + b"\xc3("),
    # Combining marks with no precomposed form are NFC already: accepted.
    "emoji and combining marks": ("content/products/hai/index.vi.md",
                                  with_front_matter("q\u0301\u1ec7\U0001f469\u200d\U0001f467 \u202ex" * 10000,
                                                    title="Ti\u1ebfu \U0001f600 x\u0323\u0301").encode()),
    # Decomposed Vietnamese (as some keyboards and macOS file names write it) is refused: not NFC.
    "decomposed Vietnamese": ("content/products/hai/index.vi.md",
                              with_front_matter("N\u00f4\u0323i dung.", title="Tie\u0302\u0301u").encode()),
    "NUL and escape bytes": ("content/products/mot/product.yml", b"type: art\x00icle\nunit: \x1b[2J\n"),
    "tabs for indentation": ("content/products/mot/product.yml",
                             b"type: article\ntopics:\n\t- legal-aid\nunit: so-tu-phap\n"),
    "duplicate keys": ("content/languages.yml", b"languages: []\nlanguages: []\n"),
    "non-string keys": ("content/products/mot/product.yml",
                        b"1: 2\ntrue: false\nnull: ~\n2024-01-01: x\n[1, 2]: y\n{a: 1}: z\n"),
    "timestamps where text is expected": ("content/products/hai/index.vi.md",
                                          b"---\ntitle: 2024-01-01\nsummary: 2024-01-01T10:00:00Z\n"
                                          b"published: 2024-01-01 10:00:00\n---\n"),
    "numbers and booleans where text is expected": ("content/languages.yml",
                                                    b"languages:\n  - {code: 1, name: yes, group: 0x1f, "
                                                    b"default: 'true'}\n"),
    "YAML merge keys and anchors": ("content/products/mot/product.yml",
                                    b"base: &b {type: article, unit: so-tu-phap}\n<<: *b\ntopics: &t [legal-aid]\n"
                                    b"channels: *t\n"),
    "recursive alias": ("content/products/mot/product.yml", b"topics: &a [*a]\n"),
    "a Python tag": ("content/products/mot/product.yml", b"type: !!python/object/apply:os.system [ls]\n"),
    "200 nested YAML levels": ("content/products/mot/product.yml", b"type: " + b"[" * 200 + b"]" * 200 + b"\n"),
    # 10**6 strings from 600 bytes; unchecked, 9 levels hang and then exhaust memory.
    **{f"billion laughs in {field}": ("content/products/mot/product.yml", billion_laughs(6, field))
       for field in ("type", "unit", "published")},
    # Python-Markdown recurses once per level: enough levels raise RecursionError in the build.
    "500 nested list levels": ("content/products/hai/index.vi.md", with_front_matter(NESTED_LIST).encode()),
    "400 nested list levels with markup": ("content/products/hai/index.vi.md", with_front_matter("".join(
        "    " * level + "- <b>x</b>\n" for level in range(400))).encode()),
    # PyYAML's C composer recurses once per level: enough levels crash the process (SIGSEGV).
    "30,000 nested YAML levels": ("content/products/mot/product.yml",
                                  b"type: " + b"[" * 30_000 + b"]" * 30_000 + b"\n"),
}


@pytest.mark.parametrize("case", sorted(HARD_CASES))
def test_hard_case(template, case):
    file, data = HARD_CASES[case]
    with copy_of(template) as root:
        path = root / file
        path.write_bytes(data)
        content, problems = checked(root)
        assert_outcome(content, problems, path.parent if "/products/" in file else None)
        if case in ACCEPTED:
            assert not problems.errors, problems.errors
            assert "vi" in content.products["hai"].versions
        if case in REFUSED:
            assert any(problem.path == path for problem in problems.errors), case
        # No message grows with what an alias or a long value expands to.
        assert all(len(problem.render(MESSAGES["en"], root)) < 2000 for problem in problems)
        if case == "5 MB body":
            assert [(problem.path, problem.code) for problem in problems.errors] == [(path, "file_too_large")]
        if case == "invalid UTF-8 at the end of a large body":
            [problem] = problems.errors
            assert (problem.path, problem.code) == (path, "not_utf8")
            assert problem.line == line_count(path)  # the last line, where the bad bytes are
        if case == "decomposed Vietnamese":
            assert [(problem.path, problem.line, problem.code) for problem in problems.errors] == [
                (path, 2, "not_nfc")]


def test_very_deep_yaml_does_not_crash_commhub_check(template):
    """The one hard case that once killed the process (SIGSEGV), run as editors run it."""
    file, data = HARD_CASES["30,000 nested YAML levels"]
    with copy_of(template) as root:
        (root / file).write_bytes(data)
        result = subprocess.run([sys.executable, "-m", "commhub", "check", "--lang", "en"], cwd=root,
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, (result.returncode, result.stderr[-500:])
        assert "content/products/mot/product.yml:1: " in result.stdout
        assert "Traceback" not in result.stderr


# Found by the tests above and fixed with one line each (a regression test for each):
# - messages.Messages.__call__ took `key` by keyword too, so the problem `registry_key_missing(key=...)` could
#   not be rendered (TypeError) and a registry file without its top key crashed `commhub check` and the build;
# - yamlio.load_yaml let PyYAML's own exceptions through for bad explicit tags (`!!int x`: ValueError,
#   `!!bool x`: KeyError, `!!map [1]`: TypeError …) and for integers over Python's 4300-digit limit;
# - targets._share turned `.inf`/`.nan` into a Fraction: ValueError.


@pytest.mark.parametrize("registry", ["languages", "channels", "units", "topics"])
@pytest.mark.parametrize("text", ["[]\n", "just text\n", "{registry}: []\n", "- {{code: vi}}\n"])
def test_registry_without_its_key_is_reported(template, registry, text):
    with copy_of(template) as root:
        path = root / f"content/{registry}.yml"
        path.write_text(text.format(registry=registry[:-1]), encoding="utf-8")
        _, problems = checked(root)
        lines = [problem.render(MESSAGES["en"], root) for problem in problems if problem.path == path]
        assert f"content/{registry}.yml:1: the file must start with '{registry}:' followed by a list." in lines


BAD_YAML = {
    "!!int on text": "type: !!int article\n",
    "!!int empty": "type: !!int\n",
    "!!int underscore": "type: !!int _\n",
    "!!float on text": "published: !!float 2024-01-01\n",
    "!!bool on text": "status: !!bool published\n",
    "!!map on a list": "topics: !!map [legal-aid]\n",
    "!!seq on a mapping": "topics: !!seq {a: 1}\n",
    "an integer of 5000 digits": "type: 1" + "0" * 5000 + "\n",
    "300 nested flow lists": "topics: " + "[" * 300 + "]" * 300 + "\n",
    # Deeper than yamlio.MAX_DEPTH, yet under the size limit of product.yml (content/limits.py).
    "150 nested block lists": "topics:\n" + "".join("  " * level + "- \n" for level in range(1, 151)),
    "120 nested mappings": "media:\n" + "".join("  " * level + "a:\n" for level in range(1, 121)),
}


@pytest.mark.parametrize("case", sorted(BAD_YAML))
@pytest.mark.parametrize("where", ["product.yml", "front matter"])
def test_yaml_the_constructor_refuses_names_the_file(template, case, where):
    with copy_of(template) as root:
        if where == "product.yml":
            path = root / "content/products/mot/product.yml"
            path.write_text(BAD_YAML[case], encoding="utf-8")
        else:
            path = root / "content/products/mot/index.en.md"
            path.write_text(f"---\n{BAD_YAML[case]}---\n\nText.\n", encoding="utf-8")
        _, problems = checked(root)
        assert [problem.code for problem in problems.errors if problem.path == path][:1] == ["yaml_syntax"]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", ".NaN"])
def test_infinite_share_in_targets_is_reported(template, value):
    with copy_of(template) as root:
        path = root / "content/targets.yml"
        path.write_text(f"plan: {{name: Plan}}\nperiod: {{from: 2024-01-01, to: 2024-12-31}}\ncount: versions\n"
                        f"targets:\n  - id: km\n    label: {{vi: Khmer}}\n    any:\n      - language: km\n"
                        f"    share: {{min: {value}}}\n", encoding="utf-8")
        _, problems = checked(root)
        assert [(problem.path, problem.line, problem.code) for problem in problems] == [
            (path, 9, "target_expected_number")]


# --- bugs these tests found, fixed in src/ (kept as tests) --------------------------------------------------------


@pytest.mark.parametrize("text", [b"", b"\xef\xbb\xbf", b"# todo\n", b"~\n", b"null\n", b"---\n...\n"])
def test_empty_product_yml_is_reported(template, text):
    with copy_of(template) as root:
        path = root / "content/products/mot/product.yml"
        path.write_bytes(text)
        content, problems = checked(root)
        assert "mot" in content.products or any(problem.path == path for problem in problems.errors)


OVERLONG = "x" * 300 + ".png"  # longer than a file name can be (255 bytes on Linux, macOS and Windows)
OVERLONG_CASES = {
    "a link to a media file": ("content/products/hai/index.vi.md", with_front_matter(f"[a](../mot/{OVERLONG})")),
    "a link to a page of the site": ("content/products/hai/index.vi.md",
                                     with_front_matter(f"[a](../../{OVERLONG[:-4]}.md)")),
    "a media file in product.yml": ("content/products/mot/product.yml", None),
}


@pytest.mark.parametrize("case", sorted(OVERLONG_CASES))
def test_overlong_name_is_reported(template, case):
    file, text = OVERLONG_CASES[case]
    with copy_of(template) as root:
        path = root / file
        if text is None:
            text = path.read_text(encoding="utf-8").replace("file: anh.png", f"file: {OVERLONG}")
        path.write_text(text, encoding="utf-8")
        _, problems = checked(root)
        assert any(problem.path == path for problem in problems.errors)


ONE_LINE_CASES = {
    # PyYAML's ReaderError (not a MarkedYAMLError) is rendered with str(error): two lines, no line number.
    "a NUL byte in YAML": ("content/languages.yml", b"\x00languages: []\n"),
    # Values are shown as written: a line break or an escape sequence goes to the terminal or CI log as is.
    "a line break in a value": ("content/products/mot/product.yml",
                                b'type: "x\\ncontent/products/hai/index.vi.md:1: a line that check never wrote"\n'),
    "an escape sequence in a value": ("content/products/mot/product.yml", b'type: "\\e[2J\\e[31mred"\n'),
}


@pytest.mark.parametrize("case", sorted(ONE_LINE_CASES))
def test_every_problem_renders_as_one_printable_line(template, case):
    file, data = ONE_LINE_CASES[case]
    with copy_of(template) as root:
        path = root / file
        path.write_bytes(data)
        _, problems = checked(root)
        lines = [problem.render(MESSAGES["en"], root) for problem in problems if problem.path == path]
        assert lines
        for line in lines:
            assert not re.search(r"[\x00-\x1f\x7f\x85\u2028\u2029]", line), line


# --- the whole build -----------------------------------------------------------------------------------------


def build_outcome(root: Path, problems) -> str | None:
    """None when the build succeeds; else its message, after asserting it is exactly check's errors.

    The build must raise mkdocs' Abort for the plugin's PluginError, and nothing else.
    """
    expected = sorted(problems.errors, key=sort_key)
    try:
        with time_limit():
            build_site(root)
    except Abort as error:
        cause = error.__context__
        assert isinstance(cause, PluginError), repr(cause)
        message = str(cause)
        summary, _, listed = message.partition("\n")
        assert summary.startswith("commhub"), summary
        assert listed == "\n".join(problem.render(MESSAGES["vi"], root) for problem in expected)
        return message
    return None


BUILD_CASES = {
    "BOM, CRLF and tabs in a body": ("content/products/hai/index.vi.md",
                                     b"\xef\xbb\xbf---\r\ntitle: Tin\r\nsummary: x\r\n---\r\n\r\n\tcode\r\n- a\r\n"),
    "emoji and combining marks in the title": ("content/products/hai/index.vi.md",
                                               with_front_matter("Nội dung q\u0301.",
                                                                 title="Ti\u1ebfu \U0001f600 \u202eRTL").encode()),
    "1 MB body": ("content/products/hai/index.vi.md", with_front_matter(big_body()[:1_000_000]).encode()),
    "invalid UTF-8": ("content/products/mot/index.en.md", b"---\ntitle: \xff\n---\n"),
    "broken YAML": ("content/products/mot/product.yml", b"type: [article\n"),
    "script in a body": ("content/products/hai/index.vi.md", with_front_matter("<script>alert(1)</script>").encode()),
    "empty languages.yml": ("content/languages.yml", b""),
    "non-string keys": ("content/products/mot/product.yml", b"1: 2\n? [1]\n: x\n"),
    "500 nested list levels": HARD_CASES["500 nested list levels"],
}


@pytest.mark.parametrize("case", sorted(BUILD_CASES))
def test_build_of_a_mutated_corpus_succeeds_or_aborts_with_the_problems(template, case):
    file, data = BUILD_CASES[case]
    with copy_of(template) as root:
        (root / file).write_bytes(data)
        _, problems = checked(root)
        message = build_outcome(root, problems)
        assert (message is None) == (not problems.errors)  # what check refuses, the build refuses
        if message is None:
            assert (root / "site/products/hai/index.html").is_file()
        elif case in ("broken YAML", "invalid UTF-8", "script in a body", "500 nested list levels"):
            assert f"\n{file}" in message  # the edited file is named (after it, its line and the problem)


@settings(FUZZ, max_examples=max(3, EXAMPLES // 8))
@given(file=st.sampled_from(FILES), changes=edits)
def test_build_of_randomly_edited_corpora(template, file, changes):
    with copy_of(template) as root:
        write_edited(root / file, changes)
        _, problems = checked(root)
        message = build_outcome(root, problems)
        assert (message is None) == (not problems.errors)


def commhub_build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "commhub", "build", "--preview", "--jobs", "2", "-d", "site"], cwd=root,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                          timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def test_failed_commhub_build_leaves_the_published_site_untouched(template, tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(template, root)
    result = commhub_build(root)
    assert result.returncode == 0, result.stderr
    published = snapshot(root / "site")
    assert "products/mot/index.html" in published
    for broken in ("type: [article\n", "type: !!int article\n"):  # a syntax error; a bad explicit tag
        (root / "content/products/mot/product.yml").write_text(broken, encoding="utf-8")
        (root / "content/products/hai/index.vi.md").write_text(
            with_front_matter("Nội dung mới <iframe src=https://example.org></iframe>"), encoding="utf-8")
        result = commhub_build(root)
        assert result.returncode != 0
        assert "content/products/mot/product.yml" in result.stderr
        assert "content/products/hai/index.vi.md" in result.stderr
        assert "Traceback" not in result.stderr, result.stderr[-2000:]
        assert snapshot(root / "site") == published
        assert sorted(path.name for path in root.iterdir()) == sorted(
            ["content", "docs", "mkdocs.yml", "site"])  # no half-written build folder left behind
