"""Who may open which order page: anonymous → login; a user of another unit → 404 (and
another unit's order or line through our unit's URL → 404); a partner's own user → 404;
security staff → 403; the treasurer reads but never writes; the history is for the head."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.programs.tests.test_documents_support import capture_html
from karya.sales.models import CustomerOrder, OrderLine

pytestmark = pytest.mark.django_db

# (url name, what it needs: "order" or "order"+"line", method, kind)
PAGES = [
    ("order-list", (), "get", "read"),
    ("order-detail", ("order",), "get", "read"),
    ("order-quotation-pdf", ("order",), "get", "read"),
    ("order-history", ("order",), "get", "audit"),
    ("order-create", (), "get", "write"),
    ("order-lines", ("order",), "get", "write"),
    ("order-line-update", ("order", "line"), "get", "write"),
    ("order-line-remove", ("order", "line"), "post", "write"),
    ("order-confirm", ("order",), "get", "write"),
    ("order-production", ("order",), "get", "write"),
    ("order-production-plan", ("order",), "get", "write"),
    ("order-deliver", ("order",), "get", "write"),
    ("order-cancel", ("order",), "get", "write"),
]
IDS = [p[0] for p in PAGES]
WRITES = [p for p in PAGES if p[3] == "write"]
READS = [p for p in PAGES if p[3] == "read"]


class Records:
    def __init__(self, order):
        self.order = order
        with scopes_disabled():
            self.line = order.lines.first()


@pytest.fixture
def ours(facility, quotation_in):
    return Records(quotation_in(facility))


@pytest.fixture
def theirs(other_facility, quotation_in):
    return Records(quotation_in(other_facility))


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


def page_url(page, facility, records, override=None):
    name, needs, *_ = page
    args = [facility.code]
    for attr in needs:
        source = override if override is not None and attr == needs[-1] else records
        args.append(getattr(source, attr).pk)
    return reverse(f"sales:{name}", args=args)


def call(client, page, target, data=None):
    return getattr(client, page[2])(target, data or {})


def unchanged(records) -> bool:
    with scopes_disabled():
        order = CustomerOrder.objects.get(pk=records.order.pk)
        return order.status == "quotation" and OrderLine.objects.filter(order=order).count() == 1


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, ours, page):
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_user_gets_404(login, make_user, facility, other_facility, ours, page):
    stranger = login(make_user("head", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, ours)).status_code == 404
    assert unchanged(ours)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_partner_user_gets_404(login, partner_user, facility, ours, page):
    assert call(login(partner_user), page, page_url(page, facility, ours)).status_code == 404
    assert unchanged(ours)


OBJECT_PAGES = [p for p in PAGES if p[1]]


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_order_through_our_url_is_404(login, head, facility, ours, theirs, page):
    client = login(head)
    assert call(client, page, page_url(page, facility, theirs)).status_code == 404
    if len(page[1]) > 1:  # their line under our order
        response = call(client, page, page_url(page, facility, ours, override=theirs))
        assert response.status_code == 404
    assert unchanged(theirs)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_security_staff_get_403(login, make_user, facility, ours, page):
    client = login(make_user("security", facility=facility))
    assert call(client, page, page_url(page, facility, ours)).status_code == 403


@pytest.mark.parametrize("page", WRITES, ids=[p[0] for p in WRITES])
def test_the_treasurer_cannot_write(login, treasurer, facility, ours, page):
    client = login(treasurer)
    target = page_url(page, facility, ours)
    assert call(client, page, target).status_code == 403
    posted = client.post(target, {"reason": "x", "due_on": "2026-02-05", "quantity": "1"})
    assert posted.status_code == 403
    assert unchanged(ours)


@pytest.mark.parametrize("page", READS, ids=[p[0] for p in READS])
def test_the_treasurer_reads_without_write_controls(login, treasurer, facility, ours, page):
    response = call(login(treasurer), page, page_url(page, facility, ours))
    assert response.status_code == 200
    if response["Content-Type"].startswith("text/html"):
        text = response.content.decode()
        for write in WRITES:
            if len(write[1]) <= 1:
                assert page_url(write, facility, ours) not in text, write[0]


def test_the_history_is_for_the_head(login, head, output_officer, facility, ours):
    target = page_url(PAGES[3], facility, ours)
    assert login(output_officer).get(target).status_code == 403
    response = login(head).get(target)
    assert response.status_code == 200 and ours.order.number in response.content.decode()


def test_the_nav_shows_orders_to_who_reads_sales(login, make_user, treasurer, facility, ours):
    """Orders are a card of the sales home, which the menu leads to for who reads sales."""
    link = reverse("sales:order-list", args=[facility.code])
    sales = reverse("sales:home", args=[facility.code])
    home = reverse("unit-home", args=[facility.code])
    assert sales in login(treasurer).get(home).content.decode()
    assert link in login(treasurer).get(sales).content.decode()
    assert sales not in login(make_user("officer", facility=facility)).get(home).content.decode()
