"""The agreement pages: opening one from a partner, its terms, the officer's request and the
head's decision, termination, renewal, products with agreed prices, rights and obligations."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.core.dates import today_in
from karya.notifications.models import Notification
from karya.partners.models import Agreement, AgreementProduct, Obligation
from karya.partners.tests.conftest import make_set, url
from karya.production.models import Product

pytestmark = pytest.mark.django_db

TERMS = {
    "title": "Maklon batik cap",
    "schemes": ["maklon", "pelatihan"],
    "commission_percent": "",
    "maklon_fee_per_unit": "Rp 15.000",
    "payment_terms": "Dibayar setiap akhir bulan",
    "unit_signatory": "Aliandra Harahap, Kepala Lapas",
    "partner_signatory": "Direktur CV. Rajasa Mas Jaya",
    "notes": "",
}


def fresh(agreement) -> Agreement:
    with scopes_disabled():
        return Agreement.objects.get(pk=agreement.pk)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


def set_status(agreement, **fields):
    with scopes_disabled():
        Agreement.objects.filter(pk=agreement.pk).update(**fields)


PKS = {
    "status": "PKS",
    "mou_signed_on": dt.date(2025, 9, 1),
    "pks_signed_on": dt.date(2025, 11, 3),
    "start_date": dt.date(2025, 11, 3),
    "end_date": dt.date(2030, 11, 2),
}

# Opening and editing


def test_officer_opens_an_agreement_with_a_partner(login, officer, facility, ours):
    client = login(officer)
    target = url("agreement-create", facility, ours.partner.pk)
    page = text(client.get(target))
    assert 'type="checkbox" name="schemes" value="maklon"' in page
    response = client.post(target, TERMS | {"commission_percent": "12,5"})
    with scopes_disabled():
        agreement = Agreement.objects.get(title="Maklon batik cap")
    assert response.url == url("agreement-detail", facility, agreement.pk)
    assert agreement.status == "EXPLORATION" and agreement.partner == ours.partner
    assert agreement.schemes == ["maklon", "pelatihan"]
    assert agreement.commission_percent == Decimal("12.50")
    assert agreement.maklon_fee_per_unit == Decimal(15000)
    page = text(client.get(response.url))
    assert "Rp 15.000" in page and "Penjajakan" in page
    assert "Maklon (mitra menyediakan bahan, membayar jasa per unit)" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"commission_percent": "150"}, "Komisi berupa persentase dari 0 sampai 100."),
        ({"commission_percent": "dua"}, "Tulis persentase, misalnya 12,5."),
        ({"maklon_fee_per_unit": "15rb"}, "Tulis jumlah rupiah bulat, misalnya 15.000."),
        ({"schemes": ["barter"]}, "Pilih skema dari daftar."),
        ({"title": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_written(
    login, officer, facility, ours, change, message
):
    response = login(officer).post(
        url("agreement-create", facility, ours.partner.pk), TERMS | change
    )
    assert response.status_code == 200 and message in text(response)
    with scopes_disabled():
        assert Agreement.objects.count() == 1  # only the fixture's


def test_officer_edits_the_terms(login, officer, facility, ours):
    client = login(officer)
    target = url("agreement-update", facility, ours.agreement.pk)
    page = text(client.get(target))
    assert 'value="beli_putus" id="id_schemes_2" checked' in page
    response = client.post(
        target, TERMS | {"title": "Pemasaran sapu lidi", "schemes": ["beli_putus", "konsinyasi"]}
    )
    assert response.status_code == 302
    agreement = fresh(ours.agreement)
    assert agreement.schemes == ["konsinyasi", "beli_putus"]
    assert agreement.payment_terms == "Dibayar setiap akhir bulan"


def test_an_ended_agreement_cannot_be_edited(login, officer, facility, ours):
    set_status(ours.agreement, status="TERMINATED", ended_on=dt.date(2025, 12, 1))
    response = login(officer).post(url("agreement-update", facility, ours.agreement.pk), TERMS)
    assert "Kerja sama yang sudah berakhir tidak dapat diubah." in text(response)
    assert fresh(ours.agreement).title == "Pemasaran sapu lidi"


# Request, approval, rejection


def test_request_then_approve_mou_then_pks(login, officer, head, facility, ours, today):
    officer_client, head_client = login(officer), login(head)
    detail = url("agreement-detail", facility, ours.agreement.pk)
    assert "Ajukan MoU untuk disetujui kepala" in text(officer_client.get(detail))
    response = officer_client.post(
        url("agreement-request", facility, ours.agreement.pk), {"to": "MOU"}, follow=True
    )
    assert "Diajukan kepada kepala UPT untuk disetujui." in text(response)
    assert fresh(ours.agreement).pending_status == "MOU"
    assert Notification.objects.filter(user=head, kind="agreement-approval").count() == 1
    # The same request twice: a clear message, nothing changes.
    response = officer_client.post(
        url("agreement-request", facility, ours.agreement.pk), {"to": "MOU"}, follow=True
    )
    assert "Sudah ada perubahan yang menunggu persetujuan kepala." in text(response)

    approve = url("agreement-approve", facility, ours.agreement.pk)
    page = text(head_client.get(approve))
    assert "Setujui Pemasaran sapu lidi menjadi MoU ditandatangani" in page
    assert 'name="end_date"' not in page  # an MoU has no validity period
    response = head_client.post(approve, {"signed_on": "2025-09-01", "number": "W.12/MoU/2025"})
    assert response.status_code == 302
    agreement = fresh(ours.agreement)
    assert (agreement.status, agreement.mou_signed_on, agreement.number) == (
        "MOU",
        dt.date(2025, 9, 1),
        "W.12/MoU/2025",
    )

    officer_client.post(url("agreement-request", facility, ours.agreement.pk), {"to": "PKS"})
    assert 'name="end_date"' in text(head_client.get(approve))
    response = head_client.post(approve, {"signed_on": "2025-11-03", "number": "W.12/PKS/2025"})
    agreement = fresh(ours.agreement)
    assert (agreement.status, agreement.start_date, agreement.end_date) == (
        "PKS",
        dt.date(2025, 11, 3),
        dt.date(2030, 11, 2),
    )
    page = text(head_client.get(detail))
    assert "PKS berlaku" in page and "3 November 2025 – 2 November 2030" in page


def test_approval_with_a_future_date_changes_nothing(login, head, facility, ours, today):
    set_status(ours.agreement, pending_status="MOU")
    future = (today + dt.timedelta(days=3)).isoformat()
    response = login(head).post(
        url("agreement-approve", facility, ours.agreement.pk), {"signed_on": future}
    )
    assert "Tanggal penandatanganan tidak boleh di masa depan." in text(response)
    agreement = fresh(ours.agreement)
    assert (agreement.status, agreement.pending_status) == ("EXPLORATION", "MOU")


def test_approval_with_own_validity_dates(login, head, facility, ours):
    set_status(
        ours.agreement, status="MOU", mou_signed_on=dt.date(2025, 9, 1), pending_status="PKS"
    )
    response = login(head).post(
        url("agreement-approve", facility, ours.agreement.pk),
        {"signed_on": "2025-11-03", "start_date": "2025-12-01", "end_date": "2027-11-30"},
    )
    assert response.status_code == 302
    agreement = fresh(ours.agreement)
    assert (agreement.start_date, agreement.end_date) == (
        dt.date(2025, 12, 1),
        dt.date(2027, 11, 30),
    )


def test_a_pks_is_not_signed_before_its_mou(login, head, facility, ours):
    set_status(
        ours.agreement, status="MOU", mou_signed_on=dt.date(2025, 9, 1), pending_status="PKS"
    )
    response = login(head).post(
        url("agreement-approve", facility, ours.agreement.pk), {"signed_on": "2025-08-31"}
    )
    assert "PKS tidak dapat ditandatangani sebelum MoU (1 September 2025)." in text(response)
    assert fresh(ours.agreement).status == "MOU"


def test_head_rejects_with_a_reason_and_the_officer_is_told(login, officer, head, facility, ours):
    login(officer).post(url("agreement-request", facility, ours.agreement.pk), {"to": "MOU"})
    client = login(head)
    target = url("agreement-reject", facility, ours.agreement.pk)
    response = client.post(target, {"reason": "  "})
    assert response.status_code == 200 and fresh(ours.agreement).pending_status == "MOU"
    response = client.post(target, {"reason": "Draf MoU belum memuat hak dan kewajiban"})
    assert response.status_code == 302
    agreement = fresh(ours.agreement)
    assert (agreement.status, agreement.pending_status) == ("EXPLORATION", "")
    notice = Notification.objects.get(user=officer, kind="agreement-rejected")
    assert "Draf MoU belum memuat hak dan kewajiban" in notice.body
    assert notice.title.startswith("Tidak disetujui: Pemasaran sapu lidi")


def test_nothing_to_approve(login, head, facility, ours):
    response = login(head).post(
        url("agreement-approve", facility, ours.agreement.pk), {"signed_on": "2025-09-01"}
    )
    assert "Tidak ada perubahan yang menunggu persetujuan." in text(response)
    assert fresh(ours.agreement).status == "EXPLORATION"


# Termination and renewal


def test_terminate_needs_a_reason(login, officer, facility, ours, today):
    client = login(officer)
    target = url("agreement-terminate", facility, ours.agreement.pk)
    response = client.post(target, {"ended_on": today.isoformat(), "reason": " "})
    assert response.status_code == 200 and fresh(ours.agreement).status == "EXPLORATION"
    response = client.post(target, {"ended_on": today.isoformat(), "reason": "Mitra mundur"})
    agreement = fresh(ours.agreement)
    assert (agreement.status, agreement.end_reason, agreement.ended_on) == (
        "TERMINATED",
        "Mitra mundur",
        today,
    )
    page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert "Diputus" in page and "Mitra mundur" in page
    assert url("agreement-update", facility, ours.agreement.pk) not in page


def test_renewal_of_a_pks_starts_from_its_terms(login, officer, facility, ours):
    set_status(ours.agreement, payment_terms="Tunai saat pengambilan", **PKS)
    client = login(officer)
    target = url("agreement-renew", facility, ours.agreement.pk)
    page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert target in page
    page = text(client.get(target))
    assert "Tunai saat pengambilan" in page and 'value="Pemasaran sapu lidi"' in page
    response = client.post(
        target,
        TERMS | {"title": "Pemasaran sapu lidi 2030–2035", "schemes": ["beli_putus"]},
    )
    with scopes_disabled():
        renewal = Agreement.objects.get(renewal_of=ours.agreement)
    assert response.url == url("agreement-detail", facility, renewal.pk)
    assert (renewal.status, renewal.partner) == ("EXPLORATION", ours.partner)
    page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert "Diperpanjang dengan" in page and target not in page
    # Renewed once only.
    response = client.post(target, TERMS)
    assert "Kerja sama ini sudah diperpanjang." in text(response)


def test_only_a_pks_can_be_renewed(login, officer, facility, ours):
    response = login(officer).post(url("agreement-renew", facility, ours.agreement.pk), TERMS)
    assert "Hanya PKS yang berlaku atau sudah berakhir yang dapat diperpanjang." in text(response)
    with scopes_disabled():
        assert Agreement.objects.count() == 1


# Products and agreed prices


def test_products_are_added_changed_and_removed(login, officer, facility, ours):
    with scopes_disabled():
        lakop = Product.objects.create(
            facility=facility, name="Sapu lakop", category="kerajinan", unit_of_measure="buah"
        )
    client = login(officer)
    target = url("agreement-product", facility, ours.agreement.pk)
    response = client.post(target, {"product": lakop.pk, "agreed_price": "7.500"})
    assert response.status_code == 302
    page = text(client.get(f"{target}?produk={ours.product.pk}"))
    assert 'value="2500"' in page
    client.post(target, {"product": ours.product.pk, "agreed_price": "Rp 3.000"})
    with scopes_disabled():
        prices = dict(AgreementProduct.objects.values_list("product__name", "agreed_price"))
    assert prices == {"Sapu lidi": Decimal(3000), "Sapu lakop": Decimal(7500)}
    page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert "Rp 3.000" in page and "Rp 7.500" in page
    response = client.post(
        url("agreement-product-remove", facility, ours.agreement.pk, ours.line.pk), follow=True
    )
    assert "Sapu lidi dikeluarkan dari kerja sama." in text(response)
    with scopes_disabled():
        assert list(AgreementProduct.objects.values_list("product__name", flat=True)) == [
            "Sapu lakop"
        ]


def test_another_units_product_is_refused(login, officer, facility, ours, theirs):
    response = login(officer).post(
        url("agreement-product", facility, ours.agreement.pk),
        {"product": theirs.product.pk, "agreed_price": "1000"},
    )
    assert "Pilih produk milik UPT ini." in text(response)
    with scopes_disabled():
        assert AgreementProduct.objects.filter(agreement=ours.agreement).count() == 1


def test_products_of_an_ended_agreement_stay(login, officer, facility, ours):
    set_status(ours.agreement, status="TERMINATED", ended_on=dt.date(2025, 12, 1))
    response = login(officer).post(
        url("agreement-product-remove", facility, ours.agreement.pk, ours.line.pk), follow=True
    )
    assert "Kerja sama yang sudah berakhir tidak dapat diubah." in text(response)
    with scopes_disabled():
        assert AgreementProduct.objects.filter(pk=ours.line.pk).exists()


# Rights and obligations


def test_obligation_added_and_fulfilled_with_evidence(login, officer, facility, ours, today):
    client = login(officer)
    response = client.post(
        url("obligation-add", facility, ours.agreement.pk),
        {
            "party": "upt",
            "description": "Menyediakan tempat produksi",
            "due_date": "2025-10-01",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        obligation = Obligation.objects.get(description="Menyediakan tempat produksi")
    target = url("obligation-fulfil", facility, ours.agreement.pk, obligation.pk)
    for data, message in (
        ({"fulfilled_on": today.isoformat(), "evidence": ""}, "Bidang ini tidak boleh kosong."),
        (
            {"fulfilled_on": (today + dt.timedelta(days=1)).isoformat(), "evidence": "BAST"},
            "Tanggal tidak boleh di masa depan.",
        ),
    ):
        response = client.post(target, data)
        assert message in text(response)
    obligation.refresh_from_db()
    assert obligation.fulfilled_on is None
    response = client.post(target, {"fulfilled_on": "2025-09-30", "evidence": "Foto bengkel"})
    obligation.refresh_from_db()
    assert (obligation.fulfilled_on, obligation.evidence, obligation.fulfilled_by) == (
        dt.date(2025, 9, 30),
        "Foto bengkel",
        officer,
    )
    response = client.post(target, {"fulfilled_on": "2025-09-30", "evidence": "lagi"})
    assert "Kewajiban ini sudah dipenuhi." in text(response)
    page = text(client.get(url("agreement-detail", facility, ours.agreement.pk)))
    assert "Dipenuhi 30 September 2025 · Foto bengkel" in page


def test_due_obligations_list(login, officer, facility, ours, theirs, today):
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(
            due_date=today - dt.timedelta(days=2)
        )
        make = Obligation.objects.create
        make(
            facility=facility,
            agreement=ours.agreement,
            party="upt",
            description="Dalam dua minggu",
            due_date=today + dt.timedelta(days=14),
        )
        make(
            facility=facility,
            agreement=ours.agreement,
            party="upt",
            description="Masih lama",
            due_date=today + dt.timedelta(days=60),
        )
        make(
            facility=facility,
            agreement=ours.agreement,
            party="upt",
            description="Sudah dipenuhi",
            due_date=today,
            fulfilled_on=today,
            evidence="ok",
        )
        Obligation.objects.filter(pk=theirs.obligation.pk).update(due_date=today)
    client = login(officer)
    page = text(client.get(url("obligation-due-list", facility)))
    assert "Mengambil hasil karya setiap bulan" in page and "lewat tenggat" in page
    assert "Dalam dua minggu" in page
    assert "Masih lama" not in page and "Sudah dipenuhi" not in page
    # Another unit's obligation (due today, same wording) is not ours to see.
    assert "Toko Acun Akuarium" not in page and page.count("Mengambil hasil karya") == 1
    assert page.index("Mengambil hasil karya") < page.index("Dalam dua minggu")
    set_status(ours.agreement, status="TERMINATED", ended_on=today)
    page = text(client.get(url("obligation-due-list", facility)))
    assert "Dalam dua minggu" not in page and "Tidak ada yang jatuh tempo." in page


def test_due_list_query_count_does_not_grow_with_rows(
    login, officer, facility, today, django_assert_max_num_queries
):
    def add(n):
        made = make_set(facility, officer, name=f"Mitra {n}", product=f"Produk {n}")
        with scopes_disabled():
            Obligation.objects.filter(pk=made.obligation.pk).update(due_date=today)

    client = login(officer)
    add(0)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url("obligation-due-list", facility)).status_code == 200
    for n in range(1, 12):
        add(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("obligation-due-list", facility))
    assert text(response).count("Mengambil hasil karya setiap bulan") == 12
