"""The trainings API: same permission rules as the pages, JSON errors, and the records."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.services import api_token_create
from karya.audit.models import AuditEntry
from karya.programs.models import Training, Workshop
from karya.tests.factories import InmateFactory, make_participant, make_training

pytestmark = pytest.mark.django_db

BASE = "/api/v1/facilities"
START = dt.date(2025, 3, 3)


@pytest.fixture
def api():
    """api(user) → a client sending the user's bearer token."""

    def make(user):
        _, raw = api_token_create(actor=user, name="uji")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.fixture
def training(facility):
    return make_training(facility)


@pytest.fixture
def participant(training, inmates):
    return make_participant(training, inmates[0])


NEW = {
    "title": "Pelatihan Menjahit",
    "provider_name": "BLK Cilacap",
    "hours_jp": 60,
    "competency_units": ["C.14KON01.001.1 Menjahit dengan mesin"],
    "start_date": "2025-06-02",
    "end_date": "2025-06-13",
}
RESULT = {
    "result": "kompeten",
    "certificate_number": "0042/LSP-BTK/2025",
    "certificate_issuer": "LSP",
    "certificate_date": "2025-03-14",
}

# (method, path under the unit, body, writes)
ENDPOINTS = [
    ("get", "/trainings", None, False),
    ("get", "/trainings/{t}", None, False),
    ("post", "/trainings", NEW, True),
    ("patch", "/trainings/{t}", {"hours_jp": 48}, True),
    ("post", "/trainings/{t}/participants", {"inmate_ids": []}, True),
    ("put", "/trainings/{t}/participants/{p}/result", RESULT, True),
    ("delete", "/trainings/{t}/participants/{p}", None, True),
]
IDS = [f"{m} {p}" for m, p, *_ in ENDPOINTS]


def _call(client, endpoint, code, training, participant):
    method, path, body, _ = endpoint
    target = BASE + f"/{code}" + path.format(t=training.pk, p=participant.pk)
    if body is None:
        return getattr(client, method)(target)
    return getattr(client, method)(target, body, content_type="application/json")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_anonymous_gets_401(client, facility, training, participant, endpoint):
    response = _call(client, endpoint, facility.code, training, participant)
    assert response.status_code == 401 and response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_another_units_user_gets_404(
    api, make_user, facility, other_facility, training, participant, endpoint
):
    client = api(make_user("head", facility=other_facility))
    response = _call(client, endpoint, facility.code, training, participant)
    assert response.status_code == 404 and response.json()["code"] == "not_found"


OBJECT_ENDPOINTS = [e for e in ENDPOINTS if "{t}" in e[1]]


@pytest.mark.parametrize(
    "endpoint", OBJECT_ENDPOINTS, ids=[f"{e[0]} {e[1]}" for e in OBJECT_ENDPOINTS]
)
def test_another_units_training_through_own_code_is_404(
    api, head, facility, other_facility, training, endpoint
):
    theirs = make_training(other_facility, title="Pelatihan Las")
    with scopes_disabled():
        their_participant = make_participant(theirs, InmateFactory(facility=other_facility))
    client = api(head)
    response = _call(client, endpoint, facility.code, theirs, their_participant)
    assert response.status_code == 404
    if "{p}" in endpoint[1]:
        response = _call(client, endpoint, facility.code, training, their_participant)
        assert response.status_code == 404


