"""PNBP in Chromium: the treasurer opens Keuangan → PNBP, sees what is payable from the money
received, records a deposit (a wrong NTPN is refused next to its field) and sees the
reconciliation change."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from karya.core.dates import today_in
from karya.finance.models import PnbpDeposit
from karya.finance.tests.helpers import make_rule
from karya.inventory.tests.conftest import make_product
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import LineInput, sale_create

pytestmark = pytest.mark.browser


@pytest.fixture
def harvest(facility, make_user):
    """Rp 1.270.000 received a minute ago, split 30 / 40 / 30: Rp 508.000 of PNBP payable."""
    make_rule((30, 40, 30), name="Pembagian hasil nasional")
    clerk = make_user("output_officer", facility=facility)
    product = make_product(facility, name="Sayur hidroponik", unit="kg", category="pertanian")
    paid_at = timezone.now() - dt.timedelta(minutes=1)
    with scope(facility=[facility.pk]):
        sale = sale_create(
            actor=clerk,
            facility=facility,
            channel="counter",
            sold_at=paid_at,
            lines=[LineInput(product, 127, 10000)],
        )
        payment_record(actor=clerk, sale=sale, amount=1270000, method="cash", paid_at=paid_at)


def test_the_treasurer_records_a_deposit_and_sees_the_reconciliation_change(
    page, log_in, make_user, facility, harvest, screenshot
):
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    today = today_in(facility.timezone)
    log_in(page, treasurer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Keuangan"
    ).click()
    page.get_by_role("link", name="PNBP", exact=True).click()
    total = page.locator("#reconciliation-total")
    expect(total).to_contain_text("Rp 508.000")
    expect(total.locator("td").nth(3)).to_have_text("Rp 508.000")  # still to deposit

    page.get_by_role("link", name="Catat setoran").click()
    page.get_by_label("Kode billing SIMPONI").fill("8202 6013 1000 123")
    page.get_by_label("Jumlah (Rp)").fill("500.000")
    page.get_by_label("Tanggal setor").fill(today.isoformat())
    page.get_by_label("NTPN").fill("0A1B2C3D")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".has-error .error")).to_have_text(
        "NTPN terdiri atas 16 huruf dan angka, seperti tercetak pada bukti penerimaan negara."
    )
    page.get_by_label("NTPN").fill("0A1B2C3D4E5F6G7H")
    page.get_by_role("button", name="Simpan").click()

    expect(page.locator("ul.messages")).to_have_text("Setoran tercatat.")
    expect(total.locator("td").nth(1)).to_have_text("Rp 500.000")  # deposited
    expect(total.locator("td").nth(3)).to_have_text("Rp 8.000")  # still to deposit
    expect(page.locator("#deposits")).to_contain_text("820260131000123")
    screenshot(page, "pnbp")
    with scopes_disabled():
        assert PnbpDeposit.objects.get().ntpn == "0A1B2C3D4E5F6G7H"
