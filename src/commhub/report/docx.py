"""A report as a Word document laid out as a Vietnamese administrative document (Decree 30/2020/NĐ-CP).

A4, margins 20/20/30/15 mm, Times New Roman 13 pt; the heading block (issuing agency and number on
the left, national title, motto, place and date on the right), the document's kind and title, the
numbered sections, then the recipients and the signing position. Everything is real paragraphs,
tables and styles (Heading 1/2, Body Text, Hyperlink), so the department edits it as any document of
its own; only the charts are pictures, each with its alternative text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell

from commhub.report.chart_png import bar_chart_png
from commhub.report.document import CellValue, Chart, Heading, Link, Percent, ReportDocument, Table, linkable

FONT = "Times New Roman"
TEXT_WIDTH = 165  # mm: A4's 210 less the 30 and 15 mm side margins
LEFT_COLUMN = 70  # mm: the heading block's agency column; the national title has the rest
RECIPIENTS_COLUMN = 85  # mm: the closing block's recipients; the signature has the rest
INDENT = Cm(1.27)
# Characters XML 1.0 cannot hold (lxml refuses them): dropped from every text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
CENTER, RIGHT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _times(rpr, size: int | None = None) -> None:
    """Times New Roman in every script slot of `rpr` (a w:rPr); a theme font would win over it."""
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for tag in ("w:sz", "w:szCs"):  # szCs: the size of complex-script text (Khmer)
        element = rpr.find(qn(tag))
        if size is not None and element is not None:
            element.set(qn("w:val"), str(size * 2))


def _styles(document: docx.document.Document, lang: str) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _times(defaults, 13)
    defaults.find(qn("w:lang")).set(qn("w:val"), lang)  # the spelling checker's language
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(13)
    _times(normal.element.get_or_add_rPr())
    normal.paragraph_format.line_spacing = 1.15
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(6)
    body = document.styles["Body Text"].paragraph_format
    body.alignment, body.first_line_indent, body.space_after = JUSTIFY, INDENT, Pt(6)
    for name, italic in (("Heading 1", False), ("Heading 2", True)):
        style = document.styles[name]
        _times(style.element.get_or_add_rPr(), 13)
        style.font.size, style.font.bold, style.font.italic, style.font.color.rgb = Pt(13), True, italic, None
        style.paragraph_format.first_line_indent = INDENT
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(6), Pt(6)
    link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER, builtin=True)  # Word's own
    link.font.color.rgb, link.font.underline = RGBColor(0x05, 0x63, 0xC1), True


def _paragraph(container, text: str = "", *, style: str | None = None, size: float | None = None,
               bold: bool = False, italic: bool = False, align=None, before: float | None = None,
               after: float | None = None):
    """A paragraph at the end of `container` (the document or a table cell) holding one run of `text`."""
    paragraph = None
    if isinstance(container, _Cell):  # a new cell has an empty paragraph of its own: fill that one first
        first = container.paragraphs[0]
        if len(container.paragraphs) == 1 and len(first._p) == 0:
            paragraph = first
    paragraph = paragraph or container.add_paragraph()
    if style:
        paragraph.style = style
    if text:
        run = paragraph.add_run(NOT_XML.sub("", text))
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    layout = paragraph.paragraph_format
    if align is not None:
        layout.alignment = align
    if isinstance(container, _Cell):  # the heading and closing blocks: compact, single spaced
        layout.line_spacing, layout.space_after = 1.0, Pt(0)
    if before is not None:
        layout.space_before = Pt(before)
    if after is not None:
        layout.space_after = Pt(after)
    return paragraph


def _text_mm(text: str, points: float) -> float:
    """About how wide `text` is in Times New Roman: half an em per character on average."""
    return len(text) * points * 0.5 * 25.4 / 72


def _rule(container, length: float, room: float) -> None:
    """A centred horizontal line `length` mm long in `room` mm: the bottom border of an empty, 1 pt
    high paragraph indented from both sides (Word cannot size a border to the text above it)."""
    paragraph = _paragraph(container, align=CENTER, after=0)
    layout = paragraph.paragraph_format
    layout.line_spacing = Pt(1)
    layout.left_indent = layout.right_indent = Mm(max(0.0, (room - min(length, room)) / 2))
    borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, "w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc",
                                                        "w:rPr")


def _borderless(document, widths: tuple[float, float]):
    """A two-column layout table without borders (the document's default table style has none)."""
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table.rows[0].cells


def _heading_block(document, heading: Heading) -> None:
    left, right = _borderless(document, (LEFT_COLUMN, TEXT_WIDTH - LEFT_COLUMN))
    if heading.authority:
        _paragraph(left, heading.authority.upper(), align=CENTER)
    _paragraph(left, heading.agency.upper(), bold=True, align=CENTER)
    _rule(left, _text_mm(heading.agency, 13) / 2, LEFT_COLUMN)  # the Decree: 1/3 to 1/2 of the line
    _paragraph(left, heading.number, align=CENTER, before=6)
    _paragraph(right, heading.national_title.upper(), size=12, bold=True, align=CENTER)
    _paragraph(right, heading.motto, bold=True, align=CENTER)
    _rule(right, _text_mm(heading.motto, 13), TEXT_WIDTH - LEFT_COLUMN)  # as long as the motto
    _paragraph(right, heading.place_date, italic=True, align=CENTER, before=6)
    _paragraph(document, heading.kind, size=14, bold=True, align=CENTER, before=18, after=0)
    _paragraph(document, heading.title, size=14, bold=True, align=CENTER, after=0)
    _rule(document, min(_text_mm(heading.title, 14), TEXT_WIDTH) / 3, TEXT_WIDTH)  # under the title, too
    _paragraph(document, after=6)


def _shown(value: CellValue) -> str:
    if isinstance(value, (Percent, Link)):
        return value.text
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def _table_cell(cell: _Cell, value: CellValue, bold: bool) -> None:
    numeric = isinstance(value, (int, Percent))
    paragraph = _paragraph(cell, align=RIGHT if numeric else None, before=2, after=2)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    linked = isinstance(value, Link) and linkable(value.url)
    run = paragraph.add_run(NOT_XML.sub("", _shown(value)), style="Hyperlink" if linked else None)
    run.bold, run.font.size = bold or None, Pt(12)  # 12 pt: a report's tables are wide
    if linked:
        relationship = paragraph.part.relate_to(value.url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        hyperlink = OxmlElement("w:hyperlink")
        hyperlink.set(qn("r:id"), relationship)
        run._r.addprevious(hyperlink)
        hyperlink.append(run._r)



def _table(document, table: Table) -> None:
    columns = max([len(table.header), *(len(row) for row in table.rows)])
    if not columns:
        return
    _paragraph(document, table.caption, italic=True, align=CENTER, before=6).paragraph_format.keep_with_next = True
    grid = document.add_table(rows=1 + len(table.rows), cols=columns)
    grid.style = "Table Grid"
    header = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")  # the header row again at the top of every page
    header._tr.get_or_add_trPr().insert_element_before(repeat, "w:tblCellSpacing", "w:jc", "w:hidden")
    for cell, text in zip(header.cells, table.header):
        _table_cell(cell, text, bold=True)
        cell.paragraphs[0].paragraph_format.alignment = CENTER
    for index, (row, values) in enumerate(zip(grid.rows[1:], table.rows)):
        for cell, value in zip(row.cells, values):
            _table_cell(cell, value, bold=index in table.total_rows)
    if len(table.widths) == columns:
        grid.autofit = False
        for column, weight in zip(grid.columns, table.widths):
            width = Mm(TEXT_WIDTH * weight / sum(table.widths))
            for cell in column.cells:  # Word reads the cells' widths, LibreOffice the grid's
                cell.width = width
            column.width = width
    _paragraph(document, after=0)  # keeps the next table or heading off this one's bottom edge


def _chart(document, chart: Chart, alt: str, lang: str) -> None:
    paragraph = _paragraph(document, align=CENTER, before=6, after=0)
    paragraph.paragraph_format.keep_with_next = True  # the caption stays under its picture
    picture = paragraph.add_run().add_picture(io.BytesIO(bar_chart_png(chart, lang)), width=Cm(16))
    picture._inline.docPr.set("descr", NOT_XML.sub("", (alt or "{title}").format(title=chart.title)))
    _paragraph(document, chart.title, italic=True, align=CENTER)


def _closing(document, report: ReportDocument) -> None:
    left, right = _borderless(document, (RECIPIENTS_COLUMN, TEXT_WIDTH - RECIPIENTS_COLUMN))
    _paragraph(left, report.recipients_label, size=12, bold=True, italic=True)
    for recipient in report.recipients:
        _paragraph(left, f"- {recipient}", size=11)
    _paragraph(right, report.signer.upper(), bold=True, align=CENTER)
    _paragraph(right, align=CENTER, before=66)  # room to sign; the name typed here comes out centred


def _roman(number: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, number = divmod(number, value)
        out += letters * count
    return out


def write_docx(document: ReportDocument, path: Path) -> None:
    """Write `document` as a .docx at `path`."""
    out = docx.Document()
    section = out.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    _styles(out, document.lang)
    _heading_block(out, document.heading)
    part = subpart = 0
    for item in document.sections:
        if item.level == 1:
            part, subpart = part + 1, 0
            number = f"{_roman(part)}."
        else:
            subpart += 1
            number = f"{subpart}."
        _paragraph(out, f"{number} {item.heading}", style=f"Heading {1 if item.level == 1 else 2}")
        for text in item.paragraphs:
            _paragraph(out, text, style="Body Text")
        for table in item.tables:
            _table(out, table)
        if item.chart is not None:
            _chart(out, item.chart, document.chart_alt, document.lang)
    _closing(out, document)

    properties = out.core_properties
    properties.title = NOT_XML.sub("", f"{document.heading.kind} {document.heading.title}".strip())
    properties.author = properties.last_modified_by = NOT_XML.sub("", document.heading.agency)
    properties.language, properties.comments = document.lang, ""  # the template says "generated by python-docx"
    properties.created = properties.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    out.save(str(path))
