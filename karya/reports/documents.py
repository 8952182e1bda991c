"""The monthly report (Laporan Bulanan Kegiatan Kerja) of a unit, a region or the country, as
PDF (WeasyPrint, with the dashboard's SVG charts) and as XLSX (openpyxl), from the same
`Dashboard` as the page. The XLSX holds numbers as numbers (rupiah whole, percentages with one
decimal), so the regional office can add them up."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from karya.core.dates import tanggal_waktu
from karya.core.documents import render_pdf
from karya.reports.dashboards import COUNTRY, REGION, Dashboard
from karya.reports.measures import PERCENT, RUPIAH
from karya.reports.periods import month_label

TITLE = "Laporan Bulanan Kegiatan Kerja"
RUPIAH_FORMAT = '"Rp" #,##0'
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.0" %"'


def report_title(board: Dashboard) -> str:
    return f"{TITLE} — {board.title} — {month_label(board.month)}"


def report_filename(board: Dashboard) -> str:
    who = board.subject.code if board.subject is not None else "nasional"
    return f"laporan-bulanan-{who}-{board.month:%Y-%m}"


def report_pdf(board: Dashboard, *, request=None) -> bytes:
    """The report as PDF bytes; DocumentError if it cannot be laid out."""
    context = {
        "board": board,
        "facility": board.subject if board.level not in (REGION, COUNTRY) else None,
        "region": board.subject if board.level == REGION else None,
        "title": report_title(board),
        "printed_at": tanggal_waktu(timezone.now(), "Asia/Jakarta")
        if board.level != "unit"
        else tanggal_waktu(timezone.now(), board.subject.timezone),
        "printed_by": getattr(getattr(request, "user", None), "display_name", ""),
        "printed_nip": getattr(getattr(request, "user", None), "nip", ""),
    }
    return render_pdf("reports/doc_monthly.html", context, request=request)


# --- XLSX -----------------------------------------------------------------------------------


def cell_value(value, kind: str):
    """What a cell holds: an int for counts and rupiah, a float with one decimal for a
    percentage, None for a figure that cannot be computed."""
    if value is None:
        return None
    if kind == PERCENT:
        return float(Decimal(value))
    return int(value)


def _format(kind: str) -> str:
    return {RUPIAH: RUPIAH_FORMAT, PERCENT: PERCENT_FORMAT}.get(kind, COUNT_FORMAT)


def report_xlsx(board: Dashboard) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from karya.core.spreadsheets import append_row

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Summary")[:31]
    append_row(sheet, [report_title(board)])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [_("Month"), board.month_label])
    append_row(sheet, [_("Year to date"), board.ytd_label])
    append_row(sheet, [])

    def header(ws, *titles):
        append_row(ws, list(titles))
        for cell in ws[ws.max_row]:
            cell.font = bold

    def figure(ws, label, values_kinds):
        append_row(ws, [label] + [cell_value(v, k) for v, k in values_kinds])
        for cell, (_v, kind) in zip(ws[ws.max_row][1:], values_kinds, strict=True):
            cell.number_format = _format(kind)

    for section in board.sections:
        header(sheet, section.title, board.month_label, board.ytd_label)
        for row in section.rows:
            figure(sheet, row.label, [(row.month, row.kind), (row.ytd, row.kind)])
        append_row(sheet, [])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 20
    sheet.column_dimensions["C"].width = 20

    channels = book.create_sheet(_("Sales by channel")[:31])
    header(channels, _("Channel"), board.month_label, board.ytd_label)
    for month_line, ytd_line in board.channel_rows:
        figure(channels, month_line.label, [(month_line.amount, RUPIAH), (ytd_line.amount, RUPIAH)])
    channels.column_dimensions["A"].width = 30

    ekatalog = book.create_sheet(_("e-Katalog")[:31])
    header(ekatalog, _("e-Katalog recap"), board.month_label, board.ytd_label)
    for row in board.ekatalog:
        figure(ekatalog, row.label, [(row.month, row.kind), (row.ytd, row.kind)])
    append_row(ekatalog, [])
    header(ekatalog, _("Product"), _("Unit"), _("e-Katalog listing reference"))
    for product in board.listed_products:
        append_row(ekatalog, [product.name, product.facility.name, product.ekatalog_reference])
    ekatalog.column_dimensions["A"].width = 40

    targets = book.create_sheet(_("Targets")[:31])
    header(
        targets,
        _("Indicator"),
        _("Target %(year)s") % {"year": board.month.year},
        _("Realised to date"),
        _("Achieved"),
    )
    for line in board.targets:
        figure(
            targets,
            line.indicator.name,
            [(line.target, line.kind), (line.realised, line.kind), (line.percent, PERCENT)],
        )
    targets.column_dimensions["A"].width = 40

    if board.products or board.products_ytd:
        products = book.create_sheet(_("Production")[:31])
        header(
            products,
            _("Product"),
            _("Planned"),
            _("Made (good)"),
            _("Planned to date"),
            _("Made to date"),
        )
        for values in board.product_rows:
            append_row(products, list(values))
        products.column_dimensions["A"].width = 36

    if board.compared:
        title = _("Per region") if board.level == COUNTRY else _("Per unit")
        compared = book.create_sheet(title[:31])
        header(compared, _("Name"), *board.compared_headers)
        from karya.reports.dashboards import COMPARED
        from karya.reports.measures import kind_of

        kinds = [kind_of(m) for m in COMPARED]
        for item in board.compared:
            figure(
                compared,
                item.name,
                [(value, kind) for (value, _text), kind in zip(item.values, kinds, strict=True)],
            )
        compared.column_dimensions["A"].width = 40

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
