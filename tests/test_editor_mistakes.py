"""The mistakes editors really make, each found by `commhub check` at the right file and line, said in
Vietnamese with no English word of the checker's left in it; every other product is still checked.

Each case changes one file of the standard corpus (tests/helpers.py) the way an editor would: pasting
from Word, typing YAML by hand, linking by title, forgetting a translation's block.
"""

from __future__ import annotations

import re

import pytest

from commhub.checks.checker import check_hub
from commhub.i18n.messages import Messages
from helpers import standard_corpus
from media_files import png

PRODUCT = "products/tro-giup-phap-ly/product.yml"
ORIGINAL = "products/tro-giup-phap-ly/index.vi.md"
TRANSLATION = "products/tro-giup-phap-ly/index.en.md"
# Words of the checker's English that must not reach a Vietnamese message (field names are kept).
ENGLISH = re.compile(r"\b(found|expected|mapping|allowed|duplicate|missing|unknown|invalid|topic|unit|"
                     r"channel|front matter|Aborted|error|warning)\b")
# What is quoted, a file name, and a list of the keys or ids allowed: the editor's own words.
QUOTED = re.compile(r"'[^']*'|`[^`]*`|\([^)]*\.yml[^)]*\)|(?<=: )(?:[a-z_-]+, )+[a-z_-]+")


def edit(root, path, old, new):
    file = root / "content" / path
    text = file.read_text(encoding="utf-8")
    assert old in text, (path, old)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root, path, text):
    (root / "content" / path).write_text(text, encoding="utf-8")


