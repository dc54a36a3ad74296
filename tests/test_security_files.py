"""Files a pull request can hold that commhub must never read: pipes, sockets and devices named like
content files, files over their size limit (content/limits.py), YAML that expands (aliases), and names that are
unsafe in a web address. Each is refused, unread, with its own message naming it; every other product
is still checked; never a traceback, never a hang.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import commhub.mkdocs.plugin
from mkdocs.exceptions import Abort, PluginError

from commhub.report.command import ReportRequest, run as run_report
from commhub.checks.checker import check_content
from commhub.content.loader import load_content
from commhub.content.names import is_safe_file_name
from commhub.content.limits import MAX_FILE_NAME_CHARS, MAX_MARKDOWN_BYTES, MAX_PRODUCT_YML_BYTES, MAX_YAML_BYTES
from commhub.i18n.messages import Messages
from commhub.content.problems import printable
from commhub.content.targets import load_targets

from helpers import REPO, Corpus, build_site

COMMHUB = Path(sys.executable).with_name("commhub")
# Only so that a hang fails the test instead of stalling the suite; not a measure of speed.
HANG_GUARD = 120
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
VI, EN = Messages("vi"), Messages("en")

# A whole 1x1 image, as the media checks want it.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000c49444154789c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082")
TARGETS = """\
plan: {name: Kế hoạch thử}
period: {from: 2024-01-01, to: 2024-12-31}
count: versions
targets:
  - id: khmer
    label: {vi: Tiếng Khmer}
    any: [{language: km}]
    count: {min: 1}
"""
# The other product's own mistake, reported whatever else is refused.
HAI = "content/products/hai/index.vi.md:6: "


def make_corpus(root: Path) -> Corpus:
    corpus = Corpus(root)
    corpus.product("mot", media=[{"file": "anh.png", "kind": "image", "alt": {"vi": "Ảnh", "en": "Picture"}}])
    corpus.version("mot", "vi", "Một")
    corpus.version("mot", "en", "One", translation={"of": "vi", "method": "human", "reviewed": True})
    (corpus.content / "products/mot/anh.png").write_bytes(PNG)
    corpus.product("hai")
    corpus.version("hai", "vi", "Hai", body="Xem [trang này](../khong-co/index.vi.md).")
    corpus.write("targets.yml", TARGETS)
    return corpus


@pytest.fixture
def corpus(tmp_path) -> Corpus:
    return make_corpus(tmp_path)


def test_the_corpus_has_only_the_other_products_mistake(corpus):
    _, problems = check_content(corpus.content)
    assert [problem.render(VI, corpus.root) for problem in problems] == [
        HAI + VI("problem.link_broken", url="../khong-co/index.vi.md", lang="vi")]
    content, problems = load_content(corpus.content)
    assert load_targets(corpus.content / "targets.yml", content)[1] == []


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([str(COMMHUB), *args], cwd=root, capture_output=True, text=True, timeout=HANG_GUARD,
                            env=ENV)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-3000:]
    return result


# --- special files -----------------------------------------------------------------------------------------

# Where a pipe (or socket, or device) is put, under the corpus: every kind of file commhub reads.
SPECIAL = {
    "version": "content/products/mot/index.km.md",
    "product.yml": "content/products/ba/product.yml",
    "languages.yml": "content/languages.yml",
    "channels.yml": "content/channels.yml",
    "units.yml": "content/units.yml",
    "topics.yml": "content/topics.yml",
    "targets.yml": "content/targets.yml",
    "listed media": "content/products/mot/anh.png",
    "docs page": "docs/about.md",
}


def make_special(path: Path, kind: str = "fifo") -> None:
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        here = os.getcwd()
        os.chdir(path.parent)  # a socket's address is short (108 bytes): bound by its name alone
        try:
            sock = socket.socket(socket.AF_UNIX)
            sock.bind(path.name)
            sock.close()  # the socket file stays
        finally:
            os.chdir(here)
    else:
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))  # as /dev/null: reads as empty, if ever read


def special_corpus(root: Path, case: str, kind: str = "fifo") -> tuple[Corpus, str]:
    corpus = make_corpus(root)
    if case == "product.yml":
        corpus.version("ba", "vi", "Ba")
    where = SPECIAL[case]
    make_special(root / where, kind)
    return corpus, where


@pytest.mark.parametrize("case", sorted(SPECIAL))
def test_a_pipe_is_refused_unread_by_check_report_and_build(tmp_path, case):
    corpus, where = special_corpus(tmp_path, case)
    name = Path(where).name
    refused_en = f"{where}: {EN('problem.not_regular_file', name=name)}"
    refused_vi = f"{where}: {VI('problem.not_regular_file', name=name)}"

    check = run(corpus.root, "check", "--lang", "en")
    assert check.returncode == 1
    lines = check.stdout.splitlines()
    assert refused_en in lines
    assert any(line.startswith("content/products/hai/") for line in lines), lines  # still checked

    reported = run(corpus.root, "report", "--lang", "en")
    if case == "docs page":  # the report counts products: it never opens docs/
        assert reported.returncode == 0, reported.stderr
    else:
        assert reported.returncode == 2
        assert refused_en in reported.stderr.splitlines()

    built = run(corpus.root, "build", "--preview", "--strict")
    assert built.returncode == 1
    lines = built.stderr.splitlines()
    assert refused_vi in lines
    assert any(line.startswith("content/products/hai/") for line in lines), lines
    assert not (corpus.root / "site").exists()


def test_the_pipe_is_the_only_problem_of_its_product(tmp_path):
    """A pipe in place of a listed media file is that file's problem, not also "media missing"."""
    corpus, where = special_corpus(tmp_path, "listed media")
    _, problems = check_content(corpus.content)
    assert [(problem.render(VI, corpus.root)) for problem in problems] == [
        f"{where}: {VI('problem.not_regular_file', name='anh.png')}",
        HAI + VI("problem.link_broken", url="../khong-co/index.vi.md", lang="vi"),
    ]


