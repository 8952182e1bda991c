"""The user guide's screenshots, taken from the demo data by Chromium.

One walk through the pages the guide shows, as the demo user of each role, saving each
picture into docs/panduan/gambar/ (WebP, desktop width, at most SHOT_HEIGHT pixels tall), so
the guide shows the screens as they are whenever the suite runs; the pictures are committed.
The walk fails when a page the guide shows no longer opens, no longer shows what the guide
says, or when a chapter names a screenshot that the walk does not take.
"""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django_scopes import scopes_disabled
from PIL import Image
from playwright.sync_api import expect

from karya.demo.data import DEMO_PASSWORD
from karya.handbook import chapters

pytestmark = pytest.mark.browser

SHOT_WIDTH = 1280
SHOT_HEIGHT = 1100
WEBP_QUALITY = 70


@pytest.fixture
def demo(transactional_db, live_server):
    """The demo data, in the live server's database."""
    with open("/dev/null", "w") as quiet:
        call_command("load_demo", stdout=quiet)


def first_pk(label, **filters):
    with scopes_disabled():
        obj = apps.get_model(label).objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"the demo has no {label} matching {filters}"
    return obj.pk


def walk():
    """[(username or None, path, heading regex, screenshot name)] in the guide's order."""
    pwt, pkp = "/upt/LPPWT", "/upt/LPPKP"
    sapu = first_pk("programs.Workshop", facility__code="LPPWT", name__icontains="sapu")
    training = first_pk("programs.Training", facility__code="LPPWT")
    order = first_pk("production.ProductionOrder", facility__code="LPPWT")
    handicraft = first_pk("partners.Partner", facility__code="LPPWT", legal_name__icontains="handi")
    agreement = first_pk("partners.Agreement", facility__code="LPPWT", partner_id=handicraft)
    rajasa = first_pk(
        "partners.Agreement", facility__code="LPPWT", partner__legal_name__icontains="rajasa"
    )
    bast = first_pk("sales.Handover", facility__code="LPPWT", number__startswith="BAST/")
    invoice = first_pk("sales.Invoice", facility__code="LPPWT")
    settlement = first_pk("sales.Settlement", facility__code="LPPKP")
    run = first_pk("premi.PremiRun", facility__code="LPPWT")
    ledger_inmate = first_pk("premi.InmateLedgerEntry", facility__code="LPPWT")
    with scopes_disabled():
        inmate = apps.get_model("premi.InmateLedgerEntry").objects.get(pk=ledger_inmate).inmate_id
    event = first_pk("newsroom.Event", facility__code="LPPWT")
    release = first_pk("newsroom.PressRelease", facility__code="LPPWT", status="draft")
    acun_agreement = first_pk("partners.Agreement", partner__legal_name__icontains="acun")
    admin_user = first_pk("accounts.User", username="petugas.pwt")
    return [
        # Getting started
        (None, "/akun/masuk/", r"Masuk", "mulai-masuk"),
        ("petugas.pwt", f"{pwt}/", r"Purwokerto", "mulai-beranda-upt"),
        ("petugas.pwt", "/kotak-masuk/", r"Kotak masuk", "mulai-kotak-masuk"),
        # Work programme officer
        ("petugas.pwt", f"{pwt}/wbp/", r"Registrasi WBP", "petugas-registrasi-wbp"),
        ("petugas.pwt", f"{pwt}/wbp/impor/", r"Impor ekspor SDP", "petugas-impor-sdp"),
        ("petugas.pwt", f"{pwt}/kerja/", r"Bengkel kerja", "petugas-bengkel"),
        ("petugas.pwt", f"{pwt}/kerja/{sapu}/", r"Sapu", "petugas-bengkel-detail"),
        ("petugas.pwt", f"{pwt}/kerja/{sapu}/tempatkan/", r"Tempatkan WBP", "petugas-tempatkan"),
        ("petugas.pwt", f"{pwt}/kerja/{sapu}/absensi/", r"Sapu", "petugas-absensi"),
        ("petugas.pwt", f"{pwt}/kerja/pelatihan/{training}/", r"Pelatihan", "petugas-pelatihan"),
        ("petugas.pwt", f"{pwt}/kerja/alat/", r"Daftar alat kerja", "petugas-alat"),
        (
            "petugas.pwt",
            f"{pwt}/kerja/dokumen/daftar-kerja/",
            r"Daftar Kerja",
            "petugas-daftar-kerja",
        ),
        ("petugas.pwt", f"{pwt}/produk/", r"Produk", "petugas-produk"),
        ("petugas.pwt", f"{pwt}/produk/perintah/", r"Perintah produksi", "petugas-perintah"),
        ("petugas.pwt", f"{pwt}/produk/perintah/{order}/", r"PO/LPPWT", "petugas-perintah-detail"),
        ("petugas.pwt", f"{pwt}/mitra/{handicraft}/", r"Pusat Handicraft", "petugas-mitra"),
        ("petugas.pwt", f"{pwt}/mitra/kerja-sama/{agreement}/", r"sapu", "petugas-kerja-sama"),
        # Output officer
        ("hasilkerja.pwt", f"{pwt}/penjualan/", r"Penjualan", "hasil-beranda-penjualan"),
        ("hasilkerja.pwt", f"{pwt}/stok/", r"Stok", "hasil-stok"),
        ("hasilkerja.pwt", f"{pwt}/stok/pindah/", r"Pindahkan barang", "hasil-pindah-stok"),
        (
            "hasilkerja.pwt",
            f"{pwt}/penjualan/serah-terima/tambah/",
            r"Catat pengambilan",
            "hasil-catat-pengambilan",
        ),
        ("hasilkerja.pwt", f"{pwt}/penjualan/serah-terima/{bast}/", r"BAST/LPPWT", "hasil-bast"),
        ("hasilkerja.pwt", f"{pwt}/penjualan/kasir/", r"Kasir", "hasil-kasir"),
        (
            "hasilkerja.pwt",
            f"{pwt}/penjualan/kasir/rekap/",
            r"Rekap harian kasir",
            "hasil-rekap-kasir",
        ),
        (
            "hasilkerja.pwt",
            f"{pwt}/penjualan/pesanan/tambah/",
            r"Penawaran baru",
            "hasil-penawaran",
        ),
        ("hasilkerja.pwt", f"{pwt}/penjualan/tagihan/{invoice}/", r"INV/LPPWT", "hasil-tagihan"),
        ("hasilkerja.pwt", f"{pwt}/permintaan/", r"Permintaan", "hasil-permintaan"),
        ("hasilkerja.pkp", f"{pkp}/penjualan/konsinyasi/", r"Konsinyasi", "hasil-konsinyasi"),
        (
            "hasilkerja.pkp",
            f"{pkp}/penjualan/konsinyasi/penyelesaian/{settlement}/",
            r"Penyelesaian konsinyasi",
            "hasil-penyelesaian",
        ),
        # Treasurer
        ("bendahara.pwt", f"{pwt}/keuangan/", r"Keuangan", "bendahara-keuangan"),
        ("bendahara.pwt", f"{pwt}/keuangan/pembagian/", r"Pembagian hasil", "bendahara-pembagian"),
        ("bendahara.pwt", f"{pwt}/keuangan/pnbp/", r"PNBP", "bendahara-pnbp"),
        (
            "bendahara.pwt",
            f"{pwt}/keuangan/pnbp/setor/",
            r"Catat setoran PNBP",
            "bendahara-setor-pnbp",
        ),
        ("bendahara.pwt", f"{pwt}/premi/baru/", r"Perhitungan premi baru", "bendahara-premi-baru"),
        ("bendahara.pwt", f"{pwt}/premi/{run}/", r"Perhitungan premi", "bendahara-premi"),
        ("bendahara.pwt", f"{pwt}/premi/wbp/{inmate}/", r".", "bendahara-catatan-wbp"),
        # Head of the unit
        ("kalapas.pwt", f"{pwt}/laporan/", r"Dasbor", "kepala-dasbor"),
        ("kalapas.pwt", f"{pwt}/mitra/kerja-sama/{rajasa}/", r".", "kepala-kerja-sama"),
        ("kalapas.pwt", f"{pwt}/premi/", r"Perhitungan premi", "kepala-premi"),
        ("kalapas.pwt", f"{pwt}/stok/opname/", r"Stok opname", "kepala-opname"),
        # Public relations
        ("humas.pwt", f"{pwt}/humas/", r"Humas", "humas-beranda"),
        ("humas.pwt", f"{pwt}/humas/kegiatan/tambah/", r"Catat kegiatan", "humas-catat-kegiatan"),
        ("humas.pwt", f"{pwt}/humas/kegiatan/{event}/", r".", "humas-kegiatan"),
        ("humas.pwt", f"{pwt}/humas/rilis/{release}/", r".", "humas-rilis"),
        # Security
        (
            "pengamanan.pwt",
            f"{pwt}/kerja/dokumen/daftar-kerja/",
            r"Daftar Kerja",
            "pengamanan-daftar-kerja",
        ),
        ("pengamanan.pwt", f"{pwt}/kerja/alat/sesi/", r"Alat", "pengamanan-alat"),
        # Regional office
        ("kanwil.jateng", "/wilayah/jawa-tengah/laporan/", r"Jawa Tengah", "kanwil-dasbor"),
        ("kanwil.jateng", "/upt/", r"UPT", "kanwil-daftar-upt"),
        # Directorate General
        ("ditjenpas", "/laporan/nasional/", r"Seluruh Indonesia", "ditjenpas-dasbor"),
        ("ditjenpas", "/laporan/target/", r"Target", "ditjenpas-target"),
        ("ditjenpas", "/kelola/pembagian-hasil/", r"Aturan pembagian hasil", "ditjenpas-aturan"),
        # Partner portal
        ("mitra.handicraft", "/portal-mitra/", r"Portal mitra", "mitra-beranda"),
        ("mitra.handicraft", "/portal-mitra/serah-terima/", r"Serah terima", "mitra-serah-terima"),
        ("mitra.acun", "/portal-mitra/stok/", r"titipan", "mitra-stok"),
        (
            "mitra.acun",
            f"/portal-mitra/kerja-sama/{acun_agreement}/laporan-penjualan/",
            r"laporan penjualan",
            "mitra-laporan-penjualan",
        ),
        # Administrator
        ("admin", "/akun/pengguna/", r"Pengguna", "admin-pengguna"),
        ("admin", f"/akun/pengguna/{admin_user}/", r"petugas", "admin-pengguna-detail"),
        ("admin", "/kelola/upt/", r"UPT", "admin-upt"),
        # The public
        (None, "/katalog/", r"Katalog", "publik-katalog"),
        (None, "/katalog/LPPWT/", r"Purwokerto", "publik-upt"),
        (None, "/berita/", r"Berita", "publik-berita"),
    ]