# (name, change, (file, line, code) expected)
CASES = [
    ("smart quotes around a YAML value", lambda r: edit(r, ORIGINAL, "title: Trợ giúp pháp lý miễn phí",
                                                       "title: “Trợ giúp pháp lý miễn phí”"),
     (ORIGINAL, 2, "pasted_smart_quotes")),
    ("non-breaking spaces as indentation", lambda r: edit(r, PRODUCT, "- legal-aid", "\u00a0\u00a0- legal-aid"),
     (PRODUCT, 3, "pasted_nbsp_indent")),
    ("a non-breaking space after a key's colon", lambda r: edit(r, PRODUCT, "unit: so-tu-phap", "unit:\u00a0so-tu-phap"),
     (PRODUCT, 4, "pasted_nbsp_after_colon")),
    ("Word's bullets instead of a list", lambda r: edit(r, ORIGINAL, "Nội dung.", "• một\n• hai"),
     (ORIGINAL, 6, "pasted_bullet")),
    ("dashes instead of a list", lambda r: edit(r, ORIGINAL, "Nội dung.", "– một\n– hai"),
     (ORIGINAL, 6, "pasted_dash_list")),
    ("a tab at the start of a body line", lambda r: edit(r, ORIGINAL, "Nội dung.", "\tNội dung."),
     (ORIGINAL, 6, "pasted_tab_start")),
    ("a zero-width character", lambda r: edit(r, ORIGINAL, "Trợ giúp pháp lý miễn phí", "Trợ giúp\u200b pháp lý"),
     (ORIGINAL, 2, "pasted_zero_width")),
    ("a tab as YAML indentation", lambda r: edit(r, PRODUCT, "- legal-aid", "\t- legal-aid"),
     (PRODUCT, 3, "yaml_syntax")),
    ("a key without its colon", lambda r: edit(r, PRODUCT, "unit: so-tu-phap", "unit so-tu-phap"),
     (PRODUCT, 4, "yaml_syntax")),
    ("a key indented by mistake", lambda r: edit(r, PRODUCT, "unit: so-tu-phap", "  unit: so-tu-phap"),
     (PRODUCT, 4, "yaml_syntax")),
    ("a value with ': ' and no quotes", lambda r: edit(r, ORIGINAL, "title: Trợ giúp pháp lý miễn phí",
                                                      "title: Trợ giúp pháp lý: miễn phí"),
     (ORIGINAL, 2, "yaml_syntax")),
    ("a key written twice", lambda r: edit(r, PRODUCT, "unit: so-tu-phap", "unit: so-tu-phap\nunit: hoi-lhpn"),
     (PRODUCT, 5, "yaml_syntax")),
    ("a date as day/month/year", lambda r: edit(r, PRODUCT, "published: '2024-05-06'", "published: 06/05/2024"),
     (PRODUCT, 7, "date_day_first")),
    ("a topic that is not declared", lambda r: edit(r, PRODUCT, "- legal-aid", "- tro-giup-phap-ly"),
     (PRODUCT, 3, "unknown_id")),
    ("a misspelt key", lambda r: edit(r, PRODUCT, "channels:", "channel:"),
     (PRODUCT, 5, "field_unknown_suggest")),
    ("a type that does not exist", lambda r: edit(r, PRODUCT, "type: leaflet", "type: blog"),
     (PRODUCT, 1, "value_not_allowed")),
    ("a summary over 300 characters", lambda r: edit(r, ORIGINAL, "summary: Tóm tắt Trợ giúp pháp lý miễn phí",
                                                    "summary: " + "Dài quá. " * 40),
     (ORIGINAL, 3, "summary_too_long")),
    ("no title", lambda r: edit(r, ORIGINAL, "title: Trợ giúp pháp lý miễn phí\n", ""),
     (ORIGINAL, 2, "field_missing")),
    ("a translation without its translation block", lambda r: write(r, TRANSLATION,
                                                                   "---\ntitle: Free legal aid\nsummary: x\n---\n\nText.\n"),
     (TRANSLATION, 2, "translation_missing")),
    ("a translation block in the original", lambda r: edit(r, ORIGINAL, "summary:",
                                                          "translation:\n  method: human\nsummary:"),
     (ORIGINAL, 3, "original_has_translation")),
    ("a link written with the product's title", lambda r: edit(r, ORIGINAL, "Nội dung.",
                                                              "Xem [bài](../Quyền trẻ em/index.vi.md)."),
     (ORIGINAL, 6, "link_by_title")),
    ("a link to a product's folder", lambda r: edit(r, ORIGINAL, "Nội dung.", "Xem [bài](../quyen-tre-em/)."),
     (ORIGINAL, 6, "link_to_folder")),
    ("a link to a product that does not exist", lambda r: edit(r, ORIGINAL, "Nội dung.",
                                                              "Xem [bài](../khong-co/index.vi.md)."),
     (ORIGINAL, 6, "link_broken")),
    ("an image in the body without a description", lambda r: edit(r, ORIGINAL, "Nội dung.", "![](anh.png)"),
     (ORIGINAL, 6, "image_alt_missing")),
    ("a media file listed but not in the folder", lambda r: edit(r, PRODUCT, "status: published",
                                                                "status: published\nmedia:\n- file: anh.png\n"
                                                                "  kind: image\n  alt: {vi: Ảnh, en: Image, km: រូប}"),
     (PRODUCT, 0, "media_missing")),
    ("an image kind for a PDF", lambda r: (edit(r, PRODUCT, "status: published",
                                                "status: published\nmedia:\n- file: to-gap.pdf\n  kind: image\n"
                                                "  alt: {vi: Tờ gấp, en: Leaflet, km: ខិត្តប័ណ្ណ}"),
                                           (r / "content/products/tro-giup-phap-ly/to-gap.pdf").write_bytes(
                                               b"%PDF-1.4\n%%EOF\n")),
     (PRODUCT, 12, "media_kind_mismatch")),
    ("an image without a description in one of the product's languages",
     lambda r: (edit(r, PRODUCT, "status: published", "status: published\nmedia:\n- file: anh.png\n  kind: image\n"
                     "  alt: {vi: Ảnh}"), (r / "content/products/tro-giup-phap-ly/anh.png").write_bytes(png())),
     (PRODUCT, 13, "media_alt_missing")),
    ("a file put in the folder but not listed", lambda r: (r / "content/products/tro-giup-phap-ly/anh.png")
     .write_bytes(png()), ("products/tro-giup-phap-ly/anh.png", 0, "file_not_listed")),
    ("an index.md without its language", lambda r: write(r, "products/tro-giup-phap-ly/index.md",
                                                        "---\ntitle: x\nsummary: y\n---\n\nz\n"),
     ("products/tro-giup-phap-ly/index.md", 0, "index_without_language")),
    ("a product field in a version when product.yml has it", lambda r: edit(r, ORIGINAL, "summary:",
                                                                           "type: video\nsummary:"),
     (ORIGINAL, 3, "product_field_in_version")),
    ("a YAML reference (&, *)", lambda r: edit(r, PRODUCT, "unit: so-tu-phap", "unit: *so-tu-phap"),
     (PRODUCT, 4, "yaml_syntax")),
]


@pytest.mark.parametrize("name, change, expected", CASES, ids=[case[0] for case in CASES])
def test_each_mistake_is_found_at_its_line_in_vietnamese(tmp_path, name, change, expected):
    standard_corpus(tmp_path)
    before = {(problem.path, problem.code) for problem in check_hub(tmp_path / "content")}
    change(tmp_path)
    problems = [problem for problem in check_hub(tmp_path / "content") if (problem.path, problem.code) not in before]
    found = [(problem.path.relative_to(tmp_path / "content").as_posix(), problem.line, problem.code)
             for problem in problems]
    assert expected in found, found
    messages = Messages("vi")
    for problem in problems:
        text = problem.message(messages)
        words = ENGLISH.findall(QUOTED.sub("", text))  # names and values the editor wrote stay as written
        assert not words, (text, words)
