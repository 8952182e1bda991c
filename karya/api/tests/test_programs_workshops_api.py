"""The workshop endpoints: list with counts, detail with products, sessions and rules, create
and update. Who may call them is in test_programs_api.py."""

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.production.models import Product
from karya.programs.models import Workshop

pytestmark = pytest.mark.django_db


def url(facility, workshop=None):
    base = f"/facilities/{facility.code}/workshops"
    return base if workshop is None else f"{base}/{workshop.pk}"


def new_workshop(**overrides):
    return {
        "name": "Bengkel Batik Cap",
        "sector": "batik",
        "capacity": 12,
        "min_security_class": "minimum",
        "allowed_stages": ["lanjutan", "akhir"],
        "release_margin_days": 60,
        "working_days": [0, 1, 2, 3, 4],
        "sessions": ["pagi", "siang"],
        "contribution_basis": "hours",
        "description": "Batik cap untuk CV Rajasa Mas Jaya",
        **overrides,
    }


def workshop_rows():
    with scopes_disabled():
        audit = AuditEntry.objects.filter(content_type__model="workshop")
        return Workshop.objects.count(), audit.count()


# --- list ----------------------------------------------------------------------------------


def test_list_counts_allocated_and_waiting_inmates(
    api_as, officer, facility, workshop, make_inmate, allocate
):
    from karya.programs.services.allocations import application_create

    first, second, third, fourth = (make_inmate() for _ in range(4))
    allocate(workshop, first)
    allocate(workshop, second, status="SUSPENDED")
    allocate(workshop, third, status="ENDED")
    with scopes_disabled():
        # Applications (waiting and decided) must not multiply the allocated count.
        for inmate in (first, second, fourth):
            application_create(actor=officer, workshop=workshop, inmate=inmate, session="siang")
        Workshop.objects.create(facility=facility, name="Dapur", sector="kuliner", capacity=5)
        Workshop.objects.create(
            facility=facility, name="Tutup", sector="kayu", capacity=5, is_active=False
        )
    response = api_as(officer).get(url(facility))
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.json()}
    assert list(rows) == ["Bengkel Sapu", "Dapur"]
    assert rows["Bengkel Sapu"] == {
        "id": workshop.pk,
        "name": "Bengkel Sapu",
        "sector": "kerajinan",
        "outside_walls": False,
        "capacity": 3,
        "allocated": 2,
        "waiting": 3,
        "is_active": True,
    }
    assert rows["Dapur"]["allocated"] == 0 and rows["Dapur"]["waiting"] == 0
    everything = api_as(officer).get(url(facility), {"include_inactive": True}).json()
    assert [row["name"] for row in everything] == ["Bengkel Sapu", "Dapur", "Tutup"]


def test_list_never_shows_another_units_workshops(api_as, officer, facility, other_facility):
    with scopes_disabled():
        Workshop.objects.create(facility=other_facility, name="Milik Lain", sector="jasa",
                                capacity=2)  # fmt: skip
    assert api_as(officer).get(url(facility)).json() == []


def test_list_query_count_does_not_grow(api_as, officer, facility, django_assert_max_num_queries):
    client = api_as(officer)
    with scopes_disabled():
        Workshop.objects.create(facility=facility, name="W0", sector="jasa", capacity=2)
    with django_assert_max_num_queries(10) as few:
        client.get(url(facility))
    with scopes_disabled():
        for i in range(1, 20):
            Workshop.objects.create(facility=facility, name=f"W{i}", sector="jasa", capacity=2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url(facility)).json()) == 20


# --- detail --------------------------------------------------------------------------------


