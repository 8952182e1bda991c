"""What a partner's own user sees on each portal page: its own partner's rows, and only those
(another partner of the same unit and a partner of another unit have the same kinds of rows)."""

import pytest
from django.urls import reverse

from karya.portal.tests.conftest import make_partner_user, url
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_(login, partner_user, neighbour, afar):
    return login(partner_user)


def test_a_partner_user_lands_on_the_portal_after_login(client, partner_user):
    from karya.tests.factories import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": "mitra.handicraft", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(response.url).url == url("dashboard")
    page = client.get(url("dashboard"))
    assert page.status_code == 200
    nav = page.text.split('class="mainnav"')[1].split("</nav>")[0]
    assert reverse("portal:agreement-list") in nav and "/upt/" not in nav


def test_the_dashboard_shows_the_partners_own_records(client_, ours):
    response = client_.get(url("dashboard"))
    assert response.status_code == 200
    context = response.context
    assert [a.pk for a in context["agreements"]] == [ours.agreement.pk]
    assert [h.pk for h in context["handovers"]] == [ours.handover.pk]
    assert [(row.product.name, row.quantity) for row in context["stock"]] == [("Sapu lidi", 120)]
    assert [i.pk for i in context["invoices"]] == [ours.invoice.pk]
    assert sorted(o.description for o in context["obligations"]) == [
        "Mengambil Sapu lidi setiap bulan",
        "Menyediakan Sapu lidi sesuai pesanan",
    ]
    text = response.text
    assert "Perangkap tikus" not in text and "Sarang burung" not in text
    assert "BAST/A/2026/01/0001" in text and "Rp 750.000" in text


def test_the_agreement_page_shows_prices_obligations_and_document_titles(client_, ours):
    response = client_.get(url("agreement-detail", ours.agreement.pk))
    assert response.status_code == 200
    text = response.text
    assert "Pemasaran Sapu lidi" in text and "Rp 2.500" in text
    assert "Mengambil Sapu lidi setiap bulan" in text
    assert "Menyediakan Sapu lidi sesuai pesanan" in text
    assert text.count('class="badge overdue"') == 1  # the unit's side, due 3 days ago
    assert "PKS CV. Pusat Handicraft ditandatangani" in text
    assert "Catatan internal UPT" not in text  # the unit's own notes stay inside
    assert "/media/" not in text  # titles only: the scans are not served to the partner


def test_lists_show_only_the_partners_rows(client_, ours):
    agreements = client_.get(url("agreement-list")).context["agreements"]
    assert [a.pk for a in agreements] == [ours.agreement.pk]
    handovers = client_.get(url("handover-list")).context["handovers"]
    assert [h.pk for h in handovers] == [ours.handover.pk]  # the draft is not shown
    settlements = client_.get(url("settlement-list")).context["settlements"]
    assert [s.pk for s in settlements] == [ours.settlement.pk]
    invoices = client_.get(url("invoice-list")).context["invoices"]
    assert [(i.pk, i.status) for i in invoices] == [  # newest first
        (ours.paid_invoice.pk, "paid"),
        (ours.invoice.pk, "overdue"),
    ]
    stock = client_.get(url("stock")).context["stock"]
    assert [(row.location.pk, row.quantity, row.lots) for row in stock] == [
        (ours.location.pk, 120, [("L-A-001", 120)])
    ]


def test_invoice_states_and_amounts(client_, ours):
    response = client_.get(url("invoice-list"))
    by_pk = {i.pk: i for i in response.context["invoices"]}
    unpaid, paid = by_pk[ours.invoice.pk], by_pk[ours.paid_invoice.pk]
    assert (unpaid.amount, unpaid.paid, unpaid.outstanding) == (750000, 0, 750000)
    assert (paid.amount, paid.paid, paid.outstanding) == (40000, 40000, 0)
    assert (unpaid.status, paid.status) == ("overdue", "paid")  # due 28 February 2026
    assert "Rp 750.000" in response.text


