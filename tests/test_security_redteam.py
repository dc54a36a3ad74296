"""Attacks found by red-teaming the first version of the safeguards, one test each: every one is
refused by `commhub check` with its message, and the build publishes nothing of it."""

from __future__ import annotations

import os

import pytest
import yaml
from mkdocs.exceptions import Abort

from commhub.checks.checker import check_content
from commhub.i18n.messages import Messages
from commhub.outputs.search import SearchDoc, WordSplitter
from commhub.content.yamlio import YamlError, load_yaml
from helpers import Corpus, build_site


def errors(corpus: Corpus) -> list[tuple[str, str]]:
    return [(problem.path.name, problem.code) for problem in check_content(corpus.content)[1].errors]


# --- docs/: only top-level pages and media, no links --------------------------------------------------


@pytest.mark.parametrize("target", ["/etc/hostname", "/proc/self/environ", "/nonexistent"])
def test_a_link_in_docs_to_a_file_outside_is_refused_and_not_published(tmp_path, target):
    corpus = Corpus(tmp_path)
    os.symlink(target, tmp_path / "docs" / "leak.md")
    os.symlink(target, tmp_path / "docs" / "env.png")
    assert sorted(errors(corpus)) == [("env.png", "symlink_not_allowed"), ("leak.md", "symlink_not_allowed")]
    with pytest.raises(Abort):
        build_site(tmp_path)
    assert not (tmp_path / "site" / "leak").exists() and not (tmp_path / "site" / "env.png").exists()


def test_link_loops_in_docs_are_refused_before_mkdocs_walks_them(tmp_path, caplog):
    corpus = Corpus(tmp_path)
    os.symlink(".", tmp_path / "docs" / "a")
    os.symlink(".", tmp_path / "docs" / "b")
    assert sorted(errors(corpus)) == [("a", "symlink_not_allowed"), ("b", "symlink_not_allowed")]
    with pytest.raises(Abort):
        build_site(tmp_path)  # the check runs first (on_config): MkDocs never walks the loops
    assert "Traceback" not in caplog.text


def test_a_docs_page_may_not_take_a_products_address(tmp_path):
    corpus = Corpus(tmp_path)
    for name in ("products.md", "km.md", "search.en.md"):
        (tmp_path / "docs" / name).write_text("# Giả\n", encoding="utf-8")
    assert sorted(errors(corpus)) == [("km.md", "docs_name_reserved"), ("products.md", "docs_name_reserved"),
                                      ("search.en.md", "docs_name_reserved")]


def test_a_registry_that_is_a_link_is_refused(tmp_path):
    corpus = Corpus(tmp_path)
    outside = tmp_path / "units-outside.yml"
    (corpus.content / "units.yml").rename(outside)
    os.symlink(outside, corpus.content / "units.yml")
    assert ("units.yml", "symlink_not_allowed") in errors(corpus)


# --- YAML -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, problem", [
    ("- " * 30_000 + "x", "nested more than 100 levels deep"),  # crashed PyYAML's C parser (SIGSEGV)
    ("? " * 30_000 + "x", "nested more than 100 levels deep"),
    ("unit: 0x" + "f" * 4_000, "a number longer than 40 characters"),  # ValueError when shown again
    ("l0: &l0 {a: 1}\nl1:\n  <<: *l0\n", "merge keys (<<) are not allowed"),
    ("l1:\n  <<: {a: 1}\n", "merge keys (<<) are not allowed"),
])
def test_yaml_that_crashed_or_multiplied_is_refused(text, problem):
    with pytest.raises(YamlError) as raised:
        load_yaml(text)
    assert problem in raised.value.problem


def test_merge_keys_are_refused_in_a_product(tmp_path):
    corpus = Corpus(tmp_path)
    path = corpus.product("mot")
    path.write_text(path.read_text(encoding="utf-8") + "extra: &x {a: 1}\nmore:\n  <<: *x\n", encoding="utf-8")
    corpus.version("mot", "vi", "Một")
    assert ("product.yml", "yaml_syntax") in errors(corpus)


