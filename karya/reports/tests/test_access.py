"""Who may open the dashboards, reports and target pages: a unit's staff only their unit,
Kanwil staff only their region (and its units), Ditjenpas everything; another unit or region
answers 404, a partner's user sees nothing, an anonymous visitor is sent to log in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django_scopes import scopes_disabled

from karya.accounts.models import Membership
from karya.partners.models import Partner

pytestmark = pytest.mark.django_db

UNIT = [
    "/upt/LPPWT/laporan/",
    "/upt/LPPWT/laporan/bulanan.pdf",
    "/upt/LPPWT/laporan/bulanan.xlsx",
]
UNIT_TARGETS = ["/upt/LPPWT/laporan/target/"]
REGION = [
    "/wilayah/jawa-tengah/laporan/",
    "/wilayah/jawa-tengah/laporan/bulanan.pdf",
    "/wilayah/jawa-tengah/laporan/bulanan.xlsx",
]
COUNTRY = [
    "/laporan/nasional/",
    "/laporan/nasional/bulanan.pdf",
    "/laporan/nasional/bulanan.xlsx",
]
TARGETS = ["/laporan/target/", "/laporan/indikator/", "/laporan/indikator/tambah/"]
EVERY = UNIT + UNIT_TARGETS + REGION + COUNTRY + TARGETS


@pytest.fixture
def partner_user(facility, make_user):
    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name="CV Mitra")
    user = make_user(username="mitra")
    Membership.objects.create(user=user, role="partner", scope="partner", partner=partner)
    return user


def statuses(client, urls) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


def test_an_anonymous_visitor_is_sent_to_log_in(client, facility):
    login = resolve_url(settings.LOGIN_URL)
    for url in EVERY:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login), url


def test_the_units_staff_see_their_unit_only(facility, other_facility, make_user, login):
    head = login(make_user("head", facility=facility))
    assert statuses(head, UNIT) == dict.fromkeys(UNIT, 200)
    assert statuses(head, UNIT_TARGETS + TARGETS + COUNTRY) == dict.fromkeys(
        UNIT_TARGETS + TARGETS + COUNTRY, 403
    )
    assert statuses(head, REGION) == dict.fromkeys(REGION, 404)
    neighbour = login(make_user("head", facility=other_facility))
    assert statuses(neighbour, UNIT + UNIT_TARGETS) == dict.fromkeys(UNIT + UNIT_TARGETS, 404)
    for role in ("treasurer", "output_officer", "officer"):
        staff = login(make_user(role, facility=facility))
        assert staff.get(UNIT[0]).status_code == 200, role
    for role in ("security", "pr"):  # no dashboard for them
        assert login(make_user(role, facility=facility)).get(UNIT[0]).status_code == 403, role


def test_kanwil_staff_see_their_region_and_its_units_only(facility, far_facility, make_user, login):
    ours = login(make_user("regional", region=facility.region))
    assert statuses(ours, UNIT + REGION) == dict.fromkeys(UNIT + REGION, 200)
    assert statuses(ours, UNIT_TARGETS + COUNTRY + TARGETS) == dict.fromkeys(
        UNIT_TARGETS + COUNTRY + TARGETS, 403
    )
    theirs = login(make_user("regional", region=far_facility.region))
    assert statuses(theirs, UNIT + UNIT_TARGETS + REGION) == dict.fromkeys(
        UNIT + UNIT_TARGETS + REGION, 404
    )
    assert theirs.get("/wilayah/jawa-timur/laporan/").status_code == 200
    assert theirs.get("/wilayah/tidak-ada/laporan/").status_code == 404


def test_ditjenpas_staff_see_everything(facility, far_facility, make_user, login):
    national = login(make_user("national"))
    assert statuses(national, EVERY) == dict.fromkeys(EVERY, 200)
    assert national.get("/wilayah/jawa-timur/laporan/").status_code == 200
    assert national.get("/upt/LPPMK/laporan/").status_code == 200
    assert national.get("/laporan/indikator/999999/").status_code == 404
    admin = login(make_user("admin"))  # administers, does not read the units' figures
    assert statuses(admin, COUNTRY + TARGETS) == dict.fromkeys(COUNTRY + TARGETS, 403)


def test_a_partners_user_sees_nothing(facility, partner_user, login):
    client = login(partner_user)
    assert statuses(client, UNIT + UNIT_TARGETS + REGION) == dict.fromkeys(
        UNIT + UNIT_TARGETS + REGION, 404
    )
    # National pages too: a partner's user gets no sign that staff pages exist.
    assert statuses(client, COUNTRY + TARGETS) == dict.fromkeys(COUNTRY + TARGETS, 404)


def test_the_navigation_leads_each_to_their_dashboard(facility, make_user, login):
    head = login(make_user("head", facility=facility)).get("/upt/LPPWT/").content.decode()
    assert 'href="/upt/LPPWT/laporan/"' in head and "/laporan/nasional/" not in head
    regional = login(make_user("regional", region=facility.region)).get("/upt/").content.decode()
    assert 'href="/wilayah/jawa-tengah/laporan/"' in regional
    national = login(make_user("national")).get("/upt/").content.decode()
    assert 'href="/laporan/nasional/"' in national and 'href="/laporan/target/"' in national
