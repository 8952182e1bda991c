"""Demo of the public catalogue and the newsroom: the seed products published (the goods
Toko Acun Akuarium holds on consignment come from karya.demo.sales_consignment, so the
catalogue shows a partner shop), one event per seed article with its press-release draft
generated from the records — and the release of the 31 January 2026 pick-up (seed 000)
approved by the head and published on the unit's public page.

The quotes are those of the seed articles (in Karya a user types them). The date of seed 004,
which the article does not give, is invented. A unit that already has events is left alone, so
loading twice changes nothing (and keeps what users changed since)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django_scopes import scope

from karya.accounts.models import User
from karya.demo.catalogue import CATALOGUE
from karya.facilities.models import Facility
from karya.newsroom import services as newsroom
from karya.newsroom.models import Event
from karya.partners.models import Agreement, PartnerVisit
from karya.production.models import Product, ProductionOrder
from karya.production.services import product_publish
from karya.programs.models import Training
from karya.sales.models import Handover

WIB = ZoneInfo("Asia/Jakarta")
SHOP = "Toko Acun Akuarium"


@dataclass(frozen=True)
class SeedEvent:
    seed: str
    unit: str
    author: str  # who records it (humas, or an officer where the unit has no humas)
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None = None
    place: str = ""
    participants: str = ""
    description: str = ""
    quotes: list[dict] = field(default_factory=list)
    publish: bool = False


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WIB)


ALIANDRA = {"name": "Aliandra Harahap", "role": "Kepala Lapas Kelas IIA Purwokerto"}

EVENTS = [
    SeedEvent(
        "000",
        "LPPWT",
        "humas.pwt",
        "pickup",
        "Pengambilan sapu lidi dan sapu lakop oleh CV. Pusat Handicraft",
        _at(2026, 1, 31, 9, 40),
        place="Lapas Kelas IIA Purwokerto",
        participants="Perwakilan CV. Pusat Handicraft; Kalapas Kelas IIA Purwokerto Aliandra "
        "Harahap; petugas pengelolaan hasil kerja",
        quotes=[
            {
                **ALIANDRA,
                "text": "Melalui pembinaan kemandirian dan kerja sama pemasaran ini, kami "
                "berharap Warga Binaan memiliki bekal keterampilan dan semangat untuk mandiri "
                "setelah selesai menjalani masa pidana.",
            }
        ],
        publish=True,
    ),
    SeedEvent(
        "001",
        "LPPWT",
        "humas.pwt",
        "partner_visit",
        "Penjajakan kerja sama produksi batik cap dengan CV Rajasa Mas Jaya Cilacap",
        _at(2025, 8, 20, 8, 30),
        _at(2025, 8, 20, 9, 0),
        place="Lapas Kelas IIA Purwokerto",
        quotes=[
            {
                **ALIANDRA,
                "text": "Dengan dukungan mitra usaha, kami berharap program ini tidak hanya "
                "menghasilkan produk batik cap yang berkualitas, tetapi juga membuka jalan "
                "reintegrasi sosial bagi warga binaan melalui pemberdayaan dan kemandirian.",
            }
        ],
    ),
    SeedEvent(
        "003",
        "LPPWT",
        "humas.pwt",
        "monitoring",
        "Monitoring pelatihan tikar anyaman pandan oleh CV. Rajasa Mas Jaya Cilacap",
        _at(2025, 7, 31, 11, 30),
        place="Lapas Kelas IIA Purwokerto",
        quotes=[
            {
                **ALIANDRA,
                "text": "Untuk mendukung kerja sama secara berkelanjutan, kami akan "
                "menindaklanjuti dengan penyusunan naskah kerja sama resmi yang mengatur hak dan "
                "kewajiban masing-masing pihak.",
            }
        ],
    ),
    SeedEvent(
        "002",
        "LPPKP",
        "hasilkerja.pkp",
        "signing",
        "Penandatanganan PKS dengan Toko Acun Akuarium",
        _at(2025, 11, 3, 9, 0),
        place="Lapas Kelas IIA Pangkalpinang",
        quotes=[
            {
                "name": "Sugeng Indrawan",
                "role": "Kepala Lapas Pangkalpinang",
                "text": "Kami menyambut baik kolaborasi ini dan telah melihat berbagai potensi "
                "yang bisa dikembangkan ke depannya. Potensi tersebut akan kami bawa ke Lapas "
                "untuk kegiatan kerja dan pelatihan.",
            },
            {
                "name": "Eko Cahyono",
                "role": "Kepala Subseksi Pengelolaan Hasil Kerja",
                "text": "Kami ingin memastikan setiap karya Warga Binaan tidak hanya berhenti di "
                "Lapas, tetapi bisa bersaing dan diminati di pasar luar. Inilah bentuk pembinaan "
                "yang produktif dan berkelanjutan.",
            },
            {
                "name": "Hendri",
                "role": "Pimpinan Toko Acun Akuarium",
                "text": "Kami siap menampung dan memasarkan produk lain yang dihasilkan Lapas, "
                "seperti perangkap tikus dan sarang burung lovebird yang memiliki potensi besar "
                "dan layak dipasarkan. Tujuannya agar makin dikenal di pasar lokal.",
            },
        ],
    ),
    SeedEvent(
        "004",
        "LPPMK",
        "kasigiatja.pmk",
        "other",
        "Bengkel kerja Lapas Pamekasan hasilkan produk UMKM",
        _at(2026, 1, 20, 10, 0),
        place="Bengkel kerja Lapas Kelas IIA Pamekasan",
        description="Bengkel kerja Lapas Pamekasan menjadi wadah kreatif warga binaan dalam "
        "menghasilkan berbagai produk unggulan: kerajinan kayu (miniatur perahu, miniatur "
        "Monumen Arek Lancor, meja dan kursi), jasa cuci mobil dan motor, serta kuliner olahan "
        "(kue kering, camilan tradisional dan minuman herbal).\n\n"
        "Seluruh proses produksi dilakukan secara gotong royong oleh warga binaan, mulai dari "
        "perencanaan, pembuatan, hingga pengemasan, di bawah pengawasan petugas kegiatan kerja. "
        "Produk juga dipasarkan melalui e-Katalog LKPP.",
        quotes=[
            {
                "name": "Syukron Hamdani",
                "role": "Kepala Lapas Pamekasan",
                "text": "Fokus utama kami adalah memberikan bekal keterampilan praktis yang "
                "relevan dengan kebutuhan pasar setelah mereka bebas nanti.",
            },
            {
                "name": "Fariz",
                "role": "Plh. Kasi Kegiatan Kerja",
                "text": "Kami terus mendorong masyarakat dan instansi pemerintah untuk turut "
                "mengapresiasi dan membeli produk-produk hasil karya bengkel kerja Lapas "
                "Pamekasan.",
            },
        ],
    ),
]


def _links(spec: SeedEvent, facility: Facility) -> dict:
    """The records each seed event concerns, found among the unit's demo records."""
    mine = {"facility": facility}
    if spec.seed == "000":
        day = spec.starts_at.date()
        handover = (
            Handover.objects.filter(
                **mine,
                status="posted",
                partner__legal_name="CV. Pusat Handicraft",
                reverses__isnull=True,
            )
            .filter(handed_over_at__date=day)
            .order_by("pk")
            .first()
        )
        if handover is not None:
            return {"handover": handover}
        # Before the handover of 31 January is posted: the agreement and the brooms' order.
        return {
            "agreement": Agreement.objects.filter(
                **mine, partner__legal_name="CV. Pusat Handicraft"
            ).first(),
            "production_order": ProductionOrder.objects.filter(
                **mine, product__name="Sapu lidi", status="finished"
            )
            .order_by("-finished_on")
            .first(),
        }
    if spec.seed in ("001", "003"):
        kind = "penjajakan" if spec.seed == "001" else "monitoring"
        visit = PartnerVisit.objects.filter(**mine, kind=kind).order_by("starts_at").first()
        links = {"partner_visit": visit}
        if spec.seed == "003":
            links["training"] = Training.objects.filter(**mine, title__icontains="pandan").first()
        return links
    if spec.seed == "002":
        return {"agreement": Agreement.objects.filter(**mine, partner__legal_name=SHOP).first()}
    if spec.seed == "004":
        agreements = Agreement.objects.filter(**mine).order_by("pk")
        return {"agreement": next((a for a in agreements if "pemasok" in a.schemes), None)}
    return {}


