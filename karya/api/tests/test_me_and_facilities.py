"""GET /me and GET /facilities: who the caller is, and the units their roles cover."""

import pytest

from karya.accounts.services import membership_end
from karya.tests.factories import FacilityFactory, grant

pytestmark = pytest.mark.django_db


def test_me_lists_the_active_memberships(api_as, make_user, facility, other_facility, region):
    user = make_user("officer", facility=facility, username="ganda", full_name="Petugas Ganda")
    grant(user, "treasurer", facility=other_facility)
    grant(user, "regional", region=region)
    ended = grant(user, "head", facility=facility)
    membership_end(actor=None, membership=ended)
    body = api_as(user).get("/me").json()
    assert body["username"] == "ganda" and body["full_name"] == "Petugas Ganda"
    got = {
        (m["role"], m["scope"], m["facility_code"], m["region_code"]) for m in body["memberships"]
    }
    assert got == {
        ("officer", "facility", "LPPWT", None),
        ("treasurer", "facility", "LPNPWT", None),
        ("regional", "region", None, "jawa-tengah"),
    }


def test_me_without_roles_is_an_empty_list(api_as, make_user):
    body = api_as(make_user(username="baru")).get("/me").json()
    assert body["memberships"] == []


def codes(response):
    assert response.status_code == 200
    return {f["code"] for f in response.json()}


def test_a_unit_user_sees_only_their_unit(api_as, officer, facility, other_facility, far_facility):
    assert codes(api_as(officer).get("/facilities")) == {"LPPWT"}


def test_regional_staff_see_their_regions_units(
    api_as, make_user, region, facility, other_facility, far_facility
):
    user = make_user("regional", region=region)
    assert codes(api_as(user).get("/facilities")) == {"LPPWT", "LPNPWT"}


def test_national_staff_see_every_unit(api_as, make_user, facility, other_facility, far_facility):
    user = make_user("national")
    assert codes(api_as(user).get("/facilities")) == {"LPPWT", "LPNPWT", "LPPMK"}


def test_an_administrator_reads_no_unit(api_as, admin_user, facility, far_facility):
    assert codes(api_as(admin_user).get("/facilities")) == set()


def test_a_user_without_roles_sees_nothing(api_as, make_user, facility):
    assert codes(api_as(make_user()).get("/facilities")) == set()


def test_units_can_be_searched(api_as, make_user, facility, other_facility, far_facility):
    client = api_as(make_user("national"))
    assert codes(client.get("/facilities", {"q": "narkotika"})) == {"LPNPWT"}
    assert codes(client.get("/facilities", {"q": "lppmk"})) == {"LPPMK"}


def test_facility_fields(api_as, officer, facility):
    [unit] = api_as(officer).get("/facilities").json()
    assert unit == {
        "code": "LPPWT",
        "name": "Lapas Kelas IIA Purwokerto",
        "type": "lapas",
        "facility_class": "IIB",
        "timezone": "Asia/Jakarta",
        "region_code": "jawa-tengah",
        "region_name": "Jawa Tengah",
    }


def test_facilities_need_authentication(api_as, facility):
    response = api_as(None).get("/facilities")
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


def test_facility_list_query_count_does_not_grow(
    api_as, make_user, region, django_assert_max_num_queries
):
    client = api_as(make_user("national"))
    FacilityFactory.create_batch(2, region=region)
    with django_assert_max_num_queries(10) as few:
        client.get("/facilities")
    FacilityFactory.create_batch(30, region=region)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/facilities").json()) == 32
