"""The partner's sales report from the portal: the products it holds are listed, the report
becomes a settlement awaiting the unit's confirmation (reported by the partner), the unit's
output officers are told; bad input is refused with nothing written; only the partner's own
consignment agreements take a report."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from karya.notifications.models import Notification
from karya.partners.models import Agreement
from karya.portal.tests.conftest import url
from karya.sales.models import Settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_(login, partner_user):
    return login(partner_user)


def report(world, **fields):
    today = timezone.localdate()
    return {
        "period_start": (today - dt.timedelta(days=6)).isoformat(),
        "period_end": today.isoformat(),
        f"sold_{world.product.pk}": "30",
        "note": "Terjual di toko",
    } | fields


def settlements(world):
    with scopes_disabled():
        return list(Settlement.objects.filter(partner=world.partner).order_by("pk"))


def test_the_form_lists_what_the_partner_holds(client_, ours):
    response = client_.get(url("sales-report", ours.agreement.pk))
    assert response.status_code == 200
    rows = response.context["form"].rows
    # 120 held, of which 20 are in the January report still awaiting confirmation.
    assert [(r.product.name, r.held, r.pending, r.agreed_price) for r in rows] == [
        ("Sapu lidi", 120, 20, 2500)
    ]
    assert response.context["form"].initial["period_start"] == dt.date(2026, 2, 1)
    assert "Rp 2.500" in response.text and "20%" in response.text


def test_a_report_becomes_a_settlement_and_the_unit_is_told(client_, partner_user, ours, staff):
    before = len(settlements(ours))
    response = client_.post(url("sales-report", ours.agreement.pk), report(ours))
    assert response.status_code == 302
    new = settlements(ours)[before]
    assert response.url == url("settlement-detail", new.pk)
    assert (new.status, new.reported_by_partner, new.submitted_by_id) == (
        "submitted",
        True,
        partner_user.pk,
    )
    assert (new.gross, new.commission, new.net) == (75000, 15000, 60000)
    with scopes_disabled():
        assert [(line.product_id, line.quantity) for line in new.lines.all()] == [
            (ours.product.pk, 30)
        ]
    notice = Notification.objects.get(user=staff)
    assert "CV. Pusat Handicraft" in notice.title and new.number in notice.title
    assert not Notification.objects.filter(user=partner_user).exists()
    page = client_.get(response.url)
    assert "Rp 60.000" in page.text


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"sold_PRODUCT": "101"}, None),  # 120 held, 20 already reported
        ({"sold_PRODUCT": ""}, None),  # nothing sold
        ({"sold_PRODUCT": "-3"}, "sold_PRODUCT"),
        ({"period_end": "2999-01-01"}, "period_end"),
        ({"period_start": "2026-01-15", "period_end": "2026-01-20"}, "period_start"),
        ({"period_start": "kemarin"}, "period_start"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(client_, ours, staff, fields, where):
    fields = {k.replace("PRODUCT", str(ours.product.pk)): v for k, v in fields.items()}
    where = where and where.replace("PRODUCT", str(ours.product.pk))
    before = settlements(ours)
    response = client_.post(url("sales-report", ours.agreement.pk), report(ours, **fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors
    assert where in errors if where else "__all__" in errors
    assert settlements(ours) == before
    assert not Notification.objects.exists()


@pytest.mark.parametrize("other", ["neighbour", "afar"])
def test_another_partners_agreement_takes_no_report(client_, request, other):
    world = request.getfixturevalue(other)
    before = settlements(world)
    target = url("sales-report", world.agreement.pk)
    assert client_.get(target).status_code == 404
    assert client_.post(target, report(world)).status_code == 404
    assert settlements(world) == before


def test_an_agreement_without_consignment_takes_no_report(client_, ours, facility):
    with scopes_disabled():
        Agreement.objects.filter(pk=ours.agreement.pk).update(schemes=["beli_putus"])
    assert client_.get(url("sales-report", ours.agreement.pk)).status_code == 404
    assert client_.post(url("sales-report", ours.agreement.pk), report(ours)).status_code == 404


def test_the_report_is_offered_where_the_partner_looks(client_, ours):
    target = url("sales-report", ours.agreement.pk)
    for page in ("dashboard", "settlement-list", "stock"):
        assert target in client_.get(url(page)).text, page
    assert target in client_.get(url("agreement-detail", ours.agreement.pk)).text


def test_staff_get_404_on_the_report_form(login, staff, ours):
    target = url("sales-report", ours.agreement.pk)
    assert login(staff).get(target).status_code == 404
    assert login(staff).post(target, report(ours)).status_code == 404


def test_nothing_held_means_nothing_to_report(client_, ours, staff, facility):
    from django_scopes import scope

    from karya.inventory.services import stock_transfer

    with scope(facility=[facility.pk]):
        stock_transfer(
            actor=staff,
            source=ours.location,
            destination=ours.handover.source,
            product=ours.product,
            lot=ours.handover.lines.get().lot,
            quantity=120,
        )
    response = client_.get(url("sales-report", ours.agreement.pk))
    assert response.status_code == 200
    assert 'id="nothing-held"' in response.text and "settlement-form" not in response.text
