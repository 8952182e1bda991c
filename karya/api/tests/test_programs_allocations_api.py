"""Allocations: list with filters and keyset pagination, detail, allocating with a head's
overrides, and the guarded transitions."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.programs.models import Allocation, Workshop
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def url(facility, allocation=None, action=None):
    base = f"/facilities/{facility.code}/allocations"
    if allocation is None:
        return base
    return f"{base}/{allocation.pk}" + (f"/{action}" if action else "")


def create_url(workshop):
    return f"/facilities/{workshop.facility.code}/workshops/{workshop.pk}/allocations"


def allocation_rows():
    with scopes_disabled():
        audit = AuditEntry.objects.filter(content_type__model="allocation")
        return Allocation.objects.count(), audit.count()


def status_of(allocation):
    with scopes_disabled():
        return Allocation.objects.get(pk=allocation.pk).status


@pytest.fixture
def kitchen(facility):
    with scopes_disabled():
        return Workshop.objects.create(
            facility=facility, name="Dapur", sector="kuliner", capacity=10,
            sessions=["pagi", "siang", "penuh"],
        )  # fmt: skip


# --- list and detail -----------------------------------------------------------------------


def test_list_and_filters(api_as, officer, facility, workshop, kitchen, make_inmate, allocate):
    active = allocate(workshop, make_inmate(name="Agus"))
    suspended = allocate(workshop, make_inmate(name="Budi"), status="SUSPENDED")
    ended = allocate(kitchen, make_inmate(name="Cahyo"), status="ENDED")
    pending = allocate(kitchen, make_inmate(name="Dedi"), status="PENDING")
    client = api_as(officer)

    def ids(**params):
        response = client.get(url(facility), params)
        assert response.status_code == 200
        return [item["id"] for item in response.json()["items"]]

    assert ids() == [active.pk, suspended.pk, ended.pk, pending.pk]
    assert ids(workshop_id=workshop.pk) == [active.pk, suspended.pk]
    assert ids(status="ENDED") == [ended.pk]
    assert ids(workshop_id=kitchen.pk, status="PENDING") == [pending.pk]
    assert ids(inmate_id=suspended.inmate_id) == [suspended.pk]
    item = client.get(url(facility), {"status": "SUSPENDED"}).json()["items"][0]
    assert item["workshop_name"] == "Bengkel Sapu" and item["inmate_name"] == "Budi"
    assert item["suspended_with_pay"] is False and item["suspension_reason"] == "Sakit"
    assert item["end_reason"] is None and item["overrides"] == []


def test_keyset_pagination_walks_every_allocation_once(
    api_as, officer, facility, kitchen, make_inmate, allocate
):
    made = [allocate(kitchen, make_inmate()).pk for _ in range(5)]
    client = api_as(officer)
    seen, after, pages = [], None, 0
    while True:
        params = {"limit": 2} if after is None else {"limit": 2, "after": after}
        page = client.get(url(facility), params).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        after = page["next_cursor"]
        if after is None:
            break
    assert seen == made and pages == 3


def test_list_query_count_does_not_grow(
    api_as, officer, facility, kitchen, make_inmate, allocate, django_assert_max_num_queries
):
    client = api_as(officer)
    allocate(kitchen, make_inmate())
    with django_assert_max_num_queries(10) as few:
        client.get(url(facility))
    for _ in range(9):
        allocate(kitchen, make_inmate())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url(facility)).json()["items"]) == 10


def test_list_never_shows_another_units_allocations(
    api_as, make_user, officer, facility, other_facility, workshop, make_inmate, allocate
):
    allocate(workshop, make_inmate())
    stranger = make_user("officer", facility=other_facility)
    response = api_as(stranger).get(url(other_facility), {"workshop_id": workshop.pk})
    assert response.json() == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("params", [{"status": "AKTIF"}, {"limit": 0}, {"workshop_id": "x"}])
def test_bad_filters_are_a_422(api_as, officer, facility, params):
    response = api_as(officer).get(url(facility), params)
    assert response.status_code == 422 and response.json()["message"] == "Permintaan tidak sah."


def test_detail(api_as, officer, facility, workshop, make_inmate, allocate, today):
    allocation = allocate(workshop, make_inmate(name="Eko"), status="ENDED")
    response = api_as(officer).get(url(facility, allocation))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == allocation.pk and body["inmate_name"] == "Eko"
    assert body["status"] == "ENDED" and body["end_reason"] == "selesai"
    assert body["start_date"] == body["end_date"] == today.isoformat()
    assert body["workshop_id"] == workshop.pk and body["application_id"] is None


def test_detail_of_an_unknown_allocation_is_a_404(api_as, officer, facility):
    assert api_as(officer).get(f"/facilities/{facility.code}/allocations/999999").status_code == (
        404
    )


# --- allocate ------------------------------------------------------------------------------


def test_allocate(api_as, officer, workshop, make_inmate, today):
    inmate = make_inmate()
    payload = {"inmate_id": inmate.pk, "session": "siang", "start_date": today.isoformat()}
    response = api_as(officer).post(create_url(workshop), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "PENDING" and body["session"] == "siang"
    assert body["inmate_id"] == inmate.pk and body["overrides"] == []
    with scopes_disabled():
        allocation = Allocation.objects.get(pk=body["id"])
        entry = AuditEntry.objects.for_object(allocation).get()
    assert allocation.created_by == officer and entry.actor == officer


def test_an_unsuitable_inmate_is_a_400_with_every_failed_rule(
    api_as, officer, workshop, make_inmate, today
):
    inmate = make_inmate(security_class="maksimum", stage="awal")
    payload = {"inmate_id": inmate.pk, "session": "pagi", "start_date": today.isoformat()}
    response = api_as(officer).post(create_url(workshop), payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unsuitable"
    assert body["message"].startswith("WBP tidak memenuhi aturan bengkel: Klasifikasi Maksimum")
    assert [d.split(":")[0] for d in body["details"]] == ["classification", "stage"]
    assert allocation_rows() == (0, 0)


def test_an_officer_cannot_override(api_as, officer, workshop, make_inmate, today):
    inmate = make_inmate(stage="awal")
    payload = {
        "inmate_id": inmate.pk,
        "session": "pagi",
        "start_date": today.isoformat(),
        "overrides": {"stage": "Keahlian khusus menjahit"},
    }
    response = api_as(officer).post(create_url(workshop), payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "override_forbidden"
    assert body["message"] == "Hanya kepala UPT yang boleh mengecualikan aturan."
    assert allocation_rows() == (0, 0)


def test_a_head_overrides_with_a_reason(api_as, head, workshop, make_inmate, today):
    inmate = make_inmate(stage="awal")
    payload = {
        "inmate_id": inmate.pk,
        "session": "pagi",
        "start_date": today.isoformat(),
        "overrides": {"stage": "Keahlian khusus menjahit"},
    }
    response = api_as(head).post(create_url(workshop), payload)
    assert response.status_code == 201
    [override] = response.json()["overrides"]
    assert override["rule"] == "stage" and override["reason"] == "Keahlian khusus menjahit"
    assert override["by"] == "kalapas"
    assert override["message"] == "Tahap pembinaan “Awal” tidak diizinkan di bengkel ini."


def test_an_override_without_a_reason_or_of_another_rule_still_blocks(
    api_as, head, workshop, make_inmate, today
):
    inmate = make_inmate(stage="awal", security_class="maksimum")
    payload = {
        "inmate_id": inmate.pk,
        "session": "pagi",
        "start_date": today.isoformat(),
        "overrides": {"stage": "Alasan tertulis", "classification": "   ", "capacity": "x"},
    }
    response = api_as(head).post(create_url(workshop), payload)
    assert response.status_code == 400
    assert response.json()["code"] == "unsuitable"
    assert [d.split(":")[0] for d in response.json()["details"]] == ["classification"]
    assert allocation_rows() == (0, 0)


def test_an_inmate_who_left_cannot_be_allocated_even_by_a_head(
    api_as, head, workshop, make_inmate, today
):
    inmate = make_inmate(departed_on=dt.date(2025, 1, 1), departure="bebas")
    payload = {
        "inmate_id": inmate.pk,
        "session": "pagi",
        "start_date": today.isoformat(),
        "overrides": {"present": "Tetap"},
    }
    response = api_as(head).post(create_url(workshop), payload)
    assert response.status_code == 400 and response.json()["code"] == "unsuitable"
    assert allocation_rows() == (0, 0)


def test_allocating_another_units_inmate_is_a_400(api_as, officer, workshop, other_facility, today):
    with scopes_disabled():
        stranger = InmateFactory(facility=other_facility)
    payload = {"inmate_id": stranger.pk, "session": "pagi", "start_date": today.isoformat()}
    response = api_as(officer).post(create_url(workshop), payload)
    assert response.status_code == 400
    assert response.json()["field"] == "inmate_id"
    assert response.json()["message"] == "WBP tidak terdaftar di UPT ini."
    assert allocation_rows() == (0, 0)


@pytest.mark.parametrize(
    "change",
    [
        {"session": "malam"},
        {"start_date": "besok"},
        {"overrides": {"umur": "x"}},
        {"overrides": {"stage": "x" * 301}},
        {"status": "ACTIVE"},
        {"inmate_id": None},
    ],
)
def test_allocate_with_an_invalid_payload_is_a_422(
    api_as, officer, workshop, make_inmate, today, change
):
    payload = {"inmate_id": make_inmate().pk, "session": "pagi", "start_date": today.isoformat()}
    response = api_as(officer).post(create_url(workshop), {**payload, **change})
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert allocation_rows() == (0, 0)


# --- transitions ---------------------------------------------------------------------------


def test_the_whole_life_of_an_allocation(api_as, officer, facility, workshop, make_inmate,
                                         allocate, today):  # fmt: skip
    allocation = allocate(workshop, make_inmate(), status="PENDING")
    client = api_as(officer)
    response = client.post(url(facility, allocation, "start"))
    assert response.status_code == 200 and response.json()["status"] == "ACTIVE"
    response = client.post(url(facility, allocation, "suspend"),
                           {"with_pay": True, "reason": "Sidang"})  # fmt: skip
    body = response.json()
    assert body["status"] == "SUSPENDED" and body["suspended_with_pay"] is True
    assert body["suspension_reason"] == "Sidang"
    response = client.post(url(facility, allocation, "resume"))
    body = response.json()
    assert body["status"] == "ACTIVE" and body["suspended_with_pay"] is None
    response = client.post(url(facility, allocation, "end"),
                           {"reason": "bebas", "note": "Bebas bersyarat"})  # fmt: skip
    body = response.json()
    assert body["status"] == "ENDED" and body["end_reason"] == "bebas"
    assert body["end_date"] == today.isoformat() and body["end_note"] == "Bebas bersyarat"
    with scopes_disabled():
        audited = AuditEntry.objects.for_object(allocation).filter(action="update").count()
    assert audited == 4


@pytest.mark.parametrize(
    ("state", "action", "body"),
    [
        ("ACTIVE", "start", None),
        ("SUSPENDED", "start", None),
        ("PENDING", "suspend", {"reason": "Sakit"}),
        ("SUSPENDED", "suspend", {"reason": "Sakit"}),
        ("ACTIVE", "resume", None),
        ("PENDING", "resume", None),
        ("ENDED", "start", None),
        ("ENDED", "resume", None),
        ("ENDED", "suspend", {"reason": "Sakit"}),
        ("ENDED", "end", {"reason": "selesai"}),
    ],
)
def test_an_illegal_transition_is_a_400(
    api_as, officer, facility, workshop, make_inmate, allocate, state, action, body
):
    allocation = allocate(workshop, make_inmate(), status=state)
    before = allocation_rows()
    response = api_as(officer).post(url(facility, allocation, action), body)
    assert response.status_code == 400
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["message"].startswith("Penempatan tidak dapat berubah dari ")
    assert status_of(allocation) == state and allocation_rows() == before


def test_an_ended_allocation_of_a_later_date_is_still_an_illegal_start(
    api_as, officer, facility, workshop, make_inmate, allocate, today
):
    later = today + dt.timedelta(days=3)
    allocation = allocate(workshop, make_inmate(), status="PENDING", start_date=later)
    client = api_as(officer)
    response = client.post(url(facility, allocation, "start"))
    assert response.status_code == 400 and response.json()["code"] == "not_yet"
    client.post(url(facility, allocation, "end"),
                {"reason": "permintaan", "end_date": later.isoformat()})  # fmt: skip
    response = client.post(url(facility, allocation, "start"))
    assert response.status_code == 400 and response.json()["code"] == "illegal_transition"


@pytest.mark.parametrize(
    ("action", "body", "field", "message"),
    [
        ("suspend", {"reason": " "}, "reason", "Isi alasan penghentian sementara."),
        ("end", {"reason": "selesai", "end_date": "2020-01-01"}, "end_date",
         "Tanggal selesai tidak boleh sebelum tanggal mulai."),
    ],
)  # fmt: skip
def test_a_refused_transition_is_a_400(
    api_as, officer, facility, workshop, make_inmate, allocate, action, body, field, message
):
    allocation = allocate(workshop, make_inmate())
    response = api_as(officer).post(url(facility, allocation, action), body)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["message"] == message
    assert status_of(allocation) == "ACTIVE"


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("suspend", {}),
        ("suspend", {"reason": "x" * 301}),
        ("end", {"reason": "kabur"}),
        ("end", {}),
        ("end", {"reason": "selesai", "end_date": "31-12-2026"}),
    ],
)
def test_a_transition_with_an_invalid_payload_is_a_422(
    api_as, officer, facility, workshop, make_inmate, allocate, action, body
):
    allocation = allocate(workshop, make_inmate())
    response = api_as(officer).post(url(facility, allocation, action), body)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    assert status_of(allocation) == "ACTIVE"


def test_another_units_allocation_is_not_found_through_ones_own_unit(
    api_as, make_user, facility, other_facility, workshop, make_inmate, allocate
):
    allocation = allocate(workshop, make_inmate())
    client = api_as(make_user("officer", facility=other_facility))
    assert client.get(url(other_facility, allocation)).status_code == 404
    for action, body in [("suspend", {"reason": "x"}), ("end", {"reason": "selesai"})]:
        assert client.post(url(other_facility, allocation, action), body).status_code == 404
    assert status_of(allocation) == "ACTIVE"
