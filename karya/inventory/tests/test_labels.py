"""Product labels: the public address in the QR code, the sheet's layout, what a label says
(and never says), and the PDF itself."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
import segno
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.core.documents import render_html, render_pdf
from karya.core.errors import DomainError
from karya.inventory import labels
from karya.inventory.services import stock_receive
from karya.inventory.tests.conftest import make_lot
from karya.production.models import ProductPrice

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 2, 2)


def add_price(product, valid_from, public_price):
    with scopes_disabled():
        return ProductPrice.objects.create(
            facility_id=product.facility_id,
            product=product,
            valid_from=valid_from,
            cost=Decimal(5000),
            public_price=Decimal(public_price),
            partner_price=Decimal(10000),
        )


def sheets(lot, count=3, start=1, today=TODAY):
    with scope(facility=[lot.facility_id]), translation.override("id"):
        return labels.label_sheets(lot=lot, count=count, start=start, today=today)


def html_of(context):
    with translation.override("id"):
        return render_html(labels.TEMPLATE, context)


def test_the_public_address_of_a_lot(settings, lot):
    settings.KARYA_SITE_URL = "https://karya.example.go.id/"
    assert labels.lot_public_url(lot) == "https://karya.example.go.id/telusur/LPPWT/L-2026-001/"


def test_the_default_address_is_the_local_server(lot):
    assert labels.lot_public_url(lot) == "http://127.0.0.1:8000/telusur/LPPWT/L-2026-001/"


def test_a_lot_code_with_a_slash_stays_one_path_segment(broom):
    odd = make_lot(broom, code="SAPU 01/II")
    assert labels.lot_public_url(odd).endswith("/telusur/LPPWT/SAPU%2001%2FII/")


def test_the_label_says_name_unit_price_lot_unit_and_who_made_it(broom, lot):
    add_price(broom, dt.date(2026, 1, 1), 15000)
    add_price(broom, dt.date(2026, 3, 1), 17500)  # announced, not valid yet today
    label = sheets(lot)["label"]
    assert label.product_name == "Sapu lidi"
    assert label.unit_of_measure == "batang"
    assert label.price == "Rp 15.000"
    assert label.lot_code == "L-2026-001"
    assert label.facility_name == "Lapas Kelas IIA Purwokerto"
    html = html_of(sheets(lot))
    for text in ("Sapu lidi", "per batang", "Rp 15.000", "Lot L-2026-001"):
        assert text in html
    assert "Lapas Kelas IIA Purwokerto" in html and "Hasil karya Warga Binaan" in html
    assert "Rp 17.500" not in html


def test_a_product_without_a_price_today_shows_a_dash(broom, lot):
    add_price(broom, dt.date(2026, 3, 1), 17500)
    assert sheets(lot)["label"].price == "—"


def test_the_qr_code_is_the_lots_public_address(settings, lot):
    settings.KARYA_SITE_URL = "https://karya.example.go.id"
    context = sheets(lot, count=2)
    expected_url = "https://karya.example.go.id/telusur/LPPWT/L-2026-001/"
    assert context["label"].url == expected_url
    # The code drawn is the one segno makes of that address (and of no other).
    expected = segno.make(expected_url, error=labels.QR_ERROR).svg_inline(**labels.QR_SVG)
    assert context["label"].qr_svg == expected
    html = html_of(context)
    assert html.count(expected) == 2
    other = segno.make(expected_url.replace("L-2026-001", "L-2026-002"), error=labels.QR_ERROR)
    assert other.svg_inline(**labels.QR_SVG) not in html
    assert segno.make(expected_url, error=labels.QR_ERROR).designator.endswith("-M")


def test_the_labels_fill_the_sheet_from_the_starting_place(lot):
    context = sheets(lot, count=30, start=5)
    pages = context["sheets"]
    assert [len(page) for page in pages] == [24, 10]
    first = pages[0]
    assert [slot.label is None for slot in first[:5]] == [True] * 4 + [False]
    assert (first[4].row, first[4].column) == (1, 1)
    assert (first[23].row, first[23].column) == (7, 2)
    assert sum(slot.label is not None for page in pages for slot in page) == 30
    html = html_of(context)
    assert html.count('<div class="label ') == 30
    assert html.count('<div class="sheet">') == 2


@pytest.mark.parametrize("count, start", [(0, 1), (241, 1), (1, 0), (1, 25), (-3, 1)])
def test_numbers_out_of_range_are_refused(lot, count, start):
    with pytest.raises(DomainError) as error:
        sheets(lot, count=count, start=start)
    assert error.value.field == ("count" if count not in range(1, 241) else "start")


def test_the_default_count_is_the_stock_capped(facility, output_officer, store, gallery, lot):
    with scope(facility=[facility.pk]):
        for location, quantity in ((store, 200), (gallery, 60)):
            stock_receive(
                actor=output_officer,
                location=location,
                product=lot.product,
                lot=lot,
                quantity=quantity,
                kind="opening",
            )
        assert labels.lot_stock(lot=lot, location_id=gallery.pk) == 60
        assert labels.lot_stock(lot=lot) == 260
    assert labels.default_count(60) == 60
    assert labels.default_count(260) == 240
    assert labels.default_count(0) == 1


def test_no_inmate_is_named_on_a_label(facility, inmates, broom, lot):
    add_price(broom, dt.date(2026, 1, 1), 15000)
    html = html_of(sheets(lot, count=24))
    for inmate in inmates:
        assert inmate.name not in html
        assert inmate.registration_number not in html
    assert "Hasil karya Warga Binaan" in html


def test_the_pdf_holds_the_labels(broom, lot):
    add_price(broom, dt.date(2026, 1, 1), 15000)
    context = sheets(lot, count=5, start=3)
    with translation.override("id"):
        pdf = render_pdf(labels.TEMPLATE, context)
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        return  # the HTML the PDF is made of was checked above
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert len(re.findall("Sapu lidi", text)) == 5
    assert "Rp 15.000" in text and "L-2026-001" in text
    assert "Hasil karya Warga Binaan" in text