def test_detail_has_products_sessions_and_rules(api_as, officer, facility, workshop, product):
    with scopes_disabled():
        workshop.supervisors.add(officer)
    response = api_as(officer).get(url(facility, workshop))
    assert response.status_code == 200
    body = response.json()
    assert body["product_ids"] == [product.pk] and body["supervisor_ids"] == [officer.pk]
    assert body["sessions"] == ["pagi", "siang"]
    assert body["allowed_stages"] == ["lanjutan", "akhir"]
    assert body["min_security_class"] == "medium" and body["release_margin_days"] == 30
    assert body["working_days"] == [0, 1, 2, 3, 4, 5]
    assert body["contribution_basis"] == "pieces" and body["allocated"] == 0


def test_detail_of_an_unknown_workshop_is_a_404(api_as, officer, facility):
    response = api_as(officer).get(f"/facilities/{facility.code}/workshops/999999")
    assert response.status_code == 404 and response.json()["message"] == "Tidak ditemukan."


# --- create --------------------------------------------------------------------------------


def test_create(api_as, officer, head, facility, product):
    payload = new_workshop(product_ids=[product.pk], supervisor_ids=[officer.pk, head.pk])
    response = api_as(officer).post(url(facility), payload)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Bengkel Batik Cap" and body["capacity"] == 12
    assert body["product_ids"] == [product.pk]
    assert sorted(body["supervisor_ids"]) == sorted([officer.pk, head.pk])
    assert body["allocated"] == 0 and body["waiting"] == 0
    with scopes_disabled():
        workshop = Workshop.objects.get(pk=body["id"])
        entry = AuditEntry.objects.for_object(workshop).get()
    assert workshop.facility == facility and workshop.sessions == ["pagi", "siang"]
    assert workshop.working_days == [0, 1, 2, 3, 4] and workshop.contribution_basis == "hours"
    assert entry.action == "create" and entry.actor == officer


def test_create_with_only_the_required_fields_takes_the_defaults(api_as, officer, facility):
    response = api_as(officer).post(url(facility), {"name": "Cuci Mobil", "sector": "jasa",
                                                    "capacity": 4})  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert body["sessions"] == ["pagi"] and body["working_days"] == [0, 1, 2, 3, 4, 5]
    assert body["allowed_stages"] == ["awal", "lanjutan", "akhir"]
    assert body["min_security_class"] == "medium" and body["is_active"] is True


def test_create_repeated_list_values_are_kept_once(api_as, officer, facility):
    payload = new_workshop(sessions=["siang", "pagi", "siang"], working_days=[3, 1, 3])
    body = api_as(officer).post(url(facility), payload).json()
    assert body["sessions"] == ["siang", "pagi"] and body["working_days"] == [1, 3]


def test_create_a_duplicate_name_is_a_409(api_as, officer, facility, workshop):
    before = workshop_rows()
    response = api_as(officer).post(url(facility), new_workshop(name="Bengkel Sapu"))
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "duplicate" and body["field"] == "name"
    assert body["message"] == "UPT sudah memiliki bengkel kerja dengan nama ini."
    assert workshop_rows() == before


def test_create_with_another_units_product_is_a_400(api_as, officer, facility, other_facility):
    with scopes_disabled():
        foreign = Product.objects.create(facility=other_facility, name="Kaos", category="konveksi",
                                         unit_of_measure="buah")  # fmt: skip
    response = api_as(officer).post(url(facility), new_workshop(product_ids=[foreign.pk]))
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "product_ids"
    assert body["message"] == "Bengkel hanya dapat membuat produk UPT-nya sendiri."
    assert workshop_rows() == (0, 0)


