"""Agreements through the API: from exploration to the PKS with the head's approval, the
refused moves as JSON errors, renewal, terms, products and prices, obligations and the unit's
due list, and the documents' metadata."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.partners.models import Agreement, AgreementProduct, Obligation
from karya.partners.services import agreement_terms as terms
from karya.partners.services import agreements as services
from karya.partners.tests.helpers import make_agreement, make_partner
from karya.production.models import Product

pytestmark = pytest.mark.django_db


def url(facility, agreement=None, tail=""):
    base = f"/facilities/{facility.code}/agreements"
    if agreement is None:
        return base
    return f"{base}/{getattr(agreement, 'pk', agreement)}{tail}"


def rows():
    with scopes_disabled():
        return (
            Agreement.objects.count(),
            AgreementProduct.objects.count(),
            Obligation.objects.count(),
            AuditEntry.objects.filter(content_type__app_label="partners").count(),
        )


def state(agreement_id):
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=agreement_id)
    return agreement.status, agreement.pending_status


@pytest.fixture
def partner(facility, officer):
    with scope(facility=[facility.pk]):
        return make_partner(facility, officer, npwp="01.234.567.8-901.000")


@pytest.fixture
def agreement_in(partner, officer, head, facility):
    def make(status="EXPLORATION", **kw):
        with scope(facility=[facility.pk]):
            return make_agreement(partner, officer, head, status, **kw)

    return make


@pytest.fixture
def batik(facility):
    with scopes_disabled():
        return Product.objects.create(
            facility=facility, name="Batik cap", category="kerajinan", unit_of_measure="lembar"
        )


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


# --- the life of an agreement --------------------------------------------------------------


def test_from_exploration_to_pks(api_as, officer, head, facility, partner):
    clerk, boss = api_as(officer), api_as(head)
    response = clerk.post(
        url(facility),
        {
            "partner_id": partner.pk,
            "title": "Maklon batik cap",
            "schemes": ["pelatihan", "maklon"],
            "maklon_fee_per_unit": "7500",
            "commission_percent": 10.5,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["pending_status"]) == ("EXPLORATION", None)
    assert body["schemes"] == ["maklon", "pelatihan"] and body["partner_name"] == partner.legal_name
    assert body["maklon_fee_per_unit"] == "7500" and body["commission_percent"] == "10.50"
    assert body["products"] == body["obligations"] == body["documents"] == []
    agreement_id = body["id"]

    response = clerk.post(url(facility, agreement_id, "/request"), {"to": "MOU"})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["pending_status"]) == ("EXPLORATION", "MOU")
    assert response.json()["requested_by"] == officer.username
    waiting = boss.get(url(facility), {"awaiting_approval": True}).json()["items"]
    assert [a["id"] for a in waiting] == [agreement_id]

    response = boss.post(url(facility, agreement_id, "/approve"), {"signed_on": "2025-09-01"})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["mou_signed_on"], body["requested_by"]) == (
        "MOU",
        "2025-09-01",
        None,
    )
    clerk.post(url(facility, agreement_id, "/request"), {"to": "PKS"})
    response = boss.post(
        url(facility, agreement_id, "/approve"),
        {"signed_on": "2025-11-03", "number": "W13.PAS.PAS.3-PK.01.04-123"},
    )
    body = response.json()
    assert (body["status"], body["start_date"], body["end_date"]) == (
        "PKS",
        "2025-11-03",
        "2030-11-02",
    )
    assert body["number"] == "W13.PAS.PAS.3-PK.01.04-123"


@pytest.mark.parametrize(
    "status, move, body, code",
    [
        ("EXPLORATION", "request", {"to": "PKS"}, "illegal_transition"),
        ("MOU", "request", {"to": "MOU"}, "illegal_transition"),
        ("PKS", "request", {"to": "MOU"}, "illegal_transition"),
        ("TERMINATED", "request", {"to": "MOU"}, "illegal_transition"),
        ("EXPIRED", "request", {"to": "PKS"}, "illegal_transition"),
        ("EXPLORATION", "end", {"to": "EXPIRED"}, "illegal_transition"),
        ("MOU", "end", {"to": "PKS", "reason": "x"}, "illegal_transition"),
        ("TERMINATED", "end", {"to": "TERMINATED", "reason": "x"}, "illegal_transition"),
        ("EXPIRED", "end", {"to": "TERMINATED", "reason": "x"}, "illegal_transition"),
        ("PKS", "end", {"to": "TERMINATED"}, "invalid"),
        ("PKS", "end", {"to": "EXPIRED"}, "invalid"),
        ("MOU", "approve", {"signed_on": "2025-10-01"}, "nothing_pending"),
        ("MOU", "reject", {"reason": "Tidak"}, "nothing_pending"),
        ("TERMINATED", "patch", {"title": "Baru"}, "ended"),
        ("EXPIRED", "patch", {"notes": "Baru"}, "ended"),
    ],
)
def test_refused_moves_are_a_400_and_write_nothing(
    api_as, head, facility, agreement_in, status, move, body, code
):
    agreement = agreement_in(status)
    before, was = rows(), state(agreement.pk)
    client = api_as(head)
    if move == "patch":
        response = client.patch(url(facility, agreement), body)
    else:
        response = client.post(url(facility, agreement, f"/{move}"), body)
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == code
    assert response.json()["message"]  # translated; checked in Indonesian below
    assert rows() == before and state(agreement.pk) == was


def test_an_illegal_move_is_explained_in_indonesian(api_as, officer, facility, agreement_in):
    agreement = agreement_in()
    response = api_as(officer).post(url(facility, agreement, "/request"), {"to": "PKS"})
    assert response.json()["message"] == (
        "Kerja sama tidak dapat berubah dari Penjajakan menjadi PKS berlaku."
    )


def test_a_second_request_is_refused(api_as, officer, facility, agreement_in):
    agreement = agreement_in()
    client = api_as(officer)
    client.post(url(facility, agreement, "/request"), {"to": "MOU"})
    response = client.post(url(facility, agreement, "/request"), {"to": "MOU"})
    assert response.status_code == 400 and response.json()["code"] == "pending"


def test_the_head_rejects_with_a_reason(api_as, officer, head, facility, agreement_in):
    agreement = agreement_in("MOU")
    api_as(officer).post(url(facility, agreement, "/request"), {"to": "PKS"})
    boss = api_as(head)
    response = boss.post(url(facility, agreement, "/reject"), {"reason": ""})
    assert response.status_code == 422 and state(agreement.pk) == ("MOU", "PKS")
    response = boss.post(url(facility, agreement, "/reject"), {"reason": "Harga belum sepakat"})
    assert response.status_code == 200 and response.json()["pending_status"] is None
    with scopes_disabled():
        last = AuditEntry.objects.for_object(agreement).order_by("pk").last()
    assert last.note == "Harga belum sepakat" and last.actor == head


def test_a_signing_date_in_the_future_is_refused(
    api_as, officer, head, facility, agreement_in, today
):
    agreement = agreement_in()
    api_as(officer).post(url(facility, agreement, "/request"), {"to": "MOU"})
    before = rows()
    response = api_as(head).post(
        url(facility, agreement, "/approve"), {"signed_on": str(today + dt.timedelta(days=1))}
    )
    assert response.status_code == 400 and response.json()["field"] == "signed_on"
    assert response.json()["message"] == "Tanggal penandatanganan tidak boleh di masa depan."
    assert rows() == before


def test_terminate_today_by_default(api_as, officer, facility, agreement_in, today):
    agreement = agreement_in("PKS")
    response = api_as(officer).post(
        url(facility, agreement, "/end"), {"to": "TERMINATED", "reason": "Mitra tutup usaha"}
    )
    body = response.json()
    assert (body["status"], body["ended_on"], body["end_reason"]) == (
        "TERMINATED",
        str(today),
        "Mitra tutup usaha",
    )


def test_expire_a_pks_past_its_end(api_as, officer, facility, agreement_in, today):
    old = agreement_in("PKS", pks_signed=dt.date(2019, 1, 2))
    running = agreement_in("PKS", title="PKS berjalan")
    client = api_as(officer)
    response = client.post(url(facility, running, "/end"), {"to": "EXPIRED"})
    assert response.status_code == 400 and response.json()["field"] == "ended_on"
    response = client.post(url(facility, old, "/end"), {"to": "EXPIRED", "ended_on": "2024-01-02"})
    assert response.json()["status"] == "EXPIRED"
    assert client.get(url(facility), {"status": "EXPIRED"}).json()["items"][0]["id"] == old.pk


# --- renewal and terms ---------------------------------------------------------------------


def test_renew_a_pks_once(api_as, officer, facility, partner, agreement_in):
    pks = agreement_in("PKS")
    client = api_as(officer)
    renewal = {"partner_id": partner.pk, "title": "PKS 2030", "renewal_of_id": pks.pk}
    response = client.post(url(facility), renewal)
    assert response.status_code == 201 and response.json()["renewal_of_id"] == pks.pk
    before = rows()
    response = client.post(url(facility), renewal)
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("duplicate", "renewal_of_id")
    assert rows() == before


def test_renewal_rules(api_as, officer, facility, partner, agreement_in):
    exploration = agreement_in()
    with scope(facility=[facility.pk]):
        other = make_partner(facility, officer, legal_name="Toko Acun", legal_form="toko")
    pks = agreement_in("PKS")
    client = api_as(officer)
    before = rows()
    for body in (
        {"partner_id": partner.pk, "title": "X", "renewal_of_id": exploration.pk},
        {"partner_id": other.pk, "title": "X", "renewal_of_id": pks.pk},
    ):
        response = client.post(url(facility), body)
        assert response.status_code == 400 and response.json()["field"] == "renewal_of_id"
    assert rows() == before


def test_ids_in_the_body_must_be_the_units(
    api_as, officer, make_user, facility, other_facility, partner
):
    stranger = make_user("officer", facility=other_facility)
    with scope(facility=[other_facility.pk]):
        theirs = make_partner(other_facility, stranger)
        their_pks = make_agreement(
            theirs, stranger, make_user("head", facility=other_facility), "PKS"
        )
    client = api_as(officer)
    before = rows()
    response = client.post(url(facility), {"partner_id": theirs.pk, "title": "X"})
    assert response.status_code == 400 and response.json()["field"] == "partner_id"
    assert response.json()["message"] == "Pilih salah satu mitra UPT ini."
    response = client.post(
        url(facility), {"partner_id": partner.pk, "title": "X", "renewal_of_id": their_pks.pk}
    )
    assert response.status_code == 400 and response.json()["field"] == "renewal_of_id"
    assert rows() == before


@pytest.mark.parametrize(
    "body, field",
    [
        ({"commission_percent": 120}, "commission_percent"),
        ({"maklon_fee_per_unit": -1}, "maklon_fee_per_unit"),
        ({"maklon_fee_per_unit": "7500.5"}, "maklon_fee_per_unit"),
    ],
)
def test_bad_terms_are_a_400(api_as, officer, facility, agreement_in, body, field):
    agreement = agreement_in("PKS")
    before = rows()
    response = api_as(officer).patch(url(facility, agreement), body)
    assert response.status_code == 400 and response.json()["field"] == field
    assert rows() == before


@pytest.mark.parametrize(
    "body",
    [{"schemes": ["barter"]}, {"status": "PKS"}, {"title": None}, {"end_date": "2031-01-01"}],
)
def test_bad_changes_are_a_422(api_as, officer, facility, agreement_in, body):
    agreement = agreement_in("PKS")
    before = rows()
    response = api_as(officer).patch(url(facility, agreement), body)
    assert response.status_code == 422 and response.json()["message"] == "Permintaan tidak sah."
    assert rows() == before


def test_change_terms(api_as, officer, facility, agreement_in):
    agreement = agreement_in("PKS", commission_percent=10)
    response = api_as(officer).patch(
        url(facility, agreement),
        {
            "payment_terms": "Tiap akhir bulan",
            "schemes": ["konsinyasi"],
            "commission_percent": None,
        },
    )
    body = response.json()
    assert body["payment_terms"] == "Tiap akhir bulan" and body["schemes"] == ["konsinyasi"]
    assert body["commission_percent"] is None and body["status"] == "PKS"


# --- list ----------------------------------------------------------------------------------


def test_list_filters_and_keyset(api_as, officer, facility, partner, agreement_in):
    made = [agreement_in(), agreement_in("MOU"), agreement_in("PKS"), agreement_in("TERMINATED")]
    with scope(facility=[facility.pk]):
        other = make_partner(facility, officer, legal_name="Toko Acun", legal_form="toko")
        theirs = services.agreement_create(actor=officer, partner=other, title="Konsinyasi")
    client = api_as(officer)
    seen, after = [], None
    while True:
        params = {"limit": 2} | ({"after": after} if after else {})
        body = client.get(url(facility), params).json()
        seen += [a["id"] for a in body["items"]]
        after = body["next_cursor"]
        if after is None:
            break
    assert seen == [theirs.pk] + [a.pk for a in reversed(made)]
    ids = [a["id"] for a in client.get(url(facility), {"status": "MOU"}).json()["items"]]
    assert ids == [made[1].pk]
    ids = [a["id"] for a in client.get(url(facility), {"partner_id": other.pk}).json()["items"]]
    assert ids == [theirs.pk]
    assert client.get(url(facility), {"status": "AKTIF"}).status_code == 422


def test_list_query_count_does_not_grow(api_as, officer, facility, agreement_in, count_queries):
    agreement_in()
    client = api_as(officer)
    with count_queries() as few:
        client.get(url(facility))
    assert 0 < len(few) <= 12, few
    for _ in range(5):
        agreement_in("MOU")
    with count_queries() as more:
        assert len(client.get(url(facility)).json()["items"]) == 6
    assert len(more) == len(few)


# --- products ------------------------------------------------------------------------------


def test_set_change_and_remove_a_product(api_as, officer, facility, agreement_in, batik):
    agreement = agreement_in("PKS")
    client = api_as(officer)
    target = url(facility, agreement, f"/products/{batik.pk}")
    response = client.put(target, {"agreed_price": 85000})
    assert response.status_code == 200
    assert response.json() == {
        "product_id": batik.pk,
        "product_name": "Batik cap",
        "unit_of_measure": "lembar",
        "agreed_price": "85000",
    }
    client.put(target, {"agreed_price": "90000"})
    products = client.get(url(facility, agreement)).json()["products"]
    assert [(p["product_id"], p["agreed_price"]) for p in products] == [(batik.pk, "90000")]
    assert client.delete(target).status_code == 204
    assert client.get(url(facility, agreement)).json()["products"] == []
    assert client.delete(target).status_code == 404


@pytest.mark.parametrize("price", [-1, "-500", "1000.5"])
def test_a_bad_price_is_a_400(api_as, officer, facility, agreement_in, batik, price):
    agreement = agreement_in("PKS")
    before = rows()
    response = api_as(officer).put(
        url(facility, agreement, f"/products/{batik.pk}"), {"agreed_price": price}
    )
    assert response.status_code == 400 and response.json()["field"] == "agreed_price"
    assert rows() == before


def test_an_ended_agreements_products_cannot_change(api_as, officer, facility, agreement_in, batik):
    agreement = agreement_in("PKS")
    client = api_as(officer)
    target = url(facility, agreement, f"/products/{batik.pk}")
    client.put(target, {"agreed_price": 85000})
    client.post(url(facility, agreement, "/end"), {"to": "TERMINATED", "reason": "Pailit"})
    before = rows()
    assert client.put(target, {"agreed_price": 1}).json()["code"] == "ended"
    assert client.delete(target).json()["code"] == "ended"
    assert rows() == before


# --- obligations ---------------------------------------------------------------------------


def test_obligations_added_fulfilled_and_due(api_as, officer, facility, agreement_in, today):
    agreement = agreement_in("PKS")
    client = api_as(officer)

    def add(description, due):
        response = client.post(
            url(facility, agreement, "/obligations"),
            {"party": "mitra", "description": description, "due_date": due and str(due)},
        )
        assert response.status_code == 201
        return response.json()

    late = add("Laporan penjualan", today - dt.timedelta(days=2))
    soon = add("Pembayaran fee", today + dt.timedelta(days=5))
    add("Evaluasi", today + dt.timedelta(days=30))
    add("Tanpa tenggat", None)
    due = client.get(f"/facilities/{facility.code}/obligations").json()
    assert [(o["id"], o["overdue"]) for o in due] == [(late["id"], True), (soon["id"], False)]
    assert due[0]["partner_name"] == "CV Rajasa Mas Jaya"
    assert due[0]["agreement_title"] == "Maklon batik cap"
    assert (
        len(client.get(f"/facilities/{facility.code}/obligations", {"within_days": 30}).json()) == 3
    )

    fulfil = url(facility, agreement, f"/obligations/{late['id']}/fulfil")
    response = client.post(fulfil, {"evidence": "  "})
    assert response.status_code == 400 and response.json()["field"] == "evidence"
    response = client.post(
        fulfil, {"evidence": "BA", "fulfilled_on": str(today + dt.timedelta(days=1))}
    )
    assert response.status_code == 400 and response.json()["field"] == "fulfilled_on"
    response = client.post(fulfil, {"evidence": "Laporan diterima 3/11"})
    body = response.json()
    assert (body["fulfilled_on"], body["fulfilled_by"]) == (str(today), officer.username)
    response = client.post(fulfil, {"evidence": "Lagi"})
    assert response.status_code == 400 and response.json()["code"] == "fulfilled"
    due = client.get(f"/facilities/{facility.code}/obligations").json()
    assert [o["id"] for o in due] == [soon["id"]]
    detail = client.get(url(facility, agreement)).json()
    shown = {o["id"]: o for o in detail["obligations"]}
    assert shown[late["id"]]["evidence"] == "Laporan diterima 3/11"
    assert shown[soon["id"]]["fulfilled_on"] is None and len(shown) == 4


def test_an_obligation_of_another_agreement_is_404(api_as, officer, facility, agreement_in):
    first, second = agreement_in("PKS"), agreement_in("MOU")
    with scope(facility=[facility.pk]):
        obligation = terms.obligation_add(
            actor=officer, agreement=first, party="upt", description="Tempat"
        )
    response = api_as(officer).post(
        url(facility, second, f"/obligations/{obligation.pk}/fulfil"), {"evidence": "BA"}
    )
    assert response.status_code == 404


def test_a_bad_obligation_is_refused(api_as, officer, facility, agreement_in):
    agreement = agreement_in("PKS")
    before = rows()
    client = api_as(officer)
    for body in (
        {"party": "pihak_ketiga", "description": "X"},
        {"party": "upt", "description": ""},
    ):
        assert client.post(url(facility, agreement, "/obligations"), body).status_code == 422
    assert rows() == before


# --- documents -----------------------------------------------------------------------------


def test_documents_are_listed_by_their_metadata(
    api_as, officer, facility, agreement_in, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    agreement = agreement_in("PKS")
    with scope(facility=[facility.pk]):
        terms.agreement_document_add(
            actor=officer,
            agreement=agreement,
            title="PKS bertanda tangan",
            upload=SimpleUploadedFile("pks.pdf", b"%PDF-1.7\n%%EOF\n"),
        )
    documents = api_as(officer).get(url(facility, agreement)).json()["documents"]
    assert len(documents) == 1
    document = documents[0]
    assert (document["title"], document["content_type"], document["size"]) == (
        "PKS bertanda tangan",
        "application/pdf",
        15,
    )
    assert document["uploaded_by"] == officer.username
    assert set(document) == {"id", "title", "content_type", "size", "uploaded_at", "uploaded_by"}


def test_detail_query_count_does_not_grow(api_as, officer, facility, agreement_in, count_queries):
    agreement = agreement_in("PKS")
    client = api_as(officer)

    def add_rows(n):
        with scope(facility=[facility.pk]):
            for i in range(n):
                product = Product.objects.create(
                    facility=facility,
                    name=f"Produk {agreement.pk}-{i}-{n}",
                    category="kerajinan",
                    unit_of_measure="buah",
                )
                terms.agreement_product_set(
                    actor=officer, agreement=agreement, product=product, agreed_price=1000
                )
                terms.obligation_add(
                    actor=officer, agreement=agreement, party="upt", description=f"Kewajiban {i}"
                )

    add_rows(1)
    with count_queries() as few:
        client.get(url(facility, agreement))
    assert 0 < len(few) <= 15, few
    add_rows(4)
    with count_queries() as more:
        assert len(client.get(url(facility, agreement)).json()["products"]) == 5
    assert len(more) == len(few)
