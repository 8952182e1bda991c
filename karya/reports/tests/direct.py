"""The figures of a unit's month computed the plain way, row by row from the records, for the
tests to compare with the stored aggregates (no tests here). Written independently of
`karya.reports.figures`: day by day, in Python, no grouping in the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django_scopes import scopes_disabled

ZERO = Decimal(0)


def _days(month: dt.date):
    day = month
    while day.month == month.month:
        yield day
        day += dt.timedelta(days=1)


def _local_day(moment: dt.datetime, tz: str) -> dt.date:
    return moment.astimezone(ZoneInfo(tz)).date()


def _month_end_instant(month: dt.date, tz: str) -> dt.datetime:
    nxt = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return dt.datetime(nxt.year, nxt.month, 1, tzinfo=ZoneInfo(tz))


def figures(facility, month: dt.date) -> dict:  # noqa: PLR0915 - one figure after another
    """Every UnitMonth column of `facility` for `month`, computed directly."""
    from karya.finance.models import PnbpDeposit, ProceedsSplit
    from karya.inmates.models import Inmate
    from karya.inventory.models import StockMove
    from karya.partners.models import Agreement, Obligation
    from karya.premi.models import InmateLedgerEntry
    from karya.production.models import ProductionOrder
    from karya.programs.models import Allocation, Training, TrainingParticipant
    from karya.sales.models import Sale, SaleLine

    tz = facility.timezone
    days = list(_days(month))
    january = dt.date(month.year, 1, 1)
    year_days = [january + dt.timedelta(days=i) for i in range((days[-1] - january).days + 1)]
    out: dict = {}
    with scopes_disabled():
        allocations = [a for a in Allocation.objects.filter(facility=facility) if a.started]
        inmates = list(Inmate.objects.filter(facility=facility))

        def worked(a, day):
            return a.start_date <= day and (a.end_date is None or a.end_date >= day)

        def registered(inmate, day):
            first = [a.start_date for a in allocations if a.inmate_id == inmate.pk]
            arrived = min([_local_day(inmate.created_at, tz), *first])
            return arrived <= day and (inmate.departed_on is None or inmate.departed_on >= day)

        out["population"] = sum(1 for i in inmates if any(registered(i, d) for d in days))
        out["population_ytd"] = sum(1 for i in inmates if any(registered(i, d) for d in year_days))
        working = {a.inmate_id for a in allocations if any(worked(a, d) for d in days)}
        out["working"] = len(working)
        out["working_ytd"] = len(
            {a.inmate_id for a in allocations if any(worked(a, d) for d in year_days)}
        )
        out["workshops_active"] = len(
            {a.workshop_id for a in allocations if any(worked(a, d) for d in days)}
        )
        out["trainings_held"] = sum(
            1 for t in Training.objects.filter(facility=facility) if t.end_date in days
        )
        certificates = [
            p
            for p in TrainingParticipant.objects.filter(facility=facility)
            if p.certificate_date is not None
        ]
        out["certificates"] = sum(1 for p in certificates if p.certificate_date in days)
        out["certified_inmates"] = len(
            {p.inmate_id for p in certificates if p.certificate_date in days}
        )
        out["certified_inmates_ytd"] = len(
            {p.inmate_id for p in certificates if p.certificate_date in year_days}
        )
        orders = list(ProductionOrder.objects.filter(facility=facility))
        out["planned_quantity"] = sum(
            o.planned_quantity for o in orders if o.due_date in days and o.status != "cancelled"
        )
        out["good_quantity"] = sum(
            o.good_quantity for o in orders if o.status == "finished" and o.finished_on in days
        )
        sales = {s.pk: s for s in Sale.objects.filter(facility=facility).select_related("order")}
        in_month = {pk for pk, s in sales.items() if _local_day(s.sold_at, tz) in days}
        lines = [
            line
            for line in SaleLine.objects.filter(facility=facility).select_related("product")
            if line.sale_id in in_month
        ]

        def ekatalog(sale):
            return sale.channel == "order" and sale.order and sale.order.customer_kind == "ekatalog"

        out["revenue"] = sum((line.amount for line in lines), ZERO)
        out["services_revenue"] = sum(
            (line.amount for line in lines if line.product.category == "jasa"), ZERO
        )
        out["ekatalog_revenue"] = sum(
            (
                line.amount
                for line in lines
                if line.product.category != "jasa" and ekatalog(sales[line.sale_id])
            ),
            ZERO,
        )

        def net(chosen):
            return sum(1 if sales[pk].reverses_id is None else -1 for pk in chosen)

        out["sales_count"] = net(in_month)
        out["ekatalog_transactions"] = net(pk for pk in in_month if ekatalog(sales[pk]))
        reversed_ = {s.reverses_id for s in sales.values() if s.reverses_id}

        def buyers(period):
            return {
                " ".join(s.order.customer_name.split()).casefold()
                for s in sales.values()
                if ekatalog(s)
                and s.reverses_id is None
                and s.pk not in reversed_
                and _local_day(s.sold_at, tz) in period
            }

        out["ekatalog_buyers"] = len(buyers(days))
        out["ekatalog_buyers_ytd"] = len(buyers(year_days))
        splits = [s for s in ProceedsSplit.objects.filter(facility=facility) if s.paid_on in days]
        out["proceeds"] = sum((s.amount for s in splits), ZERO)
        out["premi_share"] = sum((s.premi for s in splits), ZERO)
        out["pnbp_share"] = sum((s.pnbp for s in splits), ZERO)
        out["capital_share"] = sum((s.capital + s.material for s in splits), ZERO)
        out["pnbp_deposited"] = sum(
            (
                d.amount
                for d in PnbpDeposit.objects.filter(facility=facility)
                if d.deposited_on in days
            ),
            ZERO,
        )
        entries = list(InmateLedgerEntry.objects.filter(facility=facility))
        out["premi_credited"] = sum(
            (
                e.amount
                for e in entries
                if e.entry_date in days and e.kind in ("credit", "adjustment")
            ),
            ZERO,
        )
        out["premi_paid_out"] = -sum(
            (
                e.amount
                for e in entries
                if e.entry_date in days and e.kind in ("withdrawal", "payout")
            ),
            ZERO,
        )
        out["savings_held"] = sum((e.savings for e in entries if e.entry_date <= days[-1]), ZERO)
        out["ledger_balance"] = sum((e.amount for e in entries if e.entry_date <= days[-1]), ZERO)

        def in_force(a, day):
            begin = a.start_date or a.pks_signed_on
            ends = [d for d in (a.end_date, a.ended_on) if d]
            return begin <= day and (not ends or min(ends) >= day)

        agreements = [
            a
            for a in Agreement.objects.filter(facility=facility, pks_signed_on__isnull=False)
            if any(in_force(a, d) for d in days)
        ]
        out["agreements_active"] = len(agreements)
        out["partners_active"] = len({a.partner_id for a in agreements})
        due = [o for o in Obligation.objects.filter(facility=facility) if o.due_date in days]
        out["obligations_due"] = len(due)
        out["obligations_fulfilled"] = sum(1 for o in due if o.fulfilled_on)
        end = _month_end_instant(month, tz)
        moves = [m for m in StockMove.objects.filter(facility=facility) if m.created_at < end]
        value, units = ZERO, 0
        for key in {(m.location_id, m.product_id, m.lot_id) for m in moves}:
            quantity = sum(
                m.quantity for m in moves if (m.location_id, m.product_id, m.lot_id) == key
            )
            if quantity <= 0:
                continue
            costed = sorted(
                (m for m in moves if m.kind in ("produced", "opening") and m.product_id == key[1]),
                key=lambda m: m.pk,
            )
            same = [m for m in costed if m.lot_id == key[2]]
            cost = (same or costed)[-1].unit_cost if (same or costed) else None
            units += quantity
            value += quantity * cost if cost is not None else ZERO
        out["stock_value"] = value
        out["stock_units"] = units
    return out


def channel_amounts(facility, month: dt.date) -> dict[str, Decimal]:
    """Sales of the month by dashboard bucket, line by line."""
    from karya.sales.models import SaleLine

    tz = facility.timezone
    amounts: dict[str, Decimal] = {}
    with scopes_disabled():
        for line in SaleLine.objects.filter(facility=facility).select_related(
            "product", "sale__order"
        ):
            if _local_day(line.sale.sold_at, tz).replace(day=1) != month:
                continue
            sale = line.sale
            if line.product.category == "jasa":
                bucket = "services"
            elif sale.channel == "order" and sale.order and sale.order.customer_kind == "ekatalog":
                bucket = "ekatalog"
            else:
                bucket = sale.channel
            amounts[bucket] = amounts.get(bucket, ZERO) + line.amount
    return {k: v for k, v in amounts.items() if v}
