"""`commhub check`: one known defect per corpus, the exact `path:line: message` it gives, and the rest.

Each defect test starts from the same clean corpus (`clean_corpus`), changes one
thing, runs the real command line from the corpus folder and compares the whole
output: the problem line(s) and the count line.
"""

from __future__ import annotations

import os
import struct
import subprocess
import unicodedata
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from commhub.checks.checker import check_content
from commhub.checks.text import fix_nfc
from commhub.cli.main import main
from commhub.content.reading import sha256_of
from commhub.markup.video_links import video_platform
from commhub.checks.vietnamese import decode_tcvn3, decode_vni, find_legacy_encoding, is_syllable
from helpers import Corpus, build_site
from hubfactory import hub_text_files, make_hub, shared_hub


def png_bytes() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" + b"\xff" * 6) * 1)
            + chunk(b"IEND", b""))


PRODUCT_YML = """\
type: video
topics: [childrens-rights]
unit: so-tu-phap
channels: [website, facebook]
published: 2024-06-01
original_language: vi
status: published
media:
  - file: ap-phich.png
    kind: image
    alt:
      vi: Áp phích về quyền trẻ em
      en: A poster about children's rights
"""
# Line numbers below count from the file's first line: the body starts on line 5.
ORIGINAL_MD = """\
---
title: Quyền trẻ em
summary: Những quyền cơ bản của trẻ em theo Luật Trẻ em năm 2016.
---

Trẻ em có quyền được khai sinh, học tập và được bảo vệ.

Xem thêm [Trợ giúp pháp lý miễn phí](../tro-giup-phap-ly/index.vi.md).

![Áp phích về quyền trẻ em](ap-phich.png)

[Quyền trẻ em (video)](https://www.youtube.com/watch?v=abcdef123)
"""
TRANSLATION_MD = """\
---
title: Children's rights
summary: The basic rights of children under the 2016 Law on Children.
translation:
  method: human
  reviewed: true
  source_sha: {sha}
---

Children have the right to birth registration, education and protection.

See also [Free legal aid](../tro-giup-phap-ly/index.en.md).
"""
PRODUCT = "content/products/quyen-tre-em"


def clean_corpus(root: Path) -> Corpus:
    """Two products that pass every check: one with an image, a translation, links and a video card."""
    corpus = Corpus(root)
    corpus.write("products/quyen-tre-em/product.yml", PRODUCT_YML)
    original = corpus.write("products/quyen-tre-em/index.vi.md", ORIGINAL_MD)
    corpus.write("products/quyen-tre-em/index.en.md", TRANSLATION_MD.format(sha=sha256_of(original)))
    (corpus.content / "products/quyen-tre-em/ap-phich.png").write_bytes(png_bytes())
    for lang, text in (("vi", "Lời bình: trẻ em có quyền được bảo vệ."), ("en", "Narrator: children have the right to protection.")):
        corpus.write(f"products/quyen-tre-em/transcript.{lang}.md", f"{text}\n")  # the video's text alternative
    corpus.product("tro-giup-phap-ly", type="leaflet")
    corpus.version("tro-giup-phap-ly", "vi", "Trợ giúp pháp lý miễn phí", body="Ai được trợ giúp pháp lý?")
    return corpus


def run_check(root: Path, *args: str, lang: str = "vi") -> tuple[int, list[str]]:
    """`commhub check` run from `root`, as an editor would: exit code and output lines."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", "--lang", lang, *args])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def edit(corpus: Corpus, name: str, old: str, new: str) -> None:
    path = corpus.content / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_original(corpus: Corpus, old: str, new: str) -> None:
    """Change the original and keep the translation up to date, so that only the intended defect shows."""
    edit(corpus, "products/quyen-tre-em/index.vi.md", old, new)
    translation = corpus.content / "products/quyen-tre-em/index.en.md"
    sha = sha256_of(corpus.content / "products/quyen-tre-em/index.vi.md")
    text = translation.read_text(encoding="utf-8")
    translation.write_text("\n".join(f"  source_sha: {sha}" if line.startswith("  source_sha:") else line
                                     for line in text.split("\n")), encoding="utf-8")


def add_body(corpus: Corpus, text: str) -> None:
    """Append a paragraph to the original (its first line is line 14 of the file)."""
    edit_original(corpus, "(https://www.youtube.com/watch?v=abcdef123)\n",
                  f"(https://www.youtube.com/watch?v=abcdef123)\n\n{text}\n")


# --- the clean corpus ------------------------------------------------------------------------------


def test_clean_corpus_passes(tmp_path):
    clean_corpus(tmp_path)
    assert run_check(tmp_path) == (0, ["0 lỗi, 0 cảnh báo"])
    assert run_check(tmp_path, lang="en") == (0, ["0 errors, 0 warnings"])


def test_the_tests_hub_passes(tmp_path):
    """The tests' whole hub (hubfactory.py) passes, with the three warnings it is made to have."""
    assert run_check(make_hub(tmp_path)) == (0, [
        "content/products/cam-nang-phong-chong-bao-luc-gia-dinh/index.en.md:4: cảnh báo: bản gốc (index.vi.md) đã "
        "thay đổi sau khi dịch (source_sha khác). Hãy cập nhật bản dịch, rồi ghi lại source_sha bằng lệnh "
        "`commhub translate --refresh` với tệp này.",
        "content/products/ngon-ngu-ky-hieu-trong-doi-song/index.en.md: cảnh báo: video 'ngon-ngu-ky-hieu.webm' chưa "
        "có phụ đề cho phiên bản en: người Điếc không theo dõi được (WCAG 2.1, mục 1.2.2). Hãy thêm phụ đề dạng "
        "WebVTT trong tệp ngon-ngu-ky-hieu.en.vtt, đặt cạnh video.",
        "content/products/tao-hon-va-suc-khoe/index.hmn.md: cảnh báo: phiên bản hmn có âm thanh hoặc video nhưng chưa "
        "có bản ghi lời: người không nghe được (WCAG 2.1, mục 1.2.1) không có gì để đọc. Hãy ghi lại lời nói trong "
        "tệp transcript.hmn.md, đặt cạnh index.hmn.md (Markdown thường, không có phần đầu YAML).",
        "0 lỗi, 3 cảnh báo"])


