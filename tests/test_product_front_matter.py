"""A product's fields in the front matter of its default-language version, as the browser editor writes
them (content/products.py), and `commhub admin migrate`, which moves them there from product.yml."""

from __future__ import annotations

import dataclasses

import yaml

from commhub.checks.checker import check_content
from commhub.scaffold.migrate import run_migrate
from commhub.scaffold.new import new_translation
from commhub.scaffold.translate import run_refresh
from helpers import Corpus, sha256, standard_corpus
from media_files import png

FIELDS = {"type": "poster", "topics": ["legal-aid"], "unit": "so-tu-phap", "channels": ["website", "facebook"],
          "published": "2024-06-01", "original_language": "vi", "status": "published"}


def front_matter_product(corpus: Corpus, slug: str, fields: dict | None = None, media: list | None = None,
                         body: str = "Nội dung.") -> None:
    meta = {"title": "Quyền trẻ em", "summary": "Tóm tắt.", **(fields or FIELDS), **({"media": media} if media else {})}
    corpus.write(f"products/{slug}/index.vi.md",
                 f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n\n{body}\n")


def line_of(root, path: str, start: str) -> int:
    lines = (root / "content" / path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def problems_of(root):
    content, problems = check_content(root / "content", hub_dir=root, docs_dir=root / "docs")
    return content, [(problem.path.name, problem.line, problem.code) for problem in problems.errors], \
        [(problem.path.name, problem.code) for problem in problems.warnings]


def comparable(product):
    """The product as the site sees it, without where its fields were read from."""
    fields = dataclasses.asdict(product)
    fields.pop("fields_file")
    fields.pop("directory")
    for version in fields["versions"].values():
        version.pop("file"), version.pop("sha256"), version.pop("body_first_line")
        if version["translation"]:
            version["translation"].pop("source_sha")  # the original's file differs: product fields in it or not
    return fields


def test_fields_in_front_matter_load_as_from_product_yml(tmp_path):
    a, b = Corpus(tmp_path / "a"), Corpus(tmp_path / "b")
    a.product("quyen-tre-em", **FIELDS)
    a.version("quyen-tre-em", "vi", "Quyền trẻ em", summary="Tóm tắt.")
    front_matter_product(b, "quyen-tre-em")
    for corpus in (a, b):
        corpus.version("quyen-tre-em", "km", "សិទ្ធិកុមារ", translation={"of": "vi", "method": "human", "reviewed": True})
    loaded = [problems_of(root) for root in (tmp_path / "a", tmp_path / "b")]
    assert [errors for _, errors, _ in loaded] == [[], []]
    assert [warnings for _, _, warnings in loaded] == [[], []]
    first, second = (content.products["quyen-tre-em"] for content, _, _ in loaded)
    assert (first.fields_file, second.fields_file) == ("product.yml", "index.vi.md")
    assert comparable(first) == comparable(second)


def test_a_product_field_written_in_both_places_is_refused_at_its_line(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.product("p", **FIELDS)
    corpus.version("p", "vi", "Tiêu đề", type="video")
    _, errors, _ = problems_of(tmp_path)
    assert errors == [("index.vi.md", 4, "product_field_in_version")]


def test_a_version_without_the_product_fields_and_no_product_yml_says_where_to_write_them(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.version("p", "vi", "Tiêu đề")
    _, errors, _ = problems_of(tmp_path)
    assert errors == [("product.yml", 0, "product_fields_missing")]


def test_fields_only_in_another_languages_version_are_refused(tmp_path):
    corpus = Corpus(tmp_path)
    corpus.version("p", "vi", "Tiêu đề")
    corpus.write("products/p/index.km.md", "---\ntitle: ចំណងជើង\nsummary: សង្ខេប\ntype: poster\n---\n\nx\n")
    _, errors, _ = problems_of(tmp_path)
    assert ("product.yml", 0, "product_fields_missing") in errors
    assert ("index.km.md", 4, "product_field_in_version") in errors


def test_a_misspelt_product_field_in_front_matter_is_named_with_its_line(tmp_path):
    corpus = Corpus(tmp_path)
    fields = dict(FIELDS)
    fields["topic"] = fields.pop("topics")
    front_matter_product(corpus, "p", fields)
    _, errors, _ = problems_of(tmp_path)
    assert ("index.vi.md", line_of(tmp_path, "products/p/index.vi.md", "topic:"), "field_unknown_suggest") in errors
    assert ("index.vi.md", 2, "field_missing") in errors


def test_media_problems_point_into_the_version_that_lists_them(tmp_path):
    corpus = Corpus(tmp_path)
    front_matter_product(corpus, "p", media=[{"file": "anh.png", "kind": "image"}])
    (tmp_path / "content/products/p/anh.png").write_bytes(png())
    _, errors, _ = problems_of(tmp_path)
    assert errors == [("index.vi.md", line_of(tmp_path, "products/p/index.vi.md", "- file:"), "media_alt_missing")]


def test_links_to_a_product_written_in_front_matter_are_not_broken(tmp_path):
    corpus = Corpus(tmp_path)
    front_matter_product(corpus, "dich", body="Đích.")
    corpus.product("nguon")
    corpus.version("nguon", "vi", "Nguồn", body="Xem [bài kia](../dich/index.vi.md).")
    _, errors, _ = problems_of(tmp_path)
    assert errors == []


def test_translating_and_refreshing_work_on_front_matter_products(tmp_path):
    corpus = Corpus(tmp_path)
    front_matter_product(corpus, "p")
    translation = new_translation(tmp_path / "content", "p", "en")
    assert f"source_sha: {sha256(tmp_path / 'content/products/p/index.vi.md')}" in translation.read_text("utf-8")
    original = tmp_path / "content/products/p/index.vi.md"
    original.write_text(original.read_text("utf-8").replace("Nội dung.", "Nội dung mới."), encoding="utf-8")
    said = []
    assert run_refresh([translation], "en", said.append) == 0
    assert "source_sha now records the original index.vi.md" in said[0]
    assert f"source_sha: {sha256(original)}" in translation.read_text("utf-8")


def test_a_translation_without_source_sha_is_a_warning_that_names_the_command(tmp_path):
    corpus = Corpus(tmp_path)
    front_matter_product(corpus, "p")
    corpus.write("products/p/index.km.md", "---\ntitle: ក\nsummary: ខ\ntranslation:\n  method: human\n"
                 "  reviewed: false\n---\n\nx\n")
    content, errors, warnings = problems_of(tmp_path)
    assert errors == []
    assert warnings == [("index.km.md", "translation_source_unknown")]
    assert content.products["p"].versions["km"].outdated is False


# --- commhub admin migrate ---------------------------------------------------------------------------

def test_migrate_moves_the_fields_and_keeps_translations_as_current_as_they_were(tmp_path):
    standard_corpus(tmp_path)
    product_file = tmp_path / "content/products/quyen-tre-em/product.yml"
    product_file.write_text("# Ghi chú của biên tập viên\n" + product_file.read_text("utf-8"), encoding="utf-8")
    before, errors, warnings_before = problems_of(tmp_path)
    assert errors == []
    said = []
    assert run_migrate(tmp_path / "content", "en", said.append) == 1  # bau-cu: its vi version has its own date
    assert said[-1] == "4 product(s) moved; 1 kept their product.yml."
    assert any("bau-cu: product.yml kept: index.vi.md has its own 'published' (2025-01-10)" in line for line in said)
    after, errors, warnings_after = problems_of(tmp_path)
    assert errors == []
    # The translation that was current still is; the outdated one still is outdated.
    assert warnings_after == warnings_before == [("index.en.md", "translation_outdated")]
    for slug in before.products:
        assert comparable(after.products[slug]) == comparable(before.products[slug])
    assert after.products["tro-giup-phap-ly"].fields_file == "index.vi.md"
    assert after.products["bau-cu"].fields_file == "product.yml"
    moved = (tmp_path / "content/products/quyen-tre-em/index.vi.md").read_text("utf-8")
    assert "# Ghi chú của biên tập viên\ntype: qa\n" in moved
    assert not product_file.exists()


def test_migrate_twice_changes_nothing(tmp_path):
    standard_corpus(tmp_path)
    run_migrate(tmp_path / "content", "en", lambda line: None)
    files = {path: path.read_bytes() for path in (tmp_path / "content").rglob("*") if path.is_file()}
    said = []
    run_migrate(tmp_path / "content", "en", said.append)
    assert len(said) == 2 and "content/products/bau-cu: product.yml kept" in said[0]
    assert said[1] == "0 product(s) moved; 1 kept their product.yml."
    assert {path: path.read_bytes() for path in (tmp_path / "content").rglob("*") if path.is_file()} == files
