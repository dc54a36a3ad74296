"""CSV cells that a spreadsheet shows as text and never runs as a formula (OWASP "CSV Injection").

Excel, LibreOffice and Google Sheets evaluate a cell that starts with `=`, `+`, `-` or `@` (and
some also after a leading tab, carriage return or line feed) as a formula, which can fetch URLs or,
through DDE, start programs. Every text cell that commhub writes into a CSV file goes through
`spreadsheet_safe`: a cell that could start a formula gets a leading `'`, which the spreadsheets
read as "this is text" and do not show. The csv module already quotes separators, quotes and line
breaks, so a value cannot spill into another cell.

Also neutralised, beyond OWASP's list: the full-width forms of the four signs (some spreadsheet
locales read them as formulas) and any of these after leading white space, which spreadsheets trim.

Numbers are not text: a count or a share that commhub computed is written as a number, unchanged,
even when negative, because it never holds an editor's characters and a spreadsheet must still
sum it. Callers pass such values as int or float; a str is always text.
"""

from __future__ import annotations

# OWASP's list (= + - @ tab CR), line feed, and the full-width signs.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
TEXT_MARK = "'"


def spreadsheet_safe(value):
    """`value` as a CSV cell: an int or float unchanged, anything else as text no spreadsheet runs."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    if text[:1] in FORMULA_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        return TEXT_MARK + text
    return text