@pytest.mark.parametrize("kind", ["socket", "device"])
@pytest.mark.parametrize("case", ["version", "languages.yml", "targets.yml", "listed media", "docs page"])
def test_sockets_and_devices_are_refused_too(tmp_path, case, kind):
    if kind == "device" and os.geteuid() != 0:
        pytest.skip("making a device file needs root")
    corpus, where = special_corpus(tmp_path, case, kind)
    _, problems = check_content(corpus.content)
    if case == "targets.yml":
        content, _ = load_content(corpus.content)
        problems.extend(load_targets(corpus.content / "targets.yml", content)[1])
    expected = (corpus.root / where, 0, "not_regular_file")
    assert expected in [(problem.path, problem.line, problem.code) for problem in problems]


def test_a_pipe_in_a_folder_of_a_product_or_of_content_is_refused(corpus):
    for where in ("content/products/mot/ghi-chu/nhap.md", "content/ghi-chu.yml"):
        (corpus.root / where).parent.mkdir(exist_ok=True)
        os.mkfifo(corpus.root / where)
    _, problems = check_content(corpus.content)
    codes = {(problem.path, problem.code) for problem in problems}
    assert (corpus.root / "content/products/mot/ghi-chu/nhap.md", "not_regular_file") in codes
    assert (corpus.root / "content/ghi-chu.yml", "not_regular_file") in codes


def test_the_load_cache_tells_a_pipe_from_a_file_of_the_same_name(corpus, tmp_path):
    """A folder's cached load is not taken for one where a file became a pipe, or the reverse."""
    cache = tmp_path / "cache"
    media = corpus.content / "products/mot/anh.png"

    def refused() -> list:
        for _ in range(2):  # a first run fills the cache, a second reads it
            _, problems = check_content(corpus.content, cache_dir=cache)
            found = [problem.path for problem in problems if problem.code == "not_regular_file"]
        return found

    assert refused() == []
    make_special(media)
    assert refused() == [media]
    media.unlink()
    media.write_bytes(PNG)
    assert refused() == []


