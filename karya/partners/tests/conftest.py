"""Records of the partner area for the page and reminder tests: a partner of the unit with an
agreement, a product, an obligation, a document, a visit and a follow-up; and the same set for
another unit (its ids must answer 404 through our unit's URLs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.partners.models import (
    Agreement,
    AgreementDocument,
    AgreementProduct,
    FollowUp,
    Obligation,
    Partner,
    PartnerContact,
    PartnerVisit,
)
from karya.production.models import Product

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def image_bytes(kind: str = "PNG", *, gps: bool = False) -> bytes:
    """A small real picture; with `gps`, it carries a GPS position in its EXIF."""
    import io

    from PIL import Image

    picture = Image.new("RGB", (40, 30), (200, 180, 120))
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "Telepon petugas"  # camera make
        exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 25.0, 30.0), 3: "E", 4: (109.0, 14.0, 0.0)})
        options["exif"] = exif.tobytes()
    out = io.BytesIO()
    picture.save(out, format=kind, **options)
    return out.getvalue()


PNG_BYTES = image_bytes("PNG")


@dataclass
class PartnerSet:
    partner: Partner
    contact: PartnerContact
    agreement: Agreement
    product: Product
    line: AgreementProduct
    obligation: Obligation
    document: AgreementDocument
    visit: PartnerVisit
    follow_up: FollowUp


def make_set(facility, user, *, name="CV. Pusat Handicraft", product="Sapu lidi") -> PartnerSet:
    """Rows written directly (scopes disabled): the tests are about the pages, not the
    services that normally write them."""
    with scopes_disabled():
        partner = Partner.objects.create(
            facility=facility, legal_form="CV", legal_name=name, city="Purwokerto"
        )
        contact = PartnerContact.objects.create(
            facility=facility, partner=partner, name="Budi Santoso", position="Direktur"
        )
        agreement = Agreement.objects.create(
            facility=facility,
            partner=partner,
            title="Pemasaran sapu lidi",
            schemes=["beli_putus"],
            created_by=user,
        )
        goods = Product.objects.create(
            facility=facility, name=product, category="kerajinan", unit_of_measure="batang"
        )
        line = AgreementProduct.objects.create(
            facility=facility, agreement=agreement, product=goods, agreed_price=Decimal(2500)
        )
        obligation = Obligation.objects.create(
            facility=facility,
            agreement=agreement,
            party="mitra",
            description="Mengambil hasil karya setiap bulan",
            due_date=dt.date(2026, 2, 28),
        )
        document = AgreementDocument.objects.create(
            facility=facility,
            agreement=agreement,
            title="Naskah penjajakan",
            file=SimpleUploadedFile("naskah.pdf", PDF_BYTES),
            content_type="application/pdf",
            size=len(PDF_BYTES),
            uploaded_by=user,
        )
        visit = PartnerVisit.objects.create(
            facility=facility,
            partner=partner,
            agreement=agreement,
            kind="penjajakan",
            starts_at=dt.datetime(2025, 8, 20, 1, 30, tzinfo=dt.UTC),
            findings="Peluang kerja sama positif",
            created_by=user,
        )
        follow_up = FollowUp.objects.create(
            facility=facility, visit=visit, action="Menyusun MoU", owner=user
        )
    return PartnerSet(
        partner, contact, agreement, goods, line, obligation, document, visit, follow_up
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ours(facility, officer):
    return make_set(facility, officer)


@pytest.fixture
def theirs(other_facility, make_user):
    return make_set(
        other_facility,
        make_user("officer", facility=other_facility),
        name="Toko Acun Akuarium",
        product="Perangkap tikus",
    )


def url(name: str, facility, *args) -> str:
    return reverse(f"partners:{name}", args=[facility.code, *args])
