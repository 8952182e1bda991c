"""Who may call each work-programme endpoint.

Reading workshops, the waiting list and allocations needs `workshop.view` (officer, head,
output officer, treasurer); changing workshops, the waiting list and allocations, and the
suitability check, need the officer's or head's permissions; the day needs
`attendance.record`. Anonymous is a 401, a user whose roles do not cover the unit a 404 (also
for another unit's workshop or allocation asked through one's own unit), a role without the
permission a 403; a refused call writes nothing. The behaviour of each endpoint is tested in
test_programs_*_api.py.
"""

from types import SimpleNamespace

import pytest
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.programs.models import Allocation, Application, Attendance, OutputRecord, Workshop
from karya.programs.services.allocations import application_create

pytestmark = pytest.mark.django_db

VIEW, WORKSHOP, ALLOCATION, DAY = "workshop.view", "workshop.manage", "allocation.manage", "day"
READERS = {"officer", "head", "output_officer", "treasurer"}


@pytest.fixture
def world(officer, workshop, make_inmate, allocate, today):
    """A workshop with two waiting applications and allocations in every open state."""
    with scopes_disabled():
        workshop.capacity = 10
        workshop.save()
    with scope(facility=[workshop.facility_id]):
        application, declinable = (
            application_create(
                actor=officer, workshop=workshop, inmate=make_inmate(), session="pagi"
            )
            for _ in range(2)
        )
    return SimpleNamespace(
        workshop=workshop,
        today=today.isoformat(),
        free=make_inmate(),
        application=application,
        declinable=declinable,
        pending=allocate(workshop, make_inmate(), status="PENDING"),
        active=allocate(workshop, make_inmate()),
        suspended=allocate(workshop, make_inmate(), status="SUSPENDED"),
    )


def requests(w, code):
    """endpoint → (permission, method, path, body or query)."""
    unit = f"/facilities/{code}"
    ws = f"{unit}/workshops/{w.workshop.pk}"
    allocations = f"{unit}/allocations"
    return {
        "workshop list": (VIEW, "GET", f"{unit}/workshops", None),
        "workshop detail": (VIEW, "GET", ws, None),
        "workshop create": (
            WORKSHOP, "POST", f"{unit}/workshops", {"name": "Baru", "sector": "jasa", "capacity": 2}
        ),
        "workshop update": (WORKSHOP, "PATCH", ws, {"capacity": 20}),
        "application list": (VIEW, "GET", f"{ws}/applications", None),
        "application create": (ALLOCATION, "POST", f"{ws}/applications", {"inmate_id": w.free.pk}),
        "application decline": (
            ALLOCATION, "POST", f"{ws}/applications/{w.declinable.pk}/decline", {"reason": "Penuh"}
        ),
        "applications approve": (
            ALLOCATION, "POST", f"{ws}/applications/approve",
            {"application_ids": [w.application.pk], "start_date": w.today},
        ),
        "suitability": (
            ALLOCATION, "GET", f"{ws}/suitability", {"inmate_id": w.free.pk, "session": "pagi"}
        ),
        "allocation list": (VIEW, "GET", allocations, None),
        "allocation detail": (VIEW, "GET", f"{allocations}/{w.active.pk}", None),
        "allocation create": (
            ALLOCATION, "POST", f"{ws}/allocations",
            {"inmate_id": w.free.pk, "session": "siang", "start_date": w.today},
        ),
        "allocation start": (ALLOCATION, "POST", f"{allocations}/{w.pending.pk}/start", None),
        "allocation suspend": (
            ALLOCATION, "POST", f"{allocations}/{w.active.pk}/suspend", {"reason": "Sakit"}
        ),
        "allocation resume": (ALLOCATION, "POST", f"{allocations}/{w.suspended.pk}/resume", None),
        "allocation end": (
            ALLOCATION, "POST", f"{allocations}/{w.active.pk}/end", {"reason": "selesai"}
        ),
        "day read": (DAY, "GET", f"{ws}/days/{w.today}", None),
        "day save": (
            DAY, "PUT", f"{ws}/days/{w.today}",
            {"entries": [{"allocation_id": w.active.pk, "status": "hadir", "hours": 7}]},
        ),
    }  # fmt: skip


ENDPOINTS = [
    "workshop list",
    "workshop detail",
    "workshop create",
    "workshop update",
    "application list",
    "application create",
    "application decline",
    "applications approve",
    "suitability",
    "allocation list",
    "allocation detail",
    "allocation create",
    "allocation start",
    "allocation suspend",
    "allocation resume",
    "allocation end",
    "day read",
    "day save",
]
WITH_AN_ID = [e for e in ENDPOINTS if e not in {"workshop list", "workshop create",
                                                 "allocation list"}]  # fmt: skip


def test_the_table_names_every_endpoint(world):
    assert sorted(requests(world, "X")) == sorted(ENDPOINTS)


def call(client, world, code, endpoint):
    _perm, method, path, data = requests(world, code)[endpoint]
    return getattr(client, method.lower())(path, data)


def state():
    """Everything a call could write."""
    with scopes_disabled():
        return (
            list(Workshop.objects.values_list("pk", "name", "capacity")),
            list(Application.objects.values_list("pk", "status")),
            list(Allocation.objects.values_list("pk", "status")),
            Attendance.objects.count(),
            OutputRecord.objects.count(),
            AuditEntry.objects.exclude(content_type__model="apitoken").count(),
        )


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ["officer", "head"])
def test_an_officer_and_a_head_may_call_every_endpoint(
    api_as, make_user, facility, world, role, endpoint
):
    user = make_user(role, facility=facility)
    response = call(api_as(user), world, facility.code, endpoint)
    assert response.status_code in {200, 201}, response.content
    if endpoint == "applications approve":
        assert response.json()["refused"] == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_callers_without_the_right_are_refused_and_nothing_is_written(
    api_as, make_user, facility, other_facility, far_facility, region, world, endpoint
):
    perm = requests(world, facility.code)[endpoint][0]
    callers = {
        "anonymous": (None, 401),
        "officer of another unit": (make_user("officer", facility=other_facility), 404),
        "head of another region's unit": (make_user("head", facility=far_facility), 404),
        "regional of another region": (make_user("regional", region=far_facility.region), 404),
    }
    for role in ["pr", "security", "regional", "national", "admin", "treasurer", "output_officer"]:
        allowed = perm == VIEW and role in READERS
        callers[role] = (make_user(role, facility=facility, region=region),
                         200 if allowed else 403)  # fmt: skip
    clients = {who: (api_as(user), status) for who, (user, status) in callers.items()}
    before = state()
    for who, (client, status) in clients.items():
        response = call(client, world, facility.code, endpoint)
        assert response.status_code == status, f"{who}: {response.status_code}"
        if status >= 400:
            code = {401: "unauthorized", 403: "forbidden", 404: "not_found"}[status]
            assert response.json()["code"] == code, who
            assert response.json()["message"] in {
                "Masuk atau kirim token API yang sah.",
                "Peran Anda tidak mengizinkan ini.",
                "Tidak ditemukan.",
            }, who
    assert state() == before


@pytest.mark.parametrize("endpoint", WITH_AN_ID)
def test_another_units_workshop_or_allocation_is_not_found_through_ones_own_unit(
    api_as, make_user, facility, other_facility, world, endpoint
):
    client = api_as(make_user("head", facility=other_facility))
    before = state()
    response = call(client, world, other_facility.code, endpoint)
    assert response.status_code == 404, response.content
    assert state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_unit_is_a_404(api_as, officer, world, endpoint):
    assert call(api_as(officer), world, "NOPE", endpoint).status_code == 404
