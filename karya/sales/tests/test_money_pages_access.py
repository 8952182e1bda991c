"""Who may open which counter, sales, invoice and payment page: anonymous → login; another
unit's user → 404 (and another unit's records through our unit's URLs → 404); a partner's own
user → 404; security staff → 403; the treasurer reads and records payments but does not sell;
the output officer sells."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django_scopes import scope

from karya.accounts.services import membership_create
from karya.partners.services.partners import partner_create
from karya.programs.tests.test_documents_support import capture_html
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create
from karya.sales.tests.counter_support import Counter, add_price, money_rows

pytestmark = pytest.mark.django_db

# (url name, the record it needs, method, kind)
PAGES = [
    ("home", None, "get", "read"),
    ("sale-list", None, "get", "read"),
    ("sale-detail", "sale", "get", "read"),
    ("counter-day", None, "get", "read"),
    ("counter-done", "sale", "get", "read"),
    ("invoice-list", None, "get", "read"),
    ("invoice-detail", "invoice", "get", "read"),
    ("invoice-pdf", "invoice", "get", "read"),
    ("receipt-pdf", "payment", "get", "read"),
    ("counter", None, "get", "sell"),
    ("counter-total", None, "post", "sell"),
    ("counter-cancel", "sale", "get", "sell"),
    ("invoice-pay", "invoice", "get", "pay"),
    ("sale-pay", "owing", "get", "pay"),
    ("payment-refund", "payment", "get", "pay"),
]
IDS = [p[0] for p in PAGES]
OBJECT_PAGES = [p for p in PAGES if p[1]]


@dataclass
class Records:
    sale: object  # a counter sale
    invoice: object
    payment: object
    owing: object  # a sale without invoice not paid yet


def records_of(unit, counter: Counter | None, make_user) -> Records:
    """A counter sale (paid), an invoiced order and a sale owed without invoice in `unit`."""
    from karya.inventory.tests.conftest import make_location, make_product

    with scope(facility=[unit.pk]):
        if counter is None:
            officer = make_user("output_officer", facility=unit)
            gallery = make_location(unit, name="Galeri", kind="gallery")
            service = make_product(unit, name="Cuci mobil", unit="kali", category="jasa")
            add_price(service, 40000)
        else:
            officer, gallery, service = counter.officer, counter.gallery, counter.car_wash
        sale = counter_sale(
            actor=officer,
            location=gallery,
            lines=[CounterLine(service, 1)],
            payment_method="cash",
        )
        order = sale_create(
            actor=officer,
            facility=unit,
            channel="order",
            lines=[LineInput(service, 2, 40000)],
            invoice=InvoiceInput(bill_to="Dinas", due_on=sale.sold_at.date().replace(year=2099)),
        )
        owing = sale_create(
            actor=officer, facility=unit, channel="counter", lines=[LineInput(service, 1, 40000)]
        )
        return Records(sale, order.invoice, sale.payments.get(), owing)


@pytest.fixture
def ours(facility, counter, make_user):
    return records_of(facility, counter, make_user)


@pytest.fixture
def theirs(other_facility, make_user):
    return records_of(other_facility, None, make_user)


def page_url(page, facility, records):
    name, needs, *_ = page
    args = [getattr(records, needs).pk] if needs else []
    return reverse(f"sales:{name}", args=[facility.code, *args])


def call(client, page, target):
    return getattr(client, page[2])(target)


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, ours, page):
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(login, make_user, facility, other_facility, ours, page):
    stranger = login(make_user("head", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, ours)).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_partners_user_gets_404(login, make_user, facility, counter, ours, page):
    with scope(facility=[facility.pk]):
        partner = partner_create(
            actor=counter.officer, facility=facility, legal_form="CV", legal_name="CV. Mitra"
        )
    user = make_user(username="mitra.cv")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    assert call(login(user), page, page_url(page, facility, ours)).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_records_through_our_url_are_404(login, head, facility, ours, theirs, page):
    assert call(login(head), page, page_url(page, facility, theirs)).status_code == 404


@pytest.mark.parametrize("role", ["security", "pr", "officer"])
@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_staff_without_sales_rights_get_403(login, make_user, facility, ours, role, page):
    client = login(make_user(role, facility=facility))
    assert call(client, page, page_url(page, facility, ours)).status_code == 403


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_treasurer_reads_and_records_money_but_does_not_sell(
    login, make_user, facility, ours, page
):
    client = login(make_user("treasurer", facility=facility))
    response = call(client, page, page_url(page, facility, ours))
    if page[3] == "sell":
        assert response.status_code == 403
        before = money_rows()
        client.post(page_url(page, facility, ours), {"reason": "x", "payment_method": "cash"})
        assert money_rows() == before
    else:
        assert response.status_code == 200
    if response.get("Content-Type", "").startswith("text/html") and page[3] != "sell":
        text = response.content.decode()
        assert 'href="' + reverse("sales:counter", args=[facility.code]) + '"' not in text
        assert reverse("sales:counter-cancel", args=[facility.code, ours.sale.pk]) not in text


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_the_output_officer_opens_every_page(login, facility, counter, ours, page):
    response = call(login(counter.officer), page, page_url(page, facility, ours))
    assert response.status_code == 200
