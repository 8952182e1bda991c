"""Newsroom test data: the pick-up of 31 January 2026 at Lapas Purwokerto (seed 000) — CV.
Pusat Handicraft collects 1,140 sapu lidi and 290 sapu lakop at 09.40 WIB, made from 22 to 30
January by inmates whose output was recorded — as a posted handover (BAST) written directly
with the sales models, and a humas user. Rows are written directly: the tests are about the
newsroom."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from karya.inventory.models import Lot, StockLocation
from karya.newsroom.models import Event
from karya.partners.models import Agreement, Partner
from karya.production.models import Product, ProductionOrder
from karya.programs.models import Workshop
from karya.sales.models import Handover, HandoverLine
from karya.tests.factories import record_output

PICK_UP = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 09.40 WIB
BROOM_DAYS = [dt.date(2026, 1, d) for d in (22, 23, 24, 26, 27, 28, 29, 30)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def humas(make_user, facility):
    return make_user("pr", facility=facility, username="humas")


@pytest.fixture
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@dataclass
class PickUp:
    handover: Handover
    agreement: Agreement
    partner: Partner
    broom: Product
    lakop: Product
    workshop: Workshop
    orders: list


def _order(facility, workshop, product, number, quantity, lot_code):
    lot = Lot.objects.create(
        facility=facility, product=product, code=lot_code, produced_on=dt.date(2026, 1, 30)
    )
    order = ProductionOrder.objects.create(
        facility=facility,
        number=number,
        workshop=workshop,
        product=product,
        planned_quantity=quantity,
        start_date=dt.date(2026, 1, 22),
        due_date=dt.date(2026, 1, 30),
        material_source="own",
        status="finished",
        started_on=dt.date(2026, 1, 22),
        finished_on=dt.date(2026, 1, 30),
        good_quantity=quantity,
        lot=lot,
    )
    return order, lot


def make_pickup(facility, officer, head, inmates, *, with_output=True, with_lots=True) -> PickUp:
    with scopes_disabled():
        broom = Product.objects.create(
            facility=facility, name="Sapu lidi", category="kerajinan", unit_of_measure="batang"
        )
        lakop = Product.objects.create(
            facility=facility, name="Sapu lakop", category="kerajinan", unit_of_measure="buah"
        )
        workshop = Workshop.objects.create(
            facility=facility,
            name="Bengkel Sapu Lidi dan Sapu Lakop",
            sector="kerajinan",
            capacity=10,
            working_days=[0, 1, 2, 3, 4, 5],
        )
        workshop.products.set([broom, lakop])
        broom_order, broom_lot = _order(
            facility, workshop, broom, "PP/1", 1140, "SAPU-LIDI-20260130-1"
        )
        lakop_order, lakop_lot = _order(
            facility, workshop, lakop, "PP/2", 290, "SAPU-LAKOP-20260130-1"
        )
        if with_output:
            record_output(workshop, inmates, BROOM_DAYS, {broom: 47, lakop: 12})
        partner = Partner.objects.create(
            facility=facility, legal_form="CV", legal_name="CV. Pusat Handicraft", city="Purwokerto"
        )
        agreement = Agreement.objects.create(
            facility=facility,
            partner=partner,
            title="Produksi dan pemasaran sapu lidi dan sapu lakop",
            schemes=["beli_putus"],
            status="PKS",
            pks_signed_on=dt.date(2025, 12, 15),
            start_date=dt.date(2025, 12, 15),
            end_date=dt.date(2030, 12, 14),
        )
        store = StockLocation.objects.create(facility=facility, name="Gudang", kind="store")
        handover = Handover.objects.create(
            facility=facility,
            agreement=agreement,
            partner=partner,
            scheme="beli_putus",
            status="posted",
            number="BAST/LPPWT/2026/01/0001",
            handed_over_at=PICK_UP,
            source=store,
            officer=officer,
            partner_representative="Perwakilan CV. Pusat Handicraft",
            head=head,
            posted_at=timezone.now(),
        )
        HandoverLine.objects.create(
            facility=facility,
            handover=handover,
            product=broom,
            lot=broom_lot if with_lots else None,
            quantity=1140,
            unit_price=Decimal(2500),
        )
        HandoverLine.objects.create(
            facility=facility,
            handover=handover,
            product=lakop,
            lot=lakop_lot if with_lots else None,
            quantity=290,
            unit_price=Decimal(7500),
        )
    return PickUp(handover, agreement, partner, broom, lakop, workshop, [broom_order, lakop_order])


@pytest.fixture
def pickup(facility, officer, head, inmates) -> PickUp:
    return make_pickup(facility, officer, head, inmates)


@pytest.fixture
def pickup_event(facility, pickup, humas) -> Event:
    with scopes_disabled():
        return Event.objects.create(
            facility=facility,
            kind="pickup",
            title="Pengambilan sapu lidi dan sapu lakop oleh CV. Pusat Handicraft",
            starts_at=PICK_UP,
            place="Lapas Kelas IIA Purwokerto",
            handover=pickup.handover,
            created_by=humas,
        )


HEAD_QUOTE = {
    "name": "Aliandra Harahap",
    "role": "Kepala Lapas Kelas IIA Purwokerto",
    "text": "Melalui pembinaan kemandirian dan kerja sama pemasaran ini, kami berharap Warga "
    "Binaan memiliki bekal keterampilan dan semangat untuk mandiri setelah selesai menjalani "
    "masa pidana.",
}