@pytest.mark.parametrize("role", ["pr", "security"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_role_without_permission_gets_403(
    api, make_user, facility, training, participant, role, endpoint
):
    client = api(make_user(role, facility=facility))
    response = _call(client, endpoint, facility.code, training, participant)
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=IDS)
def test_readers_read_but_cannot_write(api, make_user, facility, training, participant, endpoint):
    client = api(make_user("output_officer", facility=facility))
    response = _call(client, endpoint, facility.code, training, participant)
    assert response.status_code == (403 if endpoint[3] else 200)


def test_list_with_counts_filters_and_cursor(api, officer, facility, inmates):
    batik = make_training(facility)
    make_training(
        facility,
        title="Pelatihan Barista",
        provider_name="CV Kopi Banyumas",
        start_date=dt.date(2024, 6, 3),
        end_date=dt.date(2024, 6, 7),
    )
    make_participant(
        batik,
        inmates[0],
        result="kompeten",
        certificate_number="1",
        certificate_issuer="BNSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    make_participant(batik, inmates[1], result="belum_kompeten")
    client = api(officer)
    body = client.get(f"{BASE}/{facility.code.lower()}/trainings").json()
    assert [t["title"] for t in body["items"]] == ["Pelatihan Barista", "Pelatihan Batik Tulis"]
    batik_out = body["items"][1]
    assert (batik_out["participant_count"], batik_out["competent_count"]) == (2, 1)
    assert batik_out["certificate_count"] == 1
    assert client.get(f"{BASE}/{facility.code}/trainings?q=kopi").json()["items"][0]["id"] != (
        batik.pk
    )
    assert [
        t["id"] for t in client.get(f"{BASE}/{facility.code}/trainings?year=2025").json()["items"]
    ] == [batik.pk]
    first = client.get(f"{BASE}/{facility.code}/trainings?limit=1").json()
    assert len(first["items"]) == 1 and first["next_cursor"] is not None
    second = client.get(
        f"{BASE}/{facility.code}/trainings?limit=1&after={first['next_cursor']}"
    ).json()
    assert second["items"][0]["id"] == batik.pk and second["next_cursor"] is None
    assert client.get(f"{BASE}/{facility.code}/trainings?year=-5").status_code == 422


def test_detail_with_participants(api, officer, facility, training, inmates):
    make_participant(
        training,
        inmates[0],
        result="kompeten",
        certificate_number="9/BLK",
        certificate_issuer="BLK",
        certificate_date=dt.date(2025, 3, 14),
    )
    make_participant(training, inmates[1])
    body = api(officer).get(f"{BASE}/{facility.code}/trainings/{training.pk}").json()
    assert body["title"] == "Pelatihan Batik Tulis" and body["participant_count"] == 2
    first, second = body["participants"]
    assert first["inmate_name"] == "Agus Sapulidi" and first["result"] == "kompeten"
    assert first["certificate"] == {"number": "9/BLK", "issuer": "BLK", "date": "2025-03-14"}
    assert second["result"] is None and second["certificate"] is None


def test_create_and_update(api, officer, facility):
    client = api(officer)
    with scopes_disabled():
        workshop = Workshop.objects.create(facility=facility, name="Konveksi", capacity=10)
    response = client.post(
        f"{BASE}/{facility.code}/trainings",
        NEW | {"workshop_id": workshop.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["competency_units"] == NEW["competency_units"]
    assert body["workshop_id"] == workshop.pk and body["participants"] == []
    response = client.patch(
        f"{BASE}/{facility.code}/trainings/{body['id']}",
        {"hours_jp": 72, "workshop_id": None},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["hours_jp"] == 72 and response.json()["workshop_id"] is None
    assert response.json()["title"] == "Pelatihan Menjahit"
    with scopes_disabled():
        training = Training.objects.get()
    assert training.facility == facility and training.hours_jp == 72
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Training), object_id=str(training.pk)
    )
    assert sorted(entries.values_list("action", flat=True)) == ["create", "update"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"end_date": "2025-06-01"}, "end_date", "Tanggal selesai tidak boleh sebelum"),
        ({"hours_jp": 0}, "hours_jp", "Jam pelajaran (JP) harus bilangan bulat"),
        ({"hours_jp": 10**12}, "hours_jp", "Jam pelajaran (JP) harus bilangan bulat"),
        ({"workshop_id": 999999}, "workshop_id", "Pilih bengkel kerja milik UPT ini."),
    ],
)
def test_bad_training_is_refused_with_a_clear_message(
    api, officer, facility, change, field, message
):
    response = api(officer).post(
        f"{BASE}/{facility.code}/trainings", NEW | change, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == field and message in response.json()["message"]
    with scopes_disabled():
        assert not Training.objects.exists()


def test_another_units_workshop_is_refused(api, officer, facility, other_facility):
    with scopes_disabled():
        theirs = Workshop.objects.create(facility=other_facility, name="Las", capacity=10)
    response = api(officer).post(
        f"{BASE}/{facility.code}/trainings",
        NEW | {"workshop_id": theirs.pk},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "workshop_id"


def test_schema_errors_are_json(api, officer, facility):
    response = api(officer).post(
        f"{BASE}/{facility.code}/trainings", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_add_participants(api, officer, facility, training, inmates):
    client = api(officer)
    target = f"{BASE}/{facility.code}/trainings/{training.pk}/participants"
    response = client.post(
        target, {"inmate_ids": [inmates[0].pk, inmates[1].pk]}, content_type="application/json"
    )
    assert response.status_code == 201
    assert {p["inmate_id"] for p in response.json()} == {inmates[0].pk, inmates[1].pk}
    response = client.post(
        target, {"inmate_ids": [inmates[2].pk, inmates[0].pk]}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["code"] == "duplicate"
    assert "Agus Sapulidi" in response.json()["message"]
    with scopes_disabled():
        departed = InmateFactory(facility=facility, departed_on=START, departure="pindah")
    response = client.post(target, {"inmate_ids": [departed.pk]}, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "not_present"
    with scopes_disabled():
        assert training.participants.count() == 2


def test_record_result(api, officer, facility, training, participant):
    client = api(officer)
    target = f"{BASE}/{facility.code}/trainings/{training.pk}/participants/{participant.pk}/result"
    response = client.put(target, RESULT, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["certificate"]["number"] == "0042/LSP-BTK/2025"
    response = client.put(
        target, RESULT | {"result": "belum_kompeten"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "certificate_number"
    response = client.put(
        target, RESULT | {"certificate_date": "2025-03-01"}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["field"] == "certificate_date"
    participant.refresh_from_db()
    assert participant.certificate_date == dt.date(2025, 3, 14)


def test_duplicate_certificate_is_409(api, officer, facility, training, participant, inmates):
    make_participant(
        training,
        inmates[1],
        result="kompeten",
        certificate_number=RESULT["certificate_number"],
        certificate_issuer="LSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    target = f"{BASE}/{facility.code}/trainings/{training.pk}/participants/{participant.pk}/result"
    response = api(officer).put(target, RESULT, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "duplicate"


def test_remove_participant(api, officer, facility, training, participant, inmates):
    client = api(officer)
    assessed = make_participant(training, inmates[1], result="belum_kompeten")
    base = f"{BASE}/{facility.code}/trainings/{training.pk}/participants"
    response = client.delete(f"{base}/{assessed.pk}")
    assert response.status_code == 400 and response.json()["code"] == "has_result"
    assert client.delete(f"{base}/{participant.pk}").status_code == 204
    with scopes_disabled():
        assert list(training.participants.all()) == [assessed]


def test_the_openapi_document_describes_the_trainings_api(api, officer):
    document = api(officer).get("/api/v1/openapi.json").json()
    paths = document["paths"]
    unit = "/api/v1/facilities/{code}/trainings"
    assert set(paths[unit]) == {"get", "post"}
    assert set(paths[unit + "/{training_id}"]) == {"get", "patch"}
    assert set(paths[unit + "/{training_id}/participants"]) == {"post"}
    assert set(paths[unit + "/{training_id}/participants/{participant_id}/result"]) == {"put"}
    assert set(paths[unit + "/{training_id}/participants/{participant_id}"]) == {"delete"}
    detail = document["components"]["schemas"]["TrainingDetailOut"]
    assert {"participants", "certificate_count", "competency_units"} <= set(detail["properties"])