# --- size limits -------------------------------------------------------------------------------------------

TOO_LARGE = {
    "version": ("content/products/mot/index.en.md", MAX_MARKDOWN_BYTES),
    "product.yml": ("content/products/mot/product.yml", MAX_PRODUCT_YML_BYTES),
    "languages.yml": ("content/languages.yml", MAX_YAML_BYTES),
    "channels.yml": ("content/channels.yml", MAX_YAML_BYTES),
    "units.yml": ("content/units.yml", MAX_YAML_BYTES),
    "topics.yml": ("content/topics.yml", MAX_YAML_BYTES),
    "targets.yml": ("content/targets.yml", MAX_YAML_BYTES),
    "docs page": ("docs/about.md", MAX_MARKDOWN_BYTES),
    "another YAML file of content": ("content/ghi-chu.yml", MAX_YAML_BYTES),
    "a page in a folder of a product": ("content/products/mot/ghi-chu/nhap.md", MAX_MARKDOWN_BYTES),
}
TEN_GB = 10 * 1024 ** 3


def sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that takes no room on disk: reading it would take minutes and all memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("ab") as file:
        file.truncate(size)


@pytest.mark.parametrize("case", sorted(TOO_LARGE))
def test_a_10_gb_file_is_refused_from_its_size_unread(corpus, case, monkeypatch):
    where, limit = TOO_LARGE[case]
    path = corpus.root / where
    sparse(path, TEN_GB)
    expected = f"{where}: {VI('problem.file_too_large', size=TEN_GB // 1024, limit=limit // 1024)}"

    _, problems = check_content(corpus.content)
    lines = [problem.render(VI, corpus.root) for problem in problems]
    assert expected in lines
    assert any(line.startswith("content/products/hai/") for line in lines), lines  # still checked

    if case in ("docs page", "another YAML file of content", "a page in a folder of a product"):
        pass  # read by the checks only (see the build below), never by the report
    else:
        errors: list[str] = []
        monkeypatch.chdir(corpus.root)  # paths in the report's messages are relative to it
        assert run_report(ReportRequest(corpus.content, lang="vi"), out=errors.append, err=errors.append) == 2
        assert expected in errors

    with pytest.raises(Abort) as raised:
        build_site(corpus.root, strict=True)
    assert isinstance(raised.value.__context__, PluginError)
    assert expected in str(raised.value.__context__).splitlines()


def test_the_message_gives_the_size_and_the_limit_in_kib(tmp_path):
    corpus = make_corpus(tmp_path)
    path = corpus.content / "products/mot/product.yml"
    sparse(path, MAX_PRODUCT_YML_BYTES + 1)
    _, problems = check_content(corpus.content)
    assert "content/products/mot/product.yml: file too large (65 KiB, limit 64 KiB): split the text into " \
           "several products or shorten it. The file was not read." in [problem.render(EN, tmp_path)
                                                                         for problem in problems]


def pad_to(path: Path, size: int, comment: bytes) -> None:
    data = path.read_bytes()
    path.write_bytes(data + comment + b"x" * (size - len(data) - len(comment) - 1) + b"\n")
    assert path.stat().st_size == size


@pytest.mark.parametrize(("where", "limit", "comment"), [
    ("content/products/mot/product.yml", MAX_PRODUCT_YML_BYTES, b"# "),
    ("content/products/mot/index.vi.md", MAX_MARKDOWN_BYTES, b"\n"),
    ("content/topics.yml", MAX_YAML_BYTES, b"# "),
])
def test_a_file_at_its_limit_is_read_and_one_byte_more_is_refused(tmp_path, where, limit, comment):
    corpus = make_corpus(tmp_path)
    path = tmp_path / where
    pad_to(path, limit, comment)
    _, problems = check_content(corpus.content)
    assert [problem.path for problem in problems.errors] == [tmp_path / HAI.split(":")[0]]
    with path.open("ab") as file:
        file.write(b"x")
    _, problems = check_content(corpus.content)
    assert (path, 0, "file_too_large") in [(problem.path, problem.line, problem.code) for problem in problems]


