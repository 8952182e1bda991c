"""Who may open which consignment page: anonymous → login; another unit's staff → 404 (and
another unit's records through our unit's URLs → 404); a partner's own user → 404 (it sees no
unit page); security staff → 403; the treasurer reads but never writes."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.accounts.services import membership_create
from karya.inventory.models import StockMove
from karya.sales.models import Settlement

pytestmark = pytest.mark.django_db

# (url name, the record it needs from a world, method, kind)
PAGES = [
    ("consignment-overview", None, "get", "read"),
    ("consignment-partner", "partner", "get", "read"),
    ("consignment-settlement", "settlement", "get", "read"),
    ("consignment-settlement-create", "agreement", "get", "write"),
    ("consignment-settlement-confirm", "settlement", "get", "write"),
    ("consignment-settlement-reject", "settlement", "get", "write"),
    ("consignment-return", "partner", "get", "write"),
    ("consignment-location", "partner", "post", "write"),
]
IDS = [p[0] for p in PAGES]
OBJECT_PAGES = [p for p in PAGES if p[1]]
WRITES = [p for p in PAGES if p[3] == "write"]
READS = [p for p in PAGES if p[3] == "read"]


def page_url(page, facility, records):
    name, needs, *_ = page
    args = [getattr(records, needs).pk] if needs else []
    return reverse(f"sales:{name}", args=[facility.code, *args])


def call(client, page, target):
    return getattr(client, page[2])(target)


@pytest.fixture
def ours(world):
    return world()


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_anonymous_is_sent_to_login(client, facility, ours, page):
    response = call(client, page, page_url(page, facility, ours))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_another_units_staff_get_404(login, make_user, facility, other_facility, ours, page):
    stranger = login(make_user("output_officer", facility=other_facility))
    assert call(stranger, page, page_url(page, facility, ours)).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_records_through_our_url_are_404(
    login, output_officer, facility, other_facility, ours, world, page
):
    theirs = world(other_facility)
    client = login(output_officer)
    assert call(client, page, page_url(page, facility, theirs)).status_code == 404


def test_an_agreement_without_consignment_has_no_settlement_form(
    login, output_officer, facility, ours
):
    from karya.sales.tests.conftest import make_agreement

    outright = make_agreement(facility, schemes=["beli_putus"], name="CV. Lain")
    target = reverse("sales:consignment-settlement-create", args=[facility.code, outright.pk])
    assert login(output_officer).get(target).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_a_partners_own_user_sees_no_staff_page(login, make_user, facility, ours, page):
    user = make_user(username="mitra.acun")
    membership_create(actor=None, user=user, role="partner", partner=ours.partner)
    assert call(login(user), page, page_url(page, facility, ours)).status_code == 404


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_security_staff_get_403(login, make_user, facility, ours, page):
    client = login(make_user("security", facility=facility))
    assert call(client, page, page_url(page, facility, ours)).status_code == 403


@pytest.mark.parametrize("page", WRITES, ids=[p[0] for p in WRITES])
def test_the_treasurer_cannot_write(login, treasurer, facility, ours, page):
    client = login(treasurer)
    target = page_url(page, facility, ours)
    with scopes_disabled():
        moves = StockMove.objects.count()
        settlements = Settlement.objects.count()
    assert call(client, page, target).status_code == 403
    assert client.post(target, {"reason": "x", "quantity": 1}).status_code == 403
    with scopes_disabled():
        assert StockMove.objects.count() == moves
        assert Settlement.objects.count() == settlements
        assert Settlement.objects.get(pk=ours.settlement.pk).status == "submitted"


@pytest.mark.parametrize("page", READS, ids=[p[0] for p in READS])
def test_the_treasurer_reads_without_write_controls(login, treasurer, facility, ours, page):
    response = call(login(treasurer), page, page_url(page, facility, ours))
    assert response.status_code == 200
    for write in WRITES:
        assert page_url(write, facility, ours) not in response.text, write[0]


def test_url_paths(facility, ours):
    settlement = ours.settlement.pk
    assert page_url(PAGES[0], facility, ours) == "/upt/LPPWT/penjualan/konsinyasi/"
    assert (
        page_url(PAGES[2], facility, ours)
        == f"/upt/LPPWT/penjualan/konsinyasi/penyelesaian/{settlement}/"
    )
