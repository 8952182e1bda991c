"""The demo installation: the units of the seed articles, one user per role, and about fifty
clearly fictional inmates per unit. Everything goes through the ordinary services, and loading
it twice changes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from dataclasses import dataclass

from django.db import transaction
from django_scopes import scope

from karya.accounts.choices import Role
from karya.accounts.models import Membership, User
from karya.accounts.services import membership_create, user_create
from karya.demo.catalogue import catalogue_load
from karya.demo.finance import finance_load, finance_rules_load
from karya.demo.partners import partners_load
from karya.demo.premi import premi_load
from karya.demo.production import production_load
from karya.demo.programme import programme_load
from karya.demo.public import public_load
from karya.demo.reports import reports_load
from karya.demo.sales_consignment import consignment_load
from karya.demo.sales_counter import counter_demo_load
from karya.demo.sales_handovers import sales_handovers_load
from karya.demo.sales_orders import sales_orders_load
from karya.demo.stock import stock_load
from karya.facilities.models import Facility, Region
from karya.facilities.services import reference_load
from karya.inmates.services import inmates_import
from karya.partners.models import Partner

DEMO_PASSWORD = "karya-demo-2026"  # nosec B105 # the documented password of the demo users only
SEED_UNITS = ("LPPWT", "LPPKP", "LPPMK")  # Purwokerto, Pangkalpinang, Pamekasan (Lapas IIA)

FIRST_NAMES = (
    "Agus Bambang Cahyo Dedi Eko Fajar Gilang Hadi Imam Joko Krisna Lukman Miftah Nanda Oki "
    "Panji Rizal Slamet Teguh Udin Wahyu Yusuf Zainal Ari Bima Catur Dimas Galih Hendra Irfan"
).split()
FEMALE_NAMES = "Ani Dewi Fitri Indah Lestari Maya Nur Ratna Sri Tuti".split()
# Invented surnames, so that no demo inmate can be mistaken for a real person.
SURNAMES = (
    "Sapulidi Anyamsari Batikwangi Kayujati Lakopraya Pandanwangi Rotanjaya Bambusari "
    "Tikarmulya Gerabahsa Cantingsari Perahuraya"
).split()


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: str | None = None
    region: str | None = None
    nip: str = ""
    partner: str | None = None  # the partner role: the partner's legal name in `unit`


DEMO_USERS = (
    DemoUser("admin", "Administrator Karya", Role.ADMIN),
    DemoUser("ditjenpas", "Staf Ditjenpas (demo)", Role.NATIONAL),
    DemoUser(
        "kanwil.jateng", "Staf Kanwil Jawa Tengah (demo)", Role.REGIONAL, region="Jawa Tengah"
    ),
    DemoUser("kalapas.pwt", "Aliandra Harahap", Role.HEAD, unit="LPPWT"),
    DemoUser(
        "petugas.pwt",
        "Petugas Kegiatan Kerja Purwokerto (demo)",
        Role.OFFICER,
        unit="LPPWT",
        nip="198501012010011001",
    ),
    DemoUser(
        "hasilkerja.pwt", "Petugas Hasil Kerja Purwokerto (demo)", Role.OUTPUT_OFFICER, unit="LPPWT"
    ),
    DemoUser(
        "bendahara.pwt", "Bendahara Penerimaan Purwokerto (demo)", Role.TREASURER, unit="LPPWT"
    ),
    DemoUser("humas.pwt", "Humas Lapas Purwokerto (demo)", Role.PR, unit="LPPWT"),
    DemoUser("pengamanan.pwt", "Petugas Pengamanan Purwokerto (demo)", Role.SECURITY, unit="LPPWT"),
    DemoUser("kalapas.pkp", "Sugeng Indrawan", Role.HEAD, unit="LPPKP"),
    DemoUser("hasilkerja.pkp", "Eko Cahyono", Role.OUTPUT_OFFICER, unit="LPPKP"),
    DemoUser(
        "bendahara.pkp", "Bendahara Penerimaan Pangkalpinang (demo)", Role.TREASURER, unit="LPPKP"
    ),
    DemoUser("kalapas.pmk", "Syukron Hamdani", Role.HEAD, unit="LPPMK"),
    DemoUser("kasigiatja.pmk", "Fariz", Role.HEAD, unit="LPPMK"),
    DemoUser(
        "hasilkerja.pmk", "Petugas Hasil Kerja Pamekasan (demo)", Role.OUTPUT_OFFICER, unit="LPPMK"
    ),
    DemoUser(
        "bendahara.pmk", "Bendahara Penerimaan Pamekasan (demo)", Role.TREASURER, unit="LPPMK"
    ),
    # Works in several units, to show the unit switcher.
    DemoUser("petugas", "Petugas Tiga UPT (demo)", Role.OFFICER, unit="LPPWT"),
    DemoUser("petugas", "Petugas Tiga UPT (demo)", Role.OFFICER, unit="LPPKP"),
    DemoUser("petugas", "Petugas Tiga UPT (demo)", Role.OFFICER, unit="LPPMK"),
    # Partners' own users: the partner portal (/portal-mitra/) and the partner API.
    DemoUser(
        "mitra.handicraft",
        "CV. Pusat Handicraft (demo)",
        Role.PARTNER,
        unit="LPPWT",
        partner="CV. Pusat Handicraft",
    ),
    # Seed 002: the shop's own user sees the goods it holds and reports its sales.
    DemoUser(
        "mitra.acun",
        "Toko Acun Akuarium (demo)",
        Role.PARTNER,
        unit="LPPKP",
        partner="Toko Acun Akuarium",
    ),
)


def demo_inmates_csv(unit_code: str, count: int = 50) -> bytes:
    """A deterministic SDP-style export of fictional inmates for one unit."""
    rng = random.Random(unit_code)  # nosec B311 # seeded, reproducible demo figures, not secrets
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "no_registrasi",
            "nama",
            "jenis_kelamin",
            "status",
            "klasifikasi",
            "tahap_pembinaan",
            "tanggal_mulai",
            "tanggal_ekspirasi",
            "asimilasi",
            "blok",
            "kamar",
            "tanggal_keluar",
            "jenis_keluar",
        ]
    )
    today = dt.date(2026, 1, 15)
    for n in range(1, count + 1):
        female = n % 10 == 0
        first = rng.choice(FEMALE_NAMES if female else FIRST_NAMES)
        name = f"{first} {rng.choice(SURNAMES)}"
        detainee = n % 6 == 0
        start = today - dt.timedelta(days=rng.randint(60, 1500))
        release = start + dt.timedelta(days=rng.randint(700, 2600))
        stage = "" if detainee else rng.choice(["Awal", "Lanjutan", "Lanjutan", "Akhir"])
        left_on, reason = "", ""
        if n in (7, 19):
            left_on, reason = (today - dt.timedelta(days=n)).strftime("%d-%m-%Y"), "Bebas"
        elif n == 33:
            left_on, reason = (today - dt.timedelta(days=3)).strftime("%d-%m-%Y"), "Pindah"
        writer.writerow(
            [
                f"{'A' if detainee else 'B'}I.{n:04d}/{start.year}",
                name,
                "P" if female else "L",
                "Tahanan" if detainee else "Narapidana",
                rng.choice(["Medium", "Medium", "Minimum", "Minimum", "Maksimum"]),
                stage,
                start.strftime("%d-%m-%Y"),
                "" if detainee else release.strftime("%d-%m-%Y"),
                "Ya" if stage == "Akhir" else "Tidak",
                "W" if female else rng.choice("ABCD"),
                str(rng.randint(1, 12)),
                left_on,
                reason,
            ]
        )
    return out.getvalue().encode()


@transaction.atomic
def demo_load() -> list[DemoUser]:
    """Load (or complete) the demo; returns the demo logins. Idempotent."""
    reference_load(actor=None)
    admin = User.objects.filter(username="admin").first()
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = user_create(
                actor=admin,
                username=spec.username,
                password=DEMO_PASSWORD,
                full_name=spec.full_name,
                nip=spec.nip,
            )
            if spec.username == "admin":
                admin = user
        if spec.partner:
            continue  # given its partner once the partners exist (below)
        facility = Facility.objects.get(code=spec.unit) if spec.unit else None
        region = Region.objects.get(name=spec.region) if spec.region else None
        if (
            not Membership.objects.active()
            .filter(user=user, role=spec.role, facility=facility, region=region)
            .exists()
        ):
            membership_create(
                actor=admin, user=user, role=spec.role, facility=facility, region=region
            )
    # Split rules before any payment: money received is split by the rule valid that day.
    finance_rules_load(actor=admin)
    for code in SEED_UNITS:
        facility = Facility.objects.get(code=code)
        with scope(facility=[facility.pk]):
            inmates_import(
                actor=admin,
                facility=facility,
                file_name=f"demo-{code}.csv",
                content=demo_inmates_csv(code),
            )
            programme_load(actor=admin, facility=facility)
            catalogue_load(actor=admin, facility=facility)
            stock_load(actor=admin, facility=facility)
            partners_load(actor=admin, facility=facility)
            production_load(actor=admin, facility=facility)
            consignment_load(facility=facility)
            sales_handovers_load(actor=admin, facility=facility)
            counter_demo_load(actor=admin, facility=facility)
            sales_orders_load(actor=admin, facility=facility)
            finance_load(actor=admin, facility=facility)  # after every sales demo
            premi_load(actor=admin, facility=facility)
    for spec in DEMO_USERS:
        if not spec.partner:
            continue
        facility = Facility.objects.get(code=spec.unit)
        with scope(facility=[facility.pk]):
            partner = Partner.objects.get(facility=facility, legal_name=spec.partner)
        user = User.objects.get(username=spec.username)
        if not Membership.objects.active().filter(user=user, partner=partner).exists():
            membership_create(actor=admin, user=user, role=spec.role, partner=partner)
    public_load(actor=admin)  # last: the news links the records of every other area
    # Last: the targets and every unit's monthly figures, from all the records above.
    reports_load(seed_units=SEED_UNITS)
    return list(DEMO_USERS)
