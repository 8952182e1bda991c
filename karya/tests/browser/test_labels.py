"""Printing product labels in Chromium: from a location's stock, "Cetak label" on a lot row,
choose how many, and get the PDF sheet."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from karya.inventory.models import Lot, StockLocation
from karya.inventory.services import stock_receive
from karya.production.models import Product

pytestmark = pytest.mark.browser


@pytest.fixture
def stock(facility, make_user):
    with scopes_disabled():
        product = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        lot = Lot.objects.create(
            facility=facility, product=product, code="L-2026-001", produced_on=dt.date(2026, 1, 20)
        )
        store = StockLocation.objects.create(
            facility=facility, name="Gudang Produksi", kind="store"
        )
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=make_user("output_officer", facility=facility),
            location=store,
            product=product,
            lot=lot,
            quantity=12,
            kind="opening",
        )
    return store, lot


def test_print_labels_of_a_lot(page, log_in, officer, facility, stock, screenshot):
    store, lot = stock
    log_in(page, officer)
    page.goto(f"/upt/{facility.code}/stok/lokasi/{store.pk}/")
    row = page.locator("table.table tbody tr", has_text="L-2026-001")
    row.get_by_role("link", name="Cetak label").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cetak label")
    count = page.get_by_label("Jumlah label")
    expect(count).to_have_value("12")  # one per unit in stock
    screenshot(page, "cetak-label")

    # Out of range: explained on the page, no PDF.
    count.evaluate("el => el.removeAttribute('max')")  # past the browser's own check
    count.fill("300")
    page.get_by_role("button", name="Cetak label (PDF)").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Jumlah label harus bilangan bulat dari 1 sampai 240."
    )

    page.get_by_label("Jumlah label").fill("6")
    page.get_by_label("Mulai dari posisi").fill("4")
    with page.expect_response(lambda r: "/label/pdf/" in r.url) as answer:
        page.get_by_role("button", name="Cetak label (PDF)").click()
    response = answer.value
    assert response.status == 200
    assert response.header_value("content-type") == "application/pdf"
    assert "jumlah=6" in response.url and "mulai=4" in response.url
    # Chromium shows the PDF in its viewer; fetch the same address with the same session.
    again = page.request.get(response.url)
    assert again.headers["content-type"] == "application/pdf"
    assert again.body().startswith(b"%PDF")