def _publish_seed_products(actor, facility: Facility) -> None:
    wanted = {item.name for item in CATALOGUE.get(facility.code, []) if item.published}
    for product in Product.objects.filter(facility=facility, name__in=wanted, is_published=False):
        product_publish(actor=actor, product=product)


def _unit(actor, facility: Facility) -> None:
    _publish_seed_products(actor, facility)
    head = (
        User.objects.filter(
            memberships__facility=facility, memberships__role="head", memberships__is_active=True
        )
        .order_by("pk")
        .first()
    )
    for spec in EVENTS:
        if spec.unit != facility.code:
            continue
        author = User.objects.get(username=spec.author)
        links = {name: record for name, record in _links(spec, facility).items() if record}
        event = newsroom.event_create(
            actor=author,
            facility=facility,
            kind=spec.kind,
            title=spec.title,
            starts_at=spec.starts_at,
            ends_at=spec.ends_at,
            place=spec.place,
            participants=spec.participants,
            description=spec.description,
            **links,
        )
        release = newsroom.release_generate(actor=author, event=event, quotes=spec.quotes)
        if spec.publish and head is not None:
            release = newsroom.release_submit(actor=author, release=release)
            release = newsroom.release_approve(actor=head, release=release)
            newsroom.release_publish(actor=author, release=release)


def public_load(*, actor) -> None:
    """Load the seed units' public demo unless a unit has events already (idempotent). Runs
    after every other area of the demo: the events link their records."""
    for code in sorted({spec.unit for spec in EVENTS}):
        facility = Facility.objects.get(code=code)
        with scope(facility=[facility.pk]):
            if Event.objects.filter(facility=facility).exists():
                continue
            _unit(actor, facility)
