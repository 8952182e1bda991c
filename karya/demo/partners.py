"""Demo of partners and agreements, from the seed articles: CV. Pusat Handicraft and CV.
Rajasa Mas Jaya with Lapas Purwokerto (seeds 000, 001, 003), Toko Acun Akuarium with Lapas
Pangkalpinang (seed 002), and a raw-material supplier of Lapas Pamekasan (seed 004; the
supplier's name is invented). Everything goes through the services: officers ask, the heads
approve. Prices, numbers and the dates the articles do not give are invented for the demo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from karya.accounts.models import User
from karya.facilities.models import Facility
from karya.partners.models import Partner
from karya.partners.services.agreement_terms import (
    agreement_product_set,
    obligation_add,
    obligation_fulfil,
)
from karya.partners.services.agreements import (
    agreement_approve,
    agreement_create,
    agreement_request,
)
from karya.partners.services.partners import contact_add, partner_create
from karya.partners.services.visits import follow_up_add, visit_create
from karya.production.models import Product

WIB = ZoneInfo("Asia/Jakarta")


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _at(year, month, day, hour, minute) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=WIB)


def _approve(agreement, *, officer, head, to, signed_on, number=""):
    agreement_request(actor=officer, agreement=agreement, to=to)
    return agreement_approve(actor=head, agreement=agreement, signed_on=signed_on, number=number)


def _products(agreement, actor, prices: dict[str, int]) -> None:
    for name, price in prices.items():
        product = Product.objects.get(facility_id=agreement.facility_id, name=name)
        agreement_product_set(
            actor=actor, agreement=agreement, product=product, agreed_price=Decimal(price)
        )


def partners_load(*, actor, facility: Facility) -> None:
    """Load one unit's demo partners unless it has partners already (idempotent). Runs inside
    the unit's scope, after the unit's programme (the products must exist)."""
    if Partner.objects.filter(facility=facility).exists():
        return
    loader = {"LPPWT": _purwokerto, "LPPKP": _pangkalpinang, "LPPMK": _pamekasan}.get(facility.code)
    if loader is not None:
        loader(actor, facility)


def _purwokerto(actor, facility) -> None:
    officer, head = _user("petugas.pwt"), _user("kalapas.pwt")

    # Seed 000: CV. Pusat Handicraft collects and markets the brooms (beli putus).
    handicraft = partner_create(
        actor=officer,
        facility=facility,
        legal_form="CV",
        legal_name="CV. Pusat Handicraft",
        city="Purwokerto",
        notes="Memasarkan sapu lidi dan sapu lakop hasil karya WBP.",
    )
    brooms = agreement_create(
        actor=officer,
        partner=handicraft,
        title="Produksi dan pemasaran sapu lidi dan sapu lakop",
        schemes=["beli_putus"],
        payment_terms="Mitra membeli putus saat pengambilan, sesuai harga yang disepakati.",
        unit_signatory="Aliandra Harahap, Kepala Lapas Kelas IIA Purwokerto",
        partner_signatory="Pimpinan CV. Pusat Handicraft",
    )
    _products(brooms, officer, {"Sapu lidi": 2500, "Sapu lakop": 7500})
    for party, text in (
        ("upt", "Memproduksi sapu lidi dan sapu lakop melalui pembinaan kemandirian WBP"),
        ("mitra", "Mengambil hasil karya di Lapas dan memasarkannya"),
        ("mitra", "Membayar hasil karya yang diambil sesuai harga yang disepakati"),
    ):
        obligation_add(actor=officer, agreement=brooms, party=party, description=text)
    _approve(brooms, officer=officer, head=head, to="MOU", signed_on=dt.date(2025, 11, 17))
    _approve(
        brooms,
        officer=officer,
        head=head,
        to="PKS",
        signed_on=dt.date(2025, 12, 15),
        number="W.13.PAS.16-HM.05.01-118",
    )

    # Seed 003: CV. Rajasa Mas Jaya Cilacap trained inmates to weave pandan mats.
    rajasa = partner_create(
        actor=officer,
        facility=facility,
        legal_form="CV",
        legal_name="CV. Rajasa Mas Jaya",
        city="Cilacap",
        notes="Lini usaha: anyaman, batik tulis dan batik cap.",
    )
    contact_add(actor=officer, partner=rajasa, name="Tim Produksi", position="Produksi")
    pandan = agreement_create(
        actor=officer,
        partner=rajasa,
        title="Pelatihan dan produksi tikar anyaman pandan",
        schemes=["pelatihan"],
        unit_signatory="Aliandra Harahap, Kepala Lapas Kelas IIA Purwokerto",
        notes="Kerja sama awal; naskah kerja sama resmi tentang hak dan kewajiban menyusul.",
    )
    _products(pandan, officer, {"Tikar anyaman pandan": 45000})
    training = obligation_add(
        actor=officer,
        agreement=pandan,
        party="mitra",
        description="Melatih WBP membuat tikar anyaman dari daun pandan",
        due_date=dt.date(2025, 7, 31),
    )
    obligation_fulfil(
        actor=officer,
        obligation=training,
        fulfilled_on=dt.date(2025, 7, 31),
        evidence="Pelatihan 24–31 Juli 2025; dimonitor 31 Juli 2025",
    )
    obligation_add(
        actor=officer,
        agreement=pandan,
        party="upt",
        description="Menyediakan peserta WBP dan tempat pelatihan di bengkel kerja",
    )
    _approve(pandan, officer=officer, head=head, to="MOU", signed_on=dt.date(2025, 7, 21))
    monitoring = visit_create(
        actor=officer,
        partner=rajasa,
        agreement=pandan,
        kind="monitoring",
        starts_at=_at(2025, 7, 31, 11, 30),
        place="Lapas Kelas IIA Purwokerto",
        participants="Tim Produksi CV. Rajasa Mas Jaya Cilacap; Kalapas Kelas IIA Purwokerto "
        "Aliandra Harahap; petugas kegiatan kerja",
        monitored="Hasil pelatihan dan produksi tikar anyaman daun pandan oleh WBP selama satu "
        "minggu terakhir.",
        findings="Tikar anyaman pandan telah dilatihkan dan diproduksi WBP dalam seminggu "
        "terakhir. Mitra menyampaikan rencana penjajakan kerja sama baru di bidang pelatihan "
        "dan produksi batik tulis maupun batik cap.",
    )
    follow_up_add(
        actor=officer,
        visit=monitoring,
        action="Menyusun naskah kerja sama resmi yang mengatur hak dan kewajiban masing-masing "
        "pihak",
        owner=head,
        due_date=dt.date(2025, 9, 30),
    )

    # Seed 001: exploration of maklon batik cap, 20 August 2025, 08.30–09.00 WIB.
    batik = agreement_create(
        actor=officer,
        partner=rajasa,
        title="Maklon batik cap",
        schemes=["maklon", "pelatihan"],
        notes="Produksi batik cap di dalam Lapas dengan WBP sebagai tenaga produksi.",
    )
    for party, text in (
        ("mitra", "Menyediakan bahan baku batik cap"),
        ("mitra", "Memberikan pendampingan teknis"),
        ("upt", "Menyediakan WBP sebagai tenaga produksi dan tempat produksi di dalam Lapas"),
    ):
        obligation_add(actor=officer, agreement=batik, party=party, description=text)
    exploration = visit_create(
        actor=officer,
        partner=rajasa,
        agreement=batik,
        kind="penjajakan",
        starts_at=_at(2025, 8, 20, 8, 30),
        ends_at=_at(2025, 8, 20, 9, 0),
        place="Lapas Kelas IIA Purwokerto",
        participants="Kalapas Kelas IIA Purwokerto Aliandra Harahap; CV Rajasa Mas Jaya Cilacap",
        monitored="Rencana produksi batik cap di dalam Lapas.",
        findings="WBP sebagai tenaga produksi; mitra menyediakan bahan baku serta pendampingan "
        "teknis. Hasil penjajakan menunjukkan peluang kerja sama yang positif.",
    )
    for action in (
        "Menyusun Memorandum of Understanding (MoU)",
        "Pembahasan teknis lebih lanjut",
    ):
        follow_up_add(
            actor=officer,
            visit=exploration,
            action=action,
            owner=officer,
            due_date=dt.date(2025, 9, 30),
        )


def _pangkalpinang(actor, facility) -> None:
    # Seed 002: the PKS of 3 November 2025; the Lapas owns the goods, the shop markets them.
    officer, head = _user("hasilkerja.pkp"), _user("kalapas.pkp")
    shop = partner_create(
        actor=officer,
        facility=facility,
        legal_form="toko",
        legal_name="Toko Acun Akuarium",
        city="Pangkalpinang",
    )
    contact_add(actor=officer, partner=shop, name="Hendri", position="Pimpinan")
    agreement = agreement_create(
        actor=officer,
        partner=shop,
        title="Promosi dan pemasaran perangkap tikus dan sarang burung lovebird",
        schemes=["konsinyasi"],
        commission_percent=Decimal(10),
        payment_terms="Hasil penjualan dilaporkan dan disetor setiap akhir bulan; produk yang "
        "tidak terjual dapat dikembalikan.",
        unit_signatory="Sugeng Indrawan, Kepala Lapas Kelas IIA Pangkalpinang",
        partner_signatory="Hendri, Pimpinan Toko Acun Akuarium",
        notes="Lapas Pangkalpinang sebagai pemilik produk; Toko Acun Akuarium sebagai promosi "
        "dan pemasaran.",
    )
    _products(agreement, officer, {"Perangkap tikus": 35000, "Sarang burung lovebird": 25000})
    for party, text in (
        (
            "upt",
            "Menyediakan perangkap tikus dan sarang burung lovebird karya WBP sebagai "
            "pemilik produk",
        ),
        ("upt", "Menambah jenis produk karya WBP untuk dipasarkan"),
        ("mitra", "Mempromosikan dan memasarkan produk karya WBP di pasar lokal"),
        ("mitra", "Melaporkan penjualan dan menyetor hasilnya setiap akhir bulan"),
    ):
        obligation_add(actor=officer, agreement=agreement, party=party, description=text)
    obligation_add(
        actor=officer,
        agreement=agreement,
        party="mitra",
        description="Laporan penjualan pertama (November 2025)",
        due_date=dt.date(2025, 11, 30),
    )
    signed = dt.date(2025, 11, 3)
    _approve(agreement, officer=officer, head=head, to="MOU", signed_on=signed)
    _approve(
        agreement,
        officer=officer,
        head=head,
        to="PKS",
        signed_on=signed,
        number="W.3.PAS.PAS.2-HM.05.02-77",
    )


def _pamekasan(actor, facility) -> None:
    # Seed 004: a private partner supplies raw material at competitive prices (name invented).
    officer, head = _user("petugas"), _user("kalapas.pmk")
    supplier = partner_create(
        actor=officer,
        facility=facility,
        legal_form="UD",
        legal_name="UD Sumber Kayu Madura",
        city="Pamekasan",
        notes="Mitra fiktif untuk demo: pemasok kayu bengkel kerajinan kayu.",
    )
    agreement = agreement_create(
        actor=officer,
        partner=supplier,
        title="Pemasokan bahan baku kayu",
        schemes=["pemasok"],
        payment_terms="Dibayar paling lambat 14 hari setelah serah terima bahan.",
        unit_signatory="Syukron Hamdani, Kepala Lapas Kelas IIA Pamekasan",
    )
    for party, text in (
        ("mitra", "Memasok kayu sesuai pesanan dengan harga bersaing"),
        ("upt", "Membayar bahan baku paling lambat 14 hari setelah serah terima"),
    ):
        obligation_add(actor=officer, agreement=agreement, party=party, description=text)
    _approve(agreement, officer=officer, head=head, to="MOU", signed_on=dt.date(2025, 5, 12))
    _approve(
        agreement,
        officer=officer,
        head=head,
        to="PKS",
        signed_on=dt.date(2025, 6, 2),
        number="W.15.PAS.PAS.11-HM.05.01-30",
    )