# --- one defect per corpus ----------------------------------------------------------------------------

P = PRODUCT  # keeps the table below readable


def _malformed_yaml(c):
    edit(c, "products/quyen-tre-em/product.yml", "unit: so-tu-phap\n", "unit: so-tu-phap\n  bad: [indent\n")


def _second_default(c):
    edit(c, "languages.yml", "  group: ethnic_minority\n", "  group: ethnic_minority\n  default: true\n")


def _index_without_suffix(c):
    (c.content / "products/tro-giup-phap-ly/index.vi.md").rename(c.content / "products/tro-giup-phap-ly/index.md")


def _lying_extension(c):
    (c.content / "products/quyen-tre-em/to-roi.pdf").write_text("<!DOCTYPE html><html><body>Not a PDF</body></html>")
    edit(c, "products/quyen-tre-em/product.yml", "media:\n", "media:\n  - file: to-roi.pdf\n    kind: document\n")


def _oversized(c):
    path = c.content / "products/quyen-tre-em/video.webm"
    path.write_bytes(b"\x1a\x45\xdf\xa3")  # a WebM signature, then a sparse 51 MB file
    subprocess.run(["truncate", "-s", "51M", str(path)], check=True)
    edit(c, "products/quyen-tre-em/product.yml", "media:\n", "media:\n  - file: video.webm\n    kind: video\n")
    for lang in ("vi", "en"):  # its captions: only the size is wrong
        (c.content / f"products/quyen-tre-em/video.{lang}.vtt").write_text("WEBVTT\n", encoding="utf-8")


def _disallowed_type(c):
    (c.content / "products/quyen-tre-em/so-do.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    edit(c, "products/quyen-tre-em/product.yml", "media:\n",
         "media:\n  - file: so-do.svg\n    kind: image\n    alt: {vi: Sơ đồ, en: Diagram}\n")


def _outdated(c):
    edit(c, "products/quyen-tre-em/index.vi.md", "và được bảo vệ.", "và được bảo vệ khỏi bạo lực.")


