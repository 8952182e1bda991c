"""The partner pages: the list, adding and editing a partner (NPWP typed with dots and dashes),
contacts, and the partner's page with everything the unit did with it."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.partners.models import Agreement, FollowUp, Partner, PartnerContact, PartnerVisit
from karya.partners.tests.conftest import make_set, url

pytestmark = pytest.mark.django_db

FORM = {
    "legal_form": "CV",
    "legal_name": "CV. Rajasa Mas Jaya",
    "npwp": "01.234.567.8-901.000",
    "address": "Jl. Gatot Subroto 12",
    "city": "Cilacap",
    "phone": "0282 123456",
    "email": "rajasa@example.co.id",
    "notes": "Lini usaha batik tulis dan batik cap",
}


def partners():
    with scopes_disabled():
        return list(Partner.objects.values_list("legal_name", "npwp"))


def test_list_has_add_button_and_due_list_link(login, officer, facility, ours):
    text = login(officer).get(url("partner-list", facility)).content.decode()
    assert url("partner-create", facility) in text
    assert url("obligation-due-list", facility) in text
    assert "CV. Pusat Handicraft" in text and "Kewajiban jatuh tempo dan lewat tenggat" in text


def test_officer_adds_a_partner_with_a_punctuated_npwp(login, officer, facility):
    client = login(officer)
    response = client.post(url("partner-create", facility), FORM)
    with scopes_disabled():
        partner = Partner.objects.get()
    assert response.status_code == 302 and response.url == url(
        "partner-detail", facility, partner.pk
    )
    assert (partner.legal_name, partner.npwp, partner.facility) == (
        "CV. Rajasa Mas Jaya",
        "012345678901000",
        facility,
    )
    page = client.get(response.url).content.decode()
    assert "012345678901000" in page and "Cilacap" in page
    assert AuditEntry.objects.filter(object_id=str(partner.pk), action="create").exists()


@pytest.mark.parametrize(
    ("npwp", "accepted"),
    [
        ("0123.4567.8901.2345", "0123456789012345"),  # 16 digits
        ("01 234 567 8 901 000", "012345678901000"),
        ("", ""),
    ],
)
def test_npwp_forms_accepted(login, officer, facility, npwp, accepted):
    response = login(officer).post(url("partner-create", facility), FORM | {"npwp": npwp})
    assert response.status_code == 302
    assert partners() == [("CV. Rajasa Mas Jaya", accepted)]


@pytest.mark.parametrize("npwp", ["12.345", "01.234.567.8-901.0001X", "0123456789012345678"])
def test_a_bad_npwp_is_refused_in_indonesian(login, officer, facility, npwp):
    response = login(officer).post(url("partner-create", facility), FORM | {"npwp": npwp})
    assert response.status_code == 200
    assert "NPWP terdiri dari 16 angka" in response.content.decode()
    assert partners() == []


def test_duplicates_in_the_unit_are_refused(login, officer, facility, other_facility, theirs):
    client = login(officer)
    client.post(url("partner-create", facility), FORM)
    for change, message in (
        ({"npwp": ""}, "UPT sudah memiliki mitra dengan nama resmi ini."),
        ({"legal_name": "CV Lain"}, "UPT sudah memiliki mitra dengan NPWP ini."),
    ):
        response = client.post(url("partner-create", facility), FORM | change)
        assert response.status_code == 200 and message in response.content.decode()
    # Another unit may record the same company (Toko Acun Akuarium is theirs).
    response = client.post(
        url("partner-create", facility), FORM | {"legal_name": "Toko Acun Akuarium", "npwp": ""}
    )
    assert response.status_code == 302
    assert len(partners()) == 3


def test_missing_required_fields_write_nothing(login, officer, facility):
    response = login(officer).post(url("partner-create", facility), {"legal_form": "XX"})
    text = response.content.decode()
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong." in text
    assert partners() == []


def test_officer_edits_a_partner(login, officer, facility, ours):
    client = login(officer)
    target = url("partner-update", facility, ours.partner.pk)
    page = client.get(target).content.decode()
    assert 'value="CV. Pusat Handicraft"' in page
    response = client.post(
        target,
        FORM | {"legal_name": "CV. Pusat Handicraft", "city": "Banyumas", "is_active": ""},
    )
    assert response.status_code == 302
    with scopes_disabled():
        partner = Partner.objects.get(pk=ours.partner.pk)
    assert (partner.city, partner.is_active, partner.npwp) == ("Banyumas", False, "012345678901000")
    assert "nonaktif" in client.get(url("partner-list", facility)).content.decode()


def test_contacts_are_added_and_edited(login, make_user, facility, ours):
    client = login(make_user("output_officer", facility=facility))
    response = client.post(
        url("contact-create", facility, ours.partner.pk),
        {"name": "Hendri", "position": "Pimpinan", "phone": "0812", "email": ""},
    )
    assert response.status_code == 302
    with scopes_disabled():
        hendri = PartnerContact.objects.get(name="Hendri")
    assert hendri.partner == ours.partner and hendri.facility == facility
    response = client.post(
        url("contact-update", facility, ours.partner.pk, hendri.pk),
        {"name": "Hendri", "position": "Pemilik", "phone": "0812", "email": "salah"},
    )
    assert response.status_code == 200  # a bad e-mail: nothing written
    client.post(
        url("contact-update", facility, ours.partner.pk, hendri.pk),
        {"name": "Hendri", "position": "Pemilik", "phone": "0812", "email": ""},
    )
    hendri.refresh_from_db()
    assert hendri.position == "Pemilik"
    page = client.get(url("partner-detail", facility, ours.partner.pk)).content.decode()
    assert "Hendri · Pemilik" in page and "Budi Santoso · Direktur" in page


def test_partner_page_shows_agreements_visits_and_follow_ups(login, officer, facility, ours):
    with scopes_disabled():
        FollowUp.objects.create(
            facility=facility,
            visit=ours.visit,
            action="Pembahasan teknis",
            due_date=dt.date(2025, 9, 1),
        )
    page = login(officer).get(url("partner-detail", facility, ours.partner.pk)).content.decode()
    assert "Pemasaran sapu lidi" in page and "Penjajakan" in page
    assert "20 Agustus 2025, 08.30 WIB" in page  # 01.30 UTC shown in the unit's zone
    assert "Peluang kerja sama positif" in page
    assert "Menyusun MoU" in page and "Pembahasan teknis" in page and "lewat tenggat" in page
    assert url("agreement-create", facility, ours.partner.pk) in page
    assert url("visit-create", facility, ours.partner.pk) in page


def test_list_query_count_does_not_grow_with_rows(
    login, officer, facility, django_assert_max_num_queries
):
    client = login(officer)
    make_set(facility, officer, name="Mitra 0", product="Produk 0")
    with django_assert_max_num_queries(20) as few:
        assert client.get(url("partner-list", facility)).status_code == 200
    for n in range(1, 12):
        make_set(facility, officer, name=f"Mitra {n}", product=f"Produk {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("partner-list", facility))
    assert response.content.decode().count('class="open-agreements">1<') == 12


def test_partner_page_query_count_does_not_grow_with_visits(
    login, officer, facility, ours, django_assert_max_num_queries
):
    client = login(officer)
    target = url("partner-detail", facility, ours.partner.pk)
    with django_assert_max_num_queries(30) as few:
        assert client.get(target).status_code == 200
    with scopes_disabled():
        for n in range(8):
            visit = PartnerVisit.objects.create(
                facility=facility,
                partner=ours.partner,
                agreement=ours.agreement,
                kind="monitoring",
                starts_at=dt.datetime(2025, 9, 1 + n, 3, tzinfo=dt.UTC),
            )
            FollowUp.objects.create(
                facility=facility, visit=visit, action=f"Aksi {n}", owner=officer
            )
            Agreement.objects.create(facility=facility, partner=ours.partner, title=f"K {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(target)
    assert "Aksi 7" in response.content.decode()


def test_history_of_a_partner_and_its_contacts(login, officer, head, facility):
    client = login(officer)
    client.post(url("partner-create", facility), FORM)
    with scopes_disabled():
        partner = Partner.objects.get()
    client.post(url("partner-update", facility, partner.pk), FORM | {"city": "Banyumas"})
    client.post(url("contact-create", facility, partner.pk), {"name": "Hendri"})
    page = login(head).get(url("partner-history", facility, partner.pk)).content.decode()
    assert "Cilacap" in page and "Banyumas" in page and "Hendri" in page
