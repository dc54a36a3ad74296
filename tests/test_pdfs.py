"""Printable PDFs (outputs/pdfs.py): one per published leaflet, poster and handbook version, linked from
its product page; Khmer shaped as HarfBuzz shapes it and broken between words; a QR code that reads
back as the version's address; kept by content hash; never a fetch from the network."""

from __future__ import annotations

import functools
import io
import logging
import os
import posixpath
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw
from pypdf import PdfReader
from selectolax.lexbor import LexborHTMLParser

from commhub.outputs import pdfs
from commhub.outputs.pdfs import (FONTS_BASE, PAPER, PRODUCT_BASE, Printable, _render_one, khmer_word_breaks,
                                  local_fetcher, pdf_url)
from commhub.outputs.share_cards import FONTS, break_points
from helpers import build_site, standard_corpus
from hubfactory import LANGUAGES, PRODUCTS, UNITS, Product, Version, human, make_hub, write_product

CI = os.environ.get("CI", "").lower() in ("true", "1")
SITE_URL = "https://hub.example.vn/"
LANGS = [language["code"] for language in LANGUAGES]
DEFAULT = "vi"
HAN = re.compile("[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")  # commhub has no font for it: no PDF
POINTS = {"A5": (419.53, 595.28), "A4": (595.28, 841.89)}  # portrait, in PDF points
OUR_FONTS = {"commhub-Latin", "commhub-Latin-Bold", "commhub-Latin-Ext", "commhub-Latin-Ext-Bold", "commhub-Khmer",
             "commhub-Khmer-Bold"}

# --- the hub: the tests' hub, a hub.yml, and products of this file's own ---------------------------

HUB_YML = """\
name:
  vi: "Cổng thông tin thử nghiệm"
  km: "វិបផតថលសាកល្បង"
  en: "Test hub"
agency:
  vi: "Sở Tư pháp tỉnh thử nghiệm"
  km: "មន្ទីរយុត្តិធម៌ខេត្តសាកល្បង"
  en: "Provincial Department of Justice (test)"
"""
KM_TITLE = "សៀវភៅណែនាំអំពីជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃសម្រាប់គ្រួសារក្រីក្រ និងកុមារ"
KM_SUMMARY = ("សៀវភៅណែនាំនេះពន្យល់ថា តើនរណាខ្លះអាចទទួលបានជំនួយផ្នែកច្បាប់ដោយឥតគិតថ្លៃ "
              "និងរបៀបដាក់ពាក្យស្នើសុំទៅមជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់របស់រដ្ឋខេត្ត។")
KM_SENTENCES = [
    "នៅក្នុងជីវិតប្រចាំថ្ងៃ បងប្អូនអាចជួបបញ្ហាដូចជា ជម្លោះដីធ្លី ការបែងចែកមរតក ការលែងលះ ឬបញ្ហាការងារ។",
    "មជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់របស់រដ្ឋខេត្តអាចជួយបងប្អូនដោយឥតគិតថ្លៃ។",
    "ជំនួយផ្នែកច្បាប់គឺជាការផ្តល់សេវាផ្នែកច្បាប់ដោយឥតគិតថ្លៃដល់អ្នកដែលមានសិទ្ធិទទួលបាន តាមច្បាប់ស្តីពីជំនួយផ្នែកច្បាប់ឆ្នាំ២០១៧។",
    "អាពាហ៍ពិពាហ៍កុមារ គឺការរៀបការនៅពេលដែលភាគីម្ខាង ឬភាគីទាំងពីរមិនទាន់មានអាយុគ្រប់តាមច្បាប់កំណត់។",
    "អាពាហ៍ពិពាហ៍កុមារ និងការបង្ខំឲ្យរៀបការ ត្រូវបានហាមឃាត់យ៉ាងតឹងរ៉ឹងដោយច្បាប់។",
]
KM_PARAGRAPH = " ".join(KM_SENTENCES)  # one paragraph of several lines
KM_BODY = "\n\n".join([
    "![រូបភាព៖ គ្រួសារមួយនៅមជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់](so-tay-hinh.png)",
    "## ជំនួយផ្នែកច្បាប់ជួយអ្វីខ្លះ?", KM_PARAGRAPH,
    *[f"## ផ្នែកទី{number}\n\n" + "\n\n".join(KM_SENTENCES) for number in "១២៣៤៥៦"],  # a few pages of it
    "[ខិត្តប័ណ្ណជំនួយផ្នែកច្បាប់](../tro-giup-phap-ly-mien-phi/index.km.md)",
]) + "\n"


