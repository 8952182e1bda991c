"""Visit pages: a visit typed in the unit's local time (stored in UTC, shown with WIB/WITA),
its follow-ups with an owner of the unit and a due date, marked done."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from karya.core.dates import today_in
from karya.partners.models import FollowUp, PartnerVisit
from karya.partners.tests.conftest import url

pytestmark = pytest.mark.django_db

VISIT = {
    "kind": "penjajakan",
    "date": "2025-08-20",
    "starts_at": "08.30",
    "ends_at": "09:00",
    "place": "Aula Lapas Kelas IIA Purwokerto",
    "participants": "Kalapas, Kasi Giatja, tim CV Rajasa Mas Jaya",
    "monitored": "",
    "findings": "Peluang kerja sama produksi batik cap positif",
}


def visits():
    with scopes_disabled():
        return list(PartnerVisit.objects.order_by("pk"))


def text(response) -> str:
    return response.content.decode()


def test_officer_records_a_visit_in_local_time(login, officer, facility, ours):
    client = login(officer)
    response = client.post(
        url("visit-create", facility, ours.partner.pk), VISIT | {"agreement": ours.agreement.pk}
    )
    visit = visits()[-1]
    assert response.url == url("visit-detail", facility, visit.pk)
    assert visit.starts_at == dt.datetime(2025, 8, 20, 1, 30, tzinfo=dt.UTC)
    assert visit.ends_at == dt.datetime(2025, 8, 20, 2, 0, tzinfo=dt.UTC)
    assert (visit.agreement, visit.created_by, visit.facility) == (
        ours.agreement,
        officer,
        facility,
    )
    page = text(client.get(response.url))
    assert "20 Agustus 2025, 08.30 WIB – 09.00 WIB" in page
    assert "Peluang kerja sama produksi batik cap positif" in page
    agreement_page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert "20 Agustus 2025, 08.30 WIB" in agreement_page


def test_a_wita_unit_types_wita(login, officer, facility, ours):
    facility.timezone = "Asia/Makassar"
    facility.save()
    client = login(officer)
    client.post(url("visit-create", facility, ours.partner.pk), VISIT | {"ends_at": ""})
    visit = visits()[-1]
    assert visit.starts_at == dt.datetime(2025, 8, 20, 0, 30, tzinfo=dt.UTC)
    assert visit.ends_at is None
    assert "20 Agustus 2025, 08.30 WITA" in text(
        client.get(url("visit-detail", facility, visit.pk))
    )
    page = text(client.get(url("visit-update", facility, visit.pk)))
    assert 'value="08:30"' in page and 'value="2025-08-20"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": "08:00"}, "Kunjungan tidak dapat selesai sebelum dimulai."),
        ({"starts_at": "25.00"}, "Masukkan waktu yang valid."),
        ({"date": ""}, "Bidang ini tidak boleh kosong."),
        ({"kind": "liburan"}, "liburan bukan salah satu dari pilihan yang tersedia."),
    ],
)
def test_bad_visits_are_refused(login, officer, facility, ours, change, message):
    before = len(visits())
    response = login(officer).post(url("visit-create", facility, ours.partner.pk), VISIT | change)
    assert response.status_code == 200 and message in text(response)
    assert len(visits()) == before


def test_another_partners_agreement_is_refused(login, officer, facility, ours, theirs):
    from karya.partners.tests.conftest import make_set

    other = make_set(facility, officer, name="UD Lain", product="Produk lain")
    for agreement in (other.agreement, theirs.agreement):
        response = login(officer).post(
            url("visit-create", facility, ours.partner.pk), VISIT | {"agreement": agreement.pk}
        )
        assert "Pilih kerja sama dengan mitra ini." in text(response)
    assert len(visits()) == 3  # the three sets' own


def test_officer_edits_a_visit(login, officer, facility, ours):
    client = login(officer)
    target = url("visit-update", facility, ours.visit.pk)
    page = text(client.get(target))
    assert 'value="08:30"' in page  # 01.30 UTC in WIB
    response = client.post(
        target,
        VISIT
        | {"kind": "monitoring", "monitored": "Tikar pandan", "starts_at": "11:30", "ends_at": ""},
    )
    assert response.status_code == 302
    visit = visits()[0]
    assert (visit.kind, visit.monitored) == ("monitoring", "Tikar pandan")
    assert visit.starts_at == dt.datetime(2025, 8, 20, 4, 30, tzinfo=dt.UTC)


def test_follow_ups_with_an_owner_of_the_unit(
    login, officer, head, make_user, facility, other_facility, ours
):
    client = login(officer)
    target = url("follow-up-add", facility, ours.visit.pk)
    page = text(client.get(target))
    assert head.display_name in page
    stranger = make_user("officer", facility=other_facility, full_name="Petugas Lain")
    assert "Petugas Lain" not in page
    response = client.post(target, {"action": "Menyusun draf MoU", "owner": stranger.pk})
    assert "Pilih petugas yang bertugas di UPT ini." in text(response)
    response = client.post(
        target, {"action": "Menyusun draf MoU", "owner": head.pk, "due_date": "2025-09-15"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        follow_up = FollowUp.objects.get(action="Menyusun draf MoU")
    assert (follow_up.owner, follow_up.due_date) == (head, dt.date(2025, 9, 15))
    page = text(client.get(url("visit-detail", facility, ours.visit.pk)))
    assert "Menyusun draf MoU" in page and "15 September 2025" in page and "lewat tenggat" in page

    done = url("follow-up-done", facility, follow_up.pk)
    future = (today_in(facility.timezone) + dt.timedelta(days=2)).isoformat()
    response = client.post(done, {"done_on": future}, follow=True)
    assert "Tanggal tidak boleh di masa depan." in text(response)
    response = client.post(done, follow=True)
    assert "Tindak lanjut ditandai selesai." in text(response)
    follow_up.refresh_from_db()
    assert follow_up.done_on == today_in(facility.timezone)
    response = client.post(done, follow=True)
    assert "Tindak lanjut ini sudah selesai." in text(response)
