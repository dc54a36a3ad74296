"""A report's figures as an Excel workbook (openpyxl): one worksheet per `ReportDocument.sheets`.

Each sheet: a title row, a bold header row (frozen, with an autofilter), then the rows, typed so the
department can compute with them: counts as numbers, shares as fractions shown as percentages, dates
as dates. Text is always a text cell, never a formula: a product title such as `=1+1` or `@SUM(A1)`
stays what it says (formula injection).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from commhub.report.document import CellValue, Link, Percent, ReportDocument, Sheet, linkable

SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
CELL_TEXT_MAX = 32767  # Excel shows no more of a cell's text
WIDTH_MIN, WIDTH_MAX = 8, 60  # column widths, in characters, when the sheet gives none
HEADER_FILL = PatternFill("solid", start_color="D9D9D9")  # light grey: legible printed in black and white
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_TEXT_MAX]


def _put(cell: Cell, value: CellValue) -> None:
    """Write `value` into `cell` with the type and number format it has in the model."""
    if value is None or (isinstance(value, Percent) and value.value is None):
        return
    if isinstance(value, Percent):
        cell.value = float(value.value)
        cell.number_format = "0.0%"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = "#,##0"
    else:
        text = value.text if isinstance(value, Link) else value
        cell.value = _text(str(text))
        cell.data_type = "s"  # openpyxl would take `=…` for a formula: keep every text literal
        if isinstance(value, Link) and linkable(value.url):
            cell.hyperlink = value.url
            cell.style = "Hyperlink"


def _shown(value: CellValue) -> str:
    """Roughly what a cell shows, to size its column."""
    if isinstance(value, (Percent, Link)):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts: forbidden characters replaced, at most 31 characters, unique (Excel
    compares them case-insensitively); a repeated name gets " (2)", " (3)"… within the 31."""
    out: list[str] = []
    taken: set[str] = set()
    for index, name in enumerate(names, start=1):
        base = SHEET_NAME_FORBIDDEN.sub("-", ILLEGAL_CHARACTERS_RE.sub("", name)).strip().strip("'")
        base = base or f"Sheet {index}"  # Excel refuses an empty name, and one starting or ending in '
        candidate, number = base[:SHEET_NAME_MAX], 1
        while candidate.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            candidate = base[:SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def _fill(worksheet: Worksheet, sheet: Sheet) -> None:
    columns = max([len(sheet.header), *(len(row) for row in sheet.rows)]) or 1
    _put(worksheet.cell(row=1, column=1), sheet.title)
    worksheet.cell(row=1, column=1).font = Font(bold=True)
    if columns > 1:
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    for column, text in enumerate(sheet.header, start=1):
        cell = worksheet.cell(row=2, column=column)
        _put(cell, text)
        cell.font, cell.fill, cell.alignment = Font(bold=True), HEADER_FILL, HEADER_ALIGNMENT
    for row_index, row in enumerate(sheet.rows, start=3):
        for column, value in enumerate(row, start=1):
            _put(worksheet.cell(row=row_index, column=column), value)

    worksheet.freeze_panes = "A3"  # the title and the header stay in view
    last = get_column_letter(columns)
    worksheet.auto_filter.ref = f"A2:{last}{2 + len(sheet.rows)}"
    for column in range(1, columns + 1):
        if column <= len(sheet.widths):
            width = sheet.widths[column - 1]
        else:
            # The header wraps, so its longest word counts, not its whole length.
            header = sheet.header[column - 1] if column <= len(sheet.header) else ""
            longest = max([len(word) for word in header.split()] +
                          [len(_shown(row[column - 1])) for row in sheet.rows if column <= len(row)], default=0)
            width = min(WIDTH_MAX, max(WIDTH_MIN, longest + 2))
        worksheet.column_dimensions[get_column_letter(column)].width = width


def write_xlsx(document: ReportDocument, path: Path) -> None:
    """Write `document.sheets` as a workbook at `path`, one worksheet each, in order."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, name in zip(document.sheets, sheet_names([sheet.name for sheet in document.sheets])):
        _fill(workbook.create_sheet(name), sheet)
    if not document.sheets:
        workbook.create_sheet("Sheet 1")  # a workbook has at least one sheet
    heading = document.heading
    workbook.properties.title = f"{heading.kind} {heading.title}".strip()
    workbook.properties.creator = heading.agency
    workbook.properties.lastModifiedBy = heading.agency
    workbook.properties.language = document.lang
    workbook.save(path)