DEFECTS = {
    "malformed YAML": (
        _malformed_yaml,
        [f"{P}/product.yml:4: lỗi cú pháp YAML: có dấu hai chấm ở chỗ không được có (thường do thiếu dấu cách sau dấu hai chấm ở dòng trên, thụt lề sai, hoặc một giá trị chứa ': ' mà không đặt trong ngoặc kép). Hãy kiểm tra thụt lề "
         "(dùng dấu cách, không dùng Tab), dấu hai chấm và dấu ngoặc kép ở dòng này hoặc dòng trên."],
    ),
    "missing field": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "unit: so-tu-phap\n", ""),
        [f"{P}/product.yml:1: thiếu trường bắt buộc 'unit'. Hãy bổ sung."],
    ),
    "unknown key with suggestion": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "channels:", "chanels:"),
        [f"{P}/product.yml:4: trường 'chanels' không hợp lệ — có phải bạn định viết 'channels'? Các trường được "
         "phép: type, topics, unit, channels, published, original_language, status, featured, media.",
         f"{P}/product.yml:1: thiếu trường bắt buộc 'channels'. Hãy bổ sung."],
    ),
    "Vietnamese date": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "published: 2024-06-01", "published: 06/05/2024"),
        [f"{P}/product.yml:5: 'published': '06/05/2024' đang viết theo kiểu ngày/tháng/năm; hãy viết là "
         "2024-05-06 (YYYY-MM-DD)."],
    ),
    "unknown language": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "original_language: vi", "original_language: vn"),
        [f"{P}/product.yml:6: 'original_language': 'vn' không phải ngôn ngữ đã khai báo trong languages.yml (đã "
         "khai báo: en, hmn, km, vi). Hãy sửa mã, khai báo ngôn ngữ này (`commhub language add vn --name … --group "
         "…`), hoặc xóa mọi nội dung bằng ngôn ngữ này: `commhub language remove vn` (thêm `--archive DIR` thì các "
         "tệp được chuyển vào thư mục DIR thay vì bị xóa)."],
    ),
    "unknown unit": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "unit: so-tu-phap", "unit: so-tu-phap-tinh"),
        [f"{P}/product.yml:3: 'unit': không có đơn vị 'so-tu-phap-tinh' — có phải bạn định viết 'so-tu-phap'? "
         "Các mã đã khai báo trong units.yml: hoi-lhpn, so-tu-phap."],
    ),
    "unknown topic": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "[childrens-rights]", "[quyen-tre-em]"),
        [f"{P}/product.yml:2: 'topics': không có chủ đề 'quyen-tre-em'. Các mã đã khai báo trong topics.yml: "
         "childrens-rights, legal-aid."],
    ),
    "unknown channel": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "[website, facebook]", "[website, zalo]"),
        [f"{P}/product.yml:4: 'channels': không có kênh 'zalo'. Các mã đã khai báo trong channels.yml: "
         "facebook, print, radio, website."],
    ),
    "unknown type": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "type: video", "type: phim"),
        [f"{P}/product.yml:1: 'type': giá trị 'phim' không được phép. Các giá trị được phép: article, news, "
         "infographic, video, audio, leaflet, poster, handbook, qa."],
    ),
    "second default": (
        _second_default,
        ["content/languages.yml:6: phải có đúng một ngôn ngữ ghi 'default: true'; hiện có 2 (dòng 2, 6)."],
    ),
    "index.md without suffix": (
        _index_without_suffix,
        ["content/products/tro-giup-phap-ly/index.md: tên tệp chưa ghi ngôn ngữ: hãy đổi thành "
         "index.<ngôn-ngữ>.md, ví dụ index.vi.md.",
         "content/products/tro-giup-phap-ly/product.yml: thiếu bản gốc index.vi.md (original_language: vi). "
         "Hãy thêm bản gốc hoặc sửa original_language."],
    ),
    "undeclared suffix": (
        lambda c: c.write("products/tro-giup-phap-ly/index.de.md", "---\ntitle: Rechtshilfe\nsummary: x\n---\n"),
        ["content/products/tro-giup-phap-ly/index.de.md: 'index.de.md': 'de' không phải ngôn ngữ đã khai báo "
         "trong languages.yml (đã khai báo: vi, km, hmn, en). Hãy đổi tên tệp, khai báo ngôn ngữ này (`commhub "
         "language add de --name … --group …`), hoặc xóa mọi nội dung bằng ngôn ngữ này: `commhub language remove "
         "de` (thêm `--archive DIR` thì các tệp được chuyển vào thư mục DIR thay vì bị xóa)."],
    ),
    "missing original": (
        lambda c: [(c.content / f"products/quyen-tre-em/{name}.vi.md").unlink() for name in ("index", "transcript")],
        [f"{P}/product.yml: thiếu bản gốc index.vi.md (original_language: vi). Hãy thêm bản gốc hoặc sửa "
         "original_language."],
    ),
    "not NFC": (
        lambda c: edit_original(c, "học tập", unicodedata.normalize("NFD", "học tập")),
        [f"{P}/index.vi.md:6: chữ 'học' được gõ bằng dấu tách rời (Unicode tổ hợp, không phải dạng dựng sẵn NFC) "
         "nên tìm kiếm và hiển thị có thể sai. Chạy `commhub check --fix` để sửa tự động, hoặc đặt bộ gõ "
         "(ví dụ Unikey) ở bảng mã Unicode dựng sẵn rồi gõ lại."],
    ),
    "TCVN3": (
        lambda c: add_body(c, "Céng hoµ x· héi chñ nghÜa ViÖt Nam"),
        [f"{P}/index.vi.md:14: dòng này có vẻ là chữ gõ bằng bảng mã cũ TCVN3 (ABC, phông .VnTime) rồi dán vào: "
         "'héi' có lẽ là 'hội'. Hãy chuyển văn bản gốc sang Unicode (ví dụ công cụ chuyển mã của Unikey: nguồn "
         "TCVN3, đích Unicode) rồi dán lại."],
    ),
    "VNI": (
        lambda c: add_body(c, "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"),
        [f"{P}/index.vi.md:14: dòng này có vẻ là chữ gõ bằng bảng mã cũ VNI (phông VNI-Times) rồi dán vào: "
         "'Coäng' có lẽ là 'Cộng'. Hãy chuyển văn bản gốc sang Unicode (ví dụ công cụ chuyển mã của Unikey: "
         "nguồn VNI Windows, đích Unicode) rồi dán lại."],
    ),
    "missing alt": (
        lambda c: edit(c, "products/quyen-tre-em/product.yml", "      en: A poster about children's rights\n", ""),
        [f"{P}/product.yml:11: ảnh 'ap-phich.png' chưa có mô tả (alt) bằng 'en', trong khi sản phẩm có bản "
         "index.en.md. Hãy thêm dòng 'en: ...' (mô tả ngắn nội dung ảnh) vào mục 'alt:' của ảnh này để người "
         "khiếm thị cũng hiểu được ảnh."],
    ),
    "oversized file": (
        _oversized,
        [f"{P}/product.yml:9: tệp 'video.webm' nặng 51 MB, quá giới hạn 50 MB. Hãy nén hoặc giảm kích thước tệp; "
         "video dài nên đăng lên nền tảng video rồi giới thiệu bằng thẻ liên kết (xem CONTRIBUTING.md)."],
    ),
    "disallowed type": (
        _disallowed_type,
        [f"{P}/product.yml:9: tệp 'so-do.svg' thuộc loại không được đăng. Các loại được phép: png, jpg, jpeg, webp, "
         "gif, mp3, ogg, oga, m4a, wav, mp4, webm, pdf. Hãy chuyển tệp sang một trong các loại này (ví dụ ảnh SVG "
         "hoặc BMP sang PNG, tài liệu Word sang PDF)."],
    ),
    "lying extension": (
        _lying_extension,
        [f"{P}/product.yml:9: tệp 'to-roi.pdf' mang đuôi của tệp PDF nhưng nội dung thực ra là HTML. Hãy xuất lại "
         "tệp đúng định dạng PDF, không chỉ đổi tên đuôi tệp."],
    ),
    "broken link": (
        lambda c: edit_original(c, "../tro-giup-phap-ly/index.vi.md", "../tro-giup-phap-li/index.vi.md"),
        [f"{P}/index.vi.md:8: liên kết '../tro-giup-phap-li/index.vi.md' không dẫn tới sản phẩm, trang hay tệp "
         "nào. Liên kết tới sản phẩm khác viết dạng ../ten-san-pham/index.vi.md (ten-san-pham là tên thư mục "
         "trong content/products/); hãy kiểm tra lại tên."],
    ),
    "script tag": (
        lambda c: add_body(c, "<script>alert('xin chào')</script>"),
        [f"{P}/index.vi.md:14: không được dùng thẻ HTML <script>: thẻ này có thể chạy mã (script) trên trang. "
         "Hãy xóa thẻ; định dạng văn bản bằng Markdown."],
    ),
    "onclick attribute": (
        lambda c: add_body(c, 'Bấm <span onclick="alert(1)">vào đây</span>.'),
        [f"{P}/index.vi.md:14: thuộc tính 'onclick' của thẻ <span> có thể chạy mã (script) khi người đọc nhấn "
         "chuột hoặc mở trang. Hãy xóa thuộc tính này."],
    ),
    "javascript: link": (
        lambda c: add_body(c, "Bấm [vào đây](javascript:alert(1))."),
        [f"{P}/index.vi.md:14: không được dùng địa chỉ bắt đầu bằng 'javascript:': loại địa chỉ này có thể chạy mã "
         "hoặc giấu nội dung. Hãy dùng địa chỉ https://, hoặc khai báo tệp trong mục 'media:' rồi liên kết tới "
         "tên tệp."],
    ),
    "data: URL": (
        lambda c: add_body(c, "![Biểu đồ](data:image/png;base64,iVBORw0KGgo=)"),
        [f"{P}/index.vi.md:14: không được dùng địa chỉ bắt đầu bằng 'data:': loại địa chỉ này có thể chạy mã hoặc "
         "giấu nội dung. Hãy dùng địa chỉ https://, hoặc khai báo tệp trong mục 'media:' rồi liên kết tới tên "
         "tệp."],
    ),
    "iframe": (
        lambda c: add_body(c, '<iframe src="https://www.youtube.com/embed/abcdef123"></iframe>'),
        [f"{P}/index.vi.md:14: không được nhúng khung <iframe> (ví dụ trình phát YouTube, Facebook). Để giới thiệu "
         "một video, hãy viết một đoạn chỉ gồm một liên kết, ví dụ [Tên video](https://www.youtube.com/watch?v=...): "
         "trang web sẽ hiện thẻ \"Xem trên YouTube\". Xem CONTRIBUTING.md."],
    ),
    "form": (
        lambda c: add_body(c, '<form action="https://example.org/gui">Gửi ý kiến</form>'),
        [f"{P}/index.vi.md:14: không được đặt biểu mẫu HTML (thẻ <form>) trong sản phẩm. Hãy xóa thẻ; nếu cần lấy "
         "ý kiến người dân, hãy đưa liên kết tới biểu mẫu chính thức."],
    ),
}


