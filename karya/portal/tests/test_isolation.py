"""A partner's own user sees its own partner's records and nothing else: another partner's
agreement, handover, settlement or invoice answers 404, whether that partner is of the same
unit or of another one, exactly like a missing record; a draft handover is not shown. An
anonymous visitor is sent to the login page; the unit's staff get 404 on the portal.
(Every staff page answering 404 to a partner's user is checked over all routes in
karya/tests/test_route_authorization.py.)"""

import pytest
from django.urls import reverse

from karya.portal.tests.conftest import url
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db

DETAILS = [
    ("agreement-detail", "agreement"),
    ("handover-detail", "handover"),
    ("handover-pdf", "handover"),
    ("settlement-detail", "settlement"),
]


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    return capture_html(monkeypatch, fake_pdf=True)


@pytest.fixture
def client_(login, partner_user):
    return login(partner_user)


@pytest.mark.parametrize(("name", "record"), DETAILS)
def test_own_records_open(client_, ours, name, record):
    assert client_.get(url(name, getattr(ours, record).pk)).status_code == 200


@pytest.mark.parametrize("other", ["neighbour", "afar"])
@pytest.mark.parametrize(("name", "record"), DETAILS)
def test_another_partners_records_are_404(client_, request, other, name, record):
    world = request.getfixturevalue(other)
    assert client_.get(url(name, getattr(world, record).pk)).status_code == 404


@pytest.mark.parametrize("other", ["neighbour", "afar"])
def test_another_partners_rows_are_in_no_list(client_, request, other):
    world = request.getfixturevalue(other)
    pages = {
        "dashboard": client_.get(url("dashboard")).text,
        "agreements": client_.get(url("agreement-list")).text,
        "handovers": client_.get(url("handover-list")).text,
        "stock": client_.get(url("stock")).text,
        "settlements": client_.get(url("settlement-list")).text,
        "invoices": client_.get(url("invoice-list")).text,
    }
    for page, text in pages.items():
        for secret in (world.product.name, world.invoice.number, world.handover.number):
            assert secret not in text, f"{secret} on {page}"
        assert world.partner.legal_name not in text, page


def test_another_partners_invoice_is_not_listed_but_own_is(client_, ours, neighbour, afar):
    listed = {i.pk for i in client_.get(url("invoice-list")).context["invoices"]}
    assert listed == {ours.invoice.pk, ours.paid_invoice.pk}


@pytest.mark.parametrize("other", ["neighbour", "afar"])
def test_another_partners_invoice_pdf_is_404(client_, request, other, ours):
    world = request.getfixturevalue(other)
    assert client_.get(url("invoice-pdf", world.invoice.pk)).status_code == 404
    assert client_.get(url("invoice-pdf", ours.invoice.pk)).status_code == 200


def test_a_draft_handover_is_404(client_, ours):
    assert client_.get(url("handover-detail", ours.draft.pk)).status_code == 404
    assert client_.get(url("handover-pdf", ours.draft.pk)).status_code == 404


def test_a_missing_record_is_404(client_, ours):
    for name, _record in DETAILS:
        assert client_.get(url(name, 999999)).status_code == 404


def _every_portal_url(world):
    return [
        url("dashboard"),
        url("agreement-list"),
        url("agreement-detail", world.agreement.pk),
        url("handover-list"),
        url("handover-detail", world.handover.pk),
        url("handover-pdf", world.handover.pk),
        url("stock"),
        url("settlement-list"),
        url("settlement-detail", world.settlement.pk),
        url("sales-report", world.agreement.pk),
        url("invoice-list"),
        url("invoice-pdf", world.invoice.pk),
    ]


def test_anonymous_is_sent_to_login(client, ours):
    for target in _every_portal_url(ours):
        response = client.get(target)
        assert response.status_code == 302, target
        assert response.url.startswith(reverse("accounts:login")), target


@pytest.mark.parametrize("role", ["output_officer", "head", "treasurer", "officer"])
def test_the_units_staff_get_404_on_the_portal(login, make_user, facility, ours, role):
    client = login(make_user(role, facility=facility))
    for target in _every_portal_url(ours):
        assert client.get(target).status_code == 404, target


def test_an_ended_membership_closes_the_portal(client_, partner_user, ours):
    from karya.accounts.services import membership_end

    membership_end(actor=None, membership=partner_user.memberships.get())
    assert client_.get(url("dashboard")).status_code == 404
    assert client_.get(url("agreement-detail", ours.agreement.pk)).status_code == 404


def test_a_partner_user_gets_404_on_the_units_pages_with_real_ids(client_, facility, ours):
    code = facility.code
    for target in (
        reverse("unit-home", args=[code]),
        reverse("partners:partner-detail", args=[code, ours.partner.pk]),
        reverse("partners:agreement-detail", args=[code, ours.agreement.pk]),
        reverse("inventory:location-stock", args=[code, ours.location.pk]),
        reverse("unit-directory"),
        reverse("accounts:user-list"),
    ):
        assert client_.get(target).status_code == 404, target
