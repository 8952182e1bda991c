"""Who may open which stock page: anonymous → login, another unit → 404 (its objects through
one's own unit too), roles without the permission → 403, and each role what it needs."""

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.core.dates import today_in
from karya.inventory.models import StockBalance, StockCount
from karya.inventory.services import stock_receive
from karya.inventory.services.counts import stock_count_create
from karya.inventory.tests.conftest import make_location, make_product

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"inventory:{name}", args=[facility.code, *args])


def _stock(facility, actor, location, product):
    with scope(facility=[facility.pk]):
        stock_receive(actor=actor, location=location, product=product, quantity=10, kind="opening")
        count = stock_count_create(
            actor=actor, location=location, counted_on=today_in(facility.timezone)
        )
    with scopes_disabled():
        balance = StockBalance.objects.get(location=location)
    return count, balance


@pytest.fixture
def setup(facility, output_officer, store, broom):
    count, balance = _stock(facility, output_officer, store, broom)
    return store, count, balance


@pytest.fixture
def theirs(other_facility, make_user):
    """Another unit's location, count and stock."""
    actor = make_user("output_officer", facility=other_facility)
    location = make_location(other_facility, name="Gudang Narkotika")
    return (location, *_stock(other_facility, actor, location, make_product(other_facility)))


def _pages(facility, location, count):
    """Every page of the area, with the permission it needs."""
    return [
        ("get", url("location-list", facility), "view"),
        ("get", url("location-create", facility), "manage"),
        ("get", url("location-stock", facility, location.pk), "view"),
        ("get", url("location-update", facility, location.pk), "manage"),
        ("get", url("move-list", facility), "view"),
        ("get", url("receive", facility), "manage"),
        ("get", url("transfer", facility), "manage"),
        ("get", url("write-off", facility), "approve"),
        ("get", url("count-list", facility), "view"),
        ("get", url("count-create", facility), "manage"),
        ("get", url("count-detail", facility, count.pk), "view"),
        ("post", url("count-entry", facility, count.pk), "manage"),
        ("post", url("count-add-line", facility, count.pk), "manage"),
        ("post", url("count-approve", facility, count.pk), "approve"),
        ("get", url("count-reject", facility, count.pk), "approve"),
        ("get", url("report-value", facility), "approve"),
        ("get", url("report-slow", facility), "approve"),
    ]


def test_url_names_and_paths(facility, setup):
    location, count, _balance = setup
    assert url("location-list", facility) == "/upt/LPPWT/stok/"
    assert url("location-stock", facility, location.pk) == f"/upt/LPPWT/stok/lokasi/{location.pk}/"
    assert url("move-list", facility) == "/upt/LPPWT/stok/mutasi/"
    assert url("count-detail", facility, count.pk) == f"/upt/LPPWT/stok/opname/{count.pk}/"


def test_anonymous_is_sent_to_login(client, facility, setup):
    location, count, _balance = setup
    for method, path, _need in _pages(facility, location, count):
        response = getattr(client, method)(path)
        assert response.status_code == 302, path
        assert reverse("accounts:login") in response.url


def test_another_units_user_gets_404(login, make_user, facility, other_facility, setup, theirs):
    location, count, _balance = setup
    stranger = login(make_user("head", facility=other_facility))
    for method, path, _need in _pages(facility, location, count):
        assert getattr(stranger, method)(path).status_code == 404, path


def test_another_units_objects_through_ones_own_unit_are_404(login, head, facility, setup, theirs):
    their_location, their_count, _their_balance = theirs
    client = login(head)
    for method, path, _need in _pages(facility, their_location, their_count):
        if str(their_location.pk) in path.split("/") or str(their_count.pk) in path.split("/"):
            assert getattr(client, method)(path).status_code == 404, path
    with scopes_disabled():
        assert StockCount.objects.get(pk=their_count.pk).status == "draft"


@pytest.mark.parametrize("role", ["pr", "security"])
def test_roles_without_permission_get_403(login, make_user, facility, setup, role):
    location, count, _balance = setup
    client = login(make_user(role, facility=facility))
    for method, path, _need in _pages(facility, location, count):
        assert getattr(client, method)(path).status_code == 403, path


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("officer", {"view"}),
        ("treasurer", {"view"}),
        ("output_officer", {"view", "manage"}),
        ("head", {"view", "manage", "approve"}),
    ],
)
def test_each_role_reaches_what_it_needs(login, make_user, facility, setup, role, allowed):
    location, count, _balance = setup
    client = login(make_user(role, facility=facility))
    for method, path, need in _pages(facility, location, count):
        status = getattr(client, method)(path).status_code
        if need in allowed:
            assert status in (200, 302), f"{role} {path}: {status}"
        else:
            assert status == 403, f"{role} {path}: {status}"


def test_an_officer_cannot_approve_a_count(login, officer, output_officer, facility, setup):
    _location, count, _balance = setup
    with scope(facility=[facility.pk]):
        from karya.inventory.services.counts import stock_count_submit

        line = count.lines.get()
        stock_count_submit(actor=output_officer, count=count, counted={line.pk: 9})
    for user in (officer, output_officer):
        client = login(user)
        assert client.post(url("count-approve", facility, count.pk)).status_code == 403
        page = client.get(url("count-detail", facility, count.pk)).text
        assert url("count-approve", facility, count.pk) not in page
    with scopes_disabled():
        assert StockCount.objects.get(pk=count.pk).status == "submitted"