@pytest.mark.parametrize("defect", DEFECTS)
def test_one_defect(tmp_path, defect):
    mutate, expected = DEFECTS[defect]
    corpus = clean_corpus(tmp_path)
    mutate(corpus)
    code, lines = run_check(tmp_path)
    assert lines == sorted_like_check(expected) + [f"{len(expected)} lỗi, 0 cảnh báo"]
    assert code == 1


def sorted_like_check(lines: list[str]) -> list[str]:
    def key(line: str):
        location = line.split(": ", 1)[0]
        path, _, number = location.partition(":")
        return path, int(number or 0)

    return sorted(lines, key=key)


def test_outdated_translation_is_a_warning(tmp_path):
    corpus = clean_corpus(tmp_path)
    _outdated(corpus)
    assert run_check(tmp_path) == (0, [OUTDATED, "0 lỗi, 1 cảnh báo"])


ENGLISH = {
    "script tag": f"{P}/index.vi.md:14: the HTML tag <script> is not allowed: it can run code (script) on the "
                  "page. Remove it; format text with Markdown.",
    "iframe": f"{P}/index.vi.md:14: embedded frames (<iframe>, e.g. a YouTube or Facebook player) are not allowed. "
              "To show a video, write a paragraph that is only a link, e.g. "
              "[Video title](https://www.youtube.com/watch?v=...): the site shows it as a \"Watch on YouTube\" "
              "card. See CONTRIBUTING.md.",
    "TCVN3": f"{P}/index.vi.md:14: this line looks like text typed in the old TCVN3 (ABC, .VnTime fonts) encoding "
             "and pasted in: 'héi' is probably 'hội'. Convert the original text to Unicode (e.g. Unikey's "
             "converter: source TCVN3, target Unicode) and paste it again.",
    "Vietnamese date": f"{P}/product.yml:5: 'published': '06/05/2024' is written day/month/year; write it as "
                       "2024-05-06 (YYYY-MM-DD).",
    "lying extension": f"{P}/product.yml:9: 'to-roi.pdf' has the extension of a PDF file but is really HTML. "
                       "Export it again as a real PDF file; renaming the extension is not enough.",
}


