"""A small country for the public site: Lapas Purwokerto with published and unpublished
products, photos, stock in its store, gallery and at a partner shop, a workshop where three
named inmates recorded output for a finished production order (its lot), a training, and news;
a neighbour unit with a draft release and an unpublished product; a far unit with a published
product. Rows are written directly (the tests are about what the public sees)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from karya.inventory.models import Lot, StockBalance, StockLocation
from karya.newsroom.models import Event, PressRelease
from karya.partners.models import Partner
from karya.production.models import Product, ProductionOrder, ProductPhoto, ProductPrice
from karya.programs.models import Training, TrainingParticipant, Workshop
from karya.tests.factories import InmateFactory, record_output

PRICES_FROM = dt.date(2025, 1, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg(size=(1200, 900), color=(40, 120, 80)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def make_product(facility, name, *, price=15000, published=True, category="kerajinan",
                 unit="batang", description="", photo=False, active=True):  # fmt: skip
    product = Product.objects.create(
        facility=facility,
        name=name,
        category=category,
        unit_of_measure=unit,
        description=description,
        is_published=published,
        is_active=active,
    )
    if price is not None:
        ProductPrice.objects.create(
            facility=facility,
            product=product,
            valid_from=PRICES_FROM,
            cost=Decimal(price // 2),
            public_price=Decimal(price),
            partner_price=Decimal(price * 3 // 4),
        )
    if photo:
        item = ProductPhoto(facility=facility, product=product, width=1200, height=900)
        item.image.save("photo.jpg", ContentFile(jpeg()), save=False)
        item.save()
    return product


def balance(location, product, quantity, lot=None):
    return StockBalance.objects.create(
        facility=location.facility, location=location, product=product, lot=lot, quantity=quantity
    )


@dataclass
class World:
    broom: Product
    lakop: Product
    secret: Product  # unpublished
    retired: Product  # published but inactive
    far_product: Product
    neighbour_secret: Product
    lot: Lot
    order: ProductionOrder
    training: Training
    inmates: list
    shop: Partner
    published: PressRelease
    draft: PressRelease
    neighbour_draft: PressRelease


@pytest.fixture
def world(facility, other_facility, far_facility, inmates, head) -> World:
    with scopes_disabled():
        broom = make_product(
            facility,
            "Sapu lidi",
            description="Sapu lidi kelapa pilihan, diikat rapat.",
            photo=True,
        )
        lakop = make_product(facility, "Sapu lakop", price=25000, unit="buah")
        secret = make_product(facility, "Kain batik rahasia", price=175000, published=False)
        retired = make_product(facility, "Keset lama", published=True, active=False)
        far_product = make_product(far_facility, "Miniatur perahu", price=250000, unit="buah")
        neighbour_secret = make_product(other_facility, "Produk belum terbit", published=False)
        store = StockLocation.objects.create(facility=facility, name="Gudang", kind="store")
        gallery = StockLocation.objects.create(facility=facility, name="Galeri", kind="gallery")
        shop = Partner.objects.create(
            facility=facility, legal_form="toko", legal_name="Toko Acun Akuarium", city="Purwokerto"
        )
        at_shop = StockLocation.objects.create(
            facility=facility, name="Titipan Toko Acun", kind="partner", partner=shop
        )
        workshop = Workshop.objects.create(
            facility=facility,
            name="Bengkel Sapu Lidi dan Sapu Lakop",
            sector="kerajinan",
            capacity=10,
            working_days=[0, 1, 2, 3, 4, 5],
        )
        workshop.products.set([broom, lakop])
        lot = Lot.objects.create(
            facility=facility,
            product=broom,
            code="SAPU-LIDI-20260130-1",
            produced_on=dt.date(2026, 1, 30),
        )
        order = ProductionOrder.objects.create(
            facility=facility,
            number="PP/LPPWT/2026/01/0001",
            workshop=workshop,
            product=broom,
            planned_quantity=1140,
            start_date=dt.date(2026, 1, 22),
            due_date=dt.date(2026, 1, 30),
            material_source="own",
            status="finished",
            started_on=dt.date(2026, 1, 22),
            finished_on=dt.date(2026, 1, 30),
            good_quantity=1140,
            rejected_quantity=12,
            lot=lot,
        )
        balance(store, broom, 900, lot)
        balance(gallery, broom, 40, lot)
        balance(at_shop, broom, 20, lot)
        balance(store, secret, 10)
        days = [dt.date(2026, 1, d) for d in (22, 23, 24, 26, 27, 28, 29, 30)]
        record_output(workshop, inmates, days, {broom: 47})
        # One more inmate who worked in the workshop before the order: not counted.
        early = InmateFactory(
            facility=facility, name="Dedi Lakopraya", registration_number="BI.9/2025"
        )
        record_output(workshop, [early], [dt.date(2026, 1, 10)], {broom: 5})
        training = Training.objects.create(
            facility=facility,
            title="Pelatihan Membuat Sapu Lidi",
            provider_name="BLK Banyumas",
            hours_jp=40,
            start_date=dt.date(2025, 12, 1),
            end_date=dt.date(2025, 12, 5),
            workshop=workshop,
        )
        for inmate in inmates:
            TrainingParticipant.objects.create(
                facility=facility, training=training, inmate=inmate, result="kompeten"
            )
        Training.objects.create(  # after the goods were made: not the skill behind them
            facility=facility,
            title="Pelatihan Lanjutan Februari",
            provider_name="BLK Banyumas",
            hours_jp=20,
            start_date=dt.date(2026, 2, 2),
            end_date=dt.date(2026, 2, 6),
            workshop=workshop,
        )
        event = Event.objects.create(
            facility=facility,
            kind="pickup",
            title="Pengambilan sapu",
            starts_at=dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC),
        )
        published = PressRelease.objects.create(
            facility=facility,
            event=event,
            title="Hasil Karya Warga Binaan Lapas Purwokerto Dipasarkan",
            body="PURWOKERTO – Lembaga Pemasyarakatan (Lapas) Kelas IIA Purwokerto terus "
            "mendorong pembinaan kemandirian.\n\n(Humas Lapas Purwokerto)",
            status="published",
            approved_by=head,
            published_at=timezone.now(),
        )
        draft = PressRelease.objects.create(
            facility=facility,
            event=event,
            title="Draf internal yang belum disetujui",
            body="Belum boleh terbit.",
        )
        neighbour_event = Event.objects.create(
            facility=other_facility,
            kind="other",
            title="Kegiatan tetangga",
            starts_at=timezone.now(),
        )
        neighbour_draft = PressRelease.objects.create(
            facility=other_facility,
            event=neighbour_event,
            title="Draf unit tetangga",
            body="Rahasia tetangga.",
        )
    return World(
        broom=broom,
        lakop=lakop,
        secret=secret,
        retired=retired,
        far_product=far_product,
        neighbour_secret=neighbour_secret,
        lot=lot,
        order=order,
        training=training,
        inmates=[*inmates, early],
        shop=shop,
        published=published,
        draft=draft,
        neighbour_draft=neighbour_draft,
    )
