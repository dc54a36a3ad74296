"""Messages in Vietnamese say everything in Vietnamese: the YAML parser's usual errors (PyYAML speaks
English) and the kinds of id (topic, unit, channel, language) are translated."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from commhub.cli.main import main
from commhub.content.problems import YAML_PROBLEMS
from helpers import standard_corpus

PRODUCT = "content/products/tro-giup-phap-ly/product.yml"

BROKEN = {
    "mapping_values": "type: leaflet\ntopics: legal-aid: x\n",
    "cannot_start": "type: leaflet\n\ttopics: [legal-aid]\n",
    "tab": "type: leaflet\ntopics:\n\t- legal-aid\n",
    "end_of_stream": 'type: "leaflet\n',
    "expected_key": "type: leaflet\n  topics:\n - legal-aid\nunit: so-tu-phap\n",
    "block_end": "type: leaflet\n topics: [legal-aid]\n",
    "after_value": 'type: "leaflet" nữa\n',
    "duplicate_key": "type: leaflet\ntype: poster\n",
    "alias": "type: leaflet\ntopics: &t [legal-aid]\nunit: *t\n",
}


def check_vi(root) -> str:
    return CliRunner().invoke(main, ["check", "--lang", "vi"]).output


@pytest.mark.parametrize("key", sorted(BROKEN))
def test_the_usual_yaml_errors_are_said_in_vietnamese(tmp_path, monkeypatch, key):
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / PRODUCT).write_text(BROKEN[key], encoding="utf-8")
    [line] = [line for line in check_vi(tmp_path).splitlines() if line.startswith(PRODUCT)]
    assert "lỗi cú pháp YAML" in line
    english = [pattern.pattern for pattern, name in YAML_PROBLEMS if name == key]
    assert english and not any(word in line for word in ("found", "expected", "mapping", "allowed", "duplicate")), line


@pytest.mark.parametrize("field, value, kind", [
    ("unit: so-tu-phap", "unit: so-tu-phapp", "đơn vị"), ("- legal-aid", "- legal-aidd", "chủ đề"),
    ("- website", "- zalo", "kênh"), ("original_language: vi", "original_language: xx", None),
])
def test_kinds_of_id_are_named_in_vietnamese(tmp_path, monkeypatch, field, value, kind):
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    path = tmp_path / PRODUCT
    path.write_text(path.read_text(encoding="utf-8").replace(field, value, 1), encoding="utf-8")
    output = check_vi(tmp_path)
    for english in (" topic ", " unit ", " channel ", " language "):
        assert english not in output.replace("commhub language", ""), output  # (the command's name stays)
    if kind:
        assert f"không có {kind} " in output


@pytest.mark.parametrize("path, text, line", [
    (PRODUCT, "type: leaflet\ntopics:\n- legal-aid\nunit so-tu-phap\nchannels: [website]\n", 4),
    ("content/products/tro-giup-phap-ly/index.vi.md", "---\ntitle: Trợ giúp\nsummary Tóm tắt\n---\n\nx\n", 3),
])
def test_a_key_without_its_colon_is_reported_on_its_own_line(tmp_path, monkeypatch, path, text, line):
    """PyYAML notices the missing colon on a later line; the editor is sent to the line to fix."""
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / path).write_text(text, encoding="utf-8")
    [reported] = [found for found in check_vi(tmp_path).splitlines() if found.startswith(path)]
    assert reported.startswith(f"{path}:{line}: lỗi cú pháp YAML: thiếu dấu hai chấm"), reported


@pytest.mark.parametrize("link", ["Quyền trẻ em", "../Quyền trẻ em/index.vi.md", "../Quyen-Tre-Em/"])
def test_a_link_written_with_the_products_title_names_the_address_meant(tmp_path, monkeypatch, link):
    corpus = standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    corpus.version("ban-nhap", "vi", "Bản nháp", body=f"Dòng một.\n\nXem [bài này]({link}).")
    [reported] = [found for found in check_vi(tmp_path).splitlines() if "ban-nhap/index.vi.md" in found]
    assert reported == (f"content/products/ban-nhap/index.vi.md:8: liên kết '{link}' viết bằng tên sản phẩm chứ không "
                        "phải tên thư mục của nó. Hãy viết ../quyen-tre-em/index.vi.md.")
