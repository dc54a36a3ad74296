"""A report laid out for people, in one language, and independent of any file format.

`report/views.py` fills it from a computed report; `report/docx.py` writes it as an administrative
document (Decree 30/2020/NĐ-CP) and `report/xlsx.py` as a workbook. Every text is final (translated,
not escaped); numbers stay numbers, so the workbook can hold them as numbers and the document can
write them in the reader's style.

Cell values are `str`, `int`, `Percent`, `datetime.date`, `Link` or None (an empty cell).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Union
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Percent:
    """A share from 0 to 1 (exact), and how the reader sees it (`16,7%`); None value: no share."""

    value: Fraction | None
    text: str


@dataclass(frozen=True)
class Link:
    text: str
    url: str  # written as a link only when `linkable`, else as text


def linkable(url: str) -> bool:
    """An address a workbook or document may open when clicked: http(s), or a path relative to the file.

    Anything else (`javascript:`, `file:`, a UNC `\\\\server\\share` path Windows would connect to) is
    written as plain text. Spaces and control characters are refused as a whole rather than cleaned,
    because readers clean them differently (`java\\tscript:` is `javascript:` to a browser).
    """
    if not url or "\\" in url or any(ord(char) <= 0x20 or ord(char) == 0x7F for char in url):
        return False
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    return not parts.netloc and not url.startswith("/")


CellValue = Union[str, int, Percent, dt.date, Link, None]


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[CellValue]]
    # Rows (counted from 0, the header not included) that sum up the others: written in bold.
    total_rows: tuple[int, ...] = ()
    # Relative widths of the columns (e.g. (4, 1, 1)); () for equal ones.
    widths: tuple[float, ...] = ()


@dataclass
class Chart:
    """A horizontal bar chart: (label, value, value text) per bar."""

    title: str
    bars: list[tuple[str, int, str]]


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: Chart | None = None
    level: int = 1  # 1: a numbered part of the document ("I. …"); 2: inside one


@dataclass
class Heading:
    """The top of an administrative document: agency on the left, national title on the right."""

    authority: str  # the agency above the issuing one ("UBND THÀNH PHỐ CẦN THƠ"); may be ''
    agency: str  # the issuing agency ("SỞ TƯ PHÁP")
    number: str  # number and symbol ("Số: …/BC-STP"), left for the department to fill in when unknown
    national_title: str  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto: str  # "Độc lập - Tự do - Hạnh phúc"
    place_date: str  # "Cần Thơ, ngày 04 tháng 12 năm 2026"
    kind: str  # "BÁO CÁO"
    title: str  # what it reports on, under the kind


@dataclass
class Sheet:
    """One worksheet: a title row, a header row (frozen), then typed rows."""

    name: str  # at most 31 characters, none of []:*?/\ (the writer shortens and replaces)
    title: str
    header: list[str]
    rows: list[list[CellValue]]
    widths: list[int] = field(default_factory=list)  # column widths in characters; [] for defaults


@dataclass
class ReportDocument:
    lang: str
    heading: Heading
    sections: list[Section]
    recipients_label: str  # "Nơi nhận:"
    recipients: list[str]
    signer: str  # the signing position ("GIÁM ĐỐC"); the name is left for the department
    sheets: list[Sheet]
    # Texts the writers need themselves.
    chart_alt: str = ""  # alternative text of each chart picture, `{title}` filled in
