"""The premi area's PDFs, official Indonesian forms always rendered in Indonesian: the premi
slip of an inmate for a run (one per page for the whole run), the run's list for the head's
signature, an inmate's statement for any period, and the receipt of money paid out of the
ledger (a withdrawal or the release payout) with the amount in words and a place to sign."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from karya.core.dates import local
from karya.core.documents import render_pdf
from karya.core.money import terbilang
from karya.premi import selectors
from karya.premi.choices import EntryKind
from karya.premi.periods import period_label
from karya.programs.selectors.documents import head_of, place_date

SLIP_TEMPLATE = "premi/doc_slip.html"
RUN_LIST_TEMPLATE = "premi/doc_run_list.html"
STATEMENT_TEMPLATE = "premi/doc_statement.html"
RECEIPT_TEMPLATE = "premi/doc_receipt.html"


def _base(facility, printed_by) -> dict:
    now = timezone.now()
    return {
        "facility": facility,
        "printed_at": now,
        "printed_by": printed_by,
        "head": head_of(facility),
        "today_place": place_date(facility, local(now, facility.timezone).date()),
    }


def _render(template: str, context: dict, request=None) -> bytes:
    with translation.override("id"):
        return render_pdf(template, context, request=request)


def run_context(run) -> dict:
    shares = selectors.run_shares(run=run)
    adjustments = selectors.run_adjustments(run=run)
    by_inmate: dict[int, list] = {}
    for adjustment in adjustments:
        by_inmate.setdefault(adjustment.inmate_id, []).append(adjustment)
    for share in shares:
        share.corrections = by_inmate.get(share.inmate_id, [])
    return {
        "run": run,
        "period": period_label(run.period_kind, run.start, run.end),
        "shares": shares,
        "adjustments": adjustments,
    }


def slips_pdf(*, run, shares=None, printed_by, request=None) -> bytes:
    """The slips of a run: every inmate with a share or a correction, or only `shares`."""
    context = _base(run.facility, printed_by) | run_context(run)
    if shares is not None:
        wanted = {s.pk for s in shares}
        context["shares"] = [s for s in context["shares"] if s.pk in wanted]
    else:
        context["shares"] = [s for s in context["shares"] if s.amount or s.corrections]
    return _render(SLIP_TEMPLATE, context, request)


def run_list_pdf(*, run, printed_by, request=None) -> bytes:
    return _render(RUN_LIST_TEMPLATE, _base(run.facility, printed_by) | run_context(run), request)


def statement_pdf(
    *, inmate, start: dt.date | None, end: dt.date | None, printed_by, request=None
) -> bytes:
    """An inmate's entries from `start` to `end`, with the balance brought forward and the
    balance at the end."""
    opening = (
        selectors.balance_of(inmate, until=start - dt.timedelta(days=1))
        if start
        else selectors.Balance()
    )
    entries = selectors.ledger_entries(inmate=inmate, start=start, end=end)
    spendable, savings = opening.spendable, opening.savings
    for entry in entries:
        spendable += entry.spendable
        savings += entry.savings
        entry.running = spendable + savings
    context = _base(inmate.facility, printed_by) | {
        "inmate": inmate,
        "start": start,
        "end": end,
        "opening": opening,
        "entries": entries,
        "closing": selectors.Balance(spendable, savings),
    }
    return _render(STATEMENT_TEMPLATE, context, request)


def receipt_pdf(*, entry, printed_by, request=None) -> bytes:
    """The receipt of a withdrawal or of the release payout, for the inmate to sign."""
    paid = -entry.amount
    context = _base(entry.facility, printed_by) | {
        "entry": entry,
        "inmate": entry.inmate,
        "paid": paid,
        "in_words": terbilang(paid),
        "is_payout": entry.kind == EntryKind.PAYOUT,
        "officer": entry.created_by,
    }
    return _render(RECEIPT_TEMPLATE, context, request)
