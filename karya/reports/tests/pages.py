"""Reading the numbers of a dashboard page, a PDF report and an XLSX report (no tests here)."""

from __future__ import annotations

import html
import io
import re
import subprocess

from openpyxl import load_workbook


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _cells(page: str, attribute: str) -> dict[str, tuple[str, str]]:
    found = {}
    for key, body in re.findall(rf'<tr {attribute}="([a-z_]+)">(.*?)</tr>', page, re.S):
        month = re.search(r'class="num month">(.*?)</td>', body, re.S).group(1)
        ytd = re.search(r'class="num ytd">(.*?)</td>', body, re.S).group(1)
        found[key] = (_text(month), _text(ytd))
    return found


def figure_cells(page: str) -> dict[str, tuple[str, str]]:
    """measure → (the month's text, the year-to-date text) of every figure row of a page."""
    return _cells(page, "data-measure")


def channel_cells(page: str) -> dict[str, tuple[str, str]]:
    """channel → (the month's text, the year-to-date text) of the sales by channel."""
    return _cells(page, "data-channel")


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The cells' texts of each body row of the table with that id."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', page, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    return [
        [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def pdf_text(pdf: bytes) -> str:
    """The words of a PDF (poppler's pdftotext), whitespace collapsed."""
    assert pdf.startswith(b"%PDF")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return out


def pdf_lines(pdf: bytes) -> list[str]:
    return [" ".join(line.split()) for line in pdf_text(pdf).splitlines() if line.strip()]


def xlsx_sheets(content: bytes) -> dict[str, list[list]]:
    book = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }
