"""Cells of the spreadsheets Karya writes (openpyxl), safe to open.

Text typed by a user (a product's name, a workshop's, a partner's) may begin with "=", "+", "-"
or "@": a spreadsheet program would run it as a formula ("=cmd|' /C calc'!A0", a HYPERLINK
that sends data away). Such text is written with a leading apostrophe, so it shows as the text
it is. Control characters, which the XLSX format cannot hold, are left out.
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value):
    """The value as it is written into a cell: text neutralised, anything else unchanged."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def append_row(sheet, values: Iterable) -> None:
    """Append a row to the sheet with every value made safe (see `safe_cell`)."""
    sheet.append([safe_cell(value) for value in values])
