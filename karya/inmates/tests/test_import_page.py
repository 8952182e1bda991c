"""The import page /upt/<code>/wbp/impor/: who may use it, what an officer sees after a good
file, a bad file and a file that is too large."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.inmates.tests.sdp import inmate, registry_state, sdp_csv, sdp_row
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db

LEFT = {"tanggal_keluar": "02-03-2026", "jenis_keluar": "Bebas"}
GOOD = sdp_csv(
    [
        sdp_row("BI.1/2025", nama="Agus Sapulidi", klasifikasi="Minimum"),
        sdp_row("BI.100/2026", nama="Gilang Bambusari"),
        sdp_row("BI.101/2026", nama="Hadi Rotanjaya", **LEFT),
    ]
)


def import_url(facility):
    return reverse("inmates:import", args=[facility.code])


def upload(content: bytes, name: str = "sdp.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def counts(html: str) -> dict[str, str]:
    """The result list of the page, as {label: number}."""
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", html))


def test_the_page_shows_the_form(login, officer, facility):
    response = login(officer).get(import_url(facility))
    assert response.status_code == 200
    assert "Impor ekspor SDP" in response.text and 'type="file"' in response.text


def test_officer_imports_a_file_and_sees_the_counts(login, officer, facility, inmates):
    response = login(officer).post(import_url(facility), {"file": upload(GOOD)})

    assert response.status_code == 200
    assert "Impor selesai." in response.text
    shown = counts(response.text)
    assert shown["Baris dalam berkas"] == "3"
    assert shown["WBP baru"] == "2"
    assert shown["WBP yang diubah"] == "1"
    assert shown["Ditandai keluar (bebas, pindah)"] == "1"
    assert shown["Ada di Karya tetapi tidak ada di berkas (tidak diubah)"] == "2"
    assert inmate(facility, "BI.1/2025").security_class == "minimum"
    assert AuditEntry.objects.filter(action="import", actor=officer).count() == 3


def test_the_dry_run_checkbox_changes_nothing(login, officer, facility, inmates):
    before = registry_state()
    response = login(officer).post(import_url(facility), {"file": upload(GOOD), "dry_run": "on"})
    assert response.status_code == 200
    assert "Hanya pemeriksaan: tidak ada data yang diubah." in response.text
    assert counts(response.text)["WBP baru"] == "2"
    assert registry_state() == before


def test_a_bad_file_shows_every_problem_in_indonesian(login, officer, facility, inmates):
    content = sdp_csv(
        [
            sdp_row("BI.100/2026"),
            sdp_row("BI.101/2026", klasifikasi="Rahasia"),
            sdp_row("BI.102/2026", tanggal_mulai="31-02-2026"),
        ]
    )
    before = registry_state()

    response = login(officer).post(import_url(facility), {"file": upload(content)})

    assert response.status_code == 400
    assert "Berkas tidak diimpor: ditemukan 2 masalah." in response.text
    assert "Baris 3: klasifikasi “Rahasia” tidak dikenal" in response.text
    assert "Baris 4: tanggal mulai pidana “31-02-2026” bukan tanggal yang sah" in response.text
    assert registry_state() == before


def test_an_unsupported_file_is_refused(login, officer, facility):
    response = login(officer).post(import_url(facility), {"file": upload(b"%PDF-1.4", "a.pdf")})
    assert response.status_code == 400
    assert "Baris 1: Unggah berkas CSV atau XLSX." in response.text


@override_settings(KARYA_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_refused_with_a_clear_message(login, officer, facility):
    content = sdp_csv([sdp_row(f"BI.{n}/2026") for n in range(100)])
    assert len(content) > 1024
    before = registry_state()

    response = login(officer).post(import_url(facility), {"file": upload(content)})

    assert response.status_code == 200  # the form again, with the reason under the field
    assert "Berkas terlalu besar (5,5\xa0KB)" in response.text
    assert "ukuran berkas terbesar yang diterima 1,0\xa0KB." in response.text
    assert "Impor selesai." not in response.text
    assert registry_state() == before


def test_another_units_user_gets_404(login, make_user, facility, other_facility, inmates):
    stranger = login(make_user("officer", facility=other_facility))
    assert stranger.get(import_url(facility)).status_code == 404
    before = registry_state()
    assert stranger.post(import_url(facility), {"file": upload(GOOD)}).status_code == 404
    assert registry_state() == before


def test_anonymous_is_sent_to_the_login_page(client, facility):
    response = client.post(import_url(facility), {"file": upload(GOOD)})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ["pr", "treasurer", "output_officer"])
def test_roles_without_the_import_permission_get_403(login, make_user, facility, role):
    client = login(make_user(role, facility=facility))
    assert client.get(import_url(facility)).status_code == 403
    assert client.post(import_url(facility), {"file": upload(GOOD)}).status_code == 403


def test_importing_into_one_unit_leaves_the_other_alone(
    login, officer, make_user, facility, other_facility, inmates
):
    """Both units use BI.1/2025; each unit's import only touches its own inmate."""
    with scopes_disabled():
        twin = InmateFactory(facility=other_facility, registration_number="BI.1/2025")
    response = login(officer).post(import_url(facility), {"file": upload(GOOD)})
    assert response.status_code == 200
    twin_now = inmate(other_facility, "BI.1/2025")
    assert twin_now.security_class == "medium" and twin_now.updated_at == twin.updated_at
    assert not AuditEntry.objects.filter(facility=other_facility).exists()

    other_officer = make_user("officer", facility=other_facility)
    login(other_officer).post(import_url(other_facility), {"file": upload(GOOD)})
    assert inmate(other_facility, "BI.1/2025").security_class == "minimum"
    assert inmate(facility, "BI.100/2026").pk != inmate(other_facility, "BI.100/2026").pk
