"""`commhub translate --refresh`: a translator's update recorded without `sha256sum`."""

from __future__ import annotations

import hashlib

from click.testing import CliRunner

from commhub.cli.main import main
from helpers import standard_corpus

PRODUCT = "content/products/bao-luc-gia-dinh"


def translate(root, *args, lang="en"):
    result = CliRunner().invoke(main, ["translate", "--refresh", "--lang", lang, *args])
    return result.exit_code, result.output


def check(root):
    result = CliRunner().invoke(main, ["check", "--lang", "en"])
    return result.exit_code, result.output


def test_refresh_records_the_originals_hash_and_the_warning_goes(tmp_path, monkeypatch):
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    translation = tmp_path / PRODUCT / "index.en.md"
    assert "source_sha differs" in check(tmp_path)[1] and "commhub translate --refresh" in check(tmp_path)[1]
    before = translation.read_text(encoding="utf-8")
    code, output = translate(tmp_path, f"{PRODUCT}/index.en.md")
    assert code == 0 and output == f"{PRODUCT}/index.en.md: source_sha now records the original index.vi.md as it is.\n"
    digest = hashlib.sha256((tmp_path / PRODUCT / "index.vi.md").read_bytes()).hexdigest()
    after = translation.read_text(encoding="utf-8")
    # only the one line changed
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines()) if old != new]
    assert len(changed) == 1 and changed[0][1].strip() == f"source_sha: {digest}"
    assert "source_sha differs" not in check(tmp_path)[1]
    assert translate(tmp_path, PRODUCT)[1] == f"{PRODUCT}/index.en.md: source_sha already matches the original " \
                                              "index.vi.md; nothing to change.\n"


def test_a_missing_source_sha_is_added_and_an_original_is_refused(tmp_path, monkeypatch):
    standard_corpus(tmp_path)
    monkeypatch.chdir(tmp_path)
    translation = tmp_path / PRODUCT / "index.en.md"
    lines = [line for line in translation.read_text(encoding="utf-8").splitlines(keepends=True)
             if "source_sha" not in line]
    translation.write_text("".join(lines), encoding="utf-8")
    assert translate(tmp_path, f"{PRODUCT}/index.en.md")[0] == 0
    assert check(tmp_path)[0] == 0
    code, output = translate(tmp_path, f"{PRODUCT}/index.vi.md", lang="vi")
    assert code == 1 and "không phải bản dịch" in output
    code, output = translate(tmp_path, "content/products/khong-co")
    assert code == 1 and "not an index.<language code>.md file or a product folder" in output
