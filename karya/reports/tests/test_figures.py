"""Every monthly figure equals a direct computation from the records, on generated data with
several units, regions and months (an inmate transferred between units mid-month included),
and the rebuild command gives the same figures as the incremental refresh."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.reports.figures import COLUMNS
from karya.reports.models import AggregateMark, UnitMonth, UnitMonthDetail
from karya.reports.tests import direct

MONTHS = [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1)]


def stored(facility, month) -> dict:
    with scopes_disabled():
        row = UnitMonth.objects.filter(facility=facility, month=month).values(*COLUMNS).first()
    assert row is not None, f"no figures for {facility.code} {month}"
    return row


def snapshot() -> tuple[list, list]:
    with scopes_disabled():
        rows = list(
            UnitMonth.objects.order_by("facility", "month").values("facility", "month", *COLUMNS)
        )
        details = list(
            UnitMonthDetail.objects.order_by("facility", "month", "dimension", "key").values(
                "facility", "month", "dimension", "key", "label", "amount", "quantity", "planned"
            )
        )
    return rows, details


def test_every_figure_equals_the_records(world):
    assert not AggregateMark.objects.exists()  # every posting was refreshed on commit
    problems = []
    for unit in world.units:
        for month in MONTHS:
            expected = direct.figures(unit.facility, month)
            got = stored(unit.facility, month)
            for column in COLUMNS:
                if got[column] != expected[column]:
                    problems.append(
                        f"{unit.facility.code} {month:%Y-%m} {column}: "
                        f"{got[column]} != {expected[column]}"
                    )
    assert not problems, "\n".join(problems)


def test_the_world_has_something_in_every_figure(world):
    """The comparison above means something only if the records fill the figures."""
    with scopes_disabled():
        rows = list(UnitMonth.objects.values(*COLUMNS))
    empty = [c for c in COLUMNS if not any(row[c] for row in rows)]
    assert empty == []


def test_sales_by_channel_equal_the_lines(world):
    for unit in world.units:
        for month in MONTHS:
            with scopes_disabled():
                got = {
                    d.key: d.amount
                    for d in UnitMonthDetail.objects.filter(
                        facility=unit.facility, month=month, dimension="channel"
                    )
                    if d.amount
                }
            assert got == direct.channel_amounts(unit.facility, month), (unit, month)


def test_an_inmate_transferred_mid_month_counts_in_both_units(world):
    leaving, receiving = world.unit("LPPWT"), world.unit("LPNPWT")
    january, february = dt.date(2026, 1, 1), dt.date(2026, 2, 1)
    # Purwokerto registered 5 inmates in November, released one on 20 December and
    # transferred one to the Narkotika unit on 15 January: in January that inmate is on both
    # registers and worked in both units.
    assert stored(leaving.facility, january)["population"] == 4
    assert stored(leaving.facility, february)["population"] == 3
    assert stored(receiving.facility, january)["population"] == 5 + 1
    assert stored(leaving.facility, january)["working"] == 2
    assert stored(leaving.facility, february)["working"] == 1
    assert stored(receiving.facility, january)["working"] == 3 + 1


def test_the_rebuild_command_gives_the_same_figures(world):
    before = snapshot()
    call_command("rebuild_aggregates", stdout=io.StringIO())
    assert snapshot() == before
    call_command(
        "rebuild_aggregates",
        "--facility",
        "LPDPS",
        "--month",
        "2026-01",
        stdout=io.StringIO(),
    )
    assert snapshot() == before


def assert_fresh(unit, what: str) -> None:
    """The unit's stored figures equal the records for every month, right after a posting."""
    problems = []
    for month in MONTHS:
        expected, got = direct.figures(unit.facility, month), stored(unit.facility, month)
        problems += [
            f"{month:%Y-%m} {column}: {got[column]} != {expected[column]}"
            for column in COLUMNS
            if got[column] != expected[column]
        ]
    assert not problems, f"after {what}:\n" + "\n".join(problems)


def test_each_kind_of_posting_alone_keeps_the_figures(world, django_capture_on_commit_callbacks):
    """After the world, one more posting of each kind, each on its own, some dated back: the
    refresh on commit of that posting alone brings every month up to date."""
    from decimal import Decimal

    from django_scopes import scope

    from karya.finance.services.pnbp import pnbp_deposit_record
    from karya.inmates.services import inmates_import
    from karya.inventory.services import stock_write_off
    from karya.partners.models import Obligation
    from karya.partners.services.agreement_terms import obligation_add
    from karya.programs.models import Allocation
    from karya.programs.services.allocations import allocation_end
    from karya.sales.services.payments import payment_record, payment_refund
    from karya.sales.services.sales import LineInput, sale_create, sale_reverse

    unit = world.unit("LPDPS")
    facility, staff = unit.facility, unit.staff

    def post():
        return django_capture_on_commit_callbacks(execute=True)

    with post(), scope(facility=[facility.pk]):
        sale = sale_create(
            actor=staff["output_officer"],
            facility=facility,
            channel="counter",
            lines=[LineInput(unit.products["batik"], 1, Decimal(90000))],
        )
    assert_fresh(unit, "a sale")
    with post(), scope(facility=[facility.pk]):
        payment = payment_record(
            actor=staff["treasurer"], sale=sale, amount=sale.total, method="cash"
        )
    assert_fresh(unit, "its payment")
    with post(), scope(facility=[facility.pk]):
        sale_reverse(actor=staff["output_officer"], sale=sale, reason="Batal")
        payment_refund(actor=staff["treasurer"], payment=payment, reason="Batal")
    assert_fresh(unit, "its cancellation and refund")
    with post(), scope(facility=[facility.pk]):
        pnbp_deposit_record(
            actor=staff["treasurer"],
            facility=facility,
            billing_code="820251215000099",
            amount=12345,
            deposited_on=dt.date(2025, 12, 15),
            ntpn="NTPN202512150099",
        )
    assert_fresh(unit, "a PNBP deposit of December recorded in February")
    with post(), scope(facility=[facility.pk]):
        allocation = Allocation.objects.filter(facility=facility, status="ACTIVE").first()
        allocation_end(
            actor=staff["officer"],
            allocation=allocation,
            reason="selesai",
            end_date=dt.date(2025, 12, 31),
        )
    assert_fresh(unit, "an allocation ended at the end of December")
    with post(), scope(facility=[facility.pk]):
        agreement = Obligation.objects.filter(facility=facility).first().agreement
        obligation_add(
            actor=staff["officer"],
            agreement=agreement,
            party="upt",
            description="Evaluasi",
            due_date=dt.date(2025, 11, 30),
        )
    assert_fresh(unit, "an obligation due in November")
    with post(), scope(facility=[facility.pk]):
        stock_write_off(
            actor=staff["head"],
            location=unit.store,
            product=unit.products["batik"],
            quantity=1,
            reason="Rusak",
        )
    assert_fresh(unit, "goods written off")
    content = (
        b"no_registrasi,nama,jenis_kelamin,status,klasifikasi\nBI.9/2026,Baru,L,narapidana,medium\n"
    )
    with post(), scope(facility=[facility.pk]):
        inmates_import(actor=staff["head"], facility=facility, file_name="sdp.csv", content=content)
    assert_fresh(unit, "an SDP import")
    assert not AggregateMark.objects.exists()
