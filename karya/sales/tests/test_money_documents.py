"""The receipt (kuitansi) of any payment and the invoice (tagihan) as PDF, read back from the
PDF text: number, amount in figures and in Indonesian words, what it is for, the place and
date, the signature; the duty stamp (meterai) box exactly from Rp5.000.000; a refund prints as
a refund."""

import datetime as dt
from decimal import Decimal

import pytest

from karya.inventory.tests.conftest import make_product
from karya.programs.tests.test_documents_support import capture_html, document_text
from karya.sales.documents.invoice import invoice_pdf
from karya.sales.documents.receipt import receipt_pdf
from karya.sales.selectors.money import invoice_get
from karya.sales.services.counter import CounterLine, counter_sale
from karya.sales.services.payments import payment_record, payment_refund
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

pytestmark = pytest.mark.usefixtures("in_scope")
PAID = dt.datetime(2026, 2, 14, 2, 30, tzinfo=dt.UTC)  # 14 February 2026, 09.30 WIB


@pytest.fixture
def unit(facility):
    facility.city = "Purwokerto"
    facility.save()
    return facility


@pytest.fixture
def officer_with_nip(counter):
    counter.officer.full_name = "Rina Hasilkerja"
    counter.officer.nip = "198703152010012001"
    counter.officer.save()
    return counter.officer


def _text(monkeypatch, make):
    html = capture_html(monkeypatch)
    pdf = make()
    return document_text(pdf, html[-1])


def test_a_counter_receipt_says_who_paid_what_for_what_in_words(
    monkeypatch, unit, counter, officer_with_nip
):
    sale = counter_sale(
        actor=officer_with_nip,
        location=counter.gallery,
        lines=[CounterLine(counter.broom, 2), CounterLine(counter.car_wash, 1)],
        payment_method="cash",
        amount_tendered=100000,
        customer_name="Ibu Sulastri",
        event="One Day One Prison Product",
        sold_at=PAID,
    )
    payment = sale.payments.get()
    text = _text(monkeypatch, lambda: receipt_pdf(payment))
    for expected in (
        "DIREKTORAT JENDERAL PEMASYARAKATAN",
        "KUITANSI",
        f"Nomor: KW/{unit.code}/2026/02/0001",
        "Telah terima dari : Ibu Sulastri",
        "Uang sejumlah : # Tujuh puluh ribu rupiah #",
        f"Untuk pembayaran : Penjualan PJ/{unit.code}/2026/02/0001 pada One Day One Prison "
        "Product:",
        "2 batang Sapu lidi @ Rp 15.000 = Rp 30.000",
        "1 kali Cuci mobil @ Rp 40.000 = Rp 40.000",
        "Cara pembayaran : Tunai; uang diterima Rp 100.000, kembalian Rp 30.000",
        "Jumlah Rp 70.000",
        "Purwokerto, 14 Februari 2026",
        "Yang menerima,",
        "Rina Hasilkerja",
        "NIP 198703152010012001",
    ):
        assert expected in text, expected
    assert "PENGEMBALIAN" not in text.upper()
    assert "METERAI" not in text.upper()


@pytest.mark.parametrize(("amount", "stamped"), [(4_999_999, False), (5_000_000, True)])
def test_the_meterai_box_appears_exactly_from_five_million(
    monkeypatch, unit, counter, amount, stamped
):
    sale = sale_create(
        actor=counter.officer,
        facility=unit,
        channel="order",
        lines=[LineInput(counter.broom, 1, amount)],
        customer_name="Dinas Koperasi",
        sold_at=PAID,
    )
    payment = payment_record(
        actor=counter.officer,
        sale=sale,
        amount=amount,
        method="transfer",
        reference="TRF-77",
        paid_at=PAID,
    )
    text = _text(monkeypatch, lambda: receipt_pdf(payment))
    assert ("METERAI" in text) is stamped
    words = "Lima juta rupiah" if stamped else "Empat juta sembilan ratus sembilan puluh"
    assert words in text
    assert "Transfer bank, referensi TRF-77" in text


def test_a_refund_prints_as_a_refund(monkeypatch, unit, counter):
    sale = counter_sale(
        actor=counter.officer,
        location=counter.gallery,
        lines=[CounterLine(counter.car_wash, 2)],
        payment_method="qris",
        reference="QR-1",
        customer_name="Pak Hadi",
        sold_at=PAID,
    )
    payment = sale.payments.get()
    refund = payment_refund(
        actor=counter.officer, payment=payment, amount=40000, reason="Satu mobil batal"
    )
    text = _text(monkeypatch, lambda: receipt_pdf(refund))
    for expected in (
        "KUITANSI PENGEMBALIAN UANG",
        f"Nomor: {refund.number}",
        f"Telah terima dari : {unit.name}",
        "Uang sejumlah : # Empat puluh ribu rupiah #",
        f"Pengembalian uang pembayaran {payment.number} atas penjualan {sale.number}, "
        "karena Satu mobil batal",
        "Jumlah Rp 40.000",
        "Pak Hadi",
    ):
        assert expected in text, expected


def test_the_invoice_pdf(monkeypatch, unit, counter, head):
    head.full_name = "Aliandra Harahap"
    head.save()
    machine = make_product(unit, name="Meja kayu", unit="buah", category="kayu")
    sale = sale_create(
        actor=counter.officer,
        facility=unit,
        channel="order",
        customer_kind="institution",
        lines=[LineInput(machine, 4, 1_500_000), LineInput(counter.broom, 10, 15000)],
        sold_at=PAID,
        invoice=InvoiceInput(bill_to="Dinas Pendidikan Kab. Banyumas", due_on=dt.date(2026, 3, 16)),
    )
    payment_record(
        actor=counter.officer, sale=sale, amount=2_000_000, method="transfer", reference="T1"
    )
    invoice = invoice_get(facility=unit, pk=sale.invoice.pk, today=dt.date(2026, 2, 20))
    assert invoice.outstanding == Decimal(4_150_000)
    text = _text(monkeypatch, lambda: invoice_pdf(invoice))
    for expected in (
        "TAGIHAN (FAKTUR)",
        f"Nomor: INV/{unit.code}/2026/02/0001",
        "Kepada : Dinas Pendidikan Kab. Banyumas",
        "Tanggal tagihan : 14 Februari 2026",
        "Jatuh tempo : 16 Maret 2026",
        "1 Meja kayu 2 Sapu lidi",
        "4 buah Rp 1.500.000 Rp 6.000.000 10 batang Rp 15.000 Rp 150.000",
        "Jumlah tagihan Rp 6.150.000",
        "Terbilang: Enam juta seratus lima puluh ribu rupiah",
        "Telah dibayar : Rp 2.000.000",
        "Sisa tagihan : Rp 4.150.000",
        "Mengetahui,",
        "Aliandra Harahap",
        "Purwokerto, 14 Februari 2026",
    ):
        assert expected in text, expected
