"""`commhub changes`: a pull request's job summary (the pages it changes per language, every problem),
and `commhub check --format github`: each problem as an annotation on the pull request's lines."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from commhub.checks.checker import github_annotation
from commhub.content.problems import Problem
from commhub.i18n.messages import Messages
from commhub.report.changes import changes_markdown, run_changes
from helpers import standard_corpus

GIT_ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=GIT_ENV)


def committed_hub(root: Path):
    corpus = standard_corpus(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return corpus


def table_rows(summary: str, heading: str) -> list[list[str]]:
    section = summary.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| ") and not line.startswith("| ---")][1:]


def test_the_summary_lists_each_changed_page_per_language_and_every_problem(tmp_path):
    corpus = committed_hub(tmp_path)
    corpus.version("quyen-tre-em", "km", "សិទ្ធិកុមារ", translation={"of": "vi", "method": "human", "reviewed": False})
    corpus.product("moi", type="blog")  # an error: no such type
    corpus.version("moi", "vi", "Sản phẩm mới")
    (tmp_path / "content/products/bao-luc-gia-dinh/index.en.md").unlink()
    (tmp_path / "docs/about.md").write_text("---\ntitle: Giới thiệu\n---\n\nĐã sửa.\n", encoding="utf-8")
    summary = changes_markdown(tmp_path, "HEAD", "vi")
    assert table_rows(summary, "Sản phẩm") == [
        ["Phòng chống bạo lực gia đình (bao-luc-gia-dinh)", "en", "xóa", "—"],
        ["moi", "vi", "thêm mới", "chưa lên trang (có lỗi, xem bên dưới)"],
        ["moi", "—", "tệp: product&#46;yml (thêm mới)", "—"],
        ["Quyền trẻ em (quyen-tre-em)", "km", "thêm mới", "/km/products/quyen-tre-em/"],
    ]
    assert "- docs/about&#46;md: sửa" in summary
    problems = table_rows(summary, "Kết quả kiểm tra nội dung")
    assert ["content/products/moi/product&#46;yml", "1", "lỗi"] == problems[0][:3]
    assert "1 lỗi" in summary


def test_values_from_the_pull_request_are_text_in_the_summary(tmp_path):
    corpus = committed_hub(tmp_path)
    corpus.product("doc-hai")
    corpus.version("doc-hai", "vi", '<img src=x onerror=alert(1)> | **đậm** [liên kết](https://example.org)')
    summary = changes_markdown(tmp_path, "HEAD", "vi")
    row = next(line for line in summary.splitlines() if "doc-hai" in line)
    assert "<img" not in row and "&lt;img" in row
    assert row.count(" | ") == 3  # the title's | does not open a cell
    assert "\\*\\*đậm\\*\\*" in row and "https&#58;" in row


def test_nothing_changed_says_so(tmp_path):
    committed_hub(tmp_path)
    assert "Không có tệp nào thay đổi." in changes_markdown(tmp_path, "HEAD", "vi")


def test_a_base_that_looks_like_an_option_is_refused(tmp_path):
    committed_hub(tmp_path)
    said = []
    assert run_changes(tmp_path, "--output=/tmp/x", "en", said.append) == 1
    assert said == ["'--output=/tmp/x' is not the name of a branch or a commit."]
    said.clear()
    assert run_changes(tmp_path, "no-such-branch", "en", said.append) == 1
    assert said[0].startswith("git could not tell which files changed")


def test_annotations_escape_what_github_would_read_as_syntax():
    problem = Problem(Path("content/products/a,b/index.vi.md"), 7, "yaml_syntax", {"problem": "100%\nline two"})
    annotation = github_annotation(problem, Messages("vi"))
    assert annotation.startswith("::error file=content/products/a%2Cb/index.vi.md,line=7,title=commhub::")
    message = annotation.split("::", 2)[2]
    assert "\n" not in message and "100%25%0Aline two" in message
