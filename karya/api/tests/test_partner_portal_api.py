"""A partner's own user sees its partner's agreements and nothing else: not another
partner's (even in the same unit), not the unit's pages."""

import pytest
from django.urls import reverse
from django_scopes import scope

from karya.accounts.services import membership_create
from karya.core.errors import DomainError
from karya.partners.services.agreements import agreement_create
from karya.partners.services.partners import partner_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facility, officer, make_user):
    with scope(facility=[facility.pk]):
        ours = partner_create(
            actor=officer, facility=facility, legal_form="CV", legal_name="CV. Pusat Handicraft"
        )
        theirs = partner_create(
            actor=officer, facility=facility, legal_form="toko", legal_name="Toko Lain"
        )
        mine = agreement_create(
            actor=officer, partner=ours, title="Pemasaran sapu", schemes=["beli_putus"]
        )
        other = agreement_create(
            actor=officer, partner=theirs, title="Konsinyasi lain", schemes=["konsinyasi"]
        )
    user = make_user(username="mitra.handicraft")
    membership_create(actor=None, user=user, role="partner", partner=ours)
    return {"user": user, "mine": mine, "other": other}


def test_the_partner_user_sees_only_its_partners_agreements(api_as, world):
    client = api_as(world["user"])
    listed = client.get("/partner/agreements").json()
    assert [a["title"] for a in listed] == ["Pemasaran sapu"]
    assert client.get(f"/partner/agreements/{world['mine'].pk}").status_code == 200
    assert client.get(f"/partner/agreements/{world['other'].pk}").status_code == 404


def test_the_partner_user_sees_no_unit_page_or_unit_api(api_as, login, world, facility):
    client = login(world["user"])
    assert client.get(reverse("partners:partner-list", args=[facility.code])).status_code == 404
    assert client.get(reverse("inmates:list", args=[facility.code])).status_code == 404
    response = api_as(world["user"]).get(f"/facilities/{facility.code}/agreements")
    assert response.status_code == 404


def test_staff_see_an_empty_portal_and_anonymous_must_log_in(api_as, officer, world):
    assert api_as(officer).get("/partner/agreements").json() == []
    assert api_as(None).get("/partner/agreements").status_code == 401


def test_the_partner_role_needs_a_partner(make_user, facility):
    with pytest.raises(DomainError):
        membership_create(actor=None, user=make_user(), role="partner")
    with pytest.raises(DomainError):
        membership_create(actor=None, user=make_user(), role="partner", facility=facility)