def test_a_10_gb_media_file_is_refused_without_being_read(corpus):
    path = corpus.content / "products/mot/anh.png"
    with path.open("r+b") as file:
        file.truncate(TEN_GB)  # a PNG still at its start
    _, problems = check_content(corpus.content)
    assert [(problem.path, problem.code, problem.params["file"]) for problem in problems
            if problem.code.startswith("media_")] == [(corpus.content / "products/mot/product.yml", "media_too_large",
                                                       "anh.png")]


# --- YAML aliases in every YAML file an editor writes ------------------------------------------------------


def laughs(levels: int = 8) -> list[str]:
    """Anchored lists, each of ten aliases of the one before: `*l{levels - 1}` is 10**levels strings."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, levels)]
    return lines


BILLION_LAUGHS = {
    **{f"{name}.yml": (f"content/{name}.yml", "\n".join([*laughs(), f"{name}: *l7", ""]))
       for name in ("languages", "channels", "units", "topics")},
    "product.yml": ("content/products/mot/product.yml",
                    "\n".join([*laughs(), "topics: *l7", ""])),
    "version front matter": ("content/products/mot/index.vi.md",
                             "\n".join(["---", *laughs(), "title: *l7", "summary: Tóm tắt", "---", "", "Nội dung.",
                                        ""])),
    "targets.yml": ("content/targets.yml", "\n".join([*laughs(), "targets: *l7", ""])),
}


@pytest.mark.parametrize("case", sorted(BILLION_LAUGHS))
def test_billion_laughs_are_refused_in_every_yaml_file_of_content(corpus, case):
    where, text = BILLION_LAUGHS[case]
    path = corpus.root / where
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 1024
    content, problems = check_content(corpus.content)
    if case == "targets.yml":
        problems = load_targets(path, content)[1]
    [problem] = [problem for problem in problems.errors if problem.path == path]
    assert problem.code == "yaml_syntax"
    assert problem.params["problem"] == "anchors and aliases (&name, *name) are not allowed"
    assert problem.line > 0


def test_commhub_parses_no_yaml_but_through_yamlio():
    """Every YAML commhub reads from content goes through yamlio's loader, which refuses aliases;
    i18n/messages.py reads only commhub's own catalogues."""
    package = REPO / "src" / "commhub"
    for path in sorted(package.glob("*.py")):
        if path.name in ("content/yamlio.py", "i18n/messages.py"):
            continue
        source = path.read_text(encoding="utf-8")
        assert "import yaml" not in source and "yaml." not in source.replace("yamlio.", ""), path.name


# --- names that end up in addresses ------------------------------------------------------------------------

HOSTILE_MEDIA_NAMES = {
    'Ảnh bìa "mới".png': "anh-bia-moi.png",
    'a"><img src=x onerror=alert(1)>.png': "a-img-src-x-onerror-alert-1.png",
    "x' onerror='alert(1).png": "x-onerror-alert-1.png",
    "ảnh.png": "anh.png",
    "tệp có dấu cách.pdf": "tep-co-dau-cach.pdf",
    "ĐƯỜNG đi.JPG": "duong-di.jpg",
    "a.html.png": "a-html.png",
    "a..png": "a.png",
    "-bat-dau.png": "bat-dau.png",
    "a%2F..%2Fb.png": "a-2f-2fb.png",
    "a&amp;b.png": "a-amp-b.png",
    "a\u200bb.png": "a-b.png",
    "x" * 120 + ".png": "x" * (MAX_FILE_NAME_CHARS - 4) + ".png",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MEDIA_NAMES))
