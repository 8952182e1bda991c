"""A partner's sales report for a period (a consignment settlement): the arithmetic of the
commission, what is refused, and what confirming or rejecting it does to stock and money."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.accounts.services import membership_create
from karya.core.errors import DomainError
from karya.inventory.models import StockMove
from karya.inventory.services import stock_transfer
from karya.inventory.tests.conftest import ledger_problems, make_lot, quantity_at
from karya.notifications.models import Notification
from karya.sales.models import Invoice, PaymentAllocation, Sale, Settlement
from karya.sales.services.consignment import settlement_confirm, settlement_reject
from karya.sales.services.payments import payment_record
from karya.sales.tests.conftest import make_agreement
from karya.sales.tests.consignment.conftest import SHOP, consign, report

pytestmark = pytest.mark.django_db


def _period(today):
    return {"start": today - dt.timedelta(days=30), "end": today - dt.timedelta(days=1)}


def _count() -> int:
    with scopes_disabled():
        return Settlement.objects.count()


def test_ten_traps_at_35000_with_10_percent_commission(
    facility, output_officer, shop_agreement, consigned, trap, today
):
    """| 10 perangkap tikus × Rp 35.000 | gross Rp 350.000 | 10 % | Rp 35.000 | net Rp 315.000 |"""
    settlement = report(output_officer, shop_agreement, [(trap, 10)], **_period(today))
    assert (settlement.gross, settlement.commission, settlement.net) == (
        Decimal(350000),
        Decimal(35000),
        Decimal(315000),
    )
    assert settlement.commission_percent == Decimal(10)
    assert settlement.status == "submitted" and not settlement.reported_by_partner
    assert settlement.number == f"SK/LPPWT/{today:%Y}/{today:%m}/0001"
    with scopes_disabled():
        line = settlement.lines.get()
    assert (line.quantity, line.unit_price, line.lot) == (10, Decimal(35000), None)
    assert settlement.location == consigned


@pytest.mark.parametrize(
    ("percent", "lines", "gross", "commission", "net"),
    [
        # 3 × 12.345 = 37.035; 7,5 % = 2.777,625 → 2.778 (half up)
        (Decimal("7.5"), [("trap", 3, 12345)], 37035, 2778, 34257),
        # 1 × 25.005 = 25.005; 10 % = 2.500,5 → 2.501
        (Decimal(10), [("nest", 1, 25005)], 25005, 2501, 22504),
        # 3 traps × 35.000 + 2 nests × 25.000 = 155.000; 7,5 % = 11.625
        (Decimal("7.5"), [("trap", 3, 35000), ("nest", 2, 25000)], 155000, 11625, 143375),
        # no commission in the agreement: the unit is owed everything
        (None, [("trap", 7, 35000)], 245000, 0, 245000),
    ],
)
def test_settlement_arithmetic(
    facility,
    output_officer,
    store,
    shop,
    trap,
    nest,
    trap_lot,
    today,
    percent,
    lines,
    gross,
    commission,
    net,
):
    products = {"trap": trap, "nest": nest}
    with scopes_disabled():
        agreement = shop.partner.agreements.get()
        agreement.commission_percent = percent
        agreement.save()
        for name, _quantity, price in lines:
            agreement.products.filter(product=products[name]).update(agreed_price=price)
    consign(output_officer, store, shop, trap, 20, trap_lot)
    consign(output_officer, store, shop, nest, 20)
    settlement = report(
        output_officer,
        agreement,
        [(products[name], quantity) for name, quantity, _price in lines],
        **_period(today),
    )
    assert (settlement.gross, settlement.commission, settlement.net) == (gross, commission, net)
    assert settlement.commission_percent == (percent or 0)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("nothing", "at least one product"),
        ("not_in_agreement", "not a product of this agreement"),
        ("too_many", "holds only 100"),
        ("twice", "listed twice"),
        ("zero", "whole quantity above zero"),
        ("future", "cannot end after today"),
        ("backwards", "start on or before its end"),
        ("wrong_lot", "is not a lot of"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_written(
    facility, output_officer, shop_agreement, consigned, trap, nest, trap_lot, today, case, message
):
    from karya.inventory.tests.conftest import make_product

    period = _period(today)
    lines = [(trap, 10)]
    if case == "nothing":
        lines = []
    elif case == "not_in_agreement":
        lines = [(make_product(facility, name="Sapu lidi"), 1)]
    elif case == "too_many":
        lines = [(trap, 101)]
    elif case == "twice":
        lines = [(trap, 1), (trap, 2)]
    elif case == "zero":
        lines = [(trap, 0)]
    elif case == "future":
        period["end"] = today + dt.timedelta(days=1)
    elif case == "backwards":
        period["start"] = period["end"] + dt.timedelta(days=1)
    elif case == "wrong_lot":
        lines = [(nest, 1, trap_lot)]
    with pytest.raises(DomainError, match=message):
        report(output_officer, shop_agreement, lines, **period)
    assert _count() == 0


def test_an_agreement_without_consignment_is_refused(
    facility, output_officer, consigned, trap, today
):
    outright = make_agreement(
        facility, schemes=["beli_putus"], name="Toko Acun Akuarium", prices=[(trap, 35000)]
    )
    with pytest.raises(DomainError, match="not a consignment agreement"):
        report(output_officer, outright, [(trap, 1)], **_period(today))
    assert _count() == 0


def test_a_partner_without_goods_cannot_report(
    facility, output_officer, shop_agreement, trap, today
):
    with pytest.raises(DomainError, match="holds none of the unit's goods"):
        report(output_officer, shop_agreement, [(trap, 1)], **_period(today))


def test_a_period_overlapping_an_earlier_settlement_is_refused_until_that_one_is_rejected(
    facility, output_officer, shop_agreement, consigned, trap, today
):
    first = report(
        output_officer,
        shop_agreement,
        [(trap, 5)],
        start=today - dt.timedelta(days=30),
        end=today - dt.timedelta(days=15),
    )
    with pytest.raises(DomainError, match=f"overlaps settlement {first.number}"):
        report(
            output_officer,
            shop_agreement,
            [(trap, 5)],
            start=today - dt.timedelta(days=15),
            end=today - dt.timedelta(days=1),
        )
    # The next day on is free.
    second = report(
        output_officer,
        shop_agreement,
        [(trap, 5)],
        start=today - dt.timedelta(days=14),
        end=today - dt.timedelta(days=1),
    )
    with scope(facility=[facility.pk]):
        settlement_reject(actor=output_officer, settlement=first, reason="Jumlah salah")
    again = report(
        output_officer,
        shop_agreement,
        [(trap, 4)],
        start=today - dt.timedelta(days=30),
        end=today - dt.timedelta(days=15),
    )
    assert [first.number[-4:], second.number[-4:], again.number[-4:]] == ["0001", "0002", "0003"]


def test_units_in_settlements_awaiting_confirmation_cannot_be_reported_again(
    facility, output_officer, shop_agreement, consigned, trap, today
):
    report(
        output_officer,
        shop_agreement,
        [(trap, 90)],
        start=today - dt.timedelta(days=30),
        end=today - dt.timedelta(days=15),
    )
    with pytest.raises(DomainError, match="90 are already reported sold.*at most 10"):
        report(
            output_officer,
            shop_agreement,
            [(trap, 11)],
            start=today - dt.timedelta(days=14),
            end=today - dt.timedelta(days=1),
        )


def test_only_the_units_staff_with_sales_manage_may_report(
    facility, make_user, shop_agreement, consigned, trap, today, other_facility
):
    for user in (
        make_user("treasurer", facility=facility),
        make_user("output_officer", facility=other_facility),
    ):
        with pytest.raises(DomainError, match="role does not allow"):
            report(user, shop_agreement, [(trap, 1)], **_period(today))
    assert _count() == 0


def test_a_partner_user_reports_for_its_own_partner_only_and_the_officers_hear_of_it(
    facility, make_user, output_officer, shop_agreement, consigned, trap, today
):
    mine = make_user(username="mitra.acun")
    membership_create(actor=None, user=mine, role="partner", partner=shop_agreement.partner)
    other = make_agreement(
        facility, schemes=["konsinyasi"], name="Toko Lain", prices=[(trap, 30000)]
    )
    stranger = make_user(username="mitra.lain")
    membership_create(actor=None, user=stranger, role="partner", partner=other.partner)

    with pytest.raises(DomainError, match="not one of your partner's"):
        report(stranger, shop_agreement, [(trap, 1)], by_partner=True, **_period(today))
    with pytest.raises(DomainError, match="role does not allow"):
        report(mine, shop_agreement, [(trap, 1)], **_period(today))  # not as the unit's staff
    settlement = report(mine, shop_agreement, [(trap, 3)], by_partner=True, **_period(today))
    assert settlement.reported_by_partner and settlement.submitted_by == mine
    notice = Notification.objects.get(user=output_officer)
    assert settlement.number in notice.title and SHOP in notice.title
    assert notice.url.endswith(f"/penjualan/konsinyasi/penyelesaian/{settlement.pk}/")


def test_confirming_sells_the_goods_at_the_partner_and_invoices_the_net(
    facility, output_officer, treasurer, shop_agreement, consigned, trap, nest, trap_lot, today,
    trap_workshop,
):  # fmt: skip
    settlement = report(output_officer, shop_agreement, [(trap, 3), (nest, 2)], **_period(today))
    with scope(facility=[facility.pk]):
        settlement = settlement_confirm(actor=output_officer, settlement=settlement)
        sale = Sale.objects.get(settlement=settlement)
        lines = list(sale.lines.order_by("pk"))
        invoice = Invoice.objects.get(sale=sale)
        sold = list(
            StockMove.objects.filter(kind="sold").values_list(
                "location_id", "quantity", "reference"
            )
        )
    assert settlement.status == "confirmed" and settlement.decided_by == output_officer
    # The goods left the shop, and only the shop.
    assert quantity_at(consigned, trap, trap_lot) == 97 and quantity_at(consigned, nest) == 38
    assert sorted(sold) == [
        (consigned.pk, -3, settlement.number),
        (consigned.pk, -2, settlement.number),
    ]
    # | trap | 3 × 35.000 = 105.000 | commission 10.500 | 94.500 |
    # | nest | 2 × 25.000 =  50.000 | commission  5.000 | 45.000 |  → invoice 139.500
    assert (sale.channel, sale.partner, sale.customer_kind) == (
        "consignment",
        shop_agreement.partner,
        "partner",
    )
    assert [(ln.quantity, ln.unit_price, ln.discount, ln.amount) for ln in lines] == [
        (3, Decimal(35000), Decimal(10500), Decimal(94500)),
        (2, Decimal(25000), Decimal(5000), Decimal(45000)),
    ]
    assert lines[0].lot == trap_lot and lines[0].workshop == trap_workshop
    assert sale.total == settlement.net == invoice.amount == Decimal(139500)
    assert invoice.partner == shop_agreement.partner and invoice.bill_to == SHOP
    assert invoice.due_on == today + dt.timedelta(days=14)
    with scope(facility=[facility.pk]):
        payment = payment_record(
            actor=treasurer, sale=sale, amount=139500, method="transfer", reference="BCA-1"
        )
        parts = dict(
            PaymentAllocation.objects.filter(payment=payment).values_list("product_id", "amount")
        )
    assert parts == {trap.pk: Decimal(94500), nest.pk: Decimal(45000)}
    assert ledger_problems(facility) == []
    with scope(facility=[facility.pk]), pytest.raises(DomainError, match="only one awaiting"):
        settlement_confirm(actor=output_officer, settlement=settlement)


def test_the_commission_is_shared_over_the_lines_to_the_last_rupiah(
    facility, output_officer, store, shop, shop_agreement, trap, nest, trap_lot, today
):
    """| 7 traps × 35.000 = 245.000 | 1 nest × 25.000 | 7,5 % of 270.000 = 20.250 |: shares
    18.375 and 1.875 — the lines' amounts add up to the invoice."""
    with scopes_disabled():
        shop_agreement.commission_percent = Decimal("7.5")
        shop_agreement.save()
    consign(output_officer, store, shop, trap, 10, trap_lot)
    consign(output_officer, store, shop, nest, 10)
    settlement = report(output_officer, shop_agreement, [(trap, 7), (nest, 1)], **_period(today))
    with scope(facility=[facility.pk]):
        settlement_confirm(actor=output_officer, settlement=settlement)
        sale = Sale.objects.get(settlement=settlement)
        discounts = list(sale.lines.order_by("pk").values_list("discount", "amount"))
    assert discounts == [(Decimal(18375), Decimal(226625)), (Decimal(1875), Decimal(23125))]
    assert sum(a for _d, a in discounts) == sale.total == Decimal(249750) == settlement.net


