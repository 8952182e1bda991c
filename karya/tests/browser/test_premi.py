"""A premi run in Chromium: the treasurer previews the week's run of the broom workshop and
reads each share's explanation, the head approves it, and the run's slips are printed."""

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.premi import selectors
from karya.premi.models import InmateLedgerEntry
from karya.premi.tests.conftest import WEEK, make_sapu

pytestmark = pytest.mark.browser


def test_preview_approve_and_print_a_premi_run(
    page, new_context, log_in, make_user, officer, head, facility, monkeypatch, screenshot
):
    sapu = make_sapu(facility, officer)
    treasurer = make_user("treasurer", facility=facility, username="bendahara")

    def pools(*, workshops, period):  # the premi part of the week's proceeds (finance area)
        wanted = (sapu.workshop.pk, WEEK.start, WEEK.end)
        return {
            w.pk: Decimal(100_000) if (w.pk, period.start, period.end) == wanted else Decimal(0)
            for w in workshops
        }

    monkeypatch.setattr(selectors, "proceeds_pools", pools)

    # The treasurer previews the run of the week of 19 January 2026.
    log_in(page, treasurer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Keuangan"
    ).click()
    page.get_by_role("link", name="Perhitungan premi", exact=True).click()
    page.get_by_role("link", name="Perhitungan premi baru").click()
    page.get_by_label("Bengkel kerja").select_option(label="Bengkel Sapu")
    page.get_by_role("combobox", name="Periode").select_option(label="Minggu")
    page.get_by_label("Salah satu hari dalam periode").fill("2026-01-21")
    page.get_by_role("button", name="Pratinjau").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Perhitungan premi: Bengkel Sapu, 19 Januari 2026 – 25 Januari 2026"
    )
    expect(page.locator("#run-status")).to_have_text("Pratinjau")
    agus = page.locator("#share-table tbody tr", has_text="Agus Sapulidi")
    expect(agus.locator(".explanation")).to_have_text(
        "120 Sapu lidi × bobot 1 + 20 Sapu lakop × bobot 3 = 180 poin dari 240 poin → "
        "75,00% × Rp 100.000 = Rp 75.000"
    )
    expect(agus.locator(".amount")).to_have_text("Rp 75.000")
    expect(page.get_by_role("button", name="Setujui")).to_have_count(0)
    screenshot(page, "premi-pratinjau")
    run_url = page.url

    # The head approves it.
    head_page = new_context().new_page()
    log_in(head_page, head)
    head_page.goto(run_url)
    head_page.get_by_role("button", name="Setujui").click()
    expect(head_page.locator("ul.messages")).to_have_text(
        "Disetujui: premi sudah masuk ke catatan keuangan WBP."
    )
    expect(head_page.locator("#run-status")).to_contain_text("Disetujui · PRM/LPPWT/")
    with scopes_disabled():
        assert InmateLedgerEntry.objects.filter(kind="credit").count() == 2

    # The slips of the run, one inmate per page.
    with head_page.expect_response(lambda r: r.url.endswith("/slip.pdf")) as answer:
        head_page.get_by_role("link", name="Slip (PDF)").click()
    response = answer.value
    assert response.status == 200
    assert response.header_value("content-type") == "application/pdf"
    pdf = head_page.request.get(response.url).body()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        text = re.sub(r"\s+", " ", text)
        assert "Agus Sapulidi" in text and "Budi Anyamsari" in text
        assert "Rp 75.000" in text and "Rp 18.750" in text
