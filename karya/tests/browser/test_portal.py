"""The partner portal in Chromium: CV. Pusat Handicraft's own user logs in, lands on the
portal, opens its agreement and its handover of 31 January 2026 with its BAST, finds no unit
page, and sends a sales report for the goods it holds on consignment."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.notifications.models import Notification
from karya.portal.tests.conftest import make_partner_user, make_world
from karya.sales.models import Settlement

pytestmark = pytest.mark.browser


@pytest.fixture
def world(settings, tmp_path, facility, make_user, national_split_rule):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = make_user("output_officer", facility=facility, username="hasilkerja")
    ours = make_world(
        facility, staff, name="CV. Pusat Handicraft", product_name="Sapu lidi", code="A"
    )
    make_world(facility, staff, name="Toko Acun Akuarium", product_name="Perangkap tikus", code="B")
    return ours


def test_a_partner_user_sees_its_agreement_and_handover(
    page, log_in, make_user, facility, world, screenshot
):
    user = make_partner_user(make_user, world.partner)
    log_in(page, user)
    expect(page).to_have_url(re.compile(r"/portal-mitra/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Portal mitra")
    expect(page.locator("#invoice-table")).to_contain_text("lewat tenggat")
    expect(page.locator("#stock-table")).to_contain_text("Sapu lidi")
    expect(page.locator("main")).not_to_contain_text("Perangkap tikus")
    screenshot(page, "portal-mitra-beranda")

    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.get_by_role("link", name="Kerja sama").click()
    page.get_by_role("link", name="Pemasaran Sapu lidi").click()
    expect(page.locator("#agreement-status")).to_have_text("PKS berlaku")
    expect(page.locator("#product-table")).to_contain_text("Rp 2.500")
    row = page.locator("#obligation-table tbody tr", has_text="Menyediakan Sapu lidi")
    expect(row).to_contain_text("Belum dipenuhi")

    nav.get_by_role("link", name="Serah terima").click()
    page.get_by_role("link", name="BAST/A/2026/01/0001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Serah terima BAST/A/2026/01/0001")
    expect(page.locator("dl.details")).to_contain_text("31 Januari 2026, 09.40 WIB")
    expect(page.locator("#line-table tbody")).to_contain_text("L-A-001")
    expect(page.locator("#handover-total")).to_have_text("Rp 750.000")
    screenshot(page, "portal-mitra-serah-terima")
    detail_url = page.url
    with page.expect_response(lambda r: r.url.endswith("/bast.pdf")) as answer:
        page.locator("main").get_by_role("link", name="BAST (PDF)").click()
    assert answer.value.header_value("content-type") == "application/pdf"
    # Chromium shows the PDF in its viewer; fetch the same address with the same session.
    pdf = page.request.get(answer.value.url)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.goto(detail_url)

    response = page.goto(f"/upt/{facility.code}/")
    assert response.status == 404

    # The sales report: the goods held are listed with how many are already reported.
    page.goto("/portal-mitra/")
    page.get_by_role("link", name="Kirim laporan penjualan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirim laporan penjualan")
    row = page.locator("#settlement-form tbody tr", has_text="Sapu lidi")
    expect(row).to_contain_text("120 batang")
    expect(row).to_contain_text("20 dalam penyelesaian yang menunggu konfirmasi")
    page.get_by_label("Sapu lidi").fill("30")
    page.get_by_label("Catatan").fill("Terjual di toko Purwokerto")
    screenshot(page, "portal-mitra-laporan-penjualan")
    page.get_by_role("button", name="Kirim laporan penjualan").click()
    expect(page.locator("ul.messages")).to_contain_text("telah dikirim ke UPT")
    expect(page.locator("#settlement-status")).to_have_text("Diajukan, menunggu konfirmasi")
    expect(page.locator("#settlement-sums")).to_contain_text("Rp 60.000")

    with scopes_disabled():
        settlement = Settlement.objects.filter(partner=world.partner).latest("pk")
        lines = [(line.product.name, line.quantity) for line in settlement.lines.all()]
    assert (settlement.reported_by_partner, settlement.submitted_by, lines) == (
        True,
        user,
        [("Sapu lidi", 30)],
    )
    assert Notification.objects.filter(user__username="hasilkerja").count() == 1
