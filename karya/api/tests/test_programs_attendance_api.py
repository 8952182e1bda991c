"""A workshop's day through the API: read the rows, save attendance, hours and output at once,
corrections kept in the audit log, a fixed number of queries whatever the headcount."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.production.models import Product
from karya.programs.models import Attendance, OutputRecord

pytestmark = pytest.mark.django_db


def url(workshop, date):
    return f"/facilities/{workshop.facility.code}/workshops/{workshop.pk}/days/{date.isoformat()}"


@pytest.fixture
def big_workshop(workshop):
    with scopes_disabled():
        workshop.capacity = 100
        workshop.save()
    return workshop


def present(allocation, hours="7", **outputs):
    return {"allocation_id": allocation.pk, "status": "hadir", "hours": hours,
            "outputs": outputs}  # fmt: skip


def recorded():
    with scopes_disabled():
        return (
            list(Attendance.objects.values_list("allocation_id", "status", "hours")),
            list(OutputRecord.objects.values_list("allocation_id", "product_id", "quantity")),
        )


def test_read_an_empty_day(api_as, officer, workshop, product, make_inmate, allocate, today):
    agus = allocate(workshop, make_inmate(name="Agus"))
    budi = allocate(workshop, make_inmate(name="Budi"), status="SUSPENDED")
    allocate(workshop, make_inmate(name="Cahyo"), status="PENDING")  # not started: no row
    response = api_as(officer).get(url(workshop, today))
    assert response.status_code == 200
    body = response.json()
    assert body["workshop_id"] == workshop.pk and body["date"] == today.isoformat()
    assert body["products"] == [{"id": product.pk, "name": "Sapu lidi",
                                 "unit_of_measure": "batang"}]  # fmt: skip
    assert body["rows"] == [
        {
            "allocation_id": agus.pk,
            "allocation_status": "ACTIVE",
            "inmate_id": agus.inmate_id,
            "inmate_name": "Agus",
            "status": None,
            "hours": None,
            "note": "",
            "outputs": {},
        },
        {
            "allocation_id": budi.pk,
            "allocation_status": "SUSPENDED",
            "inmate_id": budi.inmate_id,
            "inmate_name": "Budi",
            "status": None,
            "hours": None,
            "note": "",
            "outputs": {},
        },
    ]


def test_save_a_day_and_read_it_back(api_as, officer, workshop, product, make_inmate, allocate,
                                     today):  # fmt: skip
    agus = allocate(workshop, make_inmate(name="Agus"))
    budi = allocate(workshop, make_inmate(name="Budi"))
    payload = {
        "entries": [
            present(agus, "7.5", **{str(product.pk): 40}),
            {"allocation_id": budi.pk, "status": "sakit", "note": "Di poliklinik"},
        ]
    }
    response = api_as(officer).put(url(workshop, today), payload)
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["changed"], body["unchanged"]) == (2, 0, 0)
    rows = {row["inmate_name"]: row for row in body["rows"]}
    assert rows["Agus"]["status"] == "hadir" and rows["Agus"]["hours"] == "7.50"
    assert rows["Agus"]["outputs"] == {str(product.pk): 40}
    assert rows["Budi"]["status"] == "sakit" and rows["Budi"]["note"] == "Di poliklinik"
    assert rows["Budi"]["hours"] == "0.00" and rows["Budi"]["outputs"] == {}
    assert api_as(officer).get(url(workshop, today)).json()["rows"] == body["rows"]
    with scopes_disabled():
        attendance = Attendance.objects.get(allocation=agus)
        output = OutputRecord.objects.get(allocation=agus)
    assert attendance.hours == Decimal("7.50") and attendance.recorded_by == officer
    assert output.quantity == 40 and output.date == today


def test_a_correction_is_audited_and_a_left_out_product_counts_as_zero(
    api_as, officer, workshop, product, make_inmate, allocate, today
):
    agus = allocate(workshop, make_inmate(name="Agus"))
    client = api_as(officer)
    client.put(url(workshop, today), {"entries": [present(agus, "7", **{str(product.pk): 40})]})
    # The day is corrected: Agus was in fact sick; his pieces are not sent any more.
    response = client.put(url(workshop, today),
                          {"entries": [{"allocation_id": agus.pk, "status": "sakit"}]})  # fmt: skip
    assert response.status_code == 200
    assert (response.json()["created"], response.json()["changed"]) == (0, 1)
    assert response.json()["rows"][0]["outputs"] == {str(product.pk): 0}
    with scopes_disabled():
        corrections = AuditEntry.objects.filter(action="update", note=f"Koreksi {today}")
        changes = [entry.changes for entry in corrections.order_by("pk")]
    assert changes == [
        {"status": ["hadir", "sakit"], "hours": ["7.00", "0.00"]},
        {"quantity": [40, 0]},
    ]


def test_saving_the_same_day_again_changes_nothing(api_as, officer, workshop, make_inmate,
                                                   allocate, today):  # fmt: skip
    agus = allocate(workshop, make_inmate())
    client = api_as(officer)
    client.put(url(workshop, today), {"entries": [present(agus)]})
    body = client.put(url(workshop, today), {"entries": [present(agus)]}).json()
    assert (body["created"], body["changed"], body["unchanged"]) == (0, 0, 1)
    with scopes_disabled():
        assert not AuditEntry.objects.filter(content_type__model="attendance").exists()


def test_an_allocation_left_out_is_left_as_it_is(api_as, officer, workshop, make_inmate,
                                                 allocate, today):  # fmt: skip
    agus = allocate(workshop, make_inmate(name="Agus"))
    budi = allocate(workshop, make_inmate(name="Budi"))
    client = api_as(officer)
    client.put(url(workshop, today), {"entries": [present(agus), present(budi)]})
    client.put(url(workshop, today), {"entries": [present(agus, "4")]})
    with scopes_disabled():
        assert Attendance.objects.get(allocation=budi).hours == Decimal("7")
        assert Attendance.objects.get(allocation=agus).hours == Decimal("4")


@pytest.mark.parametrize(
    ("case", "code", "field", "message"),
    [
        ("a day still to come", "invalid", "date", "Hari yang belum tiba tidak dapat dicatat."),
        ("an unknown allocation", "not_allocated", None,
         "Ada WBP dalam daftar yang tidak ditempatkan di bengkel ini pada hari itu."),
        ("another workshop's allocation", "not_allocated", None, None),
        ("a pending allocation", "not_allocated", None, None),
        ("the same allocation twice", "not_allocated", None, None),
        ("hours when sick", "invalid", "hours", "Agus tidak hadir, jadi jam kerja harus 0."),
        ("25 hours", "invalid", "hours", "Jam harus antara 0 dan 24."),
        ("output when sick", "invalid", "outputs",
         "Agus tidak hadir, jadi hasil kerja tidak dapat dicatat."),
        ("a product the workshop does not make", "invalid", "outputs",
         "Bengkel ini tidak membuat produk tersebut."),
    ],
)  # fmt: skip
def test_a_bad_day_is_a_400_and_nothing_is_written(
    api_as, officer, facility, workshop, product, make_inmate, allocate, today,
    case, code, field, message,
):  # fmt: skip
    from karya.programs.models import Workshop

    agus = allocate(workshop, make_inmate(name="Agus"))
    budi = allocate(workshop, make_inmate(name="Budi"))
    with scopes_disabled():
        kitchen = Workshop.objects.create(facility=facility, name="Dapur", sector="kuliner",
                                          capacity=5)  # fmt: skip
        other_product = Product.objects.create(
            facility=facility, name="Nasi kotak", category="kuliner", unit_of_measure="porsi"
        )
    date = today
    bad = {
        "a day still to come": lambda: (present(agus), today + dt.timedelta(days=1)),
        "an unknown allocation": lambda: ({"allocation_id": 999999, "status": "hadir"}, today),
        "another workshop's allocation": lambda: (
            present(allocate(kitchen, make_inmate())), today),
        "a pending allocation": lambda: (
            present(allocate(workshop, make_inmate(), status="PENDING")), today),
        "the same allocation twice": lambda: (present(budi), today),
        "hours when sick": lambda: ({**present(agus), "status": "sakit"}, today),
        "25 hours": lambda: (present(agus, "25"), today),
        "output when sick": lambda: (
            {"allocation_id": agus.pk, "status": "sakit", "outputs": {str(product.pk): 3}},
            today),
        "a product the workshop does not make": lambda: (
            present(agus, **{str(other_product.pk): 3}), today),
    }  # fmt: skip
    entry, date = bad[case]()
    response = api_as(officer).put(url(workshop, date), {"entries": [present(budi), entry]})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code and body["field"] == field
    if message:
        assert body["message"] == message
    assert recorded() == ([], [])


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"entries": [{"allocation_id": 1, "status": "tidur"}]},
        {"entries": [{"allocation_id": 1, "status": "hadir", "hours": "tujuh"}]},
        {"entries": [{"allocation_id": 1, "status": "hadir", "outputs": {"1": -1}}]},
        {"entries": [{"allocation_id": 1, "status": "hadir", "outputs": {"1": 10**10}}]},
        {"entries": [{"allocation_id": 1, "status": "hadir", "outputs": {"sapu": 1}}]},
        {"entries": [{"allocation_id": 1, "status": "hadir", "hadir": True}]},
        {"entries": [{"status": "hadir"}]},
    ],
)
def test_an_invalid_day_payload_is_a_422(api_as, officer, workshop, today, payload):
    response = api_as(officer).put(url(workshop, today), payload)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and response.json()["details"]
    assert recorded() == ([], [])


def test_a_date_that_is_not_a_date_is_a_422(api_as, officer, workshop):
    path = f"/facilities/{workshop.facility.code}/workshops/{workshop.pk}/days/31-01-2026"
    response = api_as(officer).get(path)
    assert response.status_code == 422 and response.json()["code"] == "invalid"


def test_an_earlier_day_shows_who_was_allocated_then(
    api_as, officer, workshop, make_inmate, allocate, today
):
    allocate(workshop, make_inmate(), start_date=today - dt.timedelta(days=2))
    allocate(workshop, make_inmate())
    earlier = api_as(officer).get(url(workshop, today - dt.timedelta(days=1))).json()
    assert len(earlier["rows"]) == 1
    assert len(api_as(officer).get(url(workshop, today)).json()["rows"]) == 2


# --- a fixed number of queries -------------------------------------------------------------


def _day_payload(allocations, product, hours):
    pieces = int(hours) * 5
    return {"entries": [present(a, hours, **{str(product.pk): pieces}) for a in allocations]}


def _save_twice(client, workshop, allocations, product, today, assert_max):
    """Queries of a first save (inserts) and of a correction (updates and audit rows)."""
    with assert_max(40) as first:
        response = client.put(url(workshop, today), _day_payload(allocations, product, "7"))
        assert response.json()["created"] == len(allocations)
    with assert_max(40) as correction:
        response = client.put(url(workshop, today), _day_payload(allocations, product, "6"))
        assert response.json()["changed"] == len(allocations)
    return len(first.captured_queries), len(correction.captured_queries)


def test_saving_a_day_takes_the_same_queries_for_5_or_30_inmates(
    api_as, officer, facility, big_workshop, product, make_inmate, allocate, today,
    django_assert_max_num_queries,
):  # fmt: skip
    from karya.programs.models import Workshop

    client = api_as(officer)
    with scopes_disabled():
        other = Workshop.objects.create(facility=facility, name="Bengkel Dua", sector="kerajinan",
                                        capacity=100, sessions=["pagi"])  # fmt: skip
        other.products.add(product)
    few = [allocate(big_workshop, make_inmate()) for _ in range(5)]
    many = [allocate(other, make_inmate()) for _ in range(30)]
    small = _save_twice(client, big_workshop, few, product, today, django_assert_max_num_queries)
    with django_assert_max_num_queries(small[0]):
        response = client.put(url(other, today), _day_payload(many, product, "7"))
        assert response.json()["created"] == 30
    with django_assert_max_num_queries(small[1]):
        response = client.put(url(other, today), _day_payload(many, product, "6"))
        assert response.json()["changed"] == 30
    with django_assert_max_num_queries(10) as read_few:
        client.get(url(big_workshop, today))
    with django_assert_max_num_queries(len(read_few.captured_queries)):
        assert len(client.get(url(other, today)).json()["rows"]) == 30
