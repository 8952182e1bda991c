"""The work programme in Chromium: the waiting list, the day screen on a phone, and a head
overriding a failed rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.core.dates import today_in
from karya.production.models import Product
from karya.programs.models import Allocation, Application, Attendance, OutputRecord, Workshop
from karya.tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(facility):
    with scopes_disabled():
        product = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        workshop = Workshop.objects.create(
            facility=facility,
            name="Bengkel Sapu",
            sector="kerajinan",
            capacity=5,
            min_security_class="medium",
            allowed_stages=["lanjutan", "akhir"],
            sessions=["pagi", "siang"],
        )
        workshop.products.add(product)
    return workshop


def test_officer_approves_two_from_the_waiting_list(
    page, log_in, officer, facility, workshop, inmates, screenshot
):
    agus, budi, _ = inmates
    log_in(page, officer)
    page.get_by_role("navigation", name="Navigasi utama").get_by_role(
        "link", name="Bengkel kerja"
    ).click()
    page.get_by_role("link", name="Bengkel Sapu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bengkel Sapu")
    expect(page.get_by_text("Tidak ada yang menunggu.")).to_be_visible()

    for inmate, note in ((agus, "Pernah membuat sapu"), (budi, "")):
        choice = f"{inmate.name} ({inmate.registration_number})"
        page.get_by_label("WBP").select_option(label=choice)
        page.get_by_label("Sesi").select_option(label="Pagi")
        page.get_by_label("Catatan").fill(note)
        page.get_by_role("button", name="Tambah", exact=True).click()
        expect(page.locator("ul.messages")).to_have_text("Ditambahkan ke daftar tunggu.")

    waiting = page.locator("#approve-form tbody tr")
    expect(waiting).to_have_count(2)
    expect(waiting.first).to_contain_text("Pernah membuat sapu")
    page.get_by_text("Tolak permohonan").click()  # the decline forms, for the screenshot
    screenshot(page, "bengkel-daftar-tunggu")
    page.get_by_role("checkbox", name="Agus Sapulidi").check()
    page.get_by_role("checkbox", name="Budi Anyamsari").check()
    page.get_by_role("button", name="Setujui dan tempatkan yang dipilih").click()

    expect(page.locator("ul.messages")).to_have_text("2 WBP ditempatkan.")
    expect(page.get_by_text("Tidak ada yang menunggu.")).to_be_visible()
    allocated = page.locator("table.table").first.locator("tbody tr")
    expect(allocated).to_have_count(2)
    expect(allocated.nth(0)).to_contain_text("Agus Sapulidi")
    expect(allocated.nth(0)).to_contain_text("Aktif")
    expect(allocated.nth(1)).to_contain_text("Budi Anyamsari")
    expect(page.locator("dl.details")).to_contain_text("2 / 5")
    screenshot(page, "bengkel")

    with scopes_disabled():
        assert {a.inmate.name: a.status for a in Allocation.objects.all()} == {
            "Agus Sapulidi": "ACTIVE",
            "Budi Anyamsari": "ACTIVE",
        }
        assert set(Application.objects.values_list("status", flat=True)) == {"disetujui"}


def test_officer_records_the_day_on_a_phone(
    page, log_in, officer, facility, workshop, inmates, screenshot
):
    agus, budi, _ = inmates
    with scopes_disabled():
        product = workshop.products.get()
        for inmate in (agus, budi):
            Allocation.objects.create(
                facility=facility,
                workshop=workshop,
                inmate=inmate,
                session="pagi",
                status="ACTIVE",
                start_date=dt.date(2026, 1, 5),
                created_by=officer,
            )
    page.set_viewport_size(PHONE)
    log_in(page, officer)
    page.goto(f"/upt/{facility.code}/kerja/")
    page.get_by_role("link", name="Absensi hari ini").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bengkel Sapu")

    entries = {
        "Agus Sapulidi": ("Hadir", "7.5", "12"),
        "Budi Anyamsari": ("Sakit", "", ""),
    }
    for name, (status, hours, pieces) in entries.items():
        card = page.locator("fieldset.dayrow", has_text=name)
        card.get_by_label("Kehadiran").select_option(label=status)
        card.get_by_label("Jam").fill(hours)
        card.get_by_label("Sapu lidi (batang)").fill(pieces)
    # The save button stays within reach of the thumb at the bottom of the screen.
    save = page.get_by_role("button", name="Simpan hari ini")
    expect(save).to_be_in_viewport()
    save.click()

    expect(page.locator("ul.messages")).to_have_text("Tersimpan: 2 baru, 0 dikoreksi.")
    agus_card = page.locator("fieldset.dayrow", has_text="Agus Sapulidi")
    expect(agus_card.get_by_label("Jam")).to_have_value("7.5")
    expect(agus_card.get_by_label("Sapu lidi (batang)")).to_have_value("12")
    screenshot(page, "absensi-harian")

    today = today_in(facility.timezone)
    with scopes_disabled():
        days = {
            a.allocation.inmate.name: (a.date, a.status, a.hours)
            for a in Attendance.objects.select_related("allocation__inmate")
        }
        outputs = list(OutputRecord.objects.values_list("product", "quantity"))
    assert days == {
        "Agus Sapulidi": (today, "hadir", Decimal("7.50")),
        "Budi Anyamsari": (today, "sakit", Decimal("0.00")),
    }
    assert outputs == [(product.pk, 12)]


def test_head_overrides_the_classification_rule(
    page, log_in, head, facility, workshop, inmates, screenshot
):
    log_in(page, head)
    page.goto(f"/upt/{facility.code}/kerja/{workshop.pk}/")
    page.get_by_role("link", name="Tempatkan WBP").click()
    page.get_by_label("WBP").select_option(label="Citra Batikwangi (BI.3/2025)")
    page.get_by_label("Sesi").select_option(label="Pagi")
    page.get_by_role("button", name="Tempatkan", exact=True).click()

    rules = page.locator("#failed-rules")
    expect(rules).to_contain_text("Aturan yang tidak terpenuhi:")
    expect(rules.locator("li")).to_have_text(
        ["Klasifikasi Maksimum di bawah batas terendah bengkel (Medium)."]
    )
    expect(rules).to_contain_text("Sebagai kepala UPT Anda dapat mengecualikan aturan")
    screenshot(page, "tempatkan-aturan")
    reason = "Penjahit berpengalaman, diawasi langsung oleh Kasi Giatja"
    page.get_by_label("Alasan pengecualian: Klasifikasi Maksimum").fill(reason)
    page.get_by_role("button", name="Tempatkan", exact=True).click()

    expect(page.locator("ul.messages")).to_have_text(
        "Citra Batikwangi ditempatkan di Bengkel Sapu."
    )
    row = page.locator("table.table").first.locator("tbody tr", has_text="Citra Batikwangi")
    expect(row).to_contain_text("aturan dikecualikan")
    row.get_by_role("link", name="Citra Batikwangi").click()
    expect(page.locator("#allocation-status")).to_have_text("Aktif")
    expect(page.locator("dl.details")).to_contain_text(f"“{reason}” ({head.username})")

    with scopes_disabled():
        [override] = Allocation.objects.get().overrides
    assert override["rule"] == "classification" and override["reason"] == reason