@pytest.mark.parametrize("defect", ENGLISH)
def test_messages_in_english(tmp_path, defect):
    corpus = clean_corpus(tmp_path)
    DEFECTS[defect][0](corpus)
    assert run_check(tmp_path, lang="en") == (1, [ENGLISH[defect], "1 errors, 0 warnings"])


# --- many defects in one run; paths; --fix ---------------------------------------------------------------


def many_defects(root: Path) -> Corpus:
    """Six defects in two products, some of which stop the loader from using the product."""
    corpus = clean_corpus(root)
    for name in ("script tag", "lying extension", "undeclared suffix"):
        DEFECTS[name][0](corpus)
    _outdated(corpus)  # after add_body, which kept the translation's source_sha up to date
    edit(corpus, "products/tro-giup-phap-ly/product.yml", "published: '2024-03-01'", "published: 06/05/2024")
    edit(corpus, "products/tro-giup-phap-ly/index.vi.md", "Ai được", '<span onclick="x()">Ai</span> được')
    return corpus


ONCLICK_IN_OTHER = ("content/products/tro-giup-phap-ly/index.vi.md:6: thuộc tính 'onclick' của thẻ <span> có thể "
                    "chạy mã (script) khi người đọc nhấn chuột hoặc mở trang. Hãy xóa thuộc tính này.")
DATE_IN_OTHER = ("content/products/tro-giup-phap-ly/product.yml:7: 'published': '06/05/2024' đang viết theo kiểu "
                 "ngày/tháng/năm; hãy viết là 2024-05-06 (YYYY-MM-DD).")
OUTDATED = (f"{P}/index.en.md:4: cảnh báo: bản gốc (index.vi.md) đã thay đổi sau khi dịch (source_sha khác). "
            "Hãy cập nhật bản dịch, rồi ghi lại source_sha bằng lệnh `commhub translate --refresh` với tệp này.")


def test_every_defect_is_reported_in_one_run(tmp_path):
    many_defects(tmp_path)
    code, lines = run_check(tmp_path)
    assert lines == [
        OUTDATED,
        DEFECTS["script tag"][1][0],
        DEFECTS["lying extension"][1][0],
        DEFECTS["undeclared suffix"][1][0],
        ONCLICK_IN_OTHER,  # checked although the product's date stops it from loading
        DATE_IN_OTHER,
        "5 lỗi, 1 cảnh báo",
    ]
    assert code == 1


def test_paths_restrict_the_report(tmp_path):
    many_defects(tmp_path)
    assert run_check(tmp_path, "content/products/tro-giup-phap-ly") == (1, [
        DEFECTS["undeclared suffix"][1][0], ONCLICK_IN_OTHER, DATE_IN_OTHER, "3 lỗi, 0 cảnh báo"])
    # One file: only its own problems, though everything was loaded to compare it with its original.
    assert run_check(tmp_path, f"{P}/index.en.md") == (0, [OUTDATED, "0 lỗi, 1 cảnh báo"])


def test_missing_path(tmp_path):
    clean_corpus(tmp_path)
    assert run_check(tmp_path, "content/products/quyen-tre-em/index.km.md") == (1, [
        "content/products/quyen-tre-em/index.km.md: không có tệp hoặc thư mục này. Hãy kiểm tra lại đường dẫn.",
        "1 lỗi, 0 cảnh báo",
    ])


def test_video_card_words_in_every_catalogue():
    from commhub.i18n.messages import available_languages, catalogue

    assert {"en", "fr", "hmn", "km", "vi", "zh"} <= set(available_languages())
    for lang in ("en", "fr", "hmn", "km", "vi", "zh"):
        label = catalogue(lang)["ui.video_card.label"]
        assert "{platform}" in label and "{title}" in label, lang
        assert "{platform}" in catalogue(lang)["ui.video_card.leaves_site"], lang


def test_missing_content_folder(tmp_path):
    assert run_check(tmp_path) == (1, ["không tìm thấy thư mục nội dung 'content'. Hãy chạy lệnh ở thư mục gốc "
                                       "của kho, hoặc chỉ rõ bằng --content."])


