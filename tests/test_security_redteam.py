"""Attacks found by red-teaming the first version of the safeguards, one test each: every one is
refused by `commhub check` with its message, and the build publishes nothing of it."""

from __future__ import annotations

import os

import pytest
import yaml
from mkdocs.exceptions import Abort

from commhub.checks import check_content
from commhub.messages import Messages
from commhub.search import SearchDoc, WordSplitter
from commhub.yamlio import YamlError, load_yaml
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
