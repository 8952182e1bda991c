"""The work programme's documents through the API: who may fetch them, and what they hold."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.programs.models import SkillsRecordPrint
from karya.tests.factories import InmateFactory, make_participant, make_training

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaving(facility):
    with scopes_disabled():
        return InmateFactory(
            facility=facility,
            name="Hari Pulang",
            expected_release=dt.date.today() + dt.timedelta(days=5),
        )


def test_release_list_and_skills_record(api_as, officer, facility, leaving):
    client = api_as(officer)
    rows = client.get(f"/facilities/{facility.code}/release-list").json()
    assert [(r["name"], r["print_count"]) for r in rows] == [("Hari Pulang", 0)]
    response = client.post(f"/facilities/{facility.code}/inmates/{leaving.pk}/skills-record")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    with scopes_disabled():
        assert SkillsRecordPrint.objects.filter(inmate=leaving, printed_by=officer).count() == 1
    rows = client.get(f"/facilities/{facility.code}/release-list").json()
    assert rows[0]["print_count"] == 1 and rows[0]["skills_record_printed_at"]


def test_work_list_is_data(api_as, officer, facility):
    response = api_as(officer).get(f"/facilities/{facility.code}/work-list", {"date": "2026-01-22"})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-01-22", "rows": []}


def test_certificate_pdf(api_as, officer, facility, inmates):
    training = make_training(facility)
    participant = make_participant(training, inmates[0], result="kompeten")
    response = api_as(officer).get(
        f"/facilities/{facility.code}/training-participants/{participant.pk}/certificate"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.parametrize("path", ["work-list", "release-list"])
def test_permissions(api_as, make_user, facility, other_facility, path):
    assert api_as(None).get(f"/facilities/{facility.code}/{path}").status_code == 401
    stranger = make_user("officer", facility=other_facility)
    assert api_as(stranger).get(f"/facilities/{facility.code}/{path}").status_code == 404
    pr = make_user("pr", facility=facility)
    assert api_as(pr).get(f"/facilities/{facility.code}/{path}").status_code == 403


def test_security_reads_the_work_list_but_prints_no_skills_record(
    api_as, make_user, facility, leaving
):
    guard = make_user("security", facility=facility)
    client = api_as(guard)
    assert client.get(f"/facilities/{facility.code}/work-list").status_code == 200
    response = client.post(f"/facilities/{facility.code}/inmates/{leaving.pk}/skills-record")
    assert response.status_code == 403
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()


def test_another_units_inmate_is_not_found(api_as, make_user, facility, other_facility, leaving):
    officer_there = make_user("officer", facility=other_facility)
    response = api_as(officer_there).post(
        f"/facilities/{other_facility.code}/inmates/{leaving.pk}/skills-record"
    )
    assert response.status_code == 404


def test_bad_date_is_a_422(api_as, officer, facility):
    response = api_as(officer).get(f"/facilities/{facility.code}/work-list", {"date": "31-02"})
    assert response.status_code == 422 and response.json()["code"] == "invalid"