def test_fix_rewrites_nfc_and_nothing_else(tmp_path):
    corpus = clean_corpus(tmp_path)
    target = corpus.content / "products/quyen-tre-em/index.vi.md"
    nfd = unicodedata.normalize("NFD", "Quyền trẻ em")
    # A BOM, Windows line endings, a tab and NFD text: only the NFD text may change.
    original = b"\xef\xbb\xbf" + target.read_bytes().replace(b"\n", b"\r\n").replace(
        "Trẻ em có quyền".encode(), f"{nfd}\tcó quyền".encode())
    target.write_bytes(original)
    summary = corpus.content / "products/tro-giup-phap-ly/index.vi.md"
    summary.write_bytes(summary.read_bytes().replace("Ai được".encode(), unicodedata.normalize("NFD", "Ai được").encode()))
    others = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file() and path not in (target, summary)}

    code, lines = run_check(tmp_path, "--fix", f"{P}/index.vi.md")
    assert lines[0].startswith(f"{P}/index.vi.md: đã sửa (Unicode dựng sẵn NFC;")
    assert target.read_bytes() == original.replace(nfd.encode(), "Quyền trẻ em".encode())
    assert unicodedata.is_normalized("NFC", target.read_bytes().decode("utf-8-sig"))
    # Files outside the given path are left alone, even when they are not NFC.
    assert not unicodedata.is_normalized("NFC", summary.read_text(encoding="utf-8"))
    assert {path: path.read_bytes() for path in others} == others

    assert fix_nfc([corpus.content]) == [summary]
    assert fix_nfc([corpus.content]) == []
    # The translation's source_sha now differs from the fixed original: that warning is all that is left.
    code, lines = run_check(tmp_path)
    assert (code, lines[-1]) == (0, "0 lỗi, 1 cảnh báo")


# --- the build runs the same checks ------------------------------------------------------------------


def test_build_refuses_a_script_tag(tmp_path):
    from mkdocs.exceptions import Abort, PluginError

    corpus = clean_corpus(tmp_path)
    DEFECTS["script tag"][0](corpus)
    with pytest.raises(Abort) as raised:
        build_site(tmp_path, tmp_path / "site")
    error = raised.value.__context__  # MkDocs reports the plugin's error, then aborts
    assert isinstance(error, PluginError)
    assert DEFECTS["script tag"][1][0] in str(error)
    assert not (tmp_path / "site").exists()  # nothing published


# --- pieces ------------------------------------------------------------------------------------------------


def test_check_content_api(tmp_path):
    corpus = clean_corpus(tmp_path)
    DEFECTS["iframe"][0](corpus)
    content, problems = check_content(corpus.content)
    assert sorted(content.products) == ["quyen-tre-em", "tro-giup-phap-ly"]
    assert [(problem.code, problem.line) for problem in problems] == [("html_iframe", 14)]
    _, problems = check_content(corpus.content, [corpus.content / "products/tro-giup-phap-ly"])
    assert list(problems) == []


@pytest.mark.parametrize("body, codes", [
    ("<b>gras</b> <em>x</em> <br> <abbr title='Ủy ban nhân dân'>UBND</abbr>", []),
    ('<a href="https://example.org" title="x">ok</a>', []),
    ('<img src="ap-phich.png" alt="Áp phích">', []),
    ('<a href="JaVa&#x53;cript:alert(1)">x</a>', ["url_unsafe"]),
    ('<a href="java&#9;script:alert(1)">x</a>', ["url_unsafe"]),
    ("[x](vbscript:msgbox)", ["url_unsafe"]),
    ("[x](file:///etc/passwd)", ["url_scheme_not_allowed"]),
    ('<img src="ap-phich.png" onerror="alert(1)" alt="x">', ["html_event_attribute"]),
    ('[x](https://example.org){onmouseover="alert(1)"}', ["html_event_attribute"]),
    ('<p style="position:fixed">x</p>', ["html_attribute_not_allowed"]),
    ("<style>body{display:none}</style>", ["html_tag_unsafe"]),
    ('<object data="x.swf"></object>', ["html_tag_unsafe"]),
    ('<embed src="x.swf">', ["html_tag_unsafe"]),
    ("<svg><script>alert(1)</script></svg>", ["html_tag_unsafe", "html_tag_unsafe"]),
    ('<input type="text" name="q">', ["html_form"]),
    ("<marquee>x</marquee>", ["html_tag_not_allowed"]),
    ("- mục\n\n    <script>alert(1)</script>", ["html_tag_unsafe"]),  # inside a list item
    ("`<script>` là thẻ HTML", []),  # code, not markup
    ("![](ap-phich.png)", ["image_alt_missing"]),
    ("[tờ rơi](../tro-giup-phap-ly/index.km.md)", []),  # not translated yet: the site shows the original
    ("[trang giới thiệu](../../about.md)", []),
    ("[trang giới thiệu](../../about.km.md)", []),
    ("[thiếu](../../gioi-thieu.md)", ["link_broken"]),
    ("[thư mục](../tro-giup-phap-ly/)", ["link_to_folder"]),
    ("[tuyệt đối](/products/tro-giup-phap-ly/index.vi.md)", ["link_absolute"]),
    ("[index.md](../tro-giup-phap-ly/index.md)", ["link_broken"]),
    ("[ảnh](../tro-giup-phap-ly/khong-co.png)", ["link_broken"]),
    ("[mục](#muc-1) [web](https://example.org/a.md) [thư](mailto:a@b.vn) [gọi](tel:111)", []),
    ("[x][ref]\n\n[ref]: javascript:alert(1)", ["url_unsafe"]),
    ("<!-- commhub: viết nội dung -->", ["placeholder_left"]),
])
def test_body_checks(tmp_path, body, codes):
    corpus = clean_corpus(tmp_path)
    add_body(corpus, body)
    _, problems = check_content(corpus.content)
    assert sorted(problem.code for problem in problems) == sorted(codes)


