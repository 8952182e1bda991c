"""Premi runs and inmate ledgers through the API: the treasurer previews, the head approves,
the slips print; balances, entries, withdrawals and the release payout; every endpoint closed
to anonymous callers, other units, partners' users and roles without premi."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.accounts.services import membership_create
from karya.inmates.services import inmate_update
from karya.partners.models import Partner
from karya.premi.models import InmateLedgerEntry, PremiRun
from karya.premi.periods import Period
from karya.premi.services import runs
from karya.premi.tests.conftest import WEEK, make_sapu, make_world
from karya.programs.models import Workshop
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facility, officer, treasurer, head, proceeds):
    return make_world(facility, officer, treasurer, head, proceeds)


def runs_path(facility, *rest):
    return "/".join([f"/facilities/{facility.code}/premi-runs", *map(str, rest)])


def ledger_path(facility, inmate, *rest):
    return "/".join([f"/facilities/{facility.code}/inmates/{inmate.pk}/premi-ledger", *rest])


def test_preview_approve_and_print(
    api_as, facility, officer, treasurer, head, proceeds, monkeypatch
):
    sapu = make_sapu(facility, officer)
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(100_000)
    client = api_as(treasurer)
    response = client.post(
        runs_path(facility),
        {"workshop_id": sapu.workshop.pk, "period_kind": "week", "day": "2026-01-22"},
    )
    assert response.status_code == 201
    run = response.json()
    assert (run["status"], run["start"], run["end"], run["pool"]) == (
        "preview",
        "2026-01-19",
        "2026-01-25",
        "100000",
    )
    assert [(s["inmate_name"], s["amount"]) for s in run["shares"]] == [
        ("Agus Sapulidi", "75000"),
        ("Budi Anyamsari", "25000"),
        ("Citra Batikwangi", "0"),
    ]
    assert "180 poin dari 240 poin" in run["shares"][0]["explanation"]
    forbidden = client.post(runs_path(facility, run["id"], "approve"))
    assert forbidden.status_code == 403

    boss = api_as(head)
    approved = boss.post(runs_path(facility, run["id"], "approve")).json()
    assert approved["status"] == "approved" and approved["number"].startswith("PRM/LPPWT/")
    assert (approved["shares"][0]["spendable"], approved["shares"][0]["savings"]) == (
        "18750",
        "56250",
    )
    again = boss.post(runs_path(facility, run["id"], "approve"))
    assert again.status_code == 409 and again.json()["code"] == "run_approved"
    overlap = client.post(
        runs_path(facility),
        {"workshop_id": sapu.workshop.pk, "period_kind": "month", "day": "2026-01-22"},
    )
    assert overlap.status_code == 409 and overlap.json()["code"] == "overlapping_run"

    listed = client.get(runs_path(facility), {"status": "approved"}).json()
    assert [r["id"] for r in listed] == [run["id"]]
    captured = capture_html(monkeypatch, fake_pdf=True)
    slips = client.get(runs_path(facility, run["id"], "slips"))
    assert slips.status_code == 200 and slips["Content-Type"] == "application/pdf"
    assert "Agus Sapulidi" in captured[-1] and "Rp 75.000" in captured[-1]


def test_ledger_balance_entries_withdrawal_and_payout(api_as, world, facility, officer, treasurer):
    client = api_as(treasurer)
    agus = world.inmate
    assert client.get(ledger_path(facility, agus)).json() == {
        "inmate_id": agus.pk,
        "spendable": "8750",
        "savings": "56250",
        "total": "65000",
    }
    entries = client.get(ledger_path(facility, agus, "entries")).json()
    assert [(e["kind"], e["amount"]) for e in entries] == [
        ("credit", "75000"),
        ("withdrawal", "-10000"),
    ]
    too_much = client.post(
        ledger_path(facility, agus, "withdrawals"), {"amount": "8751", "purpose": "canteen"}
    )
    assert too_much.status_code == 409 and too_much.json()["code"] == "insufficient_balance"
    assert too_much.json()["field"] == "amount"
    taken = client.post(
        ledger_path(facility, agus, "withdrawals"),
        {"amount": "8750", "purpose": "family", "recipient": "Siti"},
    )
    assert taken.status_code == 201 and taken.json()["receipt_number"].startswith("PRM-TRK/")
    not_yet = client.post(ledger_path(facility, agus, "payout"), {})
    assert not_yet.status_code == 400 and not_yet.json()["code"] == "not_released"
    with scope(facility=[facility.pk]):
        inmate_update(
            actor=officer, inmate=agus, departed_on=dt.date(2026, 2, 3), departure="bebas"
        )
    paid = client.post(
        ledger_path(facility, agus, "payout"),
        {"channel": "bank", "channel_reference": "0123-01-000123-50-1"},
    )
    assert paid.status_code == 201
    assert (paid.json()["amount"], paid.json()["channel"]) == ("-56250", "bank")
    assert client.get(ledger_path(facility, agus)).json()["total"] == "0"


def test_every_endpoint_is_closed_to_outsiders(
    api_as, world, facility, other_facility, make_user, head, treasurer
):
    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name="CV X")
    partner_user = make_user(username="mitra")
    membership_create(actor=None, user=partner_user, role="partner", partner=partner)
    calls = [
        ("get", runs_path(facility), None),
        (
            "post",
            runs_path(facility),
            {"workshop_id": world.sapu.workshop.pk, "period_kind": "week", "day": "2026-02-02"},
        ),  # noqa: E501
        ("get", runs_path(facility, world.run.pk), None),
        ("post", runs_path(facility, world.preview.pk, "approve"), None),
        ("get", runs_path(facility, world.run.pk, "slips"), None),
        ("get", ledger_path(facility, world.inmate), None),
        ("get", ledger_path(facility, world.inmate, "entries"), None),
        (
            "post",
            ledger_path(facility, world.inmate, "withdrawals"),
            {"amount": "1", "purpose": "canteen"},
        ),  # noqa: E501
        ("post", ledger_path(facility, world.paid, "payout"), {}),
        ("post", runs_path(facility, "preview-all"), {"period_kind": "week", "day": "2026-02-02"}),
    ]
    outsiders = [
        (None, 401),
        (make_user("treasurer", facility=other_facility), 404),
        (make_user("head", facility=other_facility), 404),
        (partner_user, 404),
        (make_user("officer", facility=facility), 403),
        (make_user("security", facility=facility), 403),
    ]
    for user, status in outsiders:
        client = api_as(user)
        for method, path, body in calls:
            response = (
                getattr(client, method)(path, body) if body else getattr(client, method)(path)
            )
            assert response.status_code == status, (user, method, path)
    # The head reads but does not prepare; the treasurer prepares but does not approve.
    assert api_as(head).post(calls[1][1], calls[1][2]).status_code == 403
    assert api_as(head).post(calls[7][1], calls[7][2]).status_code == 403
    assert api_as(treasurer).post(calls[3][1]).status_code == 403
    assert api_as(head).post(calls[9][1], calls[9][2]).status_code == 403
    with scopes_disabled():
        assert PremiRun.objects.get(pk=world.preview.pk).status == "preview"
        assert InmateLedgerEntry.objects.count() == 4


def test_another_units_records_are_404(
    api_as, world, facility, other_facility, make_user, proceeds
):
    theirs = make_world(
        other_facility,
        make_user("officer", facility=other_facility),
        make_user("treasurer", facility=other_facility),
        make_user("head", facility=other_facility),
        proceeds,
    )
    client = api_as(make_user("head", facility=facility))
    assert client.get(runs_path(facility, theirs.run.pk)).status_code == 404
    assert client.post(runs_path(facility, theirs.preview.pk, "approve")).status_code == 404
    assert client.get(ledger_path(facility, theirs.inmate)).status_code == 404
    wrong = api_as(make_user("treasurer", facility=facility)).post(
        runs_path(facility),
        {"workshop_id": theirs.sapu.workshop.pk, "period_kind": "week", "day": "2026-02-02"},
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "workshop_id"


def test_a_day_an_approved_run_used_is_refused_by_the_api(api_as, world, facility, officer):
    day = f"/facilities/{facility.code}/workshops/{world.sapu.workshop.pk}/days/2026-01-20"
    entry = {"allocation_id": world.sapu.allocations["agus"].pk, "status": "sakit"}
    response = api_as(officer).put(day, {"entries": [entry]})
    assert response.status_code == 409 and response.json()["code"] == "day_locked"
    assert world.run.number in response.json()["message"]


def test_the_treasurer_previews_every_workshop_of_the_unit_at_once(
    api_as, facility, officer, treasurer, proceeds
):
    sapu = make_sapu(facility, officer)
    other = make_sapu(facility, officer, name="Bengkel Sapu Dua", tag="D")
    proceeds[(sapu.workshop.pk, WEEK.start, WEEK.end)] = Decimal(100_000)
    with scopes_disabled():
        idle = Workshop.objects.create(
            facility=facility, name="Bengkel Kosong", sector="kerajinan", capacity=5
        )
    with scope(facility=[facility.pk]):
        month = runs.premi_run_preview(
            actor=treasurer,
            workshop=other.workshop,
            period=Period.containing("month", dt.date(2026, 1, 22)),
        )
    client = api_as(treasurer)

    response = client.post(
        runs_path(facility, "preview-all"), {"period_kind": "week", "day": "2026-01-22"}
    )

    assert response.status_code == 200
    body = response.json()
    [run] = body["previewed"]
    assert (run["workshop_id"], run["start"], run["pool"], run["status"]) == (
        sapu.workshop.pk,
        "2026-01-19",
        "100000",
        "preview",
    )
    [skipped] = body["skipped"]
    assert skipped["workshop_id"] == other.workshop.pk and "Januari 2026" in skipped["reason"]
    assert [w["workshop_id"] for w in body["idle"]] == [idle.pk]
    with scopes_disabled():
        assert PremiRun.objects.get(pk=month.pk).start == dt.date(2026, 1, 1)  # left alone
        assert PremiRun.objects.count() == 2

    early = client.post(
        runs_path(facility, "preview-all"), {"period_kind": "month", "day": "2099-01-05"}
    )
    assert early.status_code == 400 and early.json()["field"] == "period"
    with scopes_disabled():
        assert PremiRun.objects.count() == 2
