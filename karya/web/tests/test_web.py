"""The pages that bring the apps together: health check, start page, unit home, unit directory."""

from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.tests.factories import FacilityFactory, InmateFactory, RegionFactory

LOGIN = reverse("accounts:login")


# --- health check --------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer():
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    # The real connection is back afterwards.
    assert Client().get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_needs_no_login_and_sets_no_cookie():
    response = Client().get("/healthz")
    assert not response.cookies


# --- start page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_start_page_shows_a_visitor_the_catalogue_and_the_login(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/katalog/"' in html and ">Katalog<" in html
    assert f'href="{LOGIN}"' in html


@pytest.mark.django_db
def test_an_admin_with_a_unit_role_starts_in_the_unit(login, admin_user, facility):
    from karya.tests.factories import grant

    grant(admin_user, "head", facility=facility)
    assert login(admin_user).get("/").url == reverse("unit-home", args=[facility.code])


# --- unit home -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_unit_home_counts_the_units_inmates(login, officer, facility, far_facility, inmates):
    import datetime as dt

    with scopes_disabled():
        InmateFactory(facility=facility, departed_on=dt.date(2025, 1, 1), departure="bebas")
        InmateFactory.create_batch(4, facility=far_facility)
    response = login(officer).get(reverse("unit-home", args=[facility.code]))
    assert response.status_code == 200
    population = response.context["population"]
    assert population == {"present": 3, "prisoners": 2, "detainees": 1, "left": 1}
    assert "Asia/Jakarta" in response.text or "WIB" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["output_officer", "treasurer", "head", "pr"])
def test_every_unit_role_opens_the_unit_home(login, make_user, facility, role):
    user = make_user(role, facility=facility)
    assert login(user).get(reverse("unit-home", args=[facility.code])).status_code == 200


@pytest.mark.django_db
def test_unit_home_permissions(login, make_user, client, facility, far_facility, region):
    url = reverse("unit-home", args=[facility.code])
    assert client.get(url).status_code == 302
    assert login(make_user("officer", facility=far_facility)).get(url).status_code == 404
    assert login(make_user("regional", region=far_facility.region)).get(url).status_code == 404
    assert login(make_user("regional", region=region)).get(url).status_code == 200
    assert login(make_user("national")).get(url).status_code == 200
    assert login(make_user("admin")).get(url).status_code == 403


# --- unit directory ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_directory_lists_the_units_a_user_covers(
    login, make_user, region, facility, other_facility, far_facility
):
    url = reverse("unit-directory")
    page = login(make_user("regional", region=region)).get(url)
    assert facility.name in page.text and other_facility.name in page.text
    assert far_facility.name not in page.text
    page = login(make_user("national")).get(url, {"q": "pamekasan"})
    assert far_facility.name in page.text and facility.name not in page.text
    assert Client().get(url).status_code == 302


@pytest.mark.django_db
def test_the_directory_query_count_does_not_grow(login, make_user, django_assert_max_num_queries):
    client = login(make_user("national"))
    FacilityFactory.create_batch(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("unit-directory")).status_code == 200
    for _ in range(8):
        FacilityFactory.create_batch(5, region=RegionFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("unit-directory")).status_code == 200


@pytest.mark.django_db
def test_reopening_the_same_unit_does_not_rewrite_the_session(
    login, officer, facility, django_assert_max_num_queries
):
    client = login(officer)
    url = reverse("unit-home", args=[facility.code])
    client.get(url)
    with django_assert_max_num_queries(20) as queries:
        client.get(url)
    writes = [q["sql"] for q in queries.captured_queries if "django_session" in q["sql"]]
    assert not any(sql.startswith(("UPDATE", "INSERT")) for sql in writes), writes