def picture(width: int, height: int, colour: str) -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle((width // 8, height // 8, width * 7 // 8, height * 7 // 8), fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def leaflet(folder: Path, body: str) -> Printable:
    """A Vietnamese leaflet's PDF, its images read from `folder`."""
    return Printable(lang="vi", kind="leaflet", title="Tờ gấp", summary="Tóm tắt", body=body, images=(),
                     site_name="Cổng", agency="", type_label="Tờ gấp", unit="Sở Tư pháp", published="2024-01-01",
                     labels=(("unit", "Đơn vị"), ("published", "Ngày đăng"), ("qr_caption", "Đọc trên mạng:"),
                             ("qr_label", "Mã QR")), qr_url="", folder=str(folder))


EXTRA = [
    # A handbook written in Khmer, with a Vietnamese translation: an image in its body, one in its media only.
    Product("so-tay-tro-giup-phap-ly", "handbook", ["legal-aid"], "trung-tam-tro-giup-phap-ly", ["website", "print"],
            "2024-10-01", "km", media=[
                {"file": "bia-so-tay.png", "kind": "image", "data": picture(480, 320, "#283593"),
                 "alt": {"km": "ក្របសៀវភៅណែនាំ", "vi": "Bìa cẩm nang"}},
                {"file": "so-tay-hinh.png", "kind": "image", "data": picture(400, 240, "#c62828"),
                 "alt": {"km": "រូបភាព៖ គ្រួសារមួយនៅមជ្ឈមណ្ឌលជំនួយផ្នែកច្បាប់", "vi": "Một gia đình ở Trung tâm"}}],
            versions=[
        Version("km", KM_TITLE, KM_SUMMARY, KM_BODY),
        Version("vi", "Cẩm nang trợ giúp pháp lý miễn phí cho hộ nghèo và trẻ em",
                "Cẩm nang giải thích ai được trợ giúp pháp lý miễn phí và cách gửi yêu cầu.", """\
![Một gia đình ở Trung tâm](so-tay-hinh.png)

## Trợ giúp pháp lý giúp những gì?

Trong cuộc sống hằng ngày, bà con có thể gặp tranh chấp đất đai, chia thừa kế hay ly hôn.
""", human()),
    ]),
    # A leaflet whose Khmer version is still a draft: the Khmer page shows the original and its PDF.
    Product("to-roi-ban-nhap-khmer", "leaflet", ["legal-aid"], "so-tu-phap", ["print"], "2024-06-01", "vi", versions=[
        Version("vi", "Tờ gấp có bản tiếng Khmer chưa xong", "Bản tiếng Khmer của tờ gấp này còn là bản nháp.",
                "Nội dung của tờ gấp.\n"),
        Version("km", "ខិត្តប័ណ្ណព្រាង", "សេចក្តីព្រាង។", "សេចក្តីព្រាង។\n", human(), {"status": "draft"}),
    ]),
    # A draft poster: no page, no PDF.
    Product("ap-phich-ban-nhap", "poster", ["legal-aid"], "hoi-lhpn", ["print"], "2024-06-01", "vi",
            status="draft", versions=[Version("vi", "Áp phích nháp", "Bản nháp.", "Bản nháp.\n")]),
]
ALL = [*PRODUCTS, *EXTRA]


def published(product: Product, version: Version) -> bool:
    return product.status != "draft" and version.fields.get("status", "published") != "draft"


def expected_pdfs() -> dict[tuple[str, str], tuple[Product, Version]]:
    """(lang, slug) of every version that must have a PDF, by the rule: a published leaflet, poster or
    handbook version whose text has no character commhub's fonts lack (Chinese has none)."""
    return {(version.lang, product.slug): (product, version) for product in ALL
            if product.type in ("leaflet", "poster", "handbook") for version in product.versions
            if published(product, version) and not HAN.search(version.title + version.summary + version.body)}


EXPECTED = expected_pdfs()


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT else f"{lang}/"


@pytest.fixture(scope="module")
def hub(tmp_path_factory) -> Path:
    root = make_hub(tmp_path_factory.mktemp("pdfs") / "hub")
    for product in EXTRA:
        write_product(root / "content" / "products", product)
    (root / "content" / "hub.yml").write_text(HUB_YML, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(hub) -> Path:
    return build_site(hub)


def pdf_of(site: Path, lang: str, slug: str) -> PdfReader:
    return PdfReader(site / pdf_url(lang, slug))


# --- 1. which versions have a PDF, and their pages link it ----------------------------------------


def test_every_printable_version_has_a_pdf_and_nothing_else_has(site):
    found = {(path.parent.name, path.stem) for path in (site / "pdf").glob("*/*.pdf")}
    assert found == set(EXPECTED)
    assert ("km", "so-tay-tro-giup-phap-ly") in found and ("km", "noi-khong-voi-tao-hon") in found
    assert ("km", "to-roi-ban-nhap-khmer") not in found  # a draft version
    assert not any(slug == "ap-phich-ban-nhap" for _, slug in found)  # a draft product
    assert ("zh", "tro-giup-phap-ly-mien-phi") not in found  # Chinese: no font, no PDF (nor boxes)
    types = {product.slug: product.type for product in ALL}
    assert {types[slug] for _, slug in found} == {"leaflet", "poster", "handbook"}


def test_each_product_page_links_the_pdf_of_the_text_it_shows(site):
    for product in ALL:
        if product.status == "draft":
            assert not (site / "products" / product.slug).exists()
            continue
        versions = {version.lang: version for version in product.versions if published(product, version)}
        for lang in LANGS:
            page = f"{prefix(lang)}products/{product.slug}/index.html"
            tree = LexborHTMLParser((site / page).read_text(encoding="utf-8"))
            shown = lang if lang in versions else product.original  # a fallback page shows the original
            link = tree.css_first(".commhub-pdf a")
            if (shown, product.slug) not in EXPECTED:
                assert link is None, page
                continue
            assert link is not None, page
            href = link.attributes["href"]
            assert not re.match(r"[a-z]+:|/", href), href  # relative: inside the page's own origin
            assert posixpath.normpath(posixpath.join(posixpath.dirname(page), href)) == pdf_url(shown, product.slug)
            assert link.attributes["type"] == "application/pdf" and "download" in link.attributes
            assert link.attributes.get("hreflang") == (shown if shown != lang else None), page
            assert link.text().strip()


def test_a_pdf_says_what_it_is_on_the_paper_its_type_takes(site):
    for (lang, slug), (product, version) in EXPECTED.items():
        reader = pdf_of(site, lang, slug)
        metadata = reader.metadata
        assert metadata.title == version.title, (lang, slug)  # no U+200B in the title
        unit = UNITS[product.unit]
        assert metadata.author == unit.get(lang, unit[DEFAULT]), (lang, slug)
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == lang
        assert catalog["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in catalog  # tagged, for screen readers
        date = version.fields.get("published", product.published).replace("-", "")
        assert metadata["/CreationDate"].startswith(f"D:{date}"), (lang, slug)
        assert "/ModDate" not in metadata and "/ID" not in reader.trailer  # nothing but the content in the bytes
        width, height = POINTS[PAPER[product.type]]
        for page in reader.pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((width, height),
                                                                                             abs=0.5)
        if product.type == "poster":
            assert len(reader.pages) == 1, (lang, slug)
        fonts = {str(font.get_object()["/BaseFont"]).split("+", 1)[1] for page in reader.pages
                 for font in page["/Resources"]["/Font"].values()}
        assert fonts <= OUR_FONTS, (lang, slug, fonts)  # commhub's own fonts, never the machine's


def test_a_pdf_shows_the_identity_the_texts_and_the_images(site):
    reader = pdf_of(site, "vi", "tro-giup-phap-ly-mien-phi")
    first = " ".join(reader.pages[0].extract_text().split())
    for text in ("Cổng thông tin thử nghiệm", "Sở Tư pháp tỉnh thử nghiệm", "Tờ gấp", "Trợ giúp pháp lý miễn phí",
                 "Trung tâm Trợ giúp pháp lý nhà nước", "2024-05-06", "Trợ giúp pháp lý là gì?", "Đọc trên mạng:"):
        assert text in first, text
    # The body's links lead to the site's own addresses, never to a file of the build machine.
    links = [annotation.get_object()["/A"]["/URI"] for page in reader.pages for annotation in page.get("/Annots", [])]
    assert SITE_URL + "products/tro-giup-phap-ly-mien-phi/to-roi-tro-giup-phap-ly.pdf" in links
    assert SITE_URL + "about/" in links
    for (lang, slug) in EXPECTED:
        for page in pdf_of(site, lang, slug).pages:
            for annotation in page.get("/Annots", []):
                uri = annotation.get_object()["/A"].get("/URI", "")
                assert uri.startswith(("https://", "http://")), (lang, slug, uri)
    # A handbook: its media image and its body's image, numbered pages after the first, its title on top.
    handbook = pdf_of(site, "vi", "so-tay-tro-giup-phap-ly")
    images = [image for page in handbook.pages for image in page.images]
    assert sorted(image.image.size for image in images) == [(400, 240), (480, 320)]
    khmer = pdf_of(site, "km", "so-tay-tro-giup-phap-ly")
    assert len(khmer.pages) >= 2
    drawn = [re.findall(rb"/(\w+) Do", page.get_contents().get_data()) for page in khmer.pages]
    assert len(drawn[0]) == 2 and not any(drawn[1:])  # both on the first page, each once
    assert {image.image.size for page in khmer.pages for image in page.images} == {(400, 240), (480, 320)}
    last = khmer.pages[-1].extract_text()
    assert f"{len(khmer.pages)} / {len(khmer.pages)}" in last


# --- 2. Khmer: shaped, and broken between words -----------------------------------------------------

_TOKEN = re.compile(rb"(?P<tm>(?:-?[\d.]+\s+){5}(?P<y>-?[\d.]+)\s+Tm)|/(?P<font>\w+)\s+[\d.]+\s+Tf"
                    rb"|\[(?P<tj>[^\]]*)\]\s*TJ")


def pdf_lines(reader: PdfReader) -> list[list[tuple[str, int]]]:
    """Each line of text of every page, as (font, glyph id) pairs: WeasyPrint writes a line as one text
    matrix (Tm) and its glyphs as 2-byte ids (Identity-H) in TJ arrays of hex strings."""
    lines = []
    for page in reader.pages:
        fonts = {name.lstrip("/"): str(font.get_object()["/BaseFont"]).split("+", 1)[1]
                 for name, font in page["/Resources"]["/Font"].items()}
        font, y = None, None
        for match in _TOKEN.finditer(page.get_contents().get_data()):
            if match["tm"]:
                if y is None or abs(float(match["y"]) - y) > 0.5:
                    lines.append([])
                y = float(match["y"])
            elif match["font"]:
                font = fonts[match["font"].decode()]
            else:
                for text in re.findall(rb"<([0-9a-fA-F]*)>", match["tj"]):
                    data = bytes.fromhex(text.decode())
                    lines[-1].extend((font, int.from_bytes(data[i:i + 2], "big")) for i in range(0, len(data), 2))
    return lines


@functools.lru_cache(maxsize=None)
def harfbuzz_font(name: str) -> hb.Font:
    font = TTFont(str(FONTS / name))
    font.flavor = None  # WOFF2 → the plain OpenType HarfBuzz reads (and WeasyPrint embeds, glyph ids kept)
    data = io.BytesIO()
    font.save(data)
    return hb.Font(hb.Face(data.getvalue()))


def shaped(text: str, name: str) -> list[tuple[int, int]]:
    """(glyph id, cluster) of `text` as HarfBuzz shapes it, without the glyphs of spaces and U+200B."""
    font = harfbuzz_font(name)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    blank = {font.get_nominal_glyph(0x20), font.get_nominal_glyph(0x200B)}
    return [(info.codepoint, info.cluster) for info in buffer.glyph_infos if info.codepoint not in blank]


def lines_of(text: str, name: str, lines: list[list[tuple[str, int]]]) -> list[int]:
    """Where `text`, shaped by HarfBuzz with font `name`, is in the PDF's lines: the offset in `text` at
    which each of its lines after the first starts. Fails unless the PDF's glyphs are HarfBuzz's."""
    family = name.removesuffix(".woff2").replace("noto-sans-khmer-400", "commhub-Khmer").replace(
        "noto-sans-khmer-700", "commhub-Khmer-Bold")
    font = harfbuzz_font(name)
    blank = {font.get_nominal_glyph(0x20), font.get_nominal_glyph(0x200B)}
    flat = [(glyph, number) for number, line in enumerate(lines) for face, glyph in line
            if face == family and glyph not in blank]
    reference = shaped(text, name)
    glyphs = [glyph for glyph, _ in reference]
    start = next((i for i in range(len(flat)) if [g for g, _ in flat[i:i + len(glyphs)]] == glyphs), None)
    assert start is not None, f"the PDF's glyphs are not HarfBuzz's for {text[:30]}…"
    run = flat[start:start + len(glyphs)]
    return [reference[i][1] for i in range(1, len(run)) if run[i][1] != run[i - 1][1]]


@pytest.mark.parametrize("text, font", [
    (KM_TITLE, "noto-sans-khmer-700.woff2"), (KM_SUMMARY, "noto-sans-khmer-400.woff2"),
    (KM_PARAGRAPH, "noto-sans-khmer-400.woff2"),
])
def test_khmer_is_shaped_as_harfbuzz_shapes_it_and_lines_end_between_words(site, text, font):
    lines = pdf_lines(pdf_of(site, "km", "so-tay-tro-giup-phap-ly"))
    starts = lines_of(text, font, lines)
    words = set(break_points(text, "km"))
    for start in starts:
        assert start in words, (text[max(0, start - 8):start], text[start:start + 8])
        assert text[start - 1] != "\u17d2"  # (never inside a cluster: not after a COENG)
    if text == KM_PARAGRAPH:
        assert len(starts) >= 3  # a paragraph of several lines: it was broken, and only between words
    # Shaping matters here: the nominal glyphs (a glyph per character, no stacked subscripts) differ.
    harfbuzz = harfbuzz_font(font)
    nominal = [harfbuzz.get_nominal_glyph(ord(char)) for char in text if char != " "]
    assert nominal != [glyph for glyph, _ in shaped(text, font)]


def test_word_breaks_go_into_khmer_text_only():
    text = "ការចុះសំបុត្រកំណើតឱ្យកុមារ"
    html = (f'<html><head><title>{text}</title></head><body><p title="{text}">{text} Quyền trẻ em '
            '<a href="x">សិទ្ធិកុមារ</a></p></body></html>')
    broken = khmer_word_breaks(html)
    assert broken.replace("\u200b", "") == html  # nothing but U+200B added
    assert f"<title>{text}</title>" in broken and f'title="{text}"' in broken  # not in the head, nor a tag
    paragraph = broken.split('">', 1)[1].split(" Quyền")[0]
    pieces = paragraph.split("\u200b")
    assert len(pieces) >= 4 and "".join(pieces) == text  # ការ · ចុះ · សំបុត្រ · កំណើត …
    offsets = [sum(map(len, pieces[:index])) for index in range(1, len(pieces))]
    assert set(offsets) <= set(break_points(text, "km"))
    assert "Quyền trẻ em" in broken and "សិទ្ធិ\u200bកុមារ" in broken


# --- 3. the QR code leads back to the version's page ----------------------------------------------


@pytest.fixture
def tools():
    found = {name: shutil.which(name) for name in ("pdftoppm", "zbarimg")}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        packages = " ".join({"pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"}[name] for name in missing)
        if CI:
            pytest.fail(f"{', '.join(missing)} missing — under CI=true this test must run (apt-get install {packages})")
        pytest.skip(f"{', '.join(missing)} missing (apt-get install {packages}): the PDFs' QR codes are not read")
    return found


@pytest.mark.parametrize("lang, slug, url", [
    ("km", "so-tay-tro-giup-phap-ly", SITE_URL + "km/products/so-tay-tro-giup-phap-ly/"),
    ("vi", "tro-giup-phap-ly-mien-phi", SITE_URL + "products/tro-giup-phap-ly-mien-phi/"),
    ("en", "noi-khong-voi-tao-hon", SITE_URL + "en/products/noi-khong-voi-tao-hon/"),
])
def test_the_qr_code_of_a_pdf_reads_back_as_its_page(site, tools, tmp_path, lang, slug, url):
    picture = tmp_path / "page"
    subprocess.run([tools["pdftoppm"], "-r", "150", "-f", "1", "-l", "1", "-singlefile", "-png",
                    str(site / pdf_url(lang, slug)), str(picture)], check=True, timeout=60)
    decoded = subprocess.run([tools["zbarimg"], "--raw", "-q", f"{picture}.png"], capture_output=True, text=True,
                             timeout=60)
    assert decoded.returncode == 0, decoded.stderr
    assert decoded.stdout.strip() == url


# --- 4. the cache: a rebuild renders only what changed --------------------------------------------


def rendered(caplog) -> tuple[int, int]:
    line = next(record.getMessage() for record in reversed(caplog.records)
                if re.search(r"PDFs: \d+,", record.getMessage()))
    written, made = re.search(r"PDFs: (\d+), (\d+) rendered", line).groups()
    return int(written), int(made)


def test_a_rebuild_renders_only_the_pdfs_whose_content_changed(tmp_path, caplog, monkeypatch):
    # Not the PDFs other tests of this process made of the same corpus (kept in memory, by key).
    monkeypatch.setattr(pdfs, "_MEMORY", {})
    monkeypatch.setattr(pdfs, "_RECIPES", {})
    corpus = standard_corpus(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_url: {SITE_URL}\n" + config.read_text(encoding="utf-8").replace(
        "  - commhub\n", "  - commhub:\n      cache_dir: .cache\n"), encoding="utf-8")
    caplog.set_level("INFO")
    names = [pdf_url(lang, "tro-giup-phap-ly") for lang in ("vi", "en", "km")]
    first = build_site(tmp_path, tmp_path / "first")
    assert rendered(caplog) == (3, 3)
    # A warm build finds each PDF by what it is made from, without rendering its body again.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdfs.BodyLinks, "make", lambda *args: pytest.fail("a body rendered on a warm build"))
        second = build_site(tmp_path, tmp_path / "second")
    assert rendered(caplog) == (3, 0)
    for name in names:
        assert (second / name).read_bytes() == (first / name).read_bytes()
        assert (second / name).stat().st_nlink >= 2  # hard-linked from the cache
    assert sorted(path.suffix for path in (tmp_path / ".cache" / "pdfs").iterdir() if path.is_file()) == [".pdf"] * 3
    assert len(list((tmp_path / ".cache" / "pdfs" / "recipes").iterdir())) == 3
    # One version's title changes: only its PDF is made again.
    path = corpus.content / "products" / "tro-giup-phap-ly" / "index.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Free legal aid", "Free legal aid for all"),
                    encoding="utf-8")
    third = build_site(tmp_path, tmp_path / "third")
    assert rendered(caplog) == (3, 1)
    assert PdfReader(third / names[1]).metadata.title == "Free legal aid for all"
    assert (third / names[0]).read_bytes() == (first / names[0]).read_bytes()
    assert (third / names[2]).read_bytes() == (first / names[2]).read_bytes()
    # The same content, made anew without a cache, is the same bytes: the PDFs are reproducible.
    shutil.rmtree(tmp_path / ".cache")
    fourth = build_site(tmp_path, tmp_path / "fourth")
    for name in names:
        assert (fourth / name).read_bytes() == (third / name).read_bytes()


def test_the_same_content_gives_the_same_bytes_in_one_process_or_several(hub, site, tmp_path, monkeypatch, caplog):
    # The module's site was made in processes forked per core (when the machine has two); now in one.
    monkeypatch.setattr(pdfs.PdfCache, "PARALLEL_FROM", 10**9)
    pdfs._MEMORY.clear()  # (the PDFs this process made are kept in memory, by key)
    caplog.set_level("INFO")
    again = build_site(hub, tmp_path / "site")
    assert rendered(caplog) == (len(EXPECTED), len(EXPECTED))
    for lang, slug in EXPECTED:
        assert (again / pdf_url(lang, slug)).read_bytes() == (site / pdf_url(lang, slug)).read_bytes(), (lang, slug)


def test_the_bytes_do_not_depend_on_where_the_hub_is(tmp_path):
    made = []
    for folder in (tmp_path / "a" / "product", tmp_path / "somewhere" / "else" / "product"):
        folder.mkdir(parents=True)
        (folder / "own.png").write_bytes(picture(60, 40, "green"))
        made.append(_render_one(leaflet(folder, '<p><img src="own.png" alt="z"></p>'))[0])
    assert made[0] == made[1]


def test_without_a_site_url_a_pdf_has_no_qr_code_and_no_links(tmp_path):
    standard_corpus(tmp_path)
    site = build_site(tmp_path)
    reader = PdfReader(site / pdf_url("vi", "tro-giup-phap-ly"))
    assert "Đọc trên mạng" not in reader.pages[0].extract_text()
    assert not any(page.get("/Annots") for page in reader.pages)


def test_a_hub_may_turn_the_pdfs_off(tmp_path, caplog):
    standard_corpus(tmp_path)  # tro-giup-phap-ly is a leaflet
    config = tmp_path / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - commhub\n", "  - commhub:\n      printable_pdfs: false\n"),
                      encoding="utf-8")
    with caplog.at_level(logging.INFO):
        site = build_site(tmp_path)
    assert not (site / "pdf").exists()
    page = (site / "products/tro-giup-phap-ly/index.html").read_text(encoding="utf-8")
    assert pdf_url("vi", "tro-giup-phap-ly") not in page
    assert not any("PDFs:" in record.getMessage() for record in caplog.records)


