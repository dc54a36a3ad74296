"""Media are what they claim (issue 14): each format's real structure, and nothing a browser could run as script.

Every valid file here is built byte by byte (struct, zlib), as small as its format allows; each hostile
variant is refused with its exact code, through `commhub check` (check_content) and by the module alone.
"""

from __future__ import annotations

import os
import struct
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from commhub.checks import media_types
from commhub.checks.checker import check_content
from commhub.cli.main import main
from commhub.checks.media_types import DAMAGED, MEDIA_TYPES, OTHER, SCRIPT_LIKE, could_run_as_script, inspect
from helpers import Corpus
from media_files import MP3_FRAME, box, gif, jpeg, mp3, mp4, ogg, ogg_page, pdf, png, png_chunk, wav, webm, webp

# --- tiny valid files of every format (media_files.py) ------------------------------------------------

VALID = {
    "anh.png": png(),
    "anh-chu-thich.png": png(png_chunk(b"tEXt", b"Title\x00Quyen tre em")),
    "anh.jpg": jpeg(),
    "anh.jpeg": jpeg(),
    "anh.webp": webp(),
    "anh.gif": gif(),
    "anh-chieu-rong-47.gif": gif(width=b"/\x00"),  # a 47-pixel width: `GIF89a/` then NUL, a division
    "anh-chieu-rong-96.gif": gif(width=b"`\x00"),  # `GIF89a` then a template, open to the file's end
    "bai.mp3": mp3(),
    "bai-khong-the.mp3": mp3(tag=False),
    "bai.ogg": ogg(),
    "bai.oga": ogg(),
    "bai.m4a": mp4(b"M4A "),
    "bai.wav": wav(),
    "bai-le.wav": wav(b"\x00\x00\x00"),  # an odd data size, without its pad byte
    "bai-le-dem.wav": wav(b"\x00\x00\x00") + b"\x00",  # and with it
    "phim.mp4": mp4(),
    "phim-lon.mp4": mp4(mdat=struct.pack(">I4sQ", 1, b"mdat", 24) + bytes(8)),  # a 64-bit size
    "phim-den-het.mp4": mp4(mdat=struct.pack(">I4s", 0, b"mdat") + bytes(8)),  # size 0: to the end of the file
    "phim.webm": webm(),
    "phim-khong-ro.webm": webm(unknown_size=True),
    "to-roi.pdf": pdf(),
    "to-roi-ascii.pdf": pdf(binary_line=False),  # all text, like the demo content's: `%` cannot begin a script
    "to-roi-crlf.pdf": pdf(after_eof=b"\r\n\x00 \t"),
}
KINDS = {"png": "image", "jpg": "image", "jpeg": "image", "webp": "image", "gif": "image", "mp3": "audio",
         "ogg": "audio", "oga": "audio", "m4a": "audio", "wav": "audio", "mp4": "video", "webm": "video",
         "pdf": "document"}


def media_type(name: str) -> media_types.MediaType:
    return MEDIA_TYPES[name.rsplit(".", 1)[1]]


# --- hostile variants --------------------------------------------------------------------------------------