# --- the size of what one file can ask for ------------------------------------------------------------------


def test_a_long_run_of_letters_icu_cannot_split_is_not_indexed_with_all_its_tails():
    terms, _ = WordSplitter().terms(SearchDoc("vi", "x/", "Tiêu đề", "", "א" * 15_000, "bài"))
    assert max(len(key) for key in terms) <= 64 and len(terms) < 10


def test_registries_and_media_lists_have_a_length_limit(tmp_path):
    corpus = Corpus(tmp_path)
    topics = yaml.safe_load((corpus.content / "topics.yml").read_text(encoding="utf-8"))["topics"]
    corpus.write_yaml("topics.yml", {"topics": topics + [{"id": f"t{index}", "name": {"vi": f"Chủ đề {index}"}}
                                                        for index in range(400)]})
    corpus.product("mot", media=[{"file": "anh.png", "kind": "image", "alt": {"vi": "Ảnh"}} for _ in range(2)])
    corpus.version("mot", "vi", "Một")
    found = errors(corpus)
    assert ("topics.yml", "registry_too_long") in found
    assert ("product.yml", "media_duplicate") in found  # each listed file is inspected once
    message = next(problem for problem in check_content(corpus.content)[1].errors
                   if problem.code == "registry_too_long").render(Messages("vi"))
    assert "300" in message


# --- check = build: what the build refused and the check let through --------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_link_to_a_draft_product_is_refused_by_the_check(tmp_path, jobs):
    corpus = Corpus(tmp_path)
    corpus.product("nhap", status="draft")
    corpus.version("nhap", "vi", "Nháp")
    corpus.product("mot")
    corpus.version("mot", "vi", "Một", body="Xem [bản nháp](../nhap/index.vi.md).")
    problems = check_content(corpus.content, jobs=jobs)[1]
    assert [(problem.path.parent.name, problem.line, problem.code) for problem in problems.errors] == [
        ("mot", 6, "link_to_draft")]
    assert "bản nháp" in problems.errors[0].render(Messages("vi"))


def test_a_file_the_check_only_warns_about_does_not_stop_a_strict_build(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.product("mot")
    corpus.version("mot", "vi", "Một")
    (corpus.content / "products" / "mot" / "ghi-chu.txt").write_text("ghi chú\n", encoding="utf-8")
    problems = check_content(corpus.content)[1]
    assert problems.errors == [] and [problem.code for problem in problems.warnings] == ["file_not_listed"]
    site = build_site(tmp_path, strict=True)  # check exits 0: so does the strict build
    assert not (site / "products" / "mot" / "ghi-chu.txt").exists()


@pytest.mark.parametrize("body, code", [("[a](missing.md)", "link_broken"), ("[a](../outside.md)", "link_broken"),
                                        ("![a](missing.png)", "link_broken"), ("[a](/about/)", "link_absolute")])
def test_a_broken_link_in_a_docs_page_is_refused_by_the_check_as_by_the_build(tmp_path, body, code):
    corpus = Corpus(tmp_path)
    (tmp_path / "docs" / "about.md").write_text(f"---\ntitle: Giới thiệu\n---\n\n{body}\n", encoding="utf-8")
    assert errors(corpus) == [("about.md", code)]


def test_links_between_docs_pages_and_to_products_pass(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.product("mot")
    corpus.version("mot", "vi", "Một")
    (tmp_path / "docs" / "about.md").write_text(
        "---\ntitle: Giới thiệu\n---\n\n[Trang chủ](index.md) · [Một](products/mot/index.vi.md) · "
        "[English](about.en.md) · [mục](#muc) · [ngoài](https://example.org)\n", encoding="utf-8")
    assert errors(corpus) == []
    build_site(tmp_path, strict=True)
