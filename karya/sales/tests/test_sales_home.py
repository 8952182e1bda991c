"""The sales home page (/upt/<unit>/penjualan/): one card per part of the sales area with its
figures of the day — the counter today, what is owed and overdue, this month's pick-ups and
drafts, sales reports to confirm, open orders, this month's sales — in a fixed number of
queries; the top navigation keeps only "Penjualan" (and "Kasir" for who sells)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from karya.catalogue.services import quote_request_create
from karya.inventory.tests.conftest import make_product
from karya.sales.services.counter import CounterLine, counter_sale, counter_sale_cancel
from karya.sales.services.handovers import handover_post
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create
from karya.sales.tests.consignment.conftest import world  # noqa: F401
from karya.sales.tests.counter_support import add_price
from karya.sales.tests.orders.conftest import quotation_in  # noqa: F401

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def figure(page: str, name: str) -> str:
    return re.search(rf'id="{name}">([^<]*)<', page).group(1)


@pytest.fixture
def car_wash(facility):
    product = make_product(facility, name="Cuci mobil", unit="kali", category="jasa")
    add_price(product, 40000)
    return product


def wash(facility, officer, gallery, car_wash, times=1, method="cash"):
    with scope(facility=[facility.pk]):
        return counter_sale(
            actor=officer,
            location=gallery,
            lines=[CounterLine(car_wash, times)],
            payment_method=method,
            reference="" if method == "cash" else "QRIS-1",
        )


def invoiced(facility, officer, car_wash, times, *, sold_at=None, due):
    with scope(facility=[facility.pk]):
        return sale_create(
            actor=officer,
            facility=facility,
            channel="order",
            sold_at=sold_at,
            lines=[LineInput(car_wash, times, 40000)],
            invoice=InvoiceInput(bill_to="Dinas Pendidikan", due_on=due),
        )


def test_the_counter_card_shows_today(login, facility, output_officer, gallery, car_wash):
    wash(facility, output_officer, gallery, car_wash)
    cancelled = wash(facility, output_officer, gallery, car_wash, times=2, method="qris")
    with scope(facility=[facility.pk]):
        counter_sale_cancel(actor=output_officer, sale=cancelled, reason="Salah input")
    page = login(output_officer).get(url("home", facility)).content.decode()
    assert figure(page, "counter-received") == "Rp 40.000"  # the cancelled sale paid back
    assert "diterima hari ini dari 1 penjualan" in page
    assert f'href="{url("counter", facility)}"' in page
    assert f'href="{url("counter-day", facility)}"' in page
    assert figure(page, "sold-this-month") == "Rp 40.000"


def test_the_invoice_card_shows_what_is_owed_and_overdue(
    login, facility, output_officer, treasurer, car_wash
):
    late = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)
    invoiced(facility, output_officer, car_wash, 3, sold_at=late, due=dt.date(2026, 2, 14))
    part_paid = invoiced(facility, output_officer, car_wash, 2, due=dt.date(2099, 1, 31))
    paid = invoiced(facility, output_officer, car_wash, 1, due=dt.date(2099, 1, 31))
    with scope(facility=[facility.pk]):
        payment_record(actor=treasurer, sale=part_paid, amount=30000, method="cash")
        payment_record(actor=treasurer, sale=paid, amount=40000, method="cash")
    page = login(treasurer).get(url("home", facility)).content.decode()
    assert figure(page, "invoices-owed") == "Rp 170.000"  # 120.000 + 50.000
    assert "masih terutang pada 2 tagihan" in page
    assert "1 lewat jatuh tempo: Rp 120.000" in page
    assert f'href="{url("invoice-list", facility)}?status=overdue"' in page


def test_the_pick_up_card_counts_this_months_posted_pick_ups_and_the_drafts(
    login, facility, output_officer, make_draft, broom, lakop, stocked
):
    with scope(facility=[facility.pk]):
        handover_post(actor=output_officer, handover=make_draft())  # 31 January 2026
        this_month = make_draft(
            at=timezone.now() - dt.timedelta(seconds=5),
            lines=[(broom, 100, stocked), (lakop, 10, None)],
        )
        handover_post(actor=output_officer, handover=this_month)
    make_draft()  # not posted yet
    page = login(output_officer).get(url("home", facility)).content.decode()
    assert figure(page, "pick-ups-this-month") == "1"
    assert "1 draf menunggu posting" in page
    assert f'href="{url("handover-list", facility)}?status=draft"' in page
    assert f'href="{url("handover-create", facility)}"' in page


def test_the_work_waiting(
    login,
    facility,
    treasurer,
    car_wash,
    world,  # noqa: F811
    quotation_in,  # noqa: F811
):
    world(facility)  # one sales report submitted, one confirmed
    quotation_in(facility)
    with scopes_disabled():
        car_wash.is_published = True
        car_wash.save()
    for name in ("Bu Rina", "Pak Hasan"):  # two requests from the public catalogue
        quote_request_create(
            unit_code=facility.code,
            product_id=car_wash.pk,
            name=name,
            contact="081234567890",
            quantity=2,
        )
    page = login(treasurer).get(url("home", facility)).content.decode()
    assert figure(page, "settlements-waiting") == "1"
    assert figure(page, "orders-open") == "1"
    assert figure(page, "new-requests") == "2"
    assert f'href="{reverse("quote-requests:list", args=[facility.code])}"' in page
    # The treasurer reads and records money, but does not sell.
    for name in ("counter", "handover-create", "order-create"):
        assert f'href="{url(name, facility)}"' not in page
    assert f'href="{url("counter-day", facility)}"' in page


def test_the_page_takes_a_fixed_number_of_queries(
    login, facility, output_officer, gallery, car_wash, django_assert_max_num_queries
):
    client = login(output_officer)
    wash(facility, output_officer, gallery, car_wash)
    invoiced(facility, output_officer, car_wash, 1, due=dt.date(2099, 1, 31))
    with django_assert_max_num_queries(16) as few:
        client.get(url("home", facility))
    january = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)
    for _ in range(5):
        wash(facility, output_officer, gallery, car_wash)
        invoiced(facility, output_officer, car_wash, 1, sold_at=january, due=dt.date(2026, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("home", facility)).content.decode()
    assert figure(page, "counter-received") == "Rp 240.000"


def test_the_top_navigation_has_one_link_to_sales(login, facility, output_officer, treasurer):
    nav = re.compile(r'<nav class="mainnav".*?</nav>', re.S)
    officer_nav = nav.search(login(output_officer).get(url("home", facility)).text).group(0)
    assert f'href="{url("home", facility)}">Penjualan<' in officer_nav
    assert f'href="{url("counter", facility)}">Kasir<' in officer_nav
    for part in ("invoice-list", "handover-list", "consignment-overview", "order-list"):
        assert url(part, facility) not in officer_nav
    assert reverse("quote-requests:list", args=[facility.code]) not in officer_nav
    treasurer_nav = nav.search(login(treasurer).get(url("home", facility)).text).group(0)
    assert f'href="{url("home", facility)}">Penjualan<' in treasurer_nav
    assert url("counter", facility) not in treasurer_nav
    finance = reverse("finance:home", args=[facility.code])
    assert f'href="{finance}">Keuangan<' in treasurer_nav
    assert reverse("premi:run-list", args=[facility.code]) not in treasurer_nav