def test_video_card_allowlist():
    assert video_platform("https://www.youtube.com/watch?v=abcdef123").name == "YouTube"
    assert video_platform("https://youtu.be/abcdef123").name == "YouTube"
    assert video_platform("https://www.facebook.com/sotuphap/videos/1234567890/").name == "Facebook"
    assert video_platform("https://www.tiktok.com/@sotuphap/video/7234567890").name == "TikTok"
    for url in ("http://www.youtube.com/watch?v=abcdef123", "https://www.youtube.com.evil.example/watch?v=abcdef",
                "https://www.youtube.com/embed/abcdef123", "https://example.org/watch?v=abcdef123",
                "https://user@www.youtube.com/watch?v=abcdef123", "javascript:alert(1)"):
        assert video_platform(url) is None, url


def test_video_card_rendering():
    import markdown

    from commhub.markup.video_links import VideoCardExtension

    extension = VideoCardExtension()
    md = markdown.Markdown(extensions=[extension])
    source = "[Quyền trẻ em *(video)*](https://www.youtube.com/watch?v=abcdef123)\n\nXem [video](https://youtu.be/abcdef123) này."
    assert md.convert(source) == (
        '<p class="commhub-video-card commhub-video-card--youtube"><a class="commhub-video-card__link" '
        'href="https://www.youtube.com/watch?v=abcdef123" title="Mở video trên YouTube (trang bên ngoài)">'
        '<span class="commhub-video-card__platform">Xem trên YouTube: </span>'
        '<span class="commhub-video-card__title">Quyền trẻ em <em>(video)</em></span></a></p>\n'
        '<p>Xem <a href="https://youtu.be/abcdef123">video</a> này.</p>')
    extension.set_language("zh", ["vi"])
    md.reset()
    assert "在YouTube上观看：" in md.convert("[x](https://youtu.be/abcdef123)")
    extension.set_language("hmn", ["vi"])
    md.reset()
    assert "Saib ntawm YouTube: " in md.convert("[x](https://youtu.be/abcdef123)")
    # Registered by name, as in mkdocs.yml.
    assert "commhub-video-card" in markdown.markdown("[x](https://youtu.be/abcdef123)",
                                                     extensions=["commhub.markup.video_links"])


# --- legacy encodings: real sentences ---------------------------------------------------------------------

FRENCH = [
    "Où se trouve le tribunal ? Il faut aller là-bas, où la mairie se trouve, près de l'église.",
    "Il est né en 1990 et a dû partir à Paris ; il a bu du thé et mangé une crêpe.",
    "« Bonjour », dit-elle. Noël approche : le maïs est récolté en août, c'est naïf de croire le contraire.",
    "Le goût du pâté, la forêt, l'hôpital, l'île, sûr, coïncidence, Raphaël, aiguë, ambiguïté, Haïti.",
    "Ça a été décidé à l'unanimité ; déjà reçu ; où ; où ; dû ; né ; thé ; dé ; ré ; gué.",
    "Zalo® et Facebook© sont des marques ; 5 µg ; 3 °C ; §12 ; ½ heure ; niño, mañana, Müller, Ørsted, cœur.",
]
VIETNAMESE = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc",
    "Trợ giúp pháp lý là việc cung cấp dịch vụ pháp lý miễn phí cho người được trợ giúp pháp lý.",
    "Khi phát hiện trẻ em bị xâm hại, hãy gọi ngay Tổng đài quốc gia bảo vệ trẻ em 111.",
    "Người dân tộc thiểu số cư trú ở vùng có điều kiện kinh tế – xã hội đặc biệt khó khăn.",
    "Tin tức · Bài viết · Ảnh — « Quyền trẻ em » — Nguyễn Thị Hoà, Huỳnh Thuý, khoá học, quý, quà.",
]
OTHER = [
    "ជនរងគ្រោះដោយអំពើហិង្សាក្នុងគ្រួសារ អាចទទួលបាន«ជំនួយផ្នែកច្បាប់»ដោយឥតគិតថ្លៃ។",
    "儿童权利·保护·教育：卡尔·马克思《资本论》。",
    "Txoj cai menyuam yaus: kev tiv thaiv thiab kev kawm ntawv.",
]


@pytest.mark.parametrize("line", FRENCH + VIETNAMESE + OTHER)
def test_real_text_is_not_legacy(line):
    assert find_legacy_encoding(line) is None


def real_lines(root: Path) -> list[str]:
    """Every line of a hub's content and pages, in every language."""
    return [line for path in hub_text_files(root) for line in path.read_text(encoding="utf-8").splitlines()]