def test_a_report_without_lot_takes_the_oldest_lot_first(
    facility, output_officer, store, shop, shop_agreement, trap, trap_lot, today
):
    newer = make_lot(trap, code="PT-2026-002", produced_on=dt.date(2026, 2, 10))
    with scope(facility=[facility.pk]):
        from karya.inventory.services import stock_receive

        stock_receive(
            actor=output_officer, location=store, product=trap, lot=newer, quantity=10, unit_cost=1
        )
    consign(output_officer, store, shop, trap, 10, newer)
    consign(output_officer, store, shop, trap, 5, trap_lot)
    settlement = report(output_officer, shop_agreement, [(trap, 8)], **_period(today))
    with scope(facility=[facility.pk]):
        settlement_confirm(actor=output_officer, settlement=settlement)
        lines = list(
            Sale.objects.get(settlement=settlement)
            .lines.order_by("pk")
            .values_list("lot__code", "quantity", "amount")
        )
    # 5 of the January lot, 3 of the February one; the commission follows the amounts.
    assert lines == [
        ("PT-2026-001", 5, Decimal(157500)),
        ("PT-2026-002", 3, Decimal(94500)),
    ]
    assert quantity_at(shop, trap, trap_lot) == 0 and quantity_at(shop, trap, newer) == 7
    assert ledger_problems(facility) == []


