"""Text pasted from Word: each trace found at its line, and `commhub check --fix` repairing those whose
fix is certain, after which the check passes and the build shows what was meant."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from commhub.checks.pasted import find_pasted, fix_pasted
from commhub.cli.main import main
from helpers import build_site, standard_corpus

ORIGINAL = "content/products/tro-giup-phap-ly/index.vi.md"
PRODUCT = "content/products/tro-giup-phap-ly/product.yml"


def check(root, *args, lang="en"):
    result = CliRunner().invoke(main, ["check", "--content", str(root / "content"), "--lang", lang, *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("text, line, code", [
    ("---\ntitle: “Tin mới”\nsummary: x\n---\n\nA.\n", 2, "pasted_smart_quotes"),
    ("---\ntitle: Tin\nsummary: ‘x’\n---\n\nA.\n", 3, "pasted_smart_quotes"),
    ("---\ntitle: Tin\nsummary: x\n---\n\nA.\n\n• một\nhai\n", 8, "pasted_bullet"),
    ("---\ntitle: Tin\nsummary: x\n---\n\nA.\n\n\uf0b7 một\n", 8, "pasted_bullet"),
    ("---\ntitle: Tin\nsummary: x\n---\n\nA.\n– một\n– hai\n", [7, 8], "pasted_dash_list"),
    ("---\ntitle: Tin\nsummary: x\n---\n\nA.\n\tcode?\n", 7, "pasted_tab_start"),
    ("---\ntitle: Tin\u200b\nsummary: x\n---\n\nA.\n", 2, "pasted_zero_width"),
    ("---\ntitle: Tin\nsummary: x\n---\n\nMột\u200bhai.\n", 6, "pasted_zero_width"),
    ("---\ntitle: Tin\nsummary:\u00a0x\n---\n\nA.\n", 3, "pasted_nbsp_after_colon"),
])
def test_each_trace_is_found_at_its_line(text, line, code):
    lines = line if isinstance(line, list) else [line]
    assert [(found[0], found[2]) for found in find_pasted("index.vi.md", text)] == [(n, code) for n in lines]


@pytest.mark.parametrize("name, text", [
    ("index.vi.md", "---\ntitle: “Trợ giúp” pháp lý\n---\n\nA “trích dẫn” giữa câu.\n"),  # quotes inside a text
    ("index.vi.md", "---\ntitle: Tin\n---\n\n– Chào anh, chị hỏi gì?\n\nMột đoạn.\n"),  # one dialogue dash
    ("index.vi.md", "---\ntitle: Tin\n---\n\n```\n\tcode\n• kept\n```\n"),  # code is meant
    ("index.km.md", "---\ntitle: ចំណងជើង\n---\n\nពាក្យ\u200bមួយ\u200bទៀត។\n"),  # Khmer separates words so
    ("index.vi.md", "---\ntitle: Tin\n---\n\nKhoảng\u00a0trắng cứng giữa câu.\n"),
])
def test_what_is_meant_is_left_alone(name, text):
    assert find_pasted(name, text) == [] and fix_pasted(name, text) == text


def test_the_certain_fixes():
    text = ("---\ntitle: “Tin”\ntranslation:\n\u00a0\u00a0method: human\n---\n\n• một\n• hai\n\n– ba\n– bốn\n\n"
            "Một\u200bhai.\n\tcode?\n")
    assert fix_pasted("index.vi.md", text) == ('---\ntitle: "Tin"\ntranslation:\n  method: human\n---\n\n'
                                              "- một\n- hai\n\n- ba\n- bốn\n\nMộthai.\n\tcode?\n")
    # Windows line endings stay
    assert fix_pasted("index.vi.md", "---\r\ntitle: “Tin”\r\n---\r\n\r\n• a\r\n") == \
        '---\r\ntitle: "Tin"\r\n---\r\n\r\n- a\r\n'
    assert fix_pasted("product.yml", "type: “leaflet”\ntopics:\n\u00a0\u00a0- legal-aid\n") == \
        'type: "leaflet"\ntopics:\n  - legal-aid\n'
    assert fix_pasted("product.yml", "unit:\u00a0so-tu-phap\n  - x:\u00a0\u00a0y\n") == "unit: so-tu-phap\n  - x:  y\n"


def test_check_names_them_in_vietnamese_and_fix_makes_the_hub_pass_and_build(tmp_path, monkeypatch):
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    product = tmp_path / PRODUCT
    product.write_text(product.read_text(encoding="utf-8").replace("type: leaflet", "type: “leaflet”")
                       .replace("- legal-aid", "\u00a0\u00a0- legal-aid"), encoding="utf-8")
    original = tmp_path / ORIGINAL
    original.write_text(original.read_text(encoding="utf-8") + "\n• Mục một\n• Mục hai\n", encoding="utf-8")
    code, output = check(tmp_path, lang="vi")
    assert code == 1
    assert f"{PRODUCT}:1: giá trị “leaflet” nằm trong dấu ngoặc kép cong" in output
    assert "dấu chấm đầu dòng của Word" in output and "\n" + ORIGINAL + ":" in "\n" + output
    code, output = check(tmp_path, "--fix")
    assert code == 0, output
    site = build_site(tmp_path, strict=True)
    page = (site / "products" / "tro-giup-phap-ly" / "index.html").read_text(encoding="utf-8")
    assert "<li>Mục một</li>" in page and "•" not in page
