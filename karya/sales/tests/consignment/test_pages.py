"""The consignment pages as an output officer uses them (in Indonesian): the overview with ages
and overdue marks, a partner's page, recording a settlement for a period, confirming or
rejecting it, and taking unsold goods back. List pages keep their query count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.inventory.tests.conftest import ledger_problems, quantity_at
from karya.sales.models import Invoice, Settlement
from karya.sales.tests.consignment.conftest import SHOP

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def test_the_menu_leads_to_consignment(login, output_officer, facility):
    """Penjualan in the menu, then the Konsinyasi card of the sales home."""
    client = login(output_officer)
    response = client.get(reverse("unit-home", args=[facility.code]))
    assert f'href="{url("home", facility)}">Penjualan<' in response.text
    response = client.get(url("home", facility))
    assert f'href="{url("consignment-overview", facility)}">Konsinyasi<' in response.text


def test_the_overview_shows_each_partners_goods_by_age_and_what_is_overdue(
    login, output_officer, facility, store, shop_agreement, trap, nest, trap_lot, today
):
    from karya.sales.services.consignment import consignment_location
    from karya.sales.tests.consignment.conftest import consign

    with scopes_disabled():
        location = consignment_location(actor=output_officer, partner=shop_agreement.partner)
    consign(output_officer, store, location, trap, 12, trap_lot, days_ago=95)
    consign(output_officer, store, location, nest, 5, days_ago=10)
    text = login(output_officer).get(url("consignment-overview", facility)).text
    assert "Konsinyasi" in text and SHOP in text
    assert "Rp 545.000" in text  # 12 × 35.000 + 5 × 25.000
    assert "95 hari" in text and "10 hari" in text
    assert "ditahan terlalu lama" in text
    assert "perlu penyelesaian" in text  # goods held for more than a month, never settled
    assert url("consignment-partner", facility, shop_agreement.partner.pk) in text


def test_the_overview_and_the_partner_page_keep_their_query_count(
    login, output_officer, facility, world, django_assert_max_num_queries
):
    first = world(name="Toko Satu")
    client = login(output_officer)
    pages = [
        url("consignment-overview", facility),
        url("consignment-partner", facility, first.partner.pk),
    ]
    counts = []
    for page in pages:
        with django_assert_max_num_queries(40) as few:
            assert client.get(page).status_code == 200
        counts.append(len(few.captured_queries))
    for n in range(4):
        world(name=f"Toko {n}")
    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            response = client.get(page)
        assert response.status_code == 200
    assert "Toko 3" in client.get(pages[0]).text


def test_the_partner_page_shows_goods_agreements_settlements_and_returns(
    login, output_officer, facility, world
):
    ours = world()
    text = login(output_officer).get(url("consignment-partner", facility, ours.partner.pk)).text
    assert ours.product.name in text and "16 buah" in text  # 20 − 3 sold − 1 back
    assert ours.settlement.number in text and ours.confirmed.number in text
    assert "Diajukan, menunggu konfirmasi" in text and "Dikonfirmasi (ditagihkan)" in text
    assert "Rp 94.500" in text  # 3 × 35.000 less 10 %
    assert f"Gudang {SHOP}" in text  # where the returned trap went
    assert url("consignment-settlement-create", facility, ours.agreement.pk) in text


def test_an_officer_records_a_settlement_from_the_prefilled_products(
    login, output_officer, facility, shop_agreement, consigned, trap, nest, today
):
    client = login(output_officer)
    target = url("consignment-settlement-create", facility, shop_agreement.pk)
    page = client.get(target).text
    assert f'name="sold_{trap.pk}"' in page and f'name="sold_{nest.pk}"' in page
    assert "100 buah" in page and "40 buah" in page and "Rp 35.000" in page
    assert f'value="{today.replace(day=1):%Y-%m-%d}"' in page  # from the first of the month
    response = client.post(
        target,
        {
            "period_start": (today - dt.timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            f"sold_{trap.pk}": "10",
            f"sold_{nest.pk}": "",
            "note": "Laporan via WhatsApp",
        },
    )
    with scopes_disabled():
        settlement = Settlement.objects.get()
    assert response.status_code == 302
    assert response.url == url("consignment-settlement", facility, settlement.pk)
    detail = client.get(response.url).text
    assert settlement.number in detail
    assert "Rp 350.000" in detail and "Rp 35.000" in detail and "Rp 315.000" in detail
    assert "Laporan via WhatsApp" in detail


@pytest.mark.parametrize(
    ("quantity", "message"),
    [("101", "hanya menyimpan 100"), ("", "Laporkan sedikitnya satu produk yang terjual.")],
)
def test_a_refused_settlement_says_why_and_writes_nothing(
    login, output_officer, facility, shop_agreement, consigned, trap, today, quantity, message
):
    response = login(output_officer).post(
        url("consignment-settlement-create", facility, shop_agreement.pk),
        {
            "period_start": (today - dt.timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            f"sold_{trap.pk}": quantity,
        },
    )
    assert response.status_code == 200 and message in response.text
    with scopes_disabled():
        assert not Settlement.objects.exists()


def test_a_future_period_is_shown_next_to_its_field(
    login, output_officer, facility, shop_agreement, consigned, trap, today
):
    response = login(output_officer).post(
        url("consignment-settlement-create", facility, shop_agreement.pk),
        {
            "period_start": today.isoformat(),
            "period_end": (today + dt.timedelta(days=1)).isoformat(),
            f"sold_{trap.pk}": "1",
        },
    )
    field = re.search(r'<div class="field has-error">.*?</div>', response.text, re.S)
    assert field and 'name="period_end"' in field[0] and "setelah hari ini" in field[0]


def test_confirming_from_the_page_invoices_the_partner(login, output_officer, facility, world):
    ours = world()
    client = login(output_officer)
    detail = url("consignment-settlement", facility, ours.settlement.pk)
    page = client.get(detail).text
    assert url("consignment-settlement-confirm", facility, ours.settlement.pk) in page
    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    response = client.post(
        url("consignment-settlement-confirm", facility, ours.settlement.pk), {"due_on": due}
    )
    assert response.status_code == 302 and response.url == detail
    with scopes_disabled():
        invoice = Invoice.objects.get(sale__settlement=ours.settlement)
    page = client.get(detail).text
    assert invoice.number in page and "Rp 63.000" in page  # 2 × 35.000 − 10 %
    assert url("consignment-settlement-confirm", facility, ours.settlement.pk) not in page
    assert quantity_at(ours.location, ours.product) == 14
    again = client.post(url("consignment-settlement-confirm", facility, ours.settlement.pk), {})
    assert again.status_code == 200 and "hanya yang menunggu konfirmasi" in again.text
    assert ledger_problems(facility) == []


def test_rejecting_from_the_page_needs_a_reason(login, output_officer, facility, world):
    ours = world()
    client = login(output_officer)
    target = url("consignment-settlement-reject", facility, ours.settlement.pk)
    assert client.post(target, {"reason": ""}).status_code == 200
    response = client.post(target, {"reason": "Periode salah"})
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "Ditolak" in page and "Periode salah" in page


def test_taking_goods_back_from_the_page(login, output_officer, facility, world):
    ours = world()
    client = login(output_officer)
    target = url("consignment-return", facility, ours.partner.pk)
    page = client.get(f"{target}?produk={ours.product.pk}&lokasi={ours.location.pk}").text
    assert f'<option value="{ours.product.pk}" selected>' in page
    data = {
        "location": ours.location.pk,
        "product": ours.product.pk,
        "destination": ours.store.pk,
        "note": "Tidak laku",
    }
    refused = client.post(target, {**data, "quantity": 15})
    # 16 held, 2 of them in the report awaiting confirmation: 14 may come back.
    assert refused.status_code == 200 and "paling banyak 14" in refused.text
    response = client.post(target, {**data, "quantity": 14})
    assert response.status_code == 302
    assert response.url == url("consignment-partner", facility, ours.partner.pk) + "#returns"
    assert quantity_at(ours.location, ours.product) == 2


def test_a_partner_without_a_location_gets_one_from_its_page(
    login, output_officer, facility, shop_agreement
):
    client = login(output_officer)
    page = url("consignment-partner", facility, shop_agreement.partner.pk)
    assert "Buka lokasi stok di mitra ini" in client.get(page).text
    response = client.post(url("consignment-location", facility, shop_agreement.partner.pk))
    assert response.status_code == 302
    with scopes_disabled():
        location = shop_agreement.partner.stock_locations.get()
    assert (location.kind, location.name) == ("partner", SHOP)
    assert "Buka lokasi stok di mitra ini" not in client.get(page).text
