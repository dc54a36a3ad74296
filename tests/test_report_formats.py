"""The report's department formats, read back: the Word document (report/docx.py, Decree 30/2020/NĐ-CP
layout), its chart pictures (report/chart_png.py) and the workbook (report/xlsx.py), all written from
a ReportDocument made by hand here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from fractions import Fraction

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

from commhub.outputs.share_cards import FONTS, SCRIPTS
from commhub.report import chart_png
from commhub.report.chart_png import bar_chart_png
from commhub.report.document import Chart, Heading, Link, Percent, ReportDocument, Section, Sheet, Table
from commhub.report.docx import write_docx
from commhub.report.document import linkable
from commhub.report.xlsx import sheet_names, write_xlsx

URL = "https://hub.example.vn/vi/products/a-leaflet/"
KHMER = "ភាសាខ្មែរ"
LONG_NAME = "Sản phẩm theo ngôn ngữ và kênh truyền thông năm 2026"  # 52 characters
CHART = Chart("Sản phẩm theo nhóm ngôn ngữ", [("Tiếng Việt", 12, "12"), (KHMER, 6, "6"), ("Hmoob", 0, "0")])
TABLE = Table(
    caption="Bảng 1. Sản phẩm theo ngôn ngữ",
    header=["Ngôn ngữ", "Số sản phẩm", "Tỷ lệ", "Ngày đăng", "Liên kết"],
    rows=[
        ["Tiếng Việt", 10, Percent(Fraction(5, 6), "83,3%"), dt.date(2026, 3, 5), Link("Tờ gấp", URL)],
        [KHMER, 2, Percent(Fraction(1, 6), "16,7%"), None, Link("Mã độc", "javascript:alert(1)")],
        ["Tổng cộng", 12, Percent(Fraction(1), "100,0%"), None, None],
    ],
    total_rows=(2,),
)


def report() -> ReportDocument:
    sheet_rows = [
        ["Tiếng Việt", 10, Percent(Fraction(1, 6), "16,7%"), dt.date(2026, 12, 4), Link("Tờ gấp", URL)],
        ["=1+1", "@SUM(A1)", "+SUM(A1)", "-2", "chuông\x07 reo"],
        ["Không có", 0, Percent(None, "—"), None, Link("Mã độc", "javascript:alert(1)")],
    ]
    header = ["Ngôn ngữ", "Số sản phẩm", "Tỷ lệ", "Ngày", "Liên kết"]
    return ReportDocument(
        lang="vi",
        heading=Heading(
            authority="UBND thành phố Cần Thơ",
            agency="Sở Tư pháp",
            number="Số: …/BC-STP",
            national_title="Cộng hòa xã hội chủ nghĩa Việt Nam",
            motto="Độc lập - Tự do - Hạnh phúc",
            place_date="Cần Thơ, ngày 04 tháng 12 năm 2026",
            kind="BÁO CÁO",
            title="Kết quả truyền thông, phổ biến pháp luật năm 2026",
        ),
        sections=[
            Section("Tình hình chung", paragraphs=["Trong năm, Sở đã đăng 12 sản phẩm.", "Ký tự\x0b điều khiển."]),
            Section("Theo ngôn ngữ", level=2, tables=[TABLE]),
            Section("Theo nhóm ngôn ngữ", level=2, chart=CHART),
            Section("Đánh giá", paragraphs=["Đạt kế hoạch."]),
            Section("Ưu điểm", level=2, paragraphs=["Nhiều ngôn ngữ."]),
        ],
        recipients_label="Nơi nhận:",
        recipients=["UBND thành phố;", "Lưu: VT."],
        signer="Giám đốc",
        sheets=[
            Sheet("Tổng hợp", "Sản phẩm theo ngôn ngữ", header, sheet_rows, widths=[30]),
            Sheet(LONG_NAME, "Dài", ["A"], [["x" * 200]]),
            Sheet(LONG_NAME, "Dài nữa", ["A"], [["y"]]),
            Sheet("Kênh", "Kênh", ["A"], []),
            Sheet("kênh", "Kênh lần hai", ["A"], []),
            Sheet("Quý 1/2026: [nháp]", "Quý", ["A"], []),
        ],
        chart_alt="Biểu đồ cột: {title}",
    )


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report-formats")
    write_docx(report(), folder / "report.docx")
    write_xlsx(report(), folder / "report.xlsx")
    return folder


@pytest.fixture(scope="module")
def document(written):
    return docx.Document(str(written / "report.docx"))


# --- the Word document --------------------------------------------------------------------------

def test_docx_page_margins_and_font(document):
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    # Word keeps lengths in twips (0.0176 mm): "exactly" means to the twip.
    for margin, mm in ((section.top_margin, 20), (section.bottom_margin, 20), (section.left_margin, 30),
                       (section.right_margin, 15)):
        assert abs(margin.mm - mm) < 0.02
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(13)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {"Times New Roman"}
    assert normal.paragraph_format.space_after == Pt(6) and 1.0 <= normal.paragraph_format.line_spacing <= 1.15
    body = [p for p in document.paragraphs if p.text == "Trong năm, Sở đã đăng 12 sản phẩm."][0]
    assert body.style.name == "Body Text"
    assert body.style.paragraph_format.first_line_indent.cm == pytest.approx(1.27, abs=0.01)


def test_docx_heading_block(document):
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["UBND THÀNH PHỐ CẦN THƠ", "SỞ TƯ PHÁP", "Số: …/BC-STP"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Cần Thơ, ngày 04 tháng 12 năm 2026"]
    assert right.paragraphs[-1].runs[0].italic
    # A short rule under the agency and under the motto: an empty paragraph with a bottom border.
    for cell in (left, right):
        assert len(cell._tc.xpath(".//w:pBdr/w:bottom")) == 1
    texts = [p.text for p in document.paragraphs]
    kind = texts.index("BÁO CÁO")
    assert texts[kind + 1] == "Kết quả truyền thông, phổ biến pháp luật năm 2026"


def test_docx_sections_are_numbered(document):
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "I. Tình hình chung"), ("Heading 2", "1. Theo ngôn ngữ"),
        ("Heading 2", "2. Theo nhóm ngôn ngữ"), ("Heading 1", "II. Đánh giá"), ("Heading 2", "1. Ưu điểm")]
    assert "Ký tự điều khiển." in [p.text for p in document.paragraphs]  # the control character dropped


def test_docx_table(document):
    table = document.tables[1]
    assert [[cell.text for cell in row.cells] for row in table.rows] == [
        ["Ngôn ngữ", "Số sản phẩm", "Tỷ lệ", "Ngày đăng", "Liên kết"],
        ["Tiếng Việt", "10", "83,3%", "05/03/2026", "Tờ gấp"],
        [KHMER, "2", "16,7%", "", "Mã độc"],
        ["Tổng cộng", "12", "100,0%", "", ""],
    ]
    assert table.style.name == "Table Grid"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert all(run.bold for cell in table.rows[3].cells for run in cell.paragraphs[0].runs)
    assert not table.rows[1].cells[0].paragraphs[0].runs[0].bold
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert [cell.paragraphs[0].alignment == right for cell in table.rows[1].cells] == [False, True, True, False, False]
    caption = table._tbl.getprevious()
    assert caption.xpath("string(.)") == TABLE.caption and caption.xpath(".//w:i")


def test_docx_hyperlink(document, written):
    links = [rel for rel in document.part.rels.values() if rel.reltype == RELATIONSHIP_TYPE.HYPERLINK]
    assert [(rel.target_ref, rel.is_external) for rel in links] == [(URL, True)]  # not the javascript: one
    hyperlinks = document.element.body.xpath(".//w:hyperlink")
    assert [(h.get(qn("r:id")), h.xpath("string(.)")) for h in hyperlinks] == [(links[0].rId, "Tờ gấp")]
    with zipfile.ZipFile(written / "report.docx") as archive:
        relationships = archive.read("word/_rels/document.xml.rels").decode()
    assert f'Target="{URL}" TargetMode="External"' in relationships


def test_docx_chart_picture(document):
    assert len(document.inline_shapes) == 1  # one chart, one picture
    picture = document.inline_shapes[0]
    assert picture.width.cm == pytest.approx(16, abs=0.01)
    rid = picture._inline.xpath(".//a:blip/@r:embed")[0]
    image = document.part.related_parts[rid]
    assert image.content_type == "image/png" and image.blob.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.blob == bar_chart_png(CHART, "vi")
    assert picture._inline.docPr.get("descr") == "Biểu đồ cột: Sản phẩm theo nhóm ngôn ngữ"
    texts = [p.text for p in document.paragraphs]
    assert CHART.title in texts  # its caption


def test_docx_closing_and_properties(document):
    left, right = document.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- UBND thành phố;", "- Lưu: VT."]
    label = left.paragraphs[0].runs[0]
    assert label.bold and label.italic and label.font.size == Pt(12)
    assert left.paragraphs[1].runs[0].font.size == Pt(11)
    assert right.paragraphs[0].text == "GIÁM ĐỐC" and right.paragraphs[0].runs[0].bold
    assert not document.tables[-1]._tbl.xpath(".//w:tblBorders")  # a layout table: no borders
    properties = document.core_properties
    assert properties.title == "BÁO CÁO Kết quả truyền thông, phổ biến pháp luật năm 2026"
    assert properties.author == "Sở Tư pháp" and properties.language == "vi"


# --- the chart picture ---------------------------------------------------------------------------

def _dark(image: Image.Image, box=None) -> tuple[int, int, int, int] | None:
    """The bounding box of the dark pixels (text, bars, axis) of `image`, or of its `box`."""
    grey = image.convert("L") if box is None else image.convert("L").crop(box)
    return grey.point(lambda value: 255 if value < 128 else 0).getbbox()


def test_chart_png():
    data = bar_chart_png(CHART)
    assert data == bar_chart_png(CHART)  # deterministic
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and 1500 <= image.width <= 1700
    assert image.height == 2 * chart_png.MARGIN + 3 * chart_png.ROW
    assert image.getpixel((0, 0)) == (255, 255, 255) and _dark(image) is not None
    empty = Image.open(io.BytesIO(bar_chart_png(Chart("", []))))
    assert empty.width == image.width  # no bars: still a picture


def test_chart_fonts_have_the_labels_glyphs():
    for script, text in (("khmer", KHMER), ("latin", "Tiếng Việt Độc lập Hạnh phúc")):
        cmap = TTFont(str(FONTS / SCRIPTS[script][0][0])).getBestCmap()
        assert {char for char in text if ord(char) not in cmap and char != " "} == set()


def test_chart_khmer_label_is_shaped():
    """The Khmer label's ink is as wide as HarfBuzz's shaping makes it, not as wide as the letters one
    after another (no shaping: the coeng and the vowel signs take room of their own) nor empty (the
    Latin font's missing glyphs draw nothing)."""
    image = Image.open(io.BytesIO(bar_chart_png(Chart("", [(KHMER, 5, "5")]))))
    grey = image.convert("L")
    columns = [sum(grey.getpixel((x, y)) < 128 for y in range(image.height)) for x in range(image.width)]
    axis = next(x for x, count in enumerate(columns) if count >= chart_png.ROW - 2)
    drawn = _dark(image, (0, 0, axis - chart_png.GAP // 2, image.height))
    assert drawn is not None

    def ink_width(layout) -> int:
        font = ImageFont.truetype(str(FONTS / SCRIPTS["khmer"][0][0]), chart_png.FONT_SIZE, layout_engine=layout)
        sample = Image.new("L", (800, 200), 255)
        ImageDraw.Draw(sample).text((100, 150), KHMER, font=font, fill=0, anchor="ls")
        left, _, right, _ = _dark(sample)
        return right - left

    shaped, unshaped = ink_width(ImageFont.Layout.RAQM), ink_width(ImageFont.Layout.BASIC)
    assert abs(unshaped - shaped) > 10  # the check can tell them apart
    assert abs((drawn[2] - drawn[0]) - shaped) <= 2


# --- the workbook --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(written):
    return openpyxl.load_workbook(written / "report.xlsx", data_only=False)


def test_xlsx_sheet_names(workbook):
    assert workbook.sheetnames == [
        "Tổng hợp", LONG_NAME[:31], LONG_NAME[:27].rstrip() + " (2)", "Kênh", "kênh (2)", "Quý 1-2026- -nháp-"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert sheet_names(["", "'x'"]) == ["Sheet 1", "x"]


def test_xlsx_layout(workbook):
    sheet = workbook["Tổng hợp"]
    assert sheet["A1"].value == "Sản phẩm theo ngôn ngữ" and sheet["A1"].font.bold
    assert [str(merged) for merged in sheet.merged_cells.ranges] == ["A1:E1"]
    assert [cell.value for cell in sheet[2]] == ["Ngôn ngữ", "Số sản phẩm", "Tỷ lệ", "Ngày", "Liên kết"]
    assert all(cell.font.bold and cell.fill.fgColor.rgb.endswith("D9D9D9") and cell.alignment.wrap_text
               for cell in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:E5"
    assert sheet.column_dimensions["A"].width == 30  # given
    assert 8 <= sheet.column_dimensions["B"].width <= 60  # from the content
    assert workbook[LONG_NAME[:31]].column_dimensions["A"].width == 60  # 200 characters: capped
    assert workbook.properties.title == "BÁO CÁO Kết quả truyền thông, phổ biến pháp luật năm 2026"
    assert workbook.properties.creator == "Sở Tư pháp" and workbook.properties.language == "vi"


def test_xlsx_typed_values(workbook):
    sheet = workbook["Tổng hợp"]
    number, share, date = sheet["B3"], sheet["C3"], sheet["D3"]
    assert type(number.value) is int and number.value == 10
    assert isinstance(share.value, float) and share.value == pytest.approx(1 / 6) and "%" in share.number_format
    assert sheet["C5"].value is None  # a Percent without a value
    assert date.value == dt.datetime(2026, 12, 4) and date.is_date and "yy" in date.number_format
    assert sheet["A5"].value == "Không có" and sheet["D5"].value is None


def test_xlsx_text_is_never_a_formula(workbook, written):
    sheet = workbook["Tổng hợp"]
    assert [(cell.value, cell.data_type) for cell in sheet[4]] == [
        ("=1+1", "s"), ("@SUM(A1)", "s"), ("+SUM(A1)", "s"), ("-2", "s"), ("chuông reo", "s")]
    with zipfile.ZipFile(written / "report.xlsx") as archive:
        assert all("<f>" not in archive.read(name).decode() for name in archive.namelist()
                   if name.startswith("xl/worksheets/"))


def test_xlsx_links(workbook):
    sheet = workbook["Tổng hợp"]
    assert sheet["E3"].value == "Tờ gấp" and sheet["E3"].hyperlink.target == URL and sheet["E3"].style == "Hyperlink"
    assert sheet["E5"].value == "Mã độc" and sheet["E5"].hyperlink is None


@pytest.mark.parametrize("url, opens", [
    (URL, True), ("http://hub.example.vn", True), ("products/a-leaflet/", True), ("../a.pdf", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("java\tscript:alert(1)", False),
    ("file:///etc/passwd", False), ("\\\\server\\share\\x", False), ("//evil.example/x", False),
    ("/etc/passwd", False), ("https://", False), ("", False), ("mailto:a@example.vn", False),
])
def test_linkable(url, opens):
    assert linkable(url) is opens