def test_a_hostile_media_name_is_refused_with_a_safe_one_to_use(corpus, name):
    suggestion = HOSTILE_MEDIA_NAMES[name]
    assert is_safe_file_name(suggestion)
    path = corpus.product("mot", media=[{"file": name, "kind": "image", "alt": {"vi": "Ảnh", "en": "Picture"}}])
    line = next(number for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
                if "file:" in text)
    expected = printable(f"content/products/mot/product.yml:{line}: " + VI(
        "problem.media_name_unsafe", file=name, suggestion=suggestion, limit=MAX_FILE_NAME_CHARS))
    _, problems = check_content(corpus.content)
    assert expected in [problem.render(VI, corpus.root) for problem in problems]
    with pytest.raises(Abort) as raised:
        build_site(corpus.root)
    assert expected in str(raised.value.__context__).splitlines()


def test_the_example_of_the_message(corpus):
    path = corpus.write("products/mot/product.yml", (corpus.content / "products/mot/product.yml").read_text(
        encoding="utf-8").replace("file: anh.png", 'file: \'Ảnh bìa "mới".png\''))
    _, problems = check_content(corpus.content)
    assert [problem.render(EN, corpus.root) for problem in problems if problem.path == path] == [
        "content/products/mot/product.yml:11: the media file name 'Ảnh bìa \"mới\".png' cannot be used in a web "
        "address: use only ASCII letters, digits, hyphens and underscores, starting with a letter or digit, with "
        "at most one dot before the extension, at most 100 characters. Rename the file to 'anh-bia-moi.png' and "
        "change the name on this line to match."]


@pytest.mark.parametrize("name", ["anh.png", "So_do-2024.PNG", "a.pdf", "9.webm"])
def test_safe_media_names_are_accepted(corpus, name):
    (corpus.content / "products/mot/anh.png").rename(corpus.content / "products/mot" / name)
    corpus.product("mot", media=[{"file": name, "kind": "document" if name.endswith(".pdf") else "image",
                                  "alt": {"vi": "Ảnh", "en": "Picture"}}])
    _, problems = check_content(corpus.content)
    assert not [problem for problem in problems if "name" in problem.code], problems


HOSTILE_DOCS_NAMES = {
    "Giới thiệu.md": ("docs_name_unsafe", "gioi-thieu.md"),
    'a"><b.km.md': ("docs_name_unsafe", "a-b.km.md"),
    "README.md": ("docs_name_unsafe", "readme.md"),
    "Về chúng tôi.km.md": ("docs_name_unsafe", "ve-chung-toi.km.md"),
    "ảnh bìa.png": ("file_name_unsafe", "anh-bia.png"),
}


@pytest.mark.parametrize("name", ["x' onload='y.css", "trang.html", "a.js", "anh.svg", "CNAME", "robots.txt"])
def test_a_docs_file_that_is_neither_a_page_nor_media_is_refused_and_never_published(tmp_path, name):
    corpus = Corpus(tmp_path)
    (corpus.root / "docs" / name).write_text("<script>alert(1)</script>\n", encoding="utf-8")
    _, problems = check_content(corpus.content)
    assert [(problem.path.name, problem.code) for problem in problems if problem.path.parent.name == "docs"] == [
        (name, "docs_file_not_allowed")]
    patch = pytest.MonkeyPatch()
    patch.setattr(commhub.mkdocs.plugin, "check_content", lambda *args, **kwargs: (
        lambda found: (found[0], type(found[1])(problem for problem in found[1]
                                              if problem.code != "docs_file_not_allowed")))(
        check_content(*args, **kwargs)))
    try:
        site = build_site(corpus.root)
    finally:
        patch.undo()
    assert not (site / name).exists()  # dropped by the build too, whatever the check said


