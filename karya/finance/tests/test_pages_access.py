"""Who may open which finance page. Unit pages: anonymous → login; another unit's user and a
partner's user → 404; a role without the finance permission → 403; the treasurer and the head
read and record PNBP. National pages of the split rules: anonymous → login; Ditjenpas and the
national administrator only (anyone else → 403)."""

import datetime as dt

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNIT_READS = ["home", "rules", "split-list", "pnbp"]
UNIT_WRITES = ["deposit-create", "target-set"]
UNIT_PAGES = UNIT_READS + UNIT_WRITES
RULE_PAGES = ["list", "create", "detail", "supersede"]


def unit_url(name, facility):
    return reverse(f"finance:{name}", args=[facility.code])


def rule_url(name, rule):
    return reverse(f"split_rules:{name}", args=[rule.pk] if name in ("detail", "supersede") else [])


@pytest.mark.parametrize("name", UNIT_PAGES)
def test_anonymous_is_sent_to_login(client, facility, name):
    for method in ("get", "post"):
        response = getattr(client, method)(unit_url(name, facility))
        assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("name", UNIT_PAGES)
def test_another_units_treasurer_and_a_partner_get_404(
    login, make_user, facility, other_facility, partner_user, name
):
    for user in (make_user("treasurer", facility=other_facility), partner_user):
        for method in ("get", "post"):
            assert getattr(login(user), method)(unit_url(name, facility)).status_code == 404


@pytest.mark.parametrize("name", UNIT_PAGES)
def test_roles_without_finance_get_403(login, make_user, facility, officer, name):
    for user in (officer, make_user("output_officer", facility=facility)):
        assert login(user).get(unit_url(name, facility)).status_code == 403


@pytest.mark.parametrize("name", UNIT_PAGES)
def test_the_treasurer_and_the_head_open_every_page(login, treasurer, head, facility, name):
    for user in (treasurer, head):
        response = login(user).get(unit_url(name, facility))
        assert response.status_code == 200, name
        assert b"Keuangan" in response.content  # the navigation link


@pytest.mark.parametrize("name", RULE_PAGES)
def test_rule_pages_are_for_ditjenpas_and_the_national_administrator(
    client,
    login,
    make_user,
    admin_user,
    head,
    treasurer,
    partner_user,
    national_rule,
    facility,
    name,
):
    target = rule_url(name, national_rule)
    response = client.get(target)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    for user in (make_user("national"), admin_user):
        assert login(user).get(target).status_code == 200
    regional = make_user("regional", region=facility.region)
    for user in (head, treasurer, regional):
        assert login(user).get(target).status_code == 403
        assert login(user).post(target, {}).status_code in (403, 405)
    # A partner's user gets no sign that staff pages exist (karya.portal).
    assert login(partner_user).get(target).status_code == 404
    assert login(partner_user).post(target, {}).status_code in (404, 405)


def test_a_missing_rule_is_404(login, admin_user):
    client = login(admin_user)
    assert client.get(reverse("split_rules:detail", args=[999999])).status_code == 404
    assert client.get(reverse("split_rules:supersede", args=[999999])).status_code == 404


def test_the_navigation_shows_finance_only_to_whom_it_is_for(
    login, treasurer, officer, admin_user, make_user, facility
):
    home = reverse("unit-home", args=[facility.code])
    assert b"/keuangan/" in login(treasurer).get(home).content
    assert b"/keuangan/" not in login(officer).get(home).content
    assert b"/kelola/pembagian-hasil/" in login(admin_user).get("/akun/profil/").content
    assert b"/kelola/pembagian-hasil/" in login(make_user("national")).get("/akun/profil/").content
    assert b"/kelola/pembagian-hasil/" not in login(treasurer).get("/akun/profil/").content


@pytest.fixture
def recorded(treasurer, facility):
    from django_scopes import scope

    from karya.finance.services.pnbp import pnbp_deposit_record

    with scope(facility=[facility.pk]):
        return pnbp_deposit_record(
            actor=treasurer,
            facility=facility,
            billing_code="820260131000123",
            amount=500000,
            deposited_on=dt.date(2026, 2, 2),
            ntpn="0A1B2C3D4E5F6G7H",
        )


def test_cancelling_a_deposit_is_for_the_units_treasurer_and_head_only(
    client, login, make_user, facility, other_facility, partner_user, officer, head, recorded
):
    from django_scopes import scopes_disabled

    from karya.finance.models import PnbpDeposit

    url = reverse("finance:deposit-cancel", args=[facility.code, recorded.pk])
    body = {"reason": "Salah"}
    response = client.post(url, body)
    assert response.status_code == 302 and reverse("accounts:login") in response.url
    for user in (make_user("treasurer", facility=other_facility), partner_user):
        assert login(user).post(url, body).status_code == 404
    other_url = reverse("finance:deposit-cancel", args=[other_facility.code, recorded.pk])
    assert login(make_user("treasurer", facility=other_facility)).get(other_url).status_code == 404
    assert login(officer).post(url, body).status_code == 403
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 1
    assert login(head).get(url).status_code == 200
