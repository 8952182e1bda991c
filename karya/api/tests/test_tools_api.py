"""The tools register through the API: tools, issuing, counting back; 401, 403 and 404."""

import pytest
from django.core import mail
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.services import api_token_create
from karya.core.dates import today_in
from karya.notifications.models import Notification
from karya.programs.models import Tool, ToolIssue
from karya.programs.tests.tools_setup import make_tool, make_workshop

pytestmark = pytest.mark.django_db

BASE = "/api/v1/facilities"


@pytest.fixture
def workshop(facility):
    return make_workshop(facility)


@pytest.fixture
def knives(workshop):
    return [make_tool(workshop, "P-01", "Pisau ukir"), make_tool(workshop, "G-01", "Gergaji")]


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def api():
    """api(user) → a client that sends the user's bearer token."""

    def make(user):
        _token, raw = api_token_create(actor=user, name="uji")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_endpoints_are_in_the_openapi_document(api, officer):
    document = api(officer).get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/facilities/{code}/tools"])
    assert "patch" in paths["/api/v1/facilities/{code}/tools/{tool_id}"]
    assert {"get", "post"} <= set(paths["/api/v1/facilities/{code}/tool-issues"])
    assert "post" in paths["/api/v1/facilities/{code}/tool-count-backs"]
    assert "post" in paths["/api/v1/facilities/{code}/tool-issues/{issue_id}/found"]


def test_anonymous_gets_401(client, facility, workshop, knives, today):
    assert client.get(f"{BASE}/{facility.code}/tools").status_code == 401
    response = _post(
        client,
        f"{BASE}/{facility.code}/tool-issues",
        {"workshop_id": workshop.pk, "date": str(today), "session": "pagi", "tool_ids": [1]},
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("role", ["pr", "treasurer"])
def test_role_without_permission_gets_403(api, make_user, facility, workshop, knives, role):
    client = api(make_user(role, facility=facility))
    assert client.get(f"{BASE}/{facility.code}/tools").status_code == 403
    assert client.get(f"{BASE}/{facility.code}/tool-issues").status_code == 403


def test_security_staff_read_but_cannot_issue(api, make_user, facility, workshop, knives, today):
    client = api(make_user("security", facility=facility))
    assert client.get(f"{BASE}/{facility.code}/tools").status_code == 200
    response = _post(
        client,
        f"{BASE}/{facility.code}/tool-issues",
        {"workshop_id": workshop.pk, "date": str(today), "session": "pagi", "tool_ids": [1]},
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_another_unit_is_404(api, make_user, facility, other_facility, workshop, knives, today):
    stranger = api(make_user("officer", facility=other_facility))
    assert stranger.get(f"{BASE}/{facility.code}/tools").status_code == 404
    assert stranger.get(f"{BASE}/{facility.code}/tools/{knives[0].pk}").status_code == 404
    # Another unit's tool and workshop through the stranger's own unit: not found either.
    assert stranger.get(f"{BASE}/{other_facility.code}/tools/{knives[0].pk}").status_code == 404
    response = _post(
        stranger,
        f"{BASE}/{other_facility.code}/tool-issues",
        {
            "workshop_id": workshop.pk,
            "date": str(today),
            "session": "pagi",
            "tool_ids": [knives[0].pk],
        },
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert not ToolIssue.objects.exists()


def test_list_tools_with_where_they_are(api, officer, facility, workshop, knives, today):
    with scopes_disabled():
        ToolIssue.objects.create(
            facility=facility, tool=knives[0], date=today, session="pagi", issued_by=officer
        )
    body = api(officer).get(f"{BASE}/{facility.code}/tools").json()
    states = {item["code"]: item["pending_state"] for item in body["items"]}
    assert states == {"P-01": "keluar", "G-01": None}
    assert body["next_cursor"] is None


def test_list_is_paginated_by_cursor(api, officer, facility, workshop, knives):
    client = api(officer)
    first = client.get(f"{BASE}/{facility.code}/tools", {"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    second = client.get(
        f"{BASE}/{facility.code}/tools", {"limit": 1, "after": first["next_cursor"]}
    ).json()
    assert second["items"][0]["id"] != first["items"][0]["id"]


def test_create_and_change_a_tool(api, officer, facility, workshop):
    client = api(officer)
    response = _post(
        client,
        f"{BASE}/{facility.code}/tools",
        {"workshop_id": workshop.pk, "code": "M-01", "name": "Mesin jahit"},
    )
    assert response.status_code == 201
    tool_id = response.json()["id"]
    response = client.patch(
        f"{BASE}/{facility.code}/tools/{tool_id}",
        {"is_active": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["is_active"] is False
    with scopes_disabled():
        assert not Tool.objects.get(pk=tool_id).is_active


def test_duplicate_code_is_409_in_indonesian(api, officer, facility, workshop, knives):
    response = _post(
        api(officer),
        f"{BASE}/{facility.code}/tools",
        {"workshop_id": workshop.pk, "code": "P-01", "name": "Pisau lain"},
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate" and body["field"] == "code"
    assert "sudah mempunyai alat" in body["message"]


def test_issue_and_count_back_with_a_missing_tool(
    api, officer, make_user, facility, workshop, knives, today, django_capture_on_commit_callbacks
):
    head = make_user("head", facility=facility, email="kalapas@example.id")
    client = api(officer)
    response = _post(
        client,
        f"{BASE}/{facility.code}/tool-issues",
        {
            "workshop_id": workshop.pk,
            "date": str(today),
            "session": "pagi",
            "tool_ids": [t.pk for t in knives],
        },
    )
    assert response.status_code == 201
    assert {i["tool_code"] for i in response.json()} == {"P-01", "G-01"}

    out = client.get(f"{BASE}/{facility.code}/tool-issues", {"state": "keluar"}).json()
    assert len(out["items"]) == 2

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            f"{BASE}/{facility.code}/tool-count-backs",
            {
                "workshop_id": workshop.pk,
                "date": str(today),
                "session": "pagi",
                "returned": [knives[0].pk],
                "missing": [{"tool_id": knives[1].pk, "note": "tidak ada"}],
            },
        )
    assert response.status_code == 200
    body = response.json()
    assert [i["tool_code"] for i in body["missing"]] == ["G-01"]
    assert body["alerted"] == 1
    assert Notification.objects.get().user == head
    assert mail.outbox[0].to == ["kalapas@example.id"]

    issue_id = body["missing"][0]["id"]
    response = _post(
        client, f"{BASE}/{facility.code}/tool-issues/{issue_id}/found", {"note": "di gudang"}
    )
    assert response.status_code == 200 and response.json()["state"] == "kembali"


def test_incomplete_count_back_is_400_and_writes_nothing(
    api, officer, facility, workshop, knives, today
):
    client = api(officer)
    _post(
        client,
        f"{BASE}/{facility.code}/tool-issues",
        {
            "workshop_id": workshop.pk,
            "date": str(today),
            "session": "pagi",
            "tool_ids": [t.pk for t in knives],
        },
    )
    response = _post(
        client,
        f"{BASE}/{facility.code}/tool-count-backs",
        {"workshop_id": workshop.pk, "date": str(today), "session": "pagi", "returned": []},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "incomplete"
    with scopes_disabled():
        assert ToolIssue.objects.filter(state="keluar").count() == 2


def test_bad_input_is_422(api, officer, facility, workshop, today):
    response = _post(
        api(officer),
        f"{BASE}/{facility.code}/tool-issues",
        {"workshop_id": workshop.pk, "date": str(today), "session": "malam", "tool_ids": []},
    )
    assert response.status_code == 422 and response.json()["code"] == "invalid"
