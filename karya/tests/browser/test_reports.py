"""Dashboards in Chromium: a Ditjenpas user opens the national dashboard, goes down to the
region and to one of its units, and downloads the unit's monthly report (PDF, then XLSX)."""

import io
import re
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from karya.finance.tests.helpers import make_rule
from karya.reports.periods import month_label
from karya.reports.services.targets import indicators_builtin_ensure
from karya.reports.tests.records import this_month_records

pytestmark = pytest.mark.browser


@pytest.fixture
def records(facility, other_facility, far_facility, head, make_user):
    """This month in Purwokerto: Rp 300.000 of counter sales paid, Rp 100.000 PNBP deposited
    against a target of Rp 400.000; two regions, Jawa Tengah with two units.

    The built-in indicators come from a data migration, which the flushes of earlier
    transactional tests (the live server's, the concurrency tests') empty: put back."""
    indicators_builtin_ensure()
    make_rule((30, 40, 30), name="Pembagian hasil nasional")
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    return this_month_records(facility, seller=head, treasurer=treasurer)


def test_national_dashboard_down_to_a_units_monthly_report(
    page, log_in, make_user, records, screenshot
):
    national = make_user("national", username="ditjenpas")
    log_in(page, national)
    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("link", name="Dasbor nasional").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor: Seluruh Indonesia")
    regions = page.locator("#compared-table tbody tr")
    expect(regions).to_have_count(2)  # Jawa Tengah and Jawa Timur
    expect(page.locator('[data-figure="revenue-ytd"]')).to_have_text("Rp 300.000")
    expect(page.locator("svg.chart").first).to_be_visible()  # drawn by the server
    screenshot(page, "dasbor-nasional")

    # Down to the region: its units side by side.
    page.get_by_role("link", name="Kanwil Jawa Tengah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor: Kanwil Jawa Tengah")
    expect(page.locator("#compared-table tbody tr")).to_have_count(2)
    pnbp_ranking = page.locator('[data-ranking="pnbp_realisation"] li').first
    expect(pnbp_ranking).to_have_text("Lapas Kelas IIA Purwokerto — 25,0 %")

    # Down to the unit.
    page.locator("#compared-table").get_by_role("link", name="Lapas Kelas IIA Purwokerto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor: Lapas Kelas IIA Purwokerto")
    revenue = page.locator('tr[data-measure="revenue"]')
    expect(revenue.locator(".month")).to_have_text("Rp 300.000")
    pnbp = page.locator('#target-table tr[data-indicator="pnbp"]')
    expect(pnbp.locator(".achieved")).to_have_text("25,0 %")
    expect(page.locator("select#bulan")).to_have_value(f"{records:%Y-%m}")
    screenshot(page, "dasbor-upt")

    # Its monthly report, as PDF and as XLSX.
    with page.expect_download() as download:
        page.get_by_role("link", name="Laporan bulanan (PDF)").click()
    pdf = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert download.value.suggested_filename == f"laporan-bulanan-lppwt-{records:%Y-%m}.pdf"
    text = re.sub(
        r"\s+",
        " ",
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode(),
    )
    assert "LAPORAN BULANAN KEGIATAN KERJA" in text
    assert f"Lapas Kelas IIA Purwokerto · {month_label(records, language='id')}" in text
    assert "Rp 300.000" in text and "25,0 %" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Laporan bulanan (XLSX)").click()
    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    summary = {row[0]: row[1:3] for row in book["Ringkasan"].iter_rows(values_only=True) if row[0]}
    assert summary["Penjualan"] == (300000, 300000)
