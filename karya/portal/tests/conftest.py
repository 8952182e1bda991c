"""Records for the partner-portal tests: for a partner, an agreement with products, obligations
and a document, a posted handover (with an invoice) and a draft one, goods held at its stock
location, a settlement and a paid invoice; built for our partner (CV. Pusat Handicraft), for
another partner of the same unit and for a partner of another unit. The partner's own user
(`mitra.handicraft`) belongs to our partner only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from karya.accounts.services import membership_create
from karya.inventory.services import stock_receive, stock_transfer
from karya.inventory.tests.conftest import make_location, make_lot, make_product
from karya.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementProduct,
    Obligation,
    Partner,
    PartnerContact,
)
from karya.sales.choices import Channel, CustomerKind
from karya.sales.models import Handover, HandoverLine, Settlement, SettlementLine
from karya.sales.services.payments import payment_record
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PICK_UP = dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)  # 31 January 2026, 09.40 WIB


@dataclass
class World:
    """One partner's records (see the module docstring)."""

    partner: Partner
    agreement: Agreement
    product: object
    location: object
    handover: Handover
    draft: Handover
    settlement: Settlement
    invoice: object
    paid_invoice: object


def _handover(facility, agreement, staff, store, number, product, lot, quantity, price, **extra):
    handover = Handover.objects.create(
        facility=facility,
        agreement=agreement,
        partner=agreement.partner,
        scheme="beli_putus",
        handed_over_at=PICK_UP,
        source=store,
        officer=staff,
        head=staff,
        partner_representative="Pak Wahyu",
        **extra,
    )
    HandoverLine.objects.create(
        facility=facility,
        handover=handover,
        product=product,
        lot=lot,
        quantity=quantity,
        unit_price=Decimal(price),
    )
    if number:
        Handover.objects.filter(pk=handover.pk).update(
            status="posted", number=number, posted_at=PICK_UP, posted_by=staff
        )
        handover.refresh_from_db()
    return handover


def make_world(facility, staff, *, name, product_name, code) -> World:
    """A partner of `facility` with every kind of record the portal shows. Rows are written
    directly or through the stock and sales services (the tests are about the portal)."""
    product = make_product(facility, name=product_name)
    lot = make_lot(product, code=f"L-{code}-001")
    store = make_location(facility, name=f"Gudang {code}")
    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name=name)
        PartnerContact.objects.create(
            facility=facility, partner=partner, name=f"Kontak {name}", email="kontak@example.id"
        )
        agreement = Agreement.objects.create(
            facility=facility,
            partner=partner,
            title=f"Pemasaran {product_name}",
            schemes=["beli_putus", "konsinyasi"],
            status="PKS",
            pks_signed_on=dt.date(2025, 10, 1),
            start_date=dt.date(2025, 10, 1),
            end_date=dt.date(2030, 9, 30),
            commission_percent=Decimal(20),
            notes="Catatan internal UPT",
        )
        AgreementProduct.objects.create(
            facility=facility, agreement=agreement, product=product, agreed_price=Decimal(2500)
        )
        today = timezone.localdate()
        Obligation.objects.create(
            facility=facility,
            agreement=agreement,
            party="mitra",
            description=f"Mengambil {product_name} setiap bulan",
            due_date=today + dt.timedelta(days=10),
        )
        Obligation.objects.create(
            facility=facility,
            agreement=agreement,
            party="upt",
            description=f"Menyediakan {product_name} sesuai pesanan",
            due_date=today - dt.timedelta(days=3),
        )
        AgreementDocument.objects.create(
            facility=facility,
            agreement=agreement,
            title=f"PKS {name} ditandatangani",
            file=SimpleUploadedFile("pks.pdf", PDF_BYTES),
            content_type="application/pdf",
            size=len(PDF_BYTES),
            uploaded_by=staff,
        )
        held_at = make_location(
            facility, name=f"Titipan {name}", kind="partner", partner=partner, partner_name=name
        )
    with scope(facility=[facility.pk]):
        stock_receive(
            actor=staff, location=store, product=product, lot=lot, quantity=500, unit_cost=1000
        )
        stock_transfer(
            actor=staff, source=store, destination=held_at, product=product, lot=lot, quantity=120
        )
        handover = _handover(
            facility, agreement, staff, store, f"BAST/{code}/2026/01/0001", product, lot, 300, 2500
        )
        draft = _handover(facility, agreement, staff, store, "", product, lot, 7, 2500)
        settlement = Settlement.objects.create(
            facility=facility,
            agreement=agreement,
            partner=partner,
            location=held_at,
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 31),
            reported_by_partner=True,
            commission_percent=Decimal(20),
            gross=Decimal(50000),
            commission=Decimal(10000),
            net=Decimal(40000),
            submitted_by=staff,
        )
        SettlementLine.objects.create(
            facility=facility,
            settlement=settlement,
            product=product,
            lot=lot,
            quantity=20,
            unit_price=Decimal(2500),
        )
        sale = sale_create(
            actor=staff,
            facility=facility,
            channel=Channel.HANDOVER,
            lines=[LineInput(product, 300, 2500, lot)],
            sold_at=PICK_UP,
            customer_kind=CustomerKind.PARTNER,
            customer_name=name,
            partner=partner,
            handover=handover,
            invoice=InvoiceInput(bill_to=name, due_on=dt.date(2026, 2, 28), partner=partner),
        )
        paid_sale = sale_create(
            actor=staff,
            facility=facility,
            channel=Channel.CONSIGNMENT,
            lines=[LineInput(product, 20, 2000, lot)],
            sold_at=PICK_UP,
            customer_kind=CustomerKind.PARTNER,
            customer_name=name,
            partner=partner,
            settlement=settlement,
            invoice=InvoiceInput(bill_to=name, due_on=dt.date(2026, 2, 28), partner=partner),
        )
        payment_record(actor=staff, sale=paid_sale, amount=40000, method="cash")
        invoice, paid_invoice = sale.invoice, paid_sale.invoice
    return World(
        partner, agreement, product, held_at, handover, draft, settlement, invoice, paid_invoice
    )


@pytest.fixture(autouse=True)
def split_rule(national_split_rule):
    """Payments are split by a rule (karya.finance): one national rule applies throughout."""
    return national_split_rule


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


@pytest.fixture
def ours(facility, staff):
    return make_world(
        facility, staff, name="CV. Pusat Handicraft", product_name="Sapu lidi", code="A"
    )


@pytest.fixture
def neighbour(facility, staff):
    """Another partner of the same unit."""
    return make_world(
        facility, staff, name="Toko Acun Akuarium", product_name="Perangkap tikus", code="B"
    )


@pytest.fixture
def afar(other_facility, make_user):
    """A partner of another unit."""
    officer = make_user("output_officer", facility=other_facility)
    return make_world(
        other_facility, officer, name="UD. Lain Unit", product_name="Sarang burung", code="C"
    )


def make_partner_user(make_user, *partners, username="mitra.handicraft"):
    user = make_user(username=username, full_name="Wahyu (CV. Pusat Handicraft)")
    for partner in partners:
        membership_create(actor=None, user=user, role="partner", partner=partner)
    return user


@pytest.fixture
def partner_user(make_user, ours):
    return make_partner_user(make_user, ours.partner)


def url(name: str, *args) -> str:
    return reverse(f"portal:{name}", args=args)