def false_alarms(lines: list[str]) -> list[str]:
    return [line for line in lines if find_legacy_encoding(line)]


def test_no_false_alarm_on_a_hubs_text():
    lines = real_lines(shared_hub())
    assert len(lines) > 500  # every language of the tests' hub
    assert false_alarms(lines) == []


TCVN3_ENCODE = {"à": "µ", "á": "¸", "ả": "¶", "ã": "·", "ạ": "¹", "ă": "¨", "ằ": "»", "ắ": "¾", "ẳ": "¼", "ẵ": "½",
                "ặ": "Æ", "â": "©", "ầ": "Ç", "ấ": "Ê", "ẩ": "È", "ẫ": "É", "ậ": "Ë", "đ": "®", "è": "Ì", "é": "Ð",
                "ẻ": "Î", "ẽ": "Ï", "ẹ": "Ñ", "ê": "ª", "ề": "Ò", "ế": "Õ", "ể": "Ó", "ễ": "Ô", "ệ": "Ö", "ì": "×",
                "í": "Ý", "ỉ": "Ø", "ĩ": "Ü", "ị": "Þ", "ò": "ß", "ó": "ã", "ỏ": "á", "õ": "â", "ọ": "ä", "ô": "«",
                "ồ": "å", "ố": "è", "ổ": "æ", "ỗ": "ç", "ộ": "é", "ơ": "¬", "ờ": "ê", "ớ": "í", "ở": "ë", "ỡ": "ì",
                "ợ": "î", "ù": "ï", "ú": "ó", "ủ": "ñ", "ũ": "ò", "ụ": "ô", "ư": "\u00ad", "ừ": "õ", "ứ": "ø",
                "ử": "ö", "ữ": "÷", "ự": "ù", "ỳ": "ú", "ý": "ý", "ỷ": "û", "ỹ": "ü", "ỵ": "þ", "Ă": "¡", "Â": "¢",
                "Đ": "§", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦"}


def to_tcvn3(text: str) -> str:
    """Unicode Vietnamese as TCVN3 text pasted as Latin-1 (upper case used the same codes)."""
    return "".join(TCVN3_ENCODE.get(char) or TCVN3_ENCODE.get(char.lower(), char) for char in text)


VNI_TONES = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
VNI_HAT_TONES = {"\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
VNI_BREVE_TONES = {"\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
VNI_I = {"\u0301": "í", "\u0300": "ì", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def to_vni(text: str) -> str:
    """Unicode Vietnamese as VNI-Windows text pasted as Latin-1 (lower case only is enough here)."""
    out = []
    for char in text:
        letters = unicodedata.normalize("NFD", char)
        base, marks = letters[0], letters[1:]
        tone = next((mark for mark in marks if mark in VNI_TONES), None)
        shape = next((mark for mark in marks if mark in "\u0302\u0306\u031b"), None)
        if char in "đĐ":
            out.append("ñ" if char == "đ" else "Ñ")
        elif base.lower() == "i" and tone:
            out.append(VNI_I[tone])
        elif base.lower() == "y" and tone == "\u0323":
            out.append("î")
        elif shape == "\u031b":  # horn: ơ, ư
            out.append({"o": "ô", "u": "ö"}[base.lower()] + (VNI_TONES[tone] if tone else ""))
        elif shape == "\u0302":
            out.append(base + (VNI_HAT_TONES[tone] if tone else "â"))
        elif shape == "\u0306":
            out.append(base + (VNI_BREVE_TONES[tone] if tone else "ê"))
        elif tone and base.isascii():
            out.append(base + VNI_TONES[tone])
        else:
            out.append(char)
    return "".join(out)


def test_legacy_tables_round_trip():
    sentence = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"
    assert to_tcvn3(sentence) == "Céng hßa x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"
    assert to_vni(sentence) == "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc"
    assert decode_tcvn3(to_tcvn3(sentence)) == sentence
    assert decode_vni(to_vni(sentence)) == sentence
    assert is_syllable("nghiêng") and is_syllable("quýt") and is_syllable("gì") and is_syllable("khuya")
    assert not is_syllable("gỏt") and not is_syllable("est") and not is_syllable("où")


def test_legacy_detection_on_real_vietnamese():
    """Each Vietnamese line of the tests' hub, pasted as TCVN3 or VNI, is found (nearly) every time."""
    assert_legacy_is_found(real_lines(shared_hub()))


def assert_legacy_is_found(lines: list[str]) -> None:
    vietnamese = [line for line in lines
                  if len(line.split()) >= 4 and any(char in line for char in "ạảấầẩẫậắằặẹẻẽếềểễệịọỏốồổộớờởợụủứừửữựđơư")]
    assert len(vietnamese) >= 50
    tcvn3 = [find_legacy_encoding(to_tcvn3(line)) for line in vietnamese]
    vni = [find_legacy_encoding(to_vni(line)) for line in vietnamese]
    assert sum(hit is not None and hit.encoding == "tcvn3" for hit in tcvn3) >= 0.95 * len(vietnamese)
    assert sum(hit is not None and hit.encoding == "vni" for hit in vni) >= 0.95 * len(vietnamese)
