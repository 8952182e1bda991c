"""The inmate registry pages: who may see what, search and filters, adding and editing."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.models import Inmate

pytestmark = pytest.mark.django_db


def list_url(facility):
    return reverse("inmates:list", args=[facility.code])


def test_officer_sees_the_units_inmates(login, officer, facility, inmates):
    response = login(officer).get(list_url(facility))
    assert response.status_code == 200
    for inmate in inmates:
        assert inmate.name in response.text


def test_search_by_name_and_registration_number(login, officer, facility, inmates):
    client = login(officer)
    response = client.get(list_url(facility), {"q": "anyam"})
    assert "Budi Anyamsari" in response.text and "Agus Sapulidi" not in response.text
    response = client.get(list_url(facility), {"q": "BI.3/"})
    assert "Citra Batikwangi" in response.text and "Budi Anyamsari" not in response.text


def test_filters(login, officer, facility, inmates):
    client = login(officer)
    response = client.get(list_url(facility), {"status": "tahanan"})
    assert "Budi Anyamsari" in response.text and "Agus Sapulidi" not in response.text
    response = client.get(list_url(facility), {"security_class": "maksimum"})
    assert "Citra Batikwangi" in response.text and "Agus Sapulidi" not in response.text
    response = client.get(list_url(facility), {"block": "A"})
    assert "Agus Sapulidi" in response.text and "Citra Batikwangi" not in response.text


def test_list_query_count_does_not_grow_with_rows(
    login, officer, facility, django_assert_max_num_queries
):
    from karya.tests.factories import InmateFactory

    client = login(officer)
    with scopes_disabled():
        InmateFactory.create_batch(3, facility=facility)
    with django_assert_max_num_queries(12) as few:
        client.get(list_url(facility))
    with scopes_disabled():
        InmateFactory.create_batch(40, facility=facility)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(list_url(facility))


def test_another_units_user_gets_404(login, make_user, other_facility, facility, inmates):
    stranger = make_user("officer", facility=other_facility)
    client = login(stranger)
    assert client.get(list_url(facility)).status_code == 404
    url = reverse("inmates:detail", args=[facility.code, inmates[0].pk])
    assert client.get(url).status_code == 404
    # Even through their own unit's URL, another unit's inmate does not exist.
    url = reverse("inmates:detail", args=[other_facility.code, inmates[0].pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, facility, inmates):
    response = client.get(list_url(facility))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("role", ["output_officer", "pr"])
def test_role_without_permission_gets_403(login, make_user, facility, role):
    user = make_user(role, facility=facility)
    assert login(user).get(list_url(facility)).status_code == 403


def test_officer_adds_an_inmate(login, officer, facility):
    response = login(officer).post(
        reverse("inmates:create", args=[facility.code]),
        {
            "registration_number": "BI.77/2026",
            "name": "Dedi Rotanjaya",
            "sex": "L",
            "status": "narapidana",
            "security_class": "minimum",
            "stage": "awal",
            "sentence_start": "2026-01-02",
            "expected_release": "2027-01-02",
            "block": "C",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        inmate = Inmate.objects.get(registration_number="BI.77/2026")
    assert inmate.facility == facility
    entry = AuditEntry.objects.for_object(inmate).get()
    assert entry.actor == officer and entry.action == "create"


def test_duplicate_registration_number_is_refused_in_indonesian(login, officer, facility, inmates):
    response = login(officer).post(
        reverse("inmates:create", args=[facility.code]),
        {
            "registration_number": "BI.1/2025",
            "name": "Orang Lain",
            "sex": "L",
            "status": "narapidana",
            "security_class": "minimum",
        },
    )
    assert response.status_code == 200
    assert "sudah ada" in response.text
    with scopes_disabled():
        assert Inmate.objects.filter(registration_number="BI.1/2025").count() == 1


def test_release_before_start_is_refused(login, officer, facility):
    response = login(officer).post(
        reverse("inmates:create", args=[facility.code]),
        {
            "registration_number": "BI.78/2026",
            "name": "Eko Kayujati",
            "sex": "L",
            "status": "narapidana",
            "security_class": "minimum",
            "sentence_start": "2026-05-01",
            "expected_release": "2026-01-01",
        },
    )
    assert response.status_code == 200
    with scopes_disabled():
        assert not Inmate.objects.filter(registration_number="BI.78/2026").exists()


def test_edit_records_before_and_after(login, head, facility, inmates):
    inmate = inmates[0]
    url = reverse("inmates:update", args=[facility.code, inmate.pk])
    data = {
        "registration_number": inmate.registration_number,
        "name": inmate.name,
        "sex": "L",
        "status": "narapidana",
        "security_class": "minimum",
        "stage": "akhir",
        "block": "A",
        "asimilasi_eligible": "on",
    }
    assert login(head).post(url, data).status_code == 302
    entry = AuditEntry.objects.for_object(inmate).filter(action="update").get()
    assert entry.changes["security_class"] == ["medium", "minimum"]
    assert entry.changes["stage"] == ["lanjutan", "akhir"]
    history = login(head).get(reverse("inmates:history", args=[facility.code, inmate.pk]))
    assert history.status_code == 200
    # Values as the record's pages show them (choice labels, ya/tidak), not as stored.
    assert "<del>Medium</del> → <ins>Minimum</ins>" in history.text
    assert "<del>Lanjutan</del> → <ins>Akhir</ins>" in history.text
    assert "<del>tidak</del> → <ins>ya</ins>" in history.text


def test_officer_cannot_read_history(login, officer, facility, inmates):
    url = reverse("inmates:history", args=[facility.code, inmates[0].pk])
    assert login(officer).get(url).status_code == 403


def test_edit_page_names_the_inmate(login, officer, facility, inmates):
    inmate = inmates[0]
    response = login(officer).get(reverse("inmates:update", args=[facility.code, inmate.pk]))
    assert response.status_code == 200
    assert response.context["inmate"] == inmate
    assert f"Ubah: {inmate.name}" in response.text
    assert reverse("inmates:detail", args=[facility.code, inmate.pk]) in response.text  # cancel