def fill_attendance(page):
    """The first two rows of the day as an officer fills them in (not saved)."""
    for row, lidi, lakop in ((0, "40", "8"), (1, "35", "10")):
        fieldset = page.locator("main fieldset").nth(row)
        fieldset.get_by_label("Kehadiran").select_option(label="Hadir")
        fieldset.get_by_label("Jam").fill("6")
        fieldset.get_by_label("Sapu lidi (batang)").fill(lidi)
        fieldset.get_by_label("Sapu lakop (buah)").fill(lakop)


def fill_counter(page):
    """Two brooms sold at the gallery, paid in cash (not saved)."""
    page.locator(".tile").filter(has_text="Sapu lidi").locator("input").fill("2")
    expect(page.locator("#counter-summary")).to_contain_text("30.000")


BEFORE_SHOT = {"petugas-absensi": fill_attendance, "hasil-kasir": fill_counter}


def log_in_as(page, username):
    page.context.clear_cookies()
    if username is None:
        return
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def take(page, name):
    """The top of the page as the reader sees it on a desktop (sticky bars where they stay),
    saved as WebP: sharp text at a third of the size of a PNG."""
    bottom = page.evaluate("Math.ceil(document.body.getBoundingClientRect().bottom)")
    height = max(min(bottom + 16, SHOT_HEIGHT), 200)
    png = page.screenshot(
        clip={"x": 0, "y": 0, "width": SHOT_WIDTH, "height": height}, animations="disabled"
    )
    path = chapters.image_dir() / f"{name}.webp"
    partial = path.with_suffix(".part")
    Image.open(io.BytesIO(png)).save(partial, "WEBP", quality=WEBP_QUALITY, method=6)
    partial.replace(path)  # a reader (the guide's PDF) never sees half a picture