@pytest.mark.parametrize("name", sorted(HOSTILE_DOCS_NAMES))
def test_a_docs_file_whose_name_becomes_an_unsafe_address_is_refused_by_check_and_build(corpus, name):
    code, suggestion = HOSTILE_DOCS_NAMES[name]
    (corpus.root / "docs" / name).write_text("---\ntitle: Trang\n---\n\nNội dung.\n", encoding="utf-8")
    expected = f"docs/{name}: " + VI(f"problem.{code}", name=name, suggestion=suggestion, limit=MAX_FILE_NAME_CHARS)
    _, problems = check_content(corpus.content)
    assert [problem.render(VI, corpus.root) for problem in problems if problem.path.parent.name == "docs"
            and problem.code.endswith("name_unsafe")] == [expected]
    with pytest.raises(Abort) as raised:
        build_site(corpus.root)
    assert expected in str(raised.value.__context__).splitlines()


def test_a_docs_folder_is_refused(corpus):
    # docs/ holds its pages and their media at its top level only (red-teaming: a page in a folder
    # could take a product's address, and any file there was published as it was).
    (corpus.root / "docs" / "Hướng dẫn").mkdir()
    (corpus.root / "docs" / "Hướng dẫn" / "a.md").write_text("---\ntitle: A\n---\n\nA.\n", encoding="utf-8")
    _, problems = check_content(corpus.content)
    assert [(problem.code, problem.params["name"]) for problem in problems if "docs" in problem.path.parts] == [
        ("docs_not_top_level", "Hướng dẫn")]


def test_safe_docs_names_are_accepted(corpus):
    (corpus.root / "docs" / "about.km.md").write_text("---\ntitle: A\n---\n\nA.\n", encoding="utf-8")
    (corpus.root / "docs" / ".hidden name.md").write_text("MkDocs leaves it out\n", encoding="utf-8")
    _, problems = check_content(corpus.content)
    assert [problem for problem in problems if "docs" in problem.path.parts] == []


def test_every_file_of_docs_is_refused_when_not_ordinary_even_one_mkdocs_leaves_out(corpus):
    docs = corpus.root / "docs"
    (docs / "assets").mkdir()
    (docs / "templates").mkdir()
    for where in ("assets/extra.css", ".nhap.md", "templates/trang.html"):
        os.mkfifo(docs / where)
    _, problems = check_content(corpus.content)
    assert sorted((problem.path, problem.code) for problem in problems if "docs" in problem.path.parts) == [
        (docs / ".nhap.md", "not_regular_file"), (docs / "assets", "docs_not_top_level"),
        (docs / "templates/trang.html", "not_regular_file")]  # (a refused folder is not looked into)


def test_a_translation_is_not_started_from_a_pipe(corpus):
    make_special(corpus.content / "products/hai/index.vi.md")
    result = run(corpus.root, "new", "--translate", "hai", "--lang", "en")
    assert result.returncode == 1
    assert VI("problem.new.original_unreadable", slug="hai") in result.stderr
    assert not (corpus.content / "products/hai/index.en.md").exists()


def test_fix_never_writes_through_a_link(corpus, tmp_path):
    from commhub.checks.text import fix_nfc

    outside = tmp_path / "outside.md"
    outside.write_bytes("Tie\u0302\u0301u\n".encode())  # not NFC
    (corpus.content / "products/mot/ghi-chu.md").symlink_to(outside)
    fix_nfc([corpus.content])
    assert outside.read_bytes() == "Tie\u0302\u0301u\n".encode()


def test_every_reader_of_a_content_file_refuses_a_pipe_without_waiting(tmp_path):
    """The readers the checks would reach only if a file changed after the folder was listed."""
    from commhub.content.files import FileRefused, read_file
    from commhub.content.docpages import read_doc
    from commhub.checks.media_types import MEDIA_TYPES, inspect

    pipe = tmp_path / "index.km.md"
    os.mkfifo(pipe)
    for read in (read_file, read_doc, lambda path: inspect(path, MEDIA_TYPES["png"])):
        with pytest.raises(FileRefused) as refused:
            read(pipe)
        assert (refused.value.code, refused.value.params) == ("not_regular_file", {"name": "index.km.md"})
        assert isinstance(refused.value, OSError)  # handled wherever "cannot be read" is