def test_the_handover_page_shows_lines_and_total_without_photos(client_, ours):
    response = client_.get(url("handover-detail", ours.handover.pk))
    assert response.status_code == 200
    text = response.text
    assert "BAST/A/2026/01/0001" in text
    assert "31 Januari 2026, 09.40 WIB" in text
    assert "L-A-001" in text and "Rp 750.000" in text and "Pak Wahyu" in text
    assert "<img" not in text


def test_the_settlement_page_shows_lines_and_sums(client_, ours):
    response = client_.get(url("settlement-detail", ours.settlement.pk))
    assert response.status_code == 200
    text = response.text
    assert "Rp 50.000" in text and "Rp 10.000" in text and "Rp 40.000" in text
    assert response.context["invoice"].pk == ours.paid_invoice.pk


def test_a_user_of_two_partners_in_two_units_sees_both(login, make_user, ours, afar, neighbour):
    user = make_partner_user(make_user, ours.partner, afar.partner, username="mitra.dua")
    client = login(user)
    agreements = client.get(url("agreement-list")).context["agreements"]
    assert {a.pk for a in agreements} == {ours.agreement.pk, afar.agreement.pk}
    handovers = client.get(url("handover-list")).context["handovers"]
    assert {h.pk for h in handovers} == {ours.handover.pk, afar.handover.pk}
    invoices = client.get(url("invoice-list")).context["invoices"]
    assert {i.pk for i in invoices} == {
        ours.invoice.pk,
        ours.paid_invoice.pk,
        afar.invoice.pk,
        afar.paid_invoice.pk,
    }
    assert client.get(url("invoice-pdf", afar.invoice.pk)).status_code == 200
    response = client.get(url("dashboard"))
    assert "Lapas Narkotika Purwokerto" in response.text  # several units: each row names it
    assert client.get(url("handover-detail", afar.handover.pk)).status_code == 200
    assert client.get(url("handover-detail", neighbour.handover.pk)).status_code == 404


def test_the_bast_of_a_handover_downloads(client_, ours, monkeypatch):
    documents = capture_html(monkeypatch)
    response = client_.get(url("handover-pdf", ours.handover.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    assert 'filename="bast-a-2026-01-0001.pdf"' in response["Content-Disposition"]
    assert "BAST/A/2026/01/0001" in documents[-1]
    assert "Sapu lidi" in documents[-1]


def test_a_bast_that_cannot_be_made_says_so(client_, ours, monkeypatch):
    from karya.core.documents import DocumentError

    def broken(handover):
        raise DocumentError("Dokumen tidak dapat dibuat.")

    monkeypatch.setattr("karya.portal.views.handover_pdf", broken)
    response = client_.get(url("handover-pdf", ours.handover.pk))
    assert response.status_code == 503
    assert "Dokumen tidak dapat dibuat." in response.text


def test_an_invoice_downloads_with_what_is_owed(client_, ours, monkeypatch):
    documents = capture_html(monkeypatch)
    response = client_.get(url("invoice-pdf", ours.invoice.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    html = documents[-1]
    assert ours.invoice.number in html and "CV. Pusat Handicraft" in html
    assert "Rp 750.000" in html and "Sapu lidi" in html


def test_a_cancelled_invoice_owes_nothing(client_, ours, staff, facility):
    from django_scopes import scope

    from karya.sales.services.sales import sale_reverse

    with scope(facility=[facility.pk]):
        sale_reverse(actor=staff, sale=ours.invoice.sale, reason="Salah input")
    invoices = {i.pk: i for i in client_.get(url("invoice-list")).context["invoices"]}
    assert (invoices[ours.invoice.pk].status, invoices[ours.invoice.pk].outstanding) == (
        "cancelled",
        0,
    )
    dashboard = client_.get(url("dashboard")).context["invoices"]
    assert ours.invoice.pk not in {i.pk for i in dashboard}
