"""The dashboards of a unit, a region and the country show the figures the records give, and
the monthly report (PDF and XLSX) holds the same numbers as the page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation
from django_scopes import scopes_disabled

from karya.reports import formats
from karya.reports.choices import Measure
from karya.reports.dashboards import SECTIONS
from karya.reports.measures import LAST, SPECS, SUM, kind_of, ratio
from karya.reports.periods import months_between
from karya.reports.tests import direct
from karya.reports.tests.pages import (
    channel_cells,
    figure_cells,
    pdf_lines,
    table_rows,
    xlsx_sheets,
)

JANUARY, FEBRUARY = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def listed(facilities) -> int:
    from karya.production.models import Product

    with scopes_disabled():
        return Product.objects.filter(
            facility__in=facilities, ekatalog_listed=True, is_active=True
        ).count()


def expected(facilities, month) -> dict[str, tuple]:
    """measure → (month value, year-to-date value), from the direct computations of each
    unit's months, summed over the units."""
    per_month = {
        m: [direct.figures(f, m) for f in facilities]
        for m in months_between(dt.date(month.year, 1, 1), month)
    }

    def total(m, column):
        return sum((row[column] for row in per_month[m]), Decimal(0))

    def year(column):
        return sum((total(m, column) for m in per_month), Decimal(0))

    out = {}
    for measure, spec in SPECS.items():
        if measure == Measure.PARTICIPATION:
            values = (
                ratio(total(month, "working"), total(month, "population"), percent=True),
                ratio(year("working"), year("population"), percent=True),
            )
        elif measure == Measure.REVENUE_PER_WORKER:
            values = (
                ratio(total(month, "revenue"), total(month, "working")),
                ratio(year("revenue"), total(month, "working_ytd")),
            )
        elif measure == Measure.EKATALOG_LISTED:
            values = (listed(facilities), listed(facilities))
        elif spec.ytd == SUM:
            values = (total(month, spec.column), year(spec.column))
        elif spec.ytd == LAST:
            values = (total(month, spec.column), total(month, spec.column))
        else:
            values = (total(month, spec.column), total(month, spec.ytd))
        out[measure] = values
    return out


def as_text(values: dict) -> dict[str, tuple[str, str]]:
    with translation.override("id"):
        return {
            measure: tuple(formats.value(v, kind_of(measure)) for v in pair)
            for measure, pair in values.items()
        }


def test_the_unit_dashboard_and_its_report_show_the_records(world, login):
    unit = world.unit("LPPWT")
    client = login(unit.staff["head"])
    page = client.get("/upt/LPPWT/laporan/?bulan=2026-02").content.decode()
    want = as_text(expected([unit.facility], FEBRUARY))
    shown = figure_cells(page)
    assert shown == {m: want[m] for m in shown}
    assert set(shown) == set(SPECS)  # every figure is on the page
    assert shown["revenue"][1] == "Rp 820.000"  # January's sales and February's cancellation
    channels = channel_cells(page)
    with translation.override("id"):
        assert channels["ekatalog"] == ("Rp 0", "Rp 175.000")
        assert channels["counter"] == ("-Rp 180.000", "Rp 15.000")

    # The PDF: each figure on one line, label and the same two numbers as the page.
    lines = pdf_lines(client.get("/upt/LPPWT/laporan/bulanan.pdf?bulan=2026-02").content)
    labels = {row[0] for row in table_rows(page, "channel-table")}
    title = "Laporan Bulanan Kegiatan Kerja — Lapas Purwokerto — Februari 2026"
    assert any(line.startswith(title) for line in lines)  # the footer of every page
    for measure, (month_text, ytd_text) in shown.items():
        label = str(Measure(measure).label)
        with translation.override("id"):
            label = str(Measure(measure).label)
        assert f"{label} {month_text} {ytd_text}" in lines, measure
    assert labels and all(any(line.startswith(label) for line in lines) for label in labels)

    # The XLSX: numbers as numbers, the same as the page once written.
    sheets = xlsx_sheets(client.get("/upt/LPPWT/laporan/bulanan.xlsx?bulan=2026-02").content)
    cells = {row[0]: tuple(row[1:3]) for row in sheets["Ringkasan"] if row and row[0]}
    values = expected([unit.facility], FEBRUARY)
    in_sections = [m for _key, _title, measures in SECTIONS for m in measures]
    with translation.override("id"):
        for measure in in_sections:
            label = str(Measure(measure).label)
            month, ytd = cells[label]
            assert (month, ytd) == tuple(
                None if v is None else (float(v) if kind_of(measure) == "percent" else int(v))
                for v in values[measure]
            ), measure
    recap = {row[0]: tuple(row[1:3]) for row in sheets["e-Katalog"] if row and row[0]}
    with translation.override("id"):
        assert recap[str(Measure.EKATALOG_TRANSACTIONS.label)] == (0, 2)
        assert recap[str(Measure.EKATALOG_BUYERS.label)] == (0, 2)
        assert recap[str(Measure.EKATALOG_LISTED.label)] == (1, 1)


