"""The page a product label's QR code opens: /telusur/<unit>/<lot>/ tells the product, the
unit, the workshop, when it was made, how many inmates worked on it, the partner and the
training behind the skill — and never who the inmates are."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.inventory.labels import lot_public_url
from karya.inventory.models import Lot
from karya.partners.models import Agreement

pytestmark = pytest.mark.django_db


def trace(client, unit, code):
    return client.get(reverse("catalogue:trace", args=[unit, code]))


def test_the_label_address_opens_the_lot(client, world, settings):
    settings.KARYA_SITE_URL = "http://testserver"
    with scopes_disabled():
        address = lot_public_url(Lot.objects.select_related("facility").get(pk=world.lot.pk))
    response = client.get(address.removeprefix("http://testserver"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Asal-usul Sapu lidi ini" in html
    assert "Lapas Kelas IIA Purwokerto" in html and "Bengkel Sapu Lidi dan Sapu Lakop" in html
    assert "22 Januari 2026 – 30 Januari 2026" in html
    assert '<dd id="workers">3 WBP</dd>' in html  # the inmate who worked before is not counted
    assert "Pelatihan Membuat Sapu Lidi" in html and "BLK Banyumas" in html
    assert "40 jam pelajaran (JP)" in html and "3 peserta" in html
    assert "Pelatihan Lanjutan Februari" not in html  # after the goods were made
    for inmate in world.inmates:
        assert inmate.name not in html and inmate.registration_number not in html


def test_the_code_is_read_whatever_its_case(client, world):
    assert trace(client, "lppwt", world.lot.code.lower()).status_code == 200


def test_a_maklon_partner_is_named(client, world, facility):
    with scopes_disabled():
        agreement = Agreement.objects.create(
            facility=facility,
            partner=world.shop,
            title="Maklon",
            schemes=["maklon"],
            status="MOU",
            mou_signed_on=dt.date(2025, 12, 1),
        )
        world.order.agreement = agreement
        world.order.material_source = "partner"
        world.order.save()
    html = trace(client, "LPPWT", world.lot.code).content.decode()
    assert "Toko Acun Akuarium" in html and "menyediakan bahan baku (maklon)" in html


def test_a_lot_without_production_order_shows_what_is_known(client, world, facility):
    with scopes_disabled():
        Lot.objects.create(
            facility=facility,
            product=world.lakop,
            code="AWAL/2025 1",
            produced_on=dt.date(2025, 12, 1),
        )
    response = trace(client, "LPPWT", "AWAL/2025 1")
    html = response.content.decode()
    assert response.status_code == 200 and "1 Desember 2025" in html
    assert 'id="workers"' not in html


def test_unknown_or_hidden_lots_answer_a_friendly_404(client, world, facility):
    for unit, code in (("LPPWT", "TIDAK-ADA"), ("LPPMK", world.lot.code), ("NOPE", "X")):
        response = trace(client, unit, code)
        assert response.status_code == 404
        assert "Kami tidak mengenal lot ini" in response.content.decode()
    with scopes_disabled():
        Lot.objects.create(
            facility=facility, product=world.secret, code="BATIK-1", produced_on=dt.date(2026, 1, 2)
        )
    response = trace(client, "LPPWT", "BATIK-1")
    assert response.status_code == 404 and "Kain batik rahasia" not in response.content.decode()
