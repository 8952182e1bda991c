"""The waiting list (list, apply, decline, approve several) and the suitability check."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.programs.models import Allocation, Application, Workshop
from karya.programs.services.allocations import application_create
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def url(workshop, rest="applications"):
    return f"/facilities/{workshop.facility.code}/workshops/{workshop.pk}/{rest}"


@pytest.fixture
def apply(officer):
    def make(workshop, inmate, session="pagi"):
        with scope(facility=[workshop.facility_id]):
            return application_create(
                actor=officer, workshop=workshop, inmate=inmate, session=session
            )

    return make


def rows():
    with scopes_disabled():
        return (
            Application.objects.count(),
            Allocation.objects.count(),
            AuditEntry.objects.filter(content_type__model__in=["application", "allocation"])
            .count(),
        )  # fmt: skip


# --- list ----------------------------------------------------------------------------------


def test_list_is_the_waiting_list_oldest_first(api_as, officer, workshop, make_inmate, apply):
    first = apply(workshop, make_inmate(name="Agus Pertama"))
    second = apply(workshop, make_inmate(name="Budi Kedua"), session="siang")
    declined = apply(workshop, make_inmate(name="Cahyo Ditolak"))
    with scopes_disabled():
        declined.status = "ditolak"
        declined.save()
    response = api_as(officer).get(url(workshop))
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [first.pk, second.pk]
    assert body["next_cursor"] is None
    item = body["items"][1]
    assert item["inmate_name"] == "Budi Kedua" and item["session"] == "siang"
    assert item["status"] == "menunggu" and item["decided_at"] is None
    declined_only = api_as(officer).get(url(workshop), {"status": "ditolak"}).json()
    assert [item["id"] for item in declined_only["items"]] == [declined.pk]


def test_list_pages_by_id(api_as, officer, workshop, make_inmate, apply):
    made = [apply(workshop, make_inmate()).pk for _ in range(5)]
    client = api_as(officer)
    page = client.get(url(workshop), {"limit": 2}).json()
    seen = [item["id"] for item in page["items"]]
    while page["next_cursor"] is not None:
        page = client.get(url(workshop), {"limit": 2, "after": page["next_cursor"]}).json()
        seen += [item["id"] for item in page["items"]]
    assert seen == made


def test_list_query_count_does_not_grow(
    api_as, officer, workshop, make_inmate, apply, django_assert_max_num_queries
):
    client = api_as(officer)
    apply(workshop, make_inmate())
    with django_assert_max_num_queries(12) as few:
        client.get(url(workshop))
    for _ in range(20):
        apply(workshop, make_inmate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url(workshop)).json()["items"]) == 21


# --- apply ---------------------------------------------------------------------------------


def test_apply(api_as, officer, workshop, make_inmate):
    inmate = make_inmate(name="Dedi Sapulidi")
    payload = {"inmate_id": inmate.pk, "session": "siang", "note": "Minta sendiri"}
    response = api_as(officer).post(url(workshop), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["inmate_id"] == inmate.pk and body["inmate_name"] == "Dedi Sapulidi"
    assert body["status"] == "menunggu" and body["note"] == "Minta sendiri"
    with scopes_disabled():
        application = Application.objects.get(pk=body["id"])
        entry = AuditEntry.objects.for_object(application).get()
    assert application.workshop == workshop and application.created_by == officer
    assert entry.action == "create" and entry.actor == officer


def test_apply_twice_is_a_409(api_as, officer, workshop, make_inmate, apply):
    inmate = make_inmate()
    apply(workshop, inmate)
    before = rows()
    response = api_as(officer).post(url(workshop), {"inmate_id": inmate.pk})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate" and body["field"] == "inmate_id"
    assert body["message"] == "WBP sudah ada di daftar tunggu bengkel ini."
    assert rows() == before


@pytest.mark.parametrize(
    ("case", "field", "message"),
    [
        ("inmate of another unit", "inmate_id", "WBP tidak terdaftar di UPT ini."),
        ("unknown inmate", "inmate_id", "WBP tidak terdaftar di UPT ini."),
        ("inmate who left", "inmate_id", "WBP sudah keluar dari UPT."),
        ("session not worked", "session", "Bengkel kerja tidak bekerja pada sesi ini."),
    ],
)
def test_apply_refused_is_a_400(
    api_as, officer, workshop, other_facility, make_inmate, case, field, message
):
    with scopes_disabled():
        stranger = InmateFactory(facility=other_facility)
    inmate_id, session = {
        "inmate of another unit": (stranger.pk, "pagi"),
        "unknown inmate": (999999, "pagi"),
        "inmate who left": (
            make_inmate(departed_on=dt.date(2025, 1, 1), departure="bebas").pk,
            "pagi",
        ),
        "session not worked": (make_inmate().pk, "penuh"),
    }[case]
    response = api_as(officer).post(url(workshop), {"inmate_id": inmate_id, "session": session})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == field and body["message"] == message
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    "payload", [{}, {"inmate_id": "x"}, {"inmate_id": 1, "session": "malam"},
                {"inmate_id": 1, "note": "n" * 301}, {"inmate_id": 1, "workshop_id": 2}],
)  # fmt: skip
def test_apply_with_an_invalid_payload_is_a_422(api_as, officer, workshop, payload):
    response = api_as(officer).post(url(workshop), payload)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert rows() == (0, 0, 0)


# --- decline -------------------------------------------------------------------------------


def decline_url(application):
    return url(application.workshop, f"applications/{application.pk}/decline")


def test_decline(api_as, officer, workshop, make_inmate, apply):
    application = apply(workshop, make_inmate())
    response = api_as(officer).post(decline_url(application), {"reason": " Kuota penuh "})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ditolak" and body["decline_reason"] == "Kuota penuh"
    assert body["decided_at"] is not None
    with scopes_disabled():
        application.refresh_from_db()
    assert application.decided_by == officer


def test_decline_without_a_reason_is_a_400(api_as, officer, workshop, make_inmate, apply):
    application = apply(workshop, make_inmate())
    response = api_as(officer).post(decline_url(application), {"reason": "  "})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "reason" and body["message"] == "Isi alasan penolakan."
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).status == "menunggu"


def test_decline_a_decided_application_is_a_400(api_as, officer, workshop, make_inmate, apply):
    application = apply(workshop, make_inmate())
    client = api_as(officer)
    client.post(decline_url(application), {"reason": "Pertama"})
    response = client.post(decline_url(application), {"reason": "Kedua"})
    assert response.status_code == 400
    assert response.json()["code"] == "decided"
    assert response.json()["message"] == "Permohonan ini sudah diputuskan."
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).decline_reason == "Pertama"


def test_decline_through_another_workshop_is_a_404(
    api_as, officer, facility, workshop, make_inmate, apply
):
    application = apply(workshop, make_inmate())
    with scopes_disabled():
        kitchen = Workshop.objects.create(facility=facility, name="Dapur", sector="kuliner",
                                          capacity=5)  # fmt: skip
    response = api_as(officer).post(
        url(kitchen, f"applications/{application.pk}/decline"), {"reason": "Salah bengkel"}
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert Application.objects.get(pk=application.pk).status == "menunggu"


# --- approve several -----------------------------------------------------------------------


def test_approve_several(api_as, officer, workshop, make_inmate, apply, today):
    suitable = [apply(workshop, make_inmate()) for _ in range(2)]
    unsuitable = apply(workshop, make_inmate(stage="awal"))
    payload = {
        "application_ids": [unsuitable.pk, suitable[1].pk, suitable[0].pk, 999999],
        "start_date": today.isoformat(),
    }
    response = api_as(officer).post(url(workshop, "applications/approve"), payload)
    assert response.status_code == 200
    body = response.json()
    with scopes_disabled():
        allocations = {a.application_id: a for a in Allocation.objects.all()}
    assert [c["application_id"] for c in body["created"]] == [a.pk for a in suitable]
    for created in body["created"]:
        allocation = allocations[created["application_id"]]
        assert created["allocation_id"] == allocation.pk
        assert created["status"] == allocation.status == "ACTIVE"
    assert body["refused"] == [
        {
            "application_id": unsuitable.pk,
            "reason": "WBP tidak memenuhi aturan bengkel: "
            "Tahap pembinaan “Awal” tidak diizinkan di bengkel ini.",
        },
        {"application_id": 999999, "reason": "Tidak ditemukan."},
    ]
    with scopes_disabled():
        assert Application.objects.get(pk=unsuitable.pk).status == "menunggu"
        assert Application.objects.get(pk=suitable[0].pk).status == "disetujui"


def test_approve_with_a_later_start_date_leaves_the_allocations_pending(
    api_as, officer, workshop, make_inmate, apply, today
):
    application = apply(workshop, make_inmate())
    payload = {
        "application_ids": [application.pk],
        "start_date": (today + dt.timedelta(days=7)).isoformat(),
    }
    body = api_as(officer).post(url(workshop, "applications/approve"), payload).json()
    assert body["refused"] == [] and body["created"][0]["status"] == "PENDING"


def test_approve_stops_at_the_capacity(api_as, officer, workshop, make_inmate, apply, today):
    applications = [apply(workshop, make_inmate()) for _ in range(4)]  # capacity 3
    payload = {"application_ids": [a.pk for a in applications], "start_date": today.isoformat()}
    body = api_as(officer).post(url(workshop, "applications/approve"), payload).json()
    assert [c["application_id"] for c in body["created"]] == [a.pk for a in applications[:3]]
    assert body["refused"][0]["application_id"] == applications[3].pk
    assert "Bengkel sudah penuh (3 tempat)." in body["refused"][0]["reason"]


def test_approve_an_application_of_another_workshop_refuses_it(
    api_as, officer, facility, workshop, make_inmate, apply, today
):
    with scopes_disabled():
        kitchen = Workshop.objects.create(facility=facility, name="Dapur", sector="kuliner",
                                          capacity=5)  # fmt: skip
    elsewhere = apply(kitchen, make_inmate())
    payload = {"application_ids": [elsewhere.pk], "start_date": today.isoformat()}
    body = api_as(officer).post(url(workshop, "applications/approve"), payload).json()
    assert body == {
        "created": [],
        "refused": [{"application_id": elsewhere.pk, "reason": "Tidak ditemukan."}],
    }
    assert rows()[1] == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"application_ids": [], "start_date": "2026-01-05"},
        {"application_ids": [1]},
        {"application_ids": [1], "start_date": "5 Januari 2026"},
        {"application_ids": list(range(1, 202)), "start_date": "2026-01-05"},
    ],
)
def test_approve_with_an_invalid_payload_is_a_422(api_as, officer, workshop, payload):
    response = api_as(officer).post(url(workshop, "applications/approve"), payload)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


# --- suitability ---------------------------------------------------------------------------


def check(client, workshop, inmate_id, session="pagi", **params):
    return client.get(url(workshop, "suitability"),
                      {"inmate_id": inmate_id, "session": session, **params})  # fmt: skip


def test_a_suitable_inmate(api_as, officer, workshop, make_inmate):
    response = check(api_as(officer), workshop, make_inmate().pk)
    assert response.status_code == 200
    assert response.json() == {"suitable": True, "can_override": False, "failures": []}


def test_every_failed_rule_is_explained(api_as, officer, head, workshop, make_inmate, today):
    inmate = make_inmate(
        security_class="maksimum", stage="awal", expected_release=today + dt.timedelta(days=10)
    )
    response = check(api_as(officer), workshop, inmate.pk, start_date=today.isoformat())
    body = response.json()
    assert body["suitable"] is False and body["can_override"] is False
    failures = {f["rule"]: f for f in body["failures"]}
    assert set(failures) == {"classification", "stage", "release"}
    assert failures["classification"]["message"] == (
        "Klasifikasi Maksimum di bawah batas terendah bengkel (Medium)."
    )
    assert all(f["overridable"] for f in body["failures"])
    assert check(api_as(head), workshop, inmate.pk).json()["can_override"] is True
    assert rows() == (0, 0, 0)


def test_an_inmate_who_left_cannot_be_overridden(api_as, head, workshop, make_inmate):
    inmate = make_inmate(departed_on=dt.date(2025, 1, 1), departure="pindah")
    body = check(api_as(head), workshop, inmate.pk).json()
    assert body["failures"][0]["rule"] == "present"
    assert body["failures"][0]["overridable"] is False


def test_the_start_date_counts_for_the_release_rule(api_as, officer, workshop, make_inmate):
    inmate = make_inmate(expected_release=dt.date(2030, 1, 20))
    client = api_as(officer)
    assert check(client, workshop, inmate.pk, start_date="2030-01-01").json()["failures"]
    assert not check(client, workshop, inmate.pk, start_date="2029-06-01").json()["failures"]


@pytest.mark.parametrize(
    ("case", "field"), [("session not worked", "session"), ("another unit's inmate", "inmate_id")]
)
def test_a_check_that_cannot_be_made_is_a_400(
    api_as, officer, workshop, other_facility, make_inmate, case, field
):
    with scopes_disabled():
        stranger = InmateFactory(facility=other_facility)
    inmate_id, session = {
        "session not worked": (make_inmate().pk, "penuh"),
        "another unit's inmate": (stranger.pk, "pagi"),
    }[case]
    response = check(api_as(officer), workshop, inmate_id, session)
    assert response.status_code == 400 and response.json()["field"] == field


@pytest.mark.parametrize(
    "params",
    [{"session": "pagi"}, {"inmate_id": 1, "session": "malam"}, {"inmate_id": 1},
     {"inmate_id": 1, "session": "pagi", "start_date": "kemarin"}],
)  # fmt: skip
def test_a_bad_check_is_a_422(api_as, officer, workshop, params):
    response = api_as(officer).get(url(workshop, "suitability"), params)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