def test_goods_gone_meanwhile_make_the_confirmation_fail_without_writing_anything(
    facility, output_officer, store, shop_agreement, consigned, trap, trap_lot, today
):
    settlement = report(output_officer, shop_agreement, [(trap, 10)], **_period(today))
    with scope(facility=[facility.pk]):  # moved back by a plain stock transfer
        stock_transfer(
            actor=output_officer,
            source=consigned,
            destination=store,
            product=trap,
            lot=trap_lot,
            quantity=95,
        )
        with pytest.raises(DomainError, match="Not enough stock"):
            settlement_confirm(actor=output_officer, settlement=settlement)
        settlement.refresh_from_db()
        assert settlement.status == "submitted"
        assert not Sale.objects.exists() and not StockMove.objects.filter(kind="sold").exists()
    assert ledger_problems(facility) == []


def test_the_invoice_cannot_fall_due_before_today(
    facility, output_officer, shop_agreement, consigned, trap, today
):
    settlement = report(output_officer, shop_agreement, [(trap, 1)], **_period(today))
    with scope(facility=[facility.pk]), pytest.raises(DomainError, match="fall due before"):
        settlement_confirm(
            actor=output_officer, settlement=settlement, due_on=today - dt.timedelta(days=1)
        )
    with scope(facility=[facility.pk]):
        settlement = settlement_confirm(
            actor=output_officer, settlement=settlement, due_on=today + dt.timedelta(days=30)
        )
        assert Invoice.objects.get().due_on == today + dt.timedelta(days=30)


def test_rejecting_needs_a_reason_moves_nothing_and_tells_a_reporting_partner(
    facility, make_user, output_officer, shop_agreement, consigned, trap, trap_lot, today
):
    partner_user = make_user(username="mitra.acun")
    membership_create(actor=None, user=partner_user, role="partner", partner=shop_agreement.partner)
    settlement = report(
        partner_user, shop_agreement, [(trap, 4)], by_partner=True, **_period(today)
    )
    with scope(facility=[facility.pk]):
        with pytest.raises(DomainError, match="Say why"):
            settlement_reject(actor=output_officer, settlement=settlement, reason="  ")
        settlement = settlement_reject(
            actor=output_officer, settlement=settlement, reason="Jumlah tidak sesuai nota"
        )
        with pytest.raises(DomainError, match="only one awaiting confirmation"):
            settlement_confirm(actor=output_officer, settlement=settlement)
    assert (settlement.status, settlement.decision_note) == ("rejected", "Jumlah tidak sesuai nota")
    assert quantity_at(consigned, trap, trap_lot) == 100
    notice = Notification.objects.get(user=partner_user)
    assert settlement.number in notice.title and notice.body == "Jumlah tidak sesuai nota"