@pytest.mark.parametrize("who", ["officer of another unit", "treasurer", "no role"])
def test_a_supervisor_must_be_an_officer_or_head_of_the_unit(
    api_as, make_user, officer, facility, other_facility, who
):
    user = {
        "officer of another unit": lambda: make_user("officer", facility=other_facility),
        "treasurer": lambda: make_user("treasurer", facility=facility),
        "no role": lambda: make_user(),
    }[who]()
    response = api_as(officer).post(url(facility), new_workshop(supervisor_ids=[user.pk]))
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "supervisor_ids"
    assert body["message"] == "Pengawas harus petugas kegiatan kerja atau kepala UPT ini."
    assert workshop_rows() == (0, 0)


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (new_workshop(sessions=[]), "sessions", "Pilih paling sedikit satu sesi."),
        (new_workshop(working_days=[]), "working_days", None),
        (new_workshop(allowed_stages=[]), "allowed_stages", None),
    ],
)
def test_an_empty_list_is_a_400(api_as, officer, facility, payload, field, message):
    response = api_as(officer).post(url(facility), payload)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and body["field"] == field
    if message:
        assert body["message"] == message
    assert workshop_rows() == (0, 0)


@pytest.mark.parametrize(
    "payload",
    [
        new_workshop(sector="tambang"),
        new_workshop(capacity=0),
        new_workshop(name="  "),
        new_workshop(working_days=[7]),
        new_workshop(sessions=["malam"]),
        new_workshop(allowed_stages=["bebas"]),
        new_workshop(release_margin_days=4000),
        new_workshop(facility=99),
        new_workshop(product_ids="1"),
        {"name": "Tanpa Sektor", "capacity": 2},
    ],
)
def test_create_with_an_invalid_payload_is_a_422(api_as, officer, facility, payload):
    response = api_as(officer).post(url(facility), payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["message"] == "Permintaan tidak sah."
    assert body["details"]
    assert workshop_rows() == (0, 0)


# --- update --------------------------------------------------------------------------------


def test_update_changes_only_what_is_sent(api_as, officer, facility, workshop, product):
    response = api_as(officer).patch(
        url(facility, workshop), {"capacity": 8, "sessions": ["penuh"], "product_ids": []}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["capacity"] == 8 and body["sessions"] == ["penuh"] and body["product_ids"] == []
    assert body["name"] == "Bengkel Sapu" and body["allowed_stages"] == ["lanjutan", "akhir"]
    with scopes_disabled():
        workshop.refresh_from_db()
        entry = AuditEntry.objects.for_object(workshop).get()
        assert not workshop.products.exists()
    assert entry.action == "update" and entry.actor == officer
    assert set(entry.changes) == {"capacity", "sessions"} and entry.changes["capacity"] == [3, 8]


def test_update_keeps_the_allocated_count(api_as, officer, facility, workshop, make_inmate,
                                          allocate):  # fmt: skip
    allocate(workshop, make_inmate())
    body = api_as(officer).patch(url(facility, workshop), {"description": "Baru"}).json()
    assert body["allocated"] == 1 and body["description"] == "Baru"


def test_update_to_another_workshops_name_is_a_409(api_as, officer, facility, workshop):
    with scopes_disabled():
        Workshop.objects.create(facility=facility, name="Dapur", sector="kuliner", capacity=5)
    response = api_as(officer).patch(url(facility, workshop), {"name": "Dapur"})
    assert response.status_code == 409 and response.json()["code"] == "duplicate"
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).name == "Bengkel Sapu"


@pytest.mark.parametrize(
    "payload",
    [{"name": None}, {"capacity": None}, {"sessions": None}, {"capacity": -1}, {"nama": "x"}],
)
def test_update_with_an_invalid_payload_is_a_422(api_as, officer, facility, workshop, payload):
    response = api_as(officer).patch(url(facility, workshop), payload)
    assert response.status_code == 422 and response.json()["code"] == "invalid"
    with scopes_disabled():
        assert not AuditEntry.objects.filter(content_type__model="workshop").exists()


def test_another_units_workshop_cannot_be_changed_through_ones_own_unit(
    api_as, make_user, facility, other_facility, workshop
):
    stranger = make_user("officer", facility=other_facility)
    response = api_as(stranger).patch(
        f"/facilities/{other_facility.code}/workshops/{workshop.pk}", {"capacity": 99}
    )
    assert response.status_code == 404
    with scopes_disabled():
        assert Workshop.objects.get(pk=workshop.pk).capacity == 3
