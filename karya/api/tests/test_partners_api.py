"""Partners through the API: list with search and keyset pagination, detail with contacts,
recording and changing one, and the JSON errors (nothing written)."""

import pytest
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.partners.models import Partner, PartnerContact
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db

NPWP_MESSAGE = (
    "NPWP terdiri dari 16 angka (atau 15 angka format lama); titik dan tanda hubung diabaikan."
)


def url(facility, partner=None, tail=""):
    base = f"/facilities/{facility.code}/partners"
    return base if partner is None else f"{base}/{partner.pk}{tail}"


def rows():
    with scopes_disabled():
        return (
            Partner.objects.count(),
            PartnerContact.objects.count(),
            AuditEntry.objects.filter(content_type__app_label="partners").count(),
        )


@pytest.fixture
def partners(facility, officer, head):
    with scope(facility=[facility.pk]):
        rajasa = make_partner(facility, officer, npwp="01.234.567.8-901.000", city="Banyumas")
        acun = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
        blk = make_partner(facility, officer, legal_name="BLK Cilacap", legal_form="BLK")
        make_agreement(rajasa, officer, head, "PKS")
        make_agreement(rajasa, officer, head, "TERMINATED", title="Lama")
        make_agreement(acun, officer, head)
    return rajasa, acun, blk


def test_list_with_counts_and_search(api_as, officer, facility, partners):
    rajasa, acun, blk = partners
    client = api_as(officer)
    items = client.get(url(facility)).json()["items"]
    assert [p["id"] for p in items] == [rajasa.pk, acun.pk, blk.pk]
    assert [p["open_agreements"] for p in items] == [1, 1, 0]
    assert items[0]["npwp"] == "012345678901000" and items[0]["legal_form"] == "CV"
    found = client.get(url(facility), {"q": "akuarium"}).json()["items"]
    assert [p["legal_name"] for p in found] == ["Toko Acun Akuarium"]
    by_npwp = client.get(url(facility), {"q": "5678901"}).json()["items"]
    assert [p["id"] for p in by_npwp] == [rajasa.pk]


def test_keyset_pagination_walks_every_partner_once(api_as, officer, facility, partners):
    client = api_as(officer)
    seen, after = [], None
    while True:
        params = {"limit": 2} | ({"after": after} if after else {})
        body = client.get(url(facility), params).json()
        seen += [p["id"] for p in body["items"]]
        after = body["next_cursor"]
        if after is None:
            break
    assert seen == [p.pk for p in partners]


def test_list_query_count_does_not_grow(api_as, officer, facility, partners, count_queries):
    client = api_as(officer)
    with count_queries() as few:
        client.get(url(facility))
    assert 0 < len(few) <= 12, few
    with scope(facility=[facility.pk]):
        for n in range(5):
            make_partner(facility, officer, legal_name=f"UMKM {n}", legal_form="UMKM")
    with count_queries() as more:
        assert len(client.get(url(facility)).json()["items"]) == 8
    assert len(more) == len(few)


def test_another_units_partners_are_not_listed(
    api_as, make_user, facility, other_facility, partners
):
    stranger = make_user("officer", facility=other_facility)
    assert api_as(stranger).get(url(other_facility)).json() == {"items": [], "next_cursor": None}


def test_detail_with_contacts(api_as, officer, facility, partners):
    rajasa = partners[0]
    client = api_as(officer)
    response = client.post(
        url(facility, rajasa, "/contacts"),
        {"name": " Bu Rina ", "position": "Direktur", "email": "rina@rajasa.example"},
    )
    assert response.status_code == 201 and response.json()["name"] == "Bu Rina"
    body = client.get(url(facility, rajasa)).json()
    assert body["legal_name"] == "CV Rajasa Mas Jaya" and body["city"] == "Banyumas"
    assert body["open_agreements"] == 1
    assert [c["name"] for c in body["contacts"]] == ["Bu Rina"]


def test_record_and_change_a_partner(api_as, officer, facility):
    client = api_as(officer)
    response = client.post(
        url(facility),
        {
            "legal_form": "CV",
            "legal_name": "CV  Pusat   Handicraft",
            "npwp": "0123.4567.8901.2345",
            "city": "Yogyakarta",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["legal_name"] == "CV Pusat Handicraft" and body["npwp"] == "0123456789012345"
    assert body["contacts"] == [] and body["open_agreements"] == 0
    response = client.patch(url(facility) + f"/{body['id']}", {"phone": "0274-555", "npwp": ""})
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["npwp"]) == ("0274-555", "")
    with scopes_disabled():
        partner = Partner.objects.get(pk=body["id"])
        actions = [e.action for e in AuditEntry.objects.for_object(partner).order_by("pk")]
    assert partner.facility == facility and actions == ["create", "update"]


@pytest.mark.parametrize(
    "npwp", ["01.234.567.8-901.00", "012345678901234567", "01.234.567.8-901.00A"]
)
def test_a_bad_npwp_is_a_400_in_indonesian(api_as, officer, facility, npwp):
    before = rows()
    response = api_as(officer).post(
        url(facility), {"legal_form": "CV", "legal_name": "CV Baru", "npwp": npwp}
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": NPWP_MESSAGE,
        "field": "npwp",
        "details": [],
    }
    assert rows() == before


def test_duplicates_in_the_unit_are_a_409(api_as, officer, facility, partners):
    before = rows()
    client = api_as(officer)
    response = client.post(
        url(facility), {"legal_form": "toko", "legal_name": "toko acun AKUARIUM"}
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("duplicate", "legal_name")
    response = client.post(
        url(facility), {"legal_form": "CV", "legal_name": "CV Lain", "npwp": "012345678901000"}
    )
    assert response.status_code == 409 and response.json()["field"] == "npwp"
    assert response.json()["message"] == "UPT sudah memiliki mitra dengan NPWP ini."
    response = client.patch(url(facility, partners[2]), {"legal_name": "CV Rajasa Mas Jaya"})
    assert response.status_code == 409
    assert rows() == before


def test_the_same_npwp_in_another_unit_is_fine(api_as, make_user, other_facility, partners):
    stranger = make_user("officer", facility=other_facility)
    response = api_as(stranger).post(
        url(other_facility),
        {"legal_form": "CV", "legal_name": "CV Rajasa Mas Jaya", "npwp": "012345678901000"},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [
        {"legal_form": "firma", "legal_name": "X"},
        {"legal_form": "CV", "legal_name": ""},
        {"legal_form": "CV"},
        {"legal_form": "CV", "legal_name": "X", "facility_id": 9},
        {"legal_form": "CV", "legal_name": "X", "npwp": 12345678901234},
    ],
    ids=["unknown form", "empty name", "no name", "unknown field", "npwp as number"],
)
def test_bad_bodies_are_a_422(api_as, officer, facility, body):
    before = rows()
    response = api_as(officer).post(url(facility), body)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert response.json()["message"] == "Permintaan tidak sah."
    assert rows() == before


def test_a_bad_email_is_a_400(api_as, officer, facility, partners):
    before = rows()
    client = api_as(officer)
    response = client.patch(url(facility, partners[0]), {"email": "bukan-surel"})
    assert response.status_code == 400 and response.json()["field"] == "email"
    response = client.post(url(facility, partners[0], "/contacts"), {"name": "A", "email": "x@"})
    assert response.status_code == 400 and response.json()["field"] == "email"
    assert rows() == before


def test_null_is_refused_in_a_change(api_as, officer, facility, partners):
    response = api_as(officer).patch(url(facility, partners[0]), {"legal_name": None})
    assert response.status_code == 422
