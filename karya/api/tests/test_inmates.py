"""The inmate endpoints: list with filters and keyset pagination, detail, create, update, and
who may call each of them."""

import datetime as dt
import json

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.models import Inmate
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def url(facility, inmate=None):
    base = f"/facilities/{facility.code}/inmates"
    return base if inmate is None else f"{base}/{inmate.pk}"


def new_inmate(**overrides):
    return {
        "registration_number": "BI.10/2026",
        "name": "Dedi Rotanjaya",
        "sex": "L",
        "status": "narapidana",
        "sentence_start": "2025-03-01",
        "expected_release": "2027-09-01",
        "security_class": "minimum",
        "stage": "awal",
        "asimilasi_eligible": False,
        "block": "C",
        "cell": "C-04",
        **overrides,
    }


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


# --- list ----------------------------------------------------------------------------------


def test_list_returns_the_units_present_inmates_by_id(api_as, officer, facility, inmates):
    with scopes_disabled():
        InmateFactory(facility=facility, name="Sudah Bebas", departed_on=dt.date(2025, 1, 2),
                      departure="bebas")  # fmt: skip
    response = api_as(officer).get(url(facility))
    assert names(response) == ["Agus Sapulidi", "Budi Anyamsari", "Citra Batikwangi"]
    assert response.json()["next_cursor"] is None
    first = response.json()["items"][0]
    assert first["registration_number"] == "BI.1/2025" and first["block"] == "A"
    assert first["stage"] == "lanjutan" and first["departure"] is None


def test_list_never_shows_another_units_inmates(api_as, officer, facility, far_facility, inmates):
    with scopes_disabled():
        InmateFactory(facility=far_facility, name="Orang Lain")
    assert "Orang Lain" not in names(api_as(officer).get(url(facility)))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "anyam"}, ["Budi Anyamsari"]),
        ({"q": "BI.3/"}, ["Citra Batikwangi"]),
        ({"status": "tahanan"}, ["Budi Anyamsari"]),
        ({"security_class": "maksimum"}, ["Citra Batikwangi"]),
        ({"block": "A"}, ["Agus Sapulidi"]),
        ({"stage": "awal"}, []),
        ({"presence": "keluar"}, ["Eko Pindahan"]),
        (
            {"presence": "semua"},
            ["Agus Sapulidi", "Budi Anyamsari", "Citra Batikwangi", "Eko Pindahan"],
        ),  # fmt: skip
    ],
)
def test_list_filters(api_as, officer, facility, inmates, params, expected):
    with scopes_disabled():
        InmateFactory(facility=facility, name="Eko Pindahan", departed_on=dt.date(2025, 5, 1),
                      departure="pindah")  # fmt: skip
    assert names(api_as(officer).get(url(facility), params)) == expected


@pytest.mark.parametrize(
    "params", [{"limit": 0}, {"limit": 501}, {"status": "bebas"}, {"after": "x"}]
)
def test_bad_filters_are_a_422(api_as, officer, facility, params):
    response = api_as(officer).get(url(facility), params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Permintaan tidak sah."
    assert body["details"]


def test_keyset_pagination_walks_every_inmate_once(api_as, officer, facility):
    with scopes_disabled():
        created = InmateFactory.create_batch(5, facility=facility)
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
        assert after == page["items"][-1]["id"]
    assert seen == sorted(i.pk for i in created)
    assert pages == 3


def test_a_full_last_page_has_no_next_cursor(api_as, officer, facility, inmates):
    page = api_as(officer).get(url(facility), {"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next_cursor"] is None


def test_a_new_inmate_added_between_pages_is_not_skipped(api_as, officer, facility, inmates):
    client = api_as(officer)
    first = client.get(url(facility), {"limit": 2}).json()
    with scopes_disabled():
        late = InmateFactory(facility=facility, name="Aaron Baru")  # sorts first by name
    rest = client.get(url(facility), {"limit": 2, "after": first["next_cursor"]}).json()
    ids = [i["id"] for i in first["items"] + rest["items"]]
    assert ids == sorted(ids) and late.pk in ids and len(ids) == 4


def test_list_query_count_does_not_grow(api_as, officer, facility, django_assert_max_num_queries):
    client = api_as(officer)
    with scopes_disabled():
        InmateFactory.create_batch(2, facility=facility)
    with django_assert_max_num_queries(10) as few:
        client.get(url(facility))
    with scopes_disabled():
        InmateFactory.create_batch(30, facility=facility)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url(facility)).json()["items"]) == 32