# --- 5. nothing from the network --------------------------------------------------------------------


def test_the_fetcher_reads_the_product_folder_and_the_fonts_only(tmp_path):
    folder = tmp_path / "products" / "x"
    folder.mkdir(parents=True)
    (folder / "a.png").write_bytes(picture(10, 10, "red"))
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (folder / "link.png").symlink_to(tmp_path / "secret.txt")
    fetcher = local_fetcher(folder)
    assert fetcher(PRODUCT_BASE + "a.png").read() == (folder / "a.png").read_bytes()
    assert fetcher(FONTS_BASE + "noto-sans-khmer-400.woff2").read()[:4] == b"wOF2"
    refused = ["https://example.com/a.png", "http://127.0.0.1/a.png", "ftp://example.com/a.png",
               "data:image/png;base64,iVBORw0KGgo=", (folder / "a.png").as_uri(), (tmp_path / "secret.txt").as_uri(),
               PRODUCT_BASE + "link.png", PRODUCT_BASE + "../../secret.txt", PRODUCT_BASE + "..%2F..%2Fsecret.txt",
               FONTS_BASE + "../../etc/passwd", "file://example.com/product/a.png", "file:///etc/passwd"]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher.refused == refused


def test_rendering_a_body_with_an_external_image_opens_no_connection(tmp_path, monkeypatch):
    folder = tmp_path / "product"
    folder.mkdir()
    (folder / "own.png").write_bytes(picture(60, 40, "green"))
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the test forbids the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    body = ('<p><img src="https://example.com/tracker.png" alt="x"> <img src="//example.com/b.png" alt="y">'
            ' <img src="own.png" alt="z"></p>')
    data, notes = _render_one(leaflet(folder, body))
    assert data.startswith(b"%PDF-")
    assert attempts == []
    # (`//host/…` is relative to the product folder's file:// address: another host all the same.)
    assert sorted(notes) == ["not fetched: file://example.com/b.png", "not fetched: https://example.com/tracker.png"]
    assert b"/tmp" not in data and str(folder).encode() not in data  # nothing of the build machine's paths
    assert [image.image.size for image in PdfReader(io.BytesIO(data)).pages[0].images] == [(60, 40)]


def test_a_version_without_a_pdf_is_said_so_in_the_build(tmp_path, caplog):
    corpus = standard_corpus(tmp_path)
    corpus.version("tro-giup-phap-ly", "hmn", "Kev pab txog kev cai lij choj", body="Lo lus 法律.",
                   translation={"of": "vi", "method": "human", "reviewed": True})
    caplog.set_level("INFO")
    site = build_site(tmp_path)
    assert not (site / pdf_url("hmn", "tro-giup-phap-ly")).exists() and (site / pdf_url("vi", "tro-giup-phap-ly")).exists()
    assert "none for index.hmn.md of tro-giup-phap-ly (characters the site's fonts lack)" in caplog.text
