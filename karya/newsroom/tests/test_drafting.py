"""Drafts written the way the units' own press releases are (shared/seeds): the pick-up of 31
January 2026 names the partner, the quantities the Indonesian way, the date written out and the
eight days of production; every kind of event has its form; nothing identifies an inmate."""

import datetime as dt

import pytest
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.newsroom.drafting import Quote, angka, daftar, quote_paragraphs, terbilang_hari
from karya.newsroom.models import Event
from karya.newsroom.services import release_generate
from karya.newsroom.tests.conftest import HEAD_QUOTE, PICK_UP, make_pickup
from karya.partners.models import Agreement, Partner, PartnerVisit
from karya.programs.models import Training, TrainingParticipant

pytestmark = pytest.mark.django_db


def generate(event, quotes=(), actor=None):
    with scope(facility=[event.facility_id]):
        return release_generate(actor=actor, event=event, quotes=list(quotes))


def test_the_pick_up_of_31_january_2026(pickup_event, humas, inmates):
    release = generate(pickup_event, [HEAD_QUOTE], humas)
    text = release.body
    assert release.title == (
        "Hasil Karya Warga Binaan Lapas Purwokerto Dipasarkan Melalui Kerja Sama dengan "
        "CV. Pusat Handicraft"
    )
    first, second, third, quote, closing, signature = release.paragraphs
    assert first.startswith(
        "PURWOKERTO – Lembaga Pemasyarakatan (Lapas) Kelas IIA Purwokerto terus mendorong"
    )
    assert (
        "berupa sapu lidi dan sapu lakop yang dilaksanakan bekerja sama dengan CV. Pusat " in first
    )
    assert second == (
        "Kegiatan pengambilan hasil karya Warga Binaan oleh pihak CV. Pusat Handicraft "
        "dilaksanakan pada Sabtu, 31 Januari 2026, pukul 09.40 WIB hingga selesai, bertempat di "
        "Lapas Kelas IIA Purwokerto. Adapun jumlah produk yang diambil terdiri dari 1.140 batang "
        "sapu lidi dan 290 buah sapu lakop, yang merupakan hasil pembinaan kemandirian dan "
        "diselesaikan dalam waktu delapan hari oleh 3 Warga Binaan."
    )
    assert third.startswith("Produk sapu lidi dan sapu lakop tersebut selanjutnya akan dipasarkan")
    assert quote == (
        "“Melalui pembinaan kemandirian dan kerja sama pemasaran ini, kami berharap Warga Binaan "
        "memiliki bekal keterampilan dan semangat untuk mandiri setelah selesai menjalani masa "
        "pidana,” ujar Kepala Lapas Kelas IIA Purwokerto, Aliandra Harahap."
    )
    assert closing.startswith("Dengan adanya kegiatan ini, Lapas Kelas IIA Purwokerto terus")
    assert signature == "(Humas Lapas Purwokerto)"
    assert release.status == "draft" and release.quotes == [HEAD_QUOTE]
    for inmate in inmates:
        assert inmate.name not in text and inmate.registration_number not in text
    # The interface language does not change the release: it goes to the Indonesian press.
    with translation.override("en"):
        assert generate(pickup_event, [HEAD_QUOTE]).body == text


def test_the_eight_days_without_output_records(facility, officer, head, inmates):
    """Lines without lots and no output recorded: the orders finished before the pick-up and
    the workshop's working days (Monday to Saturday, 22 to 30 January) still say eight."""
    pickup = make_pickup(facility, officer, head, inmates, with_output=False, with_lots=False)
    with scopes_disabled():
        event = Event.objects.create(
            facility=facility, kind="pickup", title="Pengambilan", starts_at=PICK_UP,
            handover=pickup.handover,
        )  # fmt: skip
    body = generate(event).body
    assert "delapan hari" in body and "Warga Binaan." in body and " oleh 0 " not in body
    assert "1.140 batang sapu lidi dan 290 buah sapu lakop" in body


def test_the_indonesian_way_of_writing():
    assert angka(1140) == "1.140" and angka(290) == "290" and angka(1234567) == "1.234.567"
    assert terbilang_hari(8) == "delapan hari" and terbilang_hari(21) == "dua puluh satu hari"
    assert daftar(["a"]) == "a" and daftar(["a", "b"]) == "a dan b"
    assert daftar(["a", "b", "c"]) == "a, b, dan c"
    first, second = quote_paragraphs(
        [
            Quote("Sugeng Indrawan", "Kepala Lapas Pangkalpinang", "Kami menyambut baik."),
            Quote("Eko Cahyono", "Kepala Subseksi Pengelolaan Hasil Kerja", "Ini pembinaan"),
        ]
    )
    assert first == "“Kami menyambut baik,” ujar Kepala Lapas Pangkalpinang, Sugeng Indrawan."
    assert second == (
        "Senada, Kepala Subseksi Pengelolaan Hasil Kerja, Eko Cahyono, menuturkan, “Ini pembinaan.”"
    )


@pytest.fixture
def rajasa(facility):
    with scopes_disabled():
        return Partner.objects.create(
            facility=facility, legal_form="CV", legal_name="CV. Rajasa Mas Jaya", city="Cilacap"
        )