def test_the_guide_screenshots_are_taken_from_the_demo(page, demo):
    chapters.image_dir().mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": SHOT_WIDTH, "height": SHOT_HEIGHT})
    taken, current = [], object()
    for username, path, heading, name in walk():
        if username != current:
            log_in_as(page, username)
            current = username
        response = page.goto(path)
        assert response.status == 200, f"{path} as {username}: {response.status}"
        expect(page.locator("h1").first).to_have_text(re.compile(heading, re.IGNORECASE))
        if name in BEFORE_SHOT:
            BEFORE_SHOT[name](page)
        take(page, name)
        taken.append(f"{name}.webp")

    # A product page of the public catalogue, and a lot's traceability page from it.
    page.goto("/katalog/LPPWT/")
    page.locator("main a[href*='/katalog/LPPWT/']").filter(has_text="Sapu lidi").first.click()
    expect(page.locator("h1").first).to_have_text(re.compile("Sapu lidi"))
    take(page, "publik-produk")
    taken.append("publik-produk.webp")

    # The Bantuan link of a page opens the chapter that explains it.
    log_in_as(page, "petugas.pwt")
    page.goto(walk_path_of("petugas-absensi"))
    page.get_by_role("link", name="Bantuan").click()
    expect(page).to_have_url(re.compile(r"/bantuan/petugas-kegiatan-kerja/#absensi$"))
    picture = page.locator("article img[src$='petugas-absensi.webp']")
    assert picture.evaluate("img => img.decode().then(() => img.naturalWidth)") == SHOT_WIDTH

    wanted = {image for chapter in chapters.chapters() for image in chapter.screenshots}
    assert wanted - set(taken) == set(), "screenshots the guide names but the walk does not take"


def walk_path_of(name):
    return next(path for _, path, _, shot in walk() if shot == name)