def test_the_region_dashboard_sums_its_units_side_by_side(world, make_user, login):
    jateng = world.regions[0]
    regional = make_user("regional", region=jateng, username="kanwil")
    client = login(regional)
    page = client.get("/wilayah/jawa-tengah/laporan/?bulan=2026-01").content.decode()
    units = [world.unit("LPPWT").facility, world.unit("LPNPWT").facility]
    assert figure_cells(page) == {m: t for m, t in as_text(expected(units, JANUARY)).items()
                                  if m in figure_cells(page)}  # fmt: skip
    compared = {row[0]: row[1:] for row in table_rows(page, "compared-table")}
    assert set(compared) == {"Lapas Purwokerto", "Lapas Narkotika Purwokerto"}
    for facility in units:
        own = as_text(expected([facility], JANUARY))
        assert compared[facility.name] == [
            own[Measure.POPULATION][1],
            own[Measure.WORKING][1],
            own[Measure.PARTICIPATION][0],
            own[Measure.REVENUE][1],
            own[Measure.PNBP_DEPOSITED][1],
            own[Measure.REVENUE_PER_WORKER][1],
        ]
    # Participation in January: Purwokerto 2 of 4 (50 %), Narkotika 4 of 6 (66,7 %).
    ranking = re_ranking(page, "participation")
    assert ranking == ["LPNPWT", "LPPWT"]
    # The units of the region link to their dashboards (the drill-down).
    assert 'href="/upt/LPPWT/laporan/?bulan=2026-01"' in page

    report = "/wilayah/jawa-tengah/laporan/bulanan"
    sheets = xlsx_sheets(client.get(f"{report}.xlsx?bulan=2026-01").content)
    per_unit = {row[0]: row[1:] for row in sheets["Per UPT"][1:]}
    assert per_unit["Lapas Purwokerto"][2] == 50.0
    lines = pdf_lines(client.get(f"{report}.pdf?bulan=2026-01").content)
    kop = "KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH"
    assert any(kop in line for line in lines)
    for values in compared.values():  # a unit's name may wrap; its numbers stay on one line
        assert any(" ".join(values) in line for line in lines), values


def re_ranking(page: str, key: str) -> list[str]:
    import re

    section = re.search(rf'data-ranking="{key}">(.*?)</section>', page, re.S).group(1)
    return re.findall(r'data-code="([A-Za-z0-9-]+)"', section)


def test_the_country_dashboard_shows_the_regions_and_leads_to_any_unit(world, make_user, login):
    client = login(make_user("national", username="ditjen"))
    page = client.get("/laporan/nasional/?bulan=2026-01").content.decode()
    everyone = [u.facility for u in world.units]
    shown = figure_cells(page)
    assert shown == {m: t for m, t in as_text(expected(everyone, JANUARY)).items() if m in shown}
    compared = {row[0]: row[1:] for row in table_rows(page, "compared-table")}
    assert set(compared) == {"Kanwil Bali", "Kanwil Jawa Tengah"}
    jateng = as_text(expected(everyone[:2], JANUARY))
    assert compared["Kanwil Jawa Tengah"][0] == jateng[Measure.POPULATION][1]
    assert 'href="/wilayah/jawa-tengah/laporan/?bulan=2026-01"' in page
    assert 'value="LPDPS"' in page  # any unit, from the picker
    picked = client.get("/laporan/nasional/?bulan=2026-01&upt=lpdps")
    assert picked.status_code == 302 and picked["Location"] == "/upt/LPDPS/laporan/?bulan=2026-01"
    assert client.get("/laporan/nasional/?upt=TIDAKADA").status_code == 404
    region = client.get("/wilayah/bali/laporan/?bulan=2026-01")
    assert region.status_code == 200
    unit = client.get("/upt/LPDPS/laporan/?bulan=2026-01")
    assert unit.status_code == 200
    assert "Lapas Denpasar" in unit.content.decode()


def test_figures_link_to_their_records_for_the_units_own_staff_only(world, make_user, login):
    head = world.unit("LPPWT").staff["head"]
    page = login(head).get("/upt/LPPWT/laporan/?bulan=2026-01").content.decode()
    assert 'href="/upt/LPPWT/penjualan/daftar/?bulan=2026-01"' in page
    assert 'href="/upt/LPPWT/penjualan/daftar/?kanal=handover&amp;bulan=2026-01"' in page
    assert 'href="/upt/LPPWT/keuangan/pnbp/?tahun=2026"' in page
    assert 'href="/upt/LPPWT/premi/"' in page
    for url in (
        "/upt/LPPWT/penjualan/daftar/?kanal=handover&bulan=2026-01",
        "/upt/LPPWT/keuangan/pnbp/?tahun=2026",
    ):
        assert login(head).get(url).status_code == 200
    national = login(make_user("national", username="ditjen")).get(
        "/upt/LPPWT/laporan/?bulan=2026-01"
    )
    assert "/upt/LPPWT/penjualan/" not in national.content.decode()
    officer = world.unit("LPPWT").staff["officer"]  # no sales pages: no sales links
    page = login(officer).get("/upt/LPPWT/laporan/?bulan=2026-01").content.decode()
    assert "/penjualan/" not in page and 'href="/upt/LPPWT/kerja/' in page