POLYGLOT_GIF = gif(width=b"/*", comment=b"*/=1;alert(1)//")  # `GIF89a/*...*/=1;alert(1)//...`
PNG_IEND = png_chunk(b"IEND", b"")
HOSTILE = {  # name: (content, code expected from `commhub check`)
    "gia-pdf.pdf": (b"/* %PDF-1.4 */ alert(document.domain) //\n%%EOF\n", "media_content_unknown"),
    "khong-eof.pdf": (pdf()[:-6] + b"\n", "media_content_damaged"),
    "eof-roi-rac.pdf": (pdf() + b"alert(1)\n", "media_content_damaged"),
    "pdf-co-html.pdf": (pdf(header=b"%PDF-1.7\n%<html><script>alert(1)</script>\n"), "media_content_script"),
    "da-ngu.gif": (POLYGLOT_GIF, "media_content_script"),
    "chuoi.gif": (gif(width=b"'\x01", comment=b"'=1;alert(1)//"), "media_content_script"),  # a string, closed
    "thua.png": (png() + b"<script>alert(1)</script>", "media_content_damaged"),
    "khong-iend.png": (png()[:-len(PNG_IEND)], "media_content_damaged"),
    "chunk-sai.png": (png()[:8] + png_chunk(b"IDAT", b"") + png()[8:], "media_content_damaged"),  # IHDR not first
    "the-script.png": (png(png_chunk(b"tEXt", b"c\x00<script>alert(1)</script>")), "media_content_script"),
    "khong-eoi.jpg": (jpeg()[:-2], "media_content_damaged"),
    "sau-eoi.jpg": (jpeg() + b"\x00", "media_content_damaged"),
    "sai-co.wav": (wav()[:4] + struct.pack("<I", 1000) + wav()[8:], "media_content_damaged"),
    "co-chu.wav": (b"RIFF/*/=" + wav()[8:] + b"*/alert(1)", "media_content_damaged"),  # an ASCII size
    "sai-co.webp": (webp() + b"\x00\x00", "media_content_damaged"),
    "hop-ngan.mp4": (mp4()[:-4], "media_content_damaged"),
    "hop-thua.mp4": (mp4() + b"\x00\x00\x00", "media_content_damaged"),
    "khong-moov.m4a": (box(b"ftyp", b"M4A \x00\x00\x00\x00") + box(b"mdat", bytes(8)), "media_content_damaged"),
    "trang-ngat.ogg": (ogg()[:40] + ogg()[60:], "media_content_damaged"),
    "segment-thua.webm": (webm() + b"\x00", "media_content_damaged"),
    "utf16.mp3": (b"\xff\xfe\x00\x00" + bytes(400), "media_content_script"),  # MPEG layer I, and a UTF-16 mark
    "html.png": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "media_content_mismatch"),
    "svg.pdf": (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "media_content_mismatch"),
    "html.pdf": (b"\n<html><body>%PDF-1.4</body></html>\n%%EOF\n", "media_content_mismatch"),
    "svg.png": (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
                "media_content_mismatch"),
    "zip.webm": (b"PK\x03\x04" + bytes(30), "media_content_mismatch"),
    "wav-doi-ten.webp": (wav(), "media_content_mismatch"),
    "rong.png": (b"", "media_content_unknown"),
    "rong.pdf": (b"", "media_content_unknown"),
}
# A truncated file of each format: its start is right, its end is missing.
# (Not the MP4 whose last box runs "to the end of the file": any end is its end.)
TRUNCATED = {f"cut-{name}": data[:data.rindex(b"%%EOF") + 3] if name.endswith(".pdf") else data[:-3]
             for name, data in VALID.items() if not name.endswith(".mp3") and name != "phim-den-het.mp4"}
TRUNCATED |= {"cut-bai.mp3": mp3()[:300], "cut-bai-khong-the.mp3": MP3_FRAME[:400]}
HOSTILE |= {name: (data, "media_content_damaged") for name, data in TRUNCATED.items()}


def product_with(corpus: Corpus, slug: str, files: dict[str, bytes]) -> Path:
    media = [{"file": name, "kind": KINDS[name.rsplit(".", 1)[1]], **({"alt": {"vi": "Ảnh"}}
             if KINDS[name.rsplit(".", 1)[1]] == "image" else {})} for name in files]
    path = corpus.product(slug, media=media)
    for name, data in files.items():
        (path.parent / name).write_bytes(data)
    corpus.version(slug, "vi", "Tư liệu")
    return path


def file_lines(product_yml: Path) -> dict[str, int]:
    """The line of each media entry's `file:` key."""
    return {line.split("file: ", 1)[1].strip(): number
            for number, line in enumerate(product_yml.read_text(encoding="utf-8").splitlines(), 1)
            if "- file: " in line}


# --- through the checker -----------------------------------------------------------------------------------


def test_valid_files_of_every_format_pass_the_check(tmp_path):
    assert {name.rsplit(".", 1)[1] for name in VALID} == set(MEDIA_TYPES)
    corpus = Corpus(tmp_path)
    product_with(corpus, "tu-lieu", VALID)
    _, problems = check_content(corpus.content)
    assert problems.errors == []


def test_each_hostile_file_is_refused_with_its_code_on_its_file_line(tmp_path):
    corpus = Corpus(tmp_path)
    product_yml = product_with(corpus, "tan-cong", {name: data for name, (data, _) in HOSTILE.items()})
    _, problems = check_content(corpus.content)
    lines = file_lines(product_yml)
    found = sorted((problem.params["file"], problem.path, problem.line, problem.code) for problem in problems.errors)
    assert found == sorted((name, product_yml, lines[name], code) for name, (_, code) in HOSTILE.items())