def test_the_unit_code_is_not_case_sensitive(api_as, officer, facility, inmates):
    assert len(names(api_as(officer).get("/facilities/lppwt/inmates"))) == 3


# --- detail --------------------------------------------------------------------------------


def test_detail(api_as, officer, facility, inmates):
    response = api_as(officer).get(url(facility, inmates[2]))
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == inmates[2].pk
    assert body["name"] == "Citra Batikwangi" and body["sex"] == "P"
    assert body["sentence_start"] == "2024-01-10" and body["departed_on"] is None


def test_detail_of_an_unknown_inmate_is_a_404(api_as, officer, facility):
    response = api_as(officer).get(f"/facilities/{facility.code}/inmates/999999")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "Tidak ditemukan.",
        "field": None,
        "details": [],
    }


def test_another_units_inmate_is_not_found_through_ones_own_unit(
    api_as, make_user, facility, other_facility, inmates
):
    stranger = make_user("officer", facility=other_facility)
    response = api_as(stranger).get(f"/facilities/{other_facility.code}/inmates/{inmates[0].pk}")
    assert response.status_code == 404
    response = api_as(stranger).patch(
        f"/facilities/{other_facility.code}/inmates/{inmates[0].pk}", {"name": "Diubah"}
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert Inmate.objects.get(pk=inmates[0].pk).name == "Agus Sapulidi"


# --- create --------------------------------------------------------------------------------


def test_create(api_as, officer, facility):
    response = api_as(officer).post(url(facility), new_inmate())
    assert response.status_code == 201
    body = response.json()
    assert body["registration_number"] == "BI.10/2026" and body["stage"] == "awal"
    with scopes_disabled():
        inmate = Inmate.objects.get(pk=body["id"])
        assert inmate.facility == facility and inmate.expected_release == dt.date(2027, 9, 1)
        entry = AuditEntry.objects.for_object(inmate).get()
    assert entry.action == "create" and entry.actor == officer and entry.facility == facility
    assert entry.changes["name"] == [None, "Dedi Rotanjaya"]


def test_create_with_only_required_fields(api_as, officer, facility):
    payload = {k: new_inmate()[k] for k in ("registration_number", "name", "sex", "status")}
    response = api_as(officer).post(url(facility), {**payload, "security_class": "medium"})
    assert response.status_code == 201
    body = response.json()
    assert body["stage"] is None and body["sentence_start"] is None and body["block"] == ""


def test_create_a_duplicate_registration_number_is_a_409(api_as, officer, facility, inmates):
    client = api_as(officer)
    response = client.post(url(facility), new_inmate(registration_number="BI.1/2025"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate" and body["field"] == "registration_number"
    assert body["message"] == "Nomor registrasi ini sudah ada di registrasi UPT."
    # Spaces around the number do not make it a different number.
    response = client.post(url(facility), new_inmate(registration_number=" BI.1/2025 "))
    assert response.status_code == 409
    with scopes_disabled():
        assert Inmate.objects.filter(facility=facility).count() == 3


def test_the_same_number_in_another_unit_is_allowed(api_as, make_user, far_facility, inmates):
    user = make_user("officer", facility=far_facility)
    response = api_as(user).post(url(far_facility), new_inmate(registration_number="BI.1/2025"))
    assert response.status_code == 201


@pytest.mark.parametrize(
    "payload",
    [
        {"name": "Tanpa Nomor", "sex": "L", "status": "narapidana", "security_class": "medium"},
        new_inmate(sex="X"),
        new_inmate(name=""),
        new_inmate(name="   "),
        new_inmate(sentence_start="31-02-2025"),
        new_inmate(block="B" * 41),
        new_inmate(facility=99),  # the unit comes from the URL, never from the body
    ],
)
def test_create_with_an_invalid_payload_is_a_422(api_as, officer, facility, payload):
    response = api_as(officer).post(url(facility), payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["details"]
    with scopes_disabled():
        assert not Inmate.objects.exists()


@pytest.mark.parametrize("payload", [[], [new_inmate()], "Agus", 12])
def test_a_body_that_is_not_an_object_is_a_400(api_as, officer, facility, payload):
    response = api_as(officer).post(url(facility), json.dumps(payload))
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    with scopes_disabled():
        assert not Inmate.objects.exists()


def test_release_before_the_sentence_start_is_a_400(api_as, officer, facility):
    payload = new_inmate(sentence_start="2026-01-01", expected_release="2025-01-01")
    response = api_as(officer).post(url(facility), payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == "expected_release"
    assert body["message"] == "Tanggal ekspirasi tidak boleh lebih awal dari tanggal mulai pidana."
    with scopes_disabled():
        assert not Inmate.objects.exists()
        assert not AuditEntry.objects.filter(content_type__model="inmate").exists()


def test_a_departure_needs_date_and_reason(api_as, officer, facility):
    response = api_as(officer).post(url(facility), new_inmate(departed_on="2026-01-01"))
    assert response.status_code == 400 and response.json()["field"] == "departure"


# --- update --------------------------------------------------------------------------------


def test_update_writes_an_audit_row_with_before_and_after(api_as, officer, facility, inmates):
    inmate = inmates[0]
    response = api_as(officer).patch(url(facility, inmate), {"block": "D", "cell": "D-1"})
    assert response.status_code == 200
    assert response.json()["block"] == "D" and response.json()["name"] == "Agus Sapulidi"
    with scopes_disabled():
        inmate.refresh_from_db()
        entry = AuditEntry.objects.for_object(inmate).get()
    assert inmate.block == "D"
    assert entry.action == "update" and entry.actor == officer
    assert entry.changes == {"block": ["A", "D"], "cell": ["", "D-1"]}


def test_an_update_that_changes_nothing_writes_no_audit_row(api_as, officer, facility, inmates):
    response = api_as(officer).patch(url(facility, inmates[0]), {"block": "A"})
    assert response.status_code == 200
    response = api_as(officer).patch(url(facility, inmates[0]), {})
    assert response.status_code == 200
    with scopes_disabled():
        assert not AuditEntry.objects.filter(content_type__model="inmate").exists()


def test_update_can_clear_the_stage_and_record_a_departure(api_as, officer, facility, inmates):
    payload = {"stage": None, "departed_on": "2026-02-01", "departure": "bebas"}
    response = api_as(officer).patch(url(facility, inmates[0]), payload)
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] is None and body["departure"] == "bebas"
    with scopes_disabled():
        inmate = Inmate.objects.get(pk=inmates[0].pk)
    assert inmate.stage == "" and inmate.departed_on == dt.date(2026, 2, 1)


def test_update_to_another_inmates_number_is_a_409(api_as, officer, facility, inmates):
    response = api_as(officer).patch(
        url(facility, inmates[0]), {"registration_number": "BI.2/2025"}
    )
    assert response.status_code == 409 and response.json()["code"] == "duplicate"


def test_update_release_before_start_is_a_400(api_as, officer, facility, inmates):
    response = api_as(officer).patch(url(facility, inmates[0]), {"expected_release": "2020-01-01"})
    assert response.status_code == 400 and response.json()["field"] == "expected_release"
    with scopes_disabled():
        assert Inmate.objects.get(pk=inmates[0].pk).expected_release == dt.date(2028, 6, 1)


@pytest.mark.parametrize(
    "payload",
    [
        {"name": None},
        {"sex": None},
        {"registration_number": ""},
        {"sex": "X"},
        {"name": "  "},
        {"nmae": "Salah Ketik"},  # an unknown field is an error, not silently ignored
    ],
)
def test_update_with_an_invalid_payload_is_a_422(api_as, officer, facility, inmates, payload):
    response = api_as(officer).patch(url(facility, inmates[0]), payload)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    with scopes_disabled():
        assert not AuditEntry.objects.filter(content_type__model="inmate").exists()


# --- who may call what ---------------------------------------------------------------------

ENDPOINTS = ["list", "detail", "create", "update"]


def call(client, endpoint, facility, inmate):
    if endpoint == "list":
        return client.get(url(facility))
    if endpoint == "detail":
        return client.get(url(facility, inmate))
    if endpoint == "create":
        return client.post(url(facility), new_inmate())
    return client.patch(url(facility, inmate), {"name": "Diubah"})


def assert_nothing_written(facility):
    with scopes_disabled():
        assert Inmate.objects.filter(facility=facility).count() == 3
        assert not Inmate.objects.filter(name="Diubah").exists()
        assert not AuditEntry.objects.filter(content_type__model="inmate").exists()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_officer_may_call_every_endpoint(api_as, officer, facility, inmates, endpoint):
    response = call(api_as(officer), endpoint, facility, inmates[0])
    assert response.status_code in {200, 201}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_head_may_call_every_endpoint(api_as, head, facility, inmates, endpoint):
    response = call(api_as(head), endpoint, facility, inmates[0])
    assert response.status_code in {200, 201}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_gets_401(api_as, facility, inmates, endpoint):
    response = call(api_as(None), endpoint, facility, inmates[0])
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert_nothing_written(facility)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize(
    "who",
    [
        "officer of another unit",
        "output officer of another unit",
        "head of another region's unit",
        "regional of another region",
    ],
)
def test_a_user_whose_roles_do_not_cover_the_unit_gets_404(
    api_as, make_user, facility, other_facility, far_facility, inmates, who, endpoint
):
    user = {
        "officer of another unit": lambda: make_user("officer", facility=other_facility),
        "output officer of another unit": lambda: make_user(
            "output_officer", facility=other_facility
        ),
        "head of another region's unit": lambda: make_user("head", facility=far_facility),
        "regional of another region": lambda: make_user("regional", region=far_facility.region),
    }[who]()
    response = call(api_as(user), endpoint, facility, inmates[0])
    assert response.status_code == 404
    assert response.json()["message"] == "Tidak ditemukan."
    assert_nothing_written(facility)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ["output_officer", "pr", "regional", "national", "admin"])
def test_a_role_without_the_permission_gets_403(
    api_as, make_user, facility, region, inmates, role, endpoint
):
    user = make_user(role, facility=facility, region=region)
    response = call(api_as(user), endpoint, facility, inmates[0])
    assert response.status_code == 403
    assert response.json() == {
        "code": "forbidden",
        "message": "Peran Anda tidak mengizinkan ini.",
        "field": None,
        "details": [],
    }
    assert_nothing_written(facility)


@pytest.mark.parametrize(("endpoint", "status"), [("list", 200), ("detail", 200),
                                                  ("create", 403), ("update", 403)])  # fmt: skip
def test_a_treasurer_reads_but_does_not_write(
    api_as, make_user, facility, inmates, endpoint, status
):
    user = make_user("treasurer", facility=facility)
    assert call(api_as(user), endpoint, facility, inmates[0]).status_code == status


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_unknown_unit_is_a_404(api_as, officer, facility, inmates, endpoint):
    response = call(api_as(officer), endpoint, type(facility)(code="NOPE"), inmates[0])
    assert response.status_code == 404


def test_an_ended_membership_no_longer_gives_access(api_as, officer, facility, inmates):
    from karya.accounts.services import membership_end

    client = api_as(officer)
    membership_end(actor=None, membership=officer.memberships.get())
    assert client.get(url(facility)).status_code == 404