def test_an_exploration_visit_seed_001(facility, rajasa):
    with scopes_disabled():
        agreement = Agreement.objects.create(
            facility=facility, partner=rajasa, title="Maklon batik cap",
            schemes=["maklon", "pelatihan"],
        )  # fmt: skip
        visit = PartnerVisit.objects.create(
            facility=facility,
            partner=rajasa,
            agreement=agreement,
            kind="penjajakan",
            starts_at=dt.datetime(2025, 8, 20, 1, 30, tzinfo=dt.UTC),
            ends_at=dt.datetime(2025, 8, 20, 2, 0, tzinfo=dt.UTC),
            place="Lapas Kelas IIA Purwokerto",
            monitored="Rencana produksi batik cap di dalam Lapas.",
        )
        event = Event.objects.create(
            facility=facility, kind="partner_visit", title="Penjajakan batik cap",
            starts_at=visit.starts_at, ends_at=visit.ends_at, partner_visit=visit,
        )  # fmt: skip
    release = generate(event)
    assert (
        release.title
        == "Lapas Purwokerto Jajaki Kerja Sama Maklon Batik Cap dengan CV. Rajasa Mas Jaya"
    )
    assert (
        "pada Rabu, 20 Agustus 2025, pukul 08.30 – 09.00 WIB dilaksanakan kegiatan penjajakan"
        in release.body
    )
    assert "difokuskan pada rencana produksi batik cap di dalam Lapas." in release.body
    assert "menyediakan bahan baku serta memberikan pendampingan teknis" in release.body


def test_a_signing_under_consignment_seed_002(facility):
    with scopes_disabled():
        shop = Partner.objects.create(
            facility=facility, legal_form="toko", legal_name="Toko Acun Akuarium"
        )
        agreement = Agreement.objects.create(
            facility=facility, partner=shop, title="Pemasaran", schemes=["konsinyasi"],
            status="MOU", mou_signed_on=dt.date(2025, 11, 3),
        )  # fmt: skip
        event = Event.objects.create(
            facility=facility, kind="signing", title="Penandatanganan PKS",
            starts_at=dt.datetime(2025, 11, 3, 2, 0, tzinfo=dt.UTC), agreement=agreement,
        )  # fmt: skip
    release = generate(event)
    assert (
        release.title == "Karya Warga Binaan Lapas Purwokerto Tembus Pasar lewat Toko Acun Akuarium"
    )
    assert (
        "penandatanganan Nota Kesepahaman (MoU) antara Lapas Purwokerto dan Toko Acun"
        in release.body
    )
    assert "Lapas Purwokerto bertindak sebagai pemilik produk" in release.body


def test_a_training_counts_participants_never_names_them(facility, inmates):
    with scopes_disabled():
        training = Training.objects.create(
            facility=facility, title="Pelatihan Anyaman Tikar Pandan",
            provider_name="CV. Rajasa Mas Jaya Cilacap", hours_jp=40,
            competency_units="Membuat anyaman tikar dari daun pandan",
            start_date=dt.date(2025, 7, 24), end_date=dt.date(2025, 7, 31),
        )  # fmt: skip
        for index, inmate in enumerate(inmates):
            TrainingParticipant.objects.create(
                facility=facility, training=training, inmate=inmate,
                result="kompeten" if index else "belum_kompeten",
            )  # fmt: skip
        event = Event.objects.create(
            facility=facility, kind="training", title="Pelatihan",
            starts_at=dt.datetime(2025, 7, 24, 1, 0, tzinfo=dt.UTC), training=training,
        )  # fmt: skip
    body = generate(event).body
    assert "24 Juli hingga 31 Juli 2025" in body
    assert (
        "40 jam pelajaran (JP) ini diikuti oleh 3 WBP, dan 2 di antaranya dinyatakan kompeten"
        in body
    )
    assert "membuat anyaman tikar dari daun pandan" in body
    for inmate in inmates:
        assert inmate.name not in body


def test_any_other_event_keeps_what_the_user_wrote(facility):
    with scopes_disabled():
        event = Event.objects.create(
            facility=facility, kind="bazaar", title="Bazar produk WBP di alun-alun",
            starts_at=dt.datetime(2026, 2, 14, 1, 0, tzinfo=dt.UTC),
            description="Produk dipamerkan dan dijual.\n\nPengunjung ramai",
        )  # fmt: skip
    release = generate(event)
    assert release.title == "Bazar produk WBP di alun-alun"
    assert "Kegiatan “Bazar produk WBP di alun-alun” dilaksanakan pada Sabtu, 14 Februari" in (
        release.body
    )
    assert "Produk dipamerkan dan dijual." in release.paragraphs
    assert "Pengunjung ramai." in release.paragraphs


def test_a_monitoring_visit_seed_003(facility, rajasa):
    with scopes_disabled():
        visit = PartnerVisit.objects.create(
            facility=facility, partner=rajasa, kind="monitoring",
            starts_at=dt.datetime(2025, 7, 31, 4, 30, tzinfo=dt.UTC),
            monitored="Hasil pelatihan dan produksi tikar anyaman daun pandan.",
        )  # fmt: skip
        event = Event.objects.create(
            facility=facility, kind="monitoring", title="Monitoring",
            starts_at=visit.starts_at, partner_visit=visit,
        )  # fmt: skip
    release = generate(event)
    assert release.title == (
        "CV. Rajasa Mas Jaya Lakukan Monitoring dan Penjajakan Kerja Sama di "
        "Lapas Kelas IIA Purwokerto"
    )
    assert release.paragraphs[0].endswith(
        "menerima kunjungan dari CV. Rajasa Mas Jaya pada Kamis, 31 Juli 2025, pukul 11.30 WIB "
        "hingga selesai, bertempat di Lapas Kelas IIA Purwokerto. Kunjungan ini berlangsung "
        "dengan agenda monitoring serta penjajakan kerja sama lebih lanjut."
    )