def run_check(root: Path, lang: str) -> tuple[int, list[str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["check", "--lang", lang])
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def test_commhub_check_names_the_file_and_line_in_vietnamese_and_english(tmp_path):
    corpus = Corpus(tmp_path)
    product_with(corpus, "tan-cong", {"anh.gif": POLYGLOT_GIF, "to-roi.pdf": pdf()[:-6],
                                      "gia.pdf": HOSTILE["gia-pdf.pdf"][0]})
    where = "content/products/tan-cong/product.yml"
    assert run_check(tmp_path, "vi") == (1, [
        f"{where}:11: trình duyệt có thể đọc phần đầu của tệp 'anh.gif' như một chương trình (mã lệnh chạy được) "
        "nên không thể đăng tệp này. Hãy xuất lại tệp từ chương trình đã tạo ra nó (với ảnh: xuất sang PNG).",
        f"{where}:15: tệp 'to-roi.pdf' mang đuôi và phần đầu của tệp PDF nhưng tệp bị hỏng, không trọn vẹn hoặc có "
        "dữ liệu thừa sau phần kết thúc. Hãy xuất lại tệp đúng định dạng PDF.",
        f"{where}:17: tệp 'gia.pdf' mang đuôi của tệp PDF nhưng nội dung không phải PDF. Hãy xuất lại tệp đúng định "
        "dạng PDF, không chỉ đổi tên đuôi tệp.",
        "3 lỗi, 0 cảnh báo"])
    assert run_check(tmp_path, "en") == (1, [
        f"{where}:11: the first bytes of 'anh.gif' could be read by a browser as a program (script), so it cannot "
        "be published. Export it again from the program it was made with (images: as PNG).",
        f"{where}:15: 'to-roi.pdf' has the extension and the start of a PDF file, but the file is damaged or "
        "incomplete, or has extra data after its end. Export it again as a real PDF file.",
        f"{where}:17: 'gia.pdf' has the extension of a PDF file but its content is not PDF. Export it again as a "
        "real PDF file; renaming the extension is not enough.",
        "3 errors, 0 warnings"])


def test_an_oversized_file_is_refused_for_its_size_without_being_walked(tmp_path):
    corpus = Corpus(tmp_path)
    product_yml = product_with(corpus, "lon", {"phim.mp4": b"<html>"})
    subprocess.run(["truncate", "-s", "51M", str(product_yml.parent / "phim.mp4")], check=True)
    _, problems = check_content(corpus.content)
    assert [problem.code for problem in problems.errors] == ["media_too_large"]


# --- the module alone --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(VALID[name])
    assert inspect(path, media_type(name)) == (None, VALID[name][:1024])


UNIT_CASES = {name: (data, {"media_content_unknown": OTHER, "media_content_mismatch": OTHER,
                            "media_content_damaged": DAMAGED, "media_content_script": SCRIPT_LIKE}[code])
              for name, (data, code) in HOSTILE.items()}


@pytest.mark.parametrize("name", sorted(UNIT_CASES))
def test_hostile_file(tmp_path, name):
    data, verdict = UNIT_CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert inspect(path, media_type(name))[0] == verdict


def test_a_riff_file_with_an_ascii_size_that_is_right_is_refused_as_script(tmp_path):
    """`RIFF/**/` is the size of a 540 MB file: a sparse one of that size walks as a WAV, then reads as a script."""
    size = int.from_bytes(b"/**/", "little") + 8
    path = tmp_path / "co-chu.wav"
    path.write_bytes(b"RIFF/**/WAVE" + wav()[12:])
    os.truncate(path, size)
    assert inspect(path, MEDIA_TYPES["wav"])[0] == SCRIPT_LIKE


def test_a_big_file_is_walked_with_few_reads(tmp_path, monkeypatch):
    """A 40 MB MP4 (sparse) is judged from its box headers: a few small reads, not the whole file."""
    path = tmp_path / "phim.mp4"
    mdat = 40 * 1024 * 1024
    path.write_bytes(mp4(mdat=struct.pack(">I4s", mdat + 8, b"mdat")))
    os.truncate(path, path.stat().st_size + mdat)
    reads = []
    monkeypatch.setattr(media_types, "open", lambda *args, **kwargs: _Counting(open(*args, **kwargs), reads),
                        raising=False)  # the module's `open`, in front of the builtin
    assert inspect(path, MEDIA_TYPES["mp4"])[0] is None
    assert reads == [64 * 1024]  # the first window holds every box header


class _Counting:
    """An open file that records the size of each read."""

    def __init__(self, stream, reads):
        self.stream, self.reads = stream, reads

    def read(self, size):
        data = self.stream.read(size)
        self.reads.append(len(data))
        return data

    def __getattr__(self, name):
        return getattr(self.stream, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stream.close()


def test_walks_are_bounded(tmp_path, monkeypatch):
    """Past MAX_STEPS chunks (or boxes, pages, sub-blocks) a file is refused, not walked on."""
    monkeypatch.setattr(media_types, "MAX_STEPS", 5)
    files = {"ok.png": png(), "many.png": png(png_chunk(b"tEXt", b"a\x00b") * 5),
             "ok.gif": gif(), "many.gif": gif(comment=b"x")[:-2] + b"\x01x" * 5 + b"\x00;",
             "ok.ogg": ogg(), "many.ogg": ogg_page(b"x", 0x02, 0) + b"".join(ogg_page(b"x", 0, n) for n in range(1, 6)),
             "ok.mp4": mp4(), "many.mp4": mp4() + box(b"free", b"") * 5}
    verdicts = {}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        verdicts[name] = inspect(tmp_path / name, media_type(name))[0]
    assert verdicts == {name: None if name.startswith("ok") else DAMAGED for name in files}


# The format-independent script rule, byte by byte: is the (whole) file possibly a script?
SCRIPT_RULE = {
    b"GIF89a/*": True,  # a comment opens before the first NUL
    b"GIF89a//": True,
    b"GIF89a<!--\x00": True,  # an HTML-like comment
    b"GIF89a-->\x00": True,
    b"#!/x\n\x00": True,  # a hashbang comment
    b"return /\x00": True,  # after a keyword, / begins a regular expression
    b"x) /a/\x00": True,  # after ), it may
    b"\xc3\xa9 /\x00": True,  # after a character that might be white space
    b"GIF89a/\x00": False,  # after a name, / divides: then NUL, a syntax error
    b"a[0] /\x00": False,
    b"RIFF/A\x0f": False,
    b"GIF89a<\x00": False,  # less than
    b"GIF89a'\x00\x01": False,  # a string that the file's end leaves open
    b"GIF89a'\x00\n'": False,  # a string broken by a line break
    b"GIF89a'\x00\\\n\x00'=1;alert(1)": True,  # (an escaped line break continues it) closed: then a program
    b"GIF89a'\x00'\x01": False,  # closed, then a control character
    b"GIF89a`\x00\n\x01": False,  # a template that the file's end leaves open
    b"GIF89a`\x00`;alert(1)": True,
    b"GIF89a`${\x00": False,  # a control character in a template's substitution
    b"GIF89a`${{}}\x00`;alert(1)": True,  # braces inside the substitution, then its end: template text
    b"GIF87a\xcc\x01": False,  # invalid UTF-8 (decoded as U+FFFD) ends the scan
    b"caf\xc3\xa9=1;alert(1)": True,  # valid UTF-8 does not
    b"\x89PNG\r\n\x1a\n": False,  # at byte 0
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >>": False,  # `%` cannot begin a program
    b"\xff\xfe\x00\x00": True,  # a UTF-16 byte-order mark: not decoded as UTF-8
    b"alert(1)": True,  # no stop at all: it could be a program
    b"\x89PNG\x00 <sCrIpT>": True,  # markup a browser would sniff as HTML
    b"%PDF-1.4 <?xml version": True,
}


def test_script_rule_when_only_the_start_of_a_file_is_read():
    """What is still open, or still text, where the bytes read end might go on: refused."""
    assert [could_run_as_script(data, whole=False) for data in (b"GIF89a'\x00", b"GIF89a`\x00", b"GIF89a\xe2\x82")] == [
        True, True, True]
    assert could_run_as_script(b"GIF89a\xe2\x82", whole=True) is False  # the file ends: invalid UTF-8


@pytest.mark.parametrize("head", sorted(SCRIPT_RULE))
def test_script_rule(head):
    assert could_run_as_script(head) is SCRIPT_RULE[head]
