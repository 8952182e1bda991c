"""The premi pages as the treasurer and the head use them, in Indonesian: a run previewed,
explained and approved; the list (whose query count does not grow with its rows); a
withdrawal and a release payout; the setting and a workshop's terms; the PDFs read back."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.inmates.services import inmate_update
from karya.premi.models import InmateLedgerEntry, PremiRun, PremiSetting
from karya.premi.periods import Period
from karya.premi.services import runs
from karya.premi.tests.conftest import WEEK, make_sapu
from karya.programs.tests.test_documents_support import capture_html, document_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    """The pages as users read them (the `english` fixture covers the services only)."""
    from django.utils import translation

    with translation.override("id"):
        yield


def url(name, facility, *args):
    return reverse(f"premi:{name}", args=[facility.code, *args])


def pdf_text(response, captured):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return document_text(response.content, captured[-1])


def test_the_treasurer_previews_and_the_head_approves(
    login, sapu, treasurer, head, facility, proceeds, monkeypatch
):
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = 100_000
    client = login(treasurer)
    page = client.get(url("run-create", facility))
    assert "Perhitungan premi baru" in page.content.decode()
    response = client.post(
        url("run-create", facility),
        {"workshop": sapu.workshop.pk, "period_kind": "week", "day": "2026-01-21"},
    )
    with scopes_disabled():
        run = PremiRun.objects.get()
    assert response.status_code == 302 and response.url == url("run-detail", facility, run.pk)
    text = client.get(response.url).content.decode()
    assert "Pratinjau" in text and "Rp 75.000" in text
    assert (
        "120 Sapu lidi × bobot 1 + 20 Sapu lakop × bobot 3 = 180 poin dari 240 poin → "
        "75,00% × Rp 100.000 = Rp 75.000"
    ) in text
    assert url("run-approve", facility, run.pk) not in text  # the treasurer does not approve

    boss = login(head)
    detail = boss.get(url("run-detail", facility, run.pk)).content.decode()
    assert url("run-approve", facility, run.pk) in detail
    response = boss.post(url("run-approve", facility, run.pk), follow=True)
    text = response.content.decode()
    assert "Disetujui: premi sudah masuk ke catatan keuangan WBP." in text
    run.refresh_from_db()
    assert run.status == "approved" and run.number in text

    captured = capture_html(monkeypatch)
    slips = pdf_text(boss.get(url("run-slips", facility, run.pk)), captured)
    assert "SLIP PREMI WARGA BINAAN" in slips.upper()
    assert "Agus Sapulidi" in slips and "Budi Anyamsari" in slips
    assert "Citra Batikwangi" not in slips  # earned nothing, no slip
    assert "Dapat dibelanjakan : Rp 18.750" in slips and "Rp 56.250" in slips
    listing = pdf_text(boss.get(url("run-pdf", facility, run.pk)), captured)
    assert run.number in listing and "Menyetujui" in listing
    assert "Dana premi dibagi : Rp 100.000" in listing and "Agus Sapulidi" in listing


def test_an_approved_day_cannot_be_corrected_on_the_day_screen(
    login, sapu, treasurer, head, officer, facility, proceeds
):
    with scope(facility=[facility.pk]):
        run = runs.premi_run_approve(
            actor=head,
            run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
        )
    day = reverse("programs:attendance-day", args=[facility.code, sapu.workshop.pk])
    allocation = sapu.allocations["citra"].pk
    response = login(officer).post(
        f"{day}?tanggal=2026-01-20", {f"status-{allocation}": "hadir", f"hours-{allocation}": "5"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Premi tanggal 20 Januari 2026 sudah disetujui dalam perhitungan {run.number}" in text
    with scopes_disabled():
        from karya.programs.models import Attendance

        assert Attendance.objects.get(
            allocation_id=allocation, date=dt.date(2026, 1, 20)
        ).status == ("sakit")


def test_overlapping_periods_are_explained_next_to_the_form(
    login, sapu, treasurer, facility, proceeds
):
    client = login(treasurer)
    data = {"workshop": sapu.workshop.pk, "period_kind": "week", "day": "2026-01-21"}
    client.post(url("run-create", facility), data)
    response = client.post(url("run-create", facility), data | {"period_kind": "month"})
    assert response.status_code == 200
    assert "sudah memiliki perhitungan premi" in response.content.decode()


def test_the_run_list_does_not_grow_in_queries(
    login, facility, officer, treasurer, head, proceeds, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(treasurer)
    sapu = make_sapu(facility, officer)
    with scope(facility=[facility.pk]):
        runs.premi_run_approve(
            actor=head,
            run=runs.premi_run_preview(actor=treasurer, workshop=sapu.workshop, period=WEEK),
        )
    with CaptureQueriesContext(connection) as one_run:
        assert client.get(url("run-list", facility)).status_code == 200
    other = make_sapu(facility, officer, name="Bengkel Lakop", tag="-2")
    with scope(facility=[facility.pk]):
        for workshop in (sapu.workshop, other.workshop):
            for day in (dt.date(2026, 1, 5), dt.date(2026, 1, 12), dt.date(2026, 1, 26)):
                runs.premi_run_preview(
                    actor=treasurer, workshop=workshop, period=Period.containing("week", day)
                )
    with django_assert_max_num_queries(len(one_run)):
        response = client.get(url("run-list", facility))
    text = response.content.decode()
    assert text.count("<tr>") == 1 + 7  # the header and seven runs
    assert "Bengkel Lakop" in text and "PRM/LPPWT/" in text


def test_withdrawal_and_release_payout(login, world, treasurer, officer, facility, monkeypatch):
    client = login(treasurer)
    agus = world.inmate
    page = client.get(url("ledger-detail", facility, agus.pk)).content.decode()
    assert 'id="balance-spendable">Rp 8.750' in page  # 18.750 credited, 10.000 spent
    assert 'id="balance-savings">Rp 56.250' in page
    response = client.post(
        url("ledger-withdraw", facility, agus.pk),
        {"amount": "9.000", "purpose": "canteen", "channel": "cash"},
    )
    assert response.status_code == 200
    assert "hanya dapat membelanjakan Rp 8.750" in response.content.decode()
    response = client.post(
        url("ledger-withdraw", facility, agus.pk),
        {"amount": "8.750", "purpose": "family", "recipient": "Siti", "channel": "cash"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert InmateLedgerEntry.objects.filter(inmate=agus, kind="withdrawal").count() == 2

    # Agus is released; the treasurer pays out what is left and prints the receipt.
    with scope(facility=[facility.pk]):
        inmate_update(
            actor=officer, inmate=agus, departed_on=dt.date(2026, 2, 3), departure="bebas"
        )
    response = client.post(
        url("ledger-payout", facility, agus.pk),
        {"channel": "bank", "channel_reference": "0123-01-000123-50-1"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        payout = InmateLedgerEntry.objects.get(inmate=agus, kind="payout")
    assert payout.amount == -56_250 and payout.channel_reference == "0123-01-000123-50-1"
    captured = capture_html(monkeypatch)
    receipt = pdf_text(client.get(url("entry-receipt", facility, agus.pk, payout.pk)), captured)
    assert payout.receipt_number in receipt
    assert "Rp 56.250" in receipt
    assert "Lima puluh enam ribu dua ratus lima puluh rupiah" in receipt
    assert "Yang menerima" in receipt and "0123-01-000123-50-1" in receipt
    statement = pdf_text(
        client.get(url("ledger-statement", facility, agus.pk) + "?dari=2026-01-01"), captured
    )
    assert "REKENING PREMI WARGA BINAAN" in statement and "Saldo akhir" in statement
    assert "Pembayaran" in statement and payout.receipt_number.split("/")[0] in statement
    bad = client.get(
        url("ledger-statement", facility, agus.pk) + "?dari=2026-02-01&sampai=2026-01-01"
    )
    assert bad.status_code == 400


def test_the_unit_setting_and_a_workshops_terms(login, sapu, treasurer, facility):
    client = login(treasurer)
    response = client.post(
        url("setting", facility),
        {"spendable_percent": "30", "payout_channel": "emoney", "provider": "Bank Jateng"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        setting = PremiSetting.objects.get(facility=facility)
    assert (setting.spendable_percent, setting.payout_channel) == (30, "emoney")
    assert (
        client.post(
            url("setting", facility), {"spendable_percent": "120", "payout_channel": "cash"}
        ).status_code
        == 200
    )

    terms = url("workshop-terms", facility, sapu.workshop.pk)
    response = client.post(
        terms,
        {
            f"weight-{sapu.lidi.pk}": "1,5",
            f"rate-{sapu.lidi.pk}": "100",
            f"weight-{sapu.lakop.pk}": "3",
            f"rate-{sapu.lakop.pk}": "0",
        },
    )
    assert response.status_code == 302
    page = client.get(terms).content.decode()
    assert 'value="1,50"' in page and 'value="100"' in page
    bad = client.post(terms, {f"weight-{sapu.lidi.pk}": "0", f"weight-{sapu.lakop.pk}": "3"})
    assert bad.status_code == 400 and "Sapu lidi" in bad.content.decode()


def test_the_premi_link_in_the_navigation(login, treasurer, head, officer, facility):
    """Keuangan in the menu leads to the finance pages, whose navigation leads to premi (and
    the premi pages back to finance)."""
    finance = reverse("finance:home", args=[facility.code])
    menu = f'href="{finance}">Keuangan</a>'
    link = f'href="{url("run-list", facility)}">Perhitungan premi</a>'
    home = reverse("unit-home", args=[facility.code])
    for user in (treasurer, head):
        client = login(user)
        assert menu in client.get(home).content.decode()
        assert link in client.get(finance).content.decode()
        assert f'href="{finance}">Keuangan</a>' in client.get(url("run-list", facility)).text
    assert menu not in login(officer).get(home).content.decode()
