"""Premi runs and inmate ledgers of one unit, under /api/v1/facilities/{code}/…

Reading needs Perm.PREMI_VIEW; previewing a run, withdrawals and payouts Perm.PREMI_MANAGE (the
treasurer); approving a run Perm.PREMI_APPROVE (the head). Amounts are whole rupiah as decimal
strings; the rules are in `karya.premi.services`. Every query runs inside the unit's scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status

from karya.accounts.permissions import Perm
from karya.api.errors import ErrorOut
from karya.api.routers.common import facility_for, in_unit
from karya.core.documents import PdfResponse
from karya.inmates.models import Inmate
from karya.premi import documents, selectors
from karya.premi.choices import EntryKind, PayoutChannel, PeriodKind, RunStatus, WithdrawalPurpose
from karya.premi.models import InmateLedgerEntry, PremiRun
from karya.premi.periods import Period
from karya.premi.services import ledger as ledger_services
from karya.premi.services import runs as run_services
from karya.programs.choices import ContributionBasis
from karya.programs.models import Workshop

router = Router(tags=["premi"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah, as a decimal string."
PDF = {
    "responses": {
        "200": {
            "description": "The PDF document.",
            "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


class PremiRunOut(Schema):
    id: int
    workshop_id: int
    workshop_name: str
    number: str = Field(..., description="Given at approval; empty for a preview.")
    period_kind: PeriodKind
    start: dt.date
    end: dt.date
    status: RunStatus
    basis: ContributionBasis
    pool_proceeds: Decimal = Field(..., description=f"The premi part of the proceeds. {RUPIAH}")
    pool_piece_rates: Decimal = Field(..., description=f"Pieces × piece rates. {RUPIAH}")
    pool: Decimal = Field(..., description=f"What the shares sum to. {RUPIAH}")
    adjustments_total: Decimal = Field(..., description=RUPIAH)
    total: Decimal = Field(..., description=RUPIAH)
    prepared_at: dt.datetime
    approved_at: dt.datetime | None
    approved_by_id: int | None


class PremiShareOut(Schema):
    id: int
    inmate_id: int
    inmate_name: str
    registration_number: str
    measure: Decimal = Field(..., description="Pieces, hours or days, unweighted.")
    points: Decimal = Field(..., description="The contribution counted (weighted pieces).")
    amount: Decimal = Field(..., description=RUPIAH)
    explanation: str
    spendable: Decimal | None = Field(None, description=f"Once approved. {RUPIAH}")
    savings: Decimal | None = Field(None, description=f"Once approved. {RUPIAH}")


class PremiAdjustmentOut(Schema):
    id: int
    inmate_id: int
    corrects_id: int
    amount: Decimal = Field(..., description=RUPIAH)
    reason: str


class PremiRunDetailOut(PremiRunOut):
    shares: list[PremiShareOut]
    adjustments: list[PremiAdjustmentOut]


class PremiRunFilter(Schema):
    status: RunStatus | None = None
    workshop_id: int | None = None


class PremiRunIn(Schema):
    workshop_id: int
    period_kind: PeriodKind
    day: dt.date = Field(..., description="Any day of the week (Monday–Sunday) or month.")


class PremiUnitPreviewIn(Schema):
    period_kind: PeriodKind
    day: dt.date = Field(..., description="Any day of the week (Monday–Sunday) or month.")


class PremiWorkshopLeftOut(Schema):
    workshop_id: int
    workshop_name: str
    reason: str


class PremiUnitPreviewOut(Schema):
    previewed: list[PremiRunOut] = Field(..., description="The runs previewed, new or again.")
    skipped: list[PremiWorkshopLeftOut] = Field(
        ..., description="Workshops left out: another run overlaps the period."
    )
    idle: list[PremiWorkshopLeftOut] = Field(
        ..., description="Workshops with nothing to preview: nobody worked, no proceeds came."
    )


class PremiBalanceOut(Schema):
    inmate_id: int
    spendable: Decimal = Field(..., description=RUPIAH)
    savings: Decimal = Field(..., description=RUPIAH)
    total: Decimal = Field(..., description=RUPIAH)


class PremiEntryOut(Schema):
    id: int
    kind: EntryKind
    entry_date: dt.date
    amount: Decimal = Field(..., description=f"Signed: positive in, negative out. {RUPIAH}")
    spendable: Decimal = Field(..., description=RUPIAH)
    savings: Decimal = Field(..., description=RUPIAH)
    run_id: int | None
    purpose: str
    channel: str
    channel_reference: str
    recipient: str
    receipt_number: str
    note: str
    created_at: dt.datetime


class PremiEntryFilter(Schema):
    start: dt.date | None = None
    end: dt.date | None = None


class PremiWithdrawIn(Schema):
    amount: Decimal = Field(..., description=f"Above 0, at most the spendable balance. {RUPIAH}")
    purpose: WithdrawalPurpose
    channel: PayoutChannel | None = Field(None, description="Default: the unit's channel.")
    channel_reference: str = Field("", max_length=60)
    recipient: str = Field("", max_length=150)
    note: str = Field("", max_length=300)


class PremiPayoutIn(Schema):
    channel: PayoutChannel | None = Field(None, description="Default: the unit's channel.")
    channel_reference: str = Field("", max_length=60)
    recipient: str = Field("", max_length=150)
    note: str = Field("", max_length=300)


def _run_out(run: PremiRun) -> dict:
    return {
        "id": run.pk,
        "workshop_id": run.workshop_id,
        "workshop_name": run.workshop.name,
        "number": run.number,
        "period_kind": run.period_kind,
        "start": run.start,
        "end": run.end,
        "status": run.status,
        "basis": run.basis,
        "pool_proceeds": run.pool_proceeds,
        "pool_piece_rates": run.pool_piece_rates,
        "pool": run.pool,
        "adjustments_total": run.adjustments_total,
        "total": run.total,
        "prepared_at": run.prepared_at,
        "approved_at": run.approved_at,
        "approved_by_id": run.approved_by_id,
    }


def _detail(run: PremiRun) -> PremiRunDetailOut:
    shares = []
    for share in selectors.run_shares(run=run):
        entry = getattr(share, "ledger_entry", None)
        shares.append(
            PremiShareOut(
                id=share.pk,
                inmate_id=share.inmate_id,
                inmate_name=share.inmate.name,
                registration_number=share.inmate.registration_number,
                measure=share.measure,
                points=share.points,
                amount=share.amount,
                explanation=share.explanation,
                spendable=entry.spendable if entry else None,
                savings=entry.savings if entry else None,
            )
        )
    adjustments = [
        PremiAdjustmentOut(
            id=a.pk, inmate_id=a.inmate_id, corrects_id=a.corrects_id, amount=a.amount,
            reason=a.reason,
        )
        for a in selectors.run_adjustments(run=run)
    ]  # fmt: skip
    return PremiRunDetailOut(**_run_out(run), shares=shares, adjustments=adjustments)


def _run(facility, run_id: int) -> PremiRun:
    run = selectors.run_get(facility=facility, pk=run_id)
    if run is None:
        raise Http404
    return run


def _inmate(facility, inmate_id: int) -> Inmate:
    inmate = Inmate.objects.filter(facility=facility, pk=inmate_id).first()
    if inmate is None:
        raise Http404
    return inmate


def _entry_out(entry: InmateLedgerEntry) -> PremiEntryOut:
    return PremiEntryOut(
        id=entry.pk,
        kind=entry.kind,
        entry_date=entry.entry_date,
        amount=entry.amount,
        spendable=entry.spendable,
        savings=entry.savings,
        run_id=entry.run_id,
        purpose=entry.purpose,
        channel=entry.channel,
        channel_reference=entry.channel_reference,
        recipient=entry.recipient,
        receipt_number=entry.receipt_number,
        note=entry.note,
        created_at=entry.created_at,
    )


@router.get(
    "/{code}/premi-runs",
    response={200: list[PremiRunOut], **ERRORS},
    summary="The unit's premi runs, newest period first",
)
def premi_run_list(request, code: str, filters: Query[PremiRunFilter]):
    facility = facility_for(request, code, Perm.PREMI_VIEW)
    with scope(facility=[facility.pk]):
        runs = selectors.runs_of(
            facility=facility,
            status=filters.status.value if filters.status else None,
            workshop_id=filters.workshop_id,
        )
        return [PremiRunOut(**_run_out(run)) for run in runs[:500]]


@router.post(
    "/{code}/premi-runs",
    response={201: PremiRunDetailOut, **ERRORS},
    summary="Preview a premi run of a workshop for a week or a month (again: replaces it)",
    description=(
        "Gathers the premi part of the workshop's proceeds paid in the period, the piece "
        "rates, and every inmate's contribution, and divides the pool in whole rupiah summing "
        "exactly to it. Refused: an overlapping run, a period not begun."
    ),
)
def premi_run_preview(request, code: str, payload: PremiRunIn):
    facility = facility_for(request, code, Perm.PREMI_MANAGE)
    with scope(facility=[facility.pk]):
        workshop = in_unit(
            Workshop,
            facility,
            payload.workshop_id,
            "workshop_id",
            _("Choose a workshop of this unit."),
        )
        run = run_services.premi_run_preview(
            actor=request.user,
            workshop=workshop,
            period=Period.containing(payload.period_kind.value, payload.day),
        )
        return Status(201, _detail(_run(facility, run.pk)))


@router.post(
    "/{code}/premi-runs/preview-all",
    response={200: PremiUnitPreviewOut, **ERRORS},
    summary="Preview the premi runs of every active workshop of the unit for a period at once",
    description=(
        "As the preview of one workshop, for each active workshop of the unit (a preview of "
        "the same period is done again, its corrections stay). Workshops with another run "
        "overlapping the period, and those where nobody worked and no proceeds came, are left "
        "out and listed. Refused: a period not begun."
    ),
)
def premi_runs_preview_all(request, code: str, payload: PremiUnitPreviewIn):
    facility = facility_for(request, code, Perm.PREMI_MANAGE)
    with scope(facility=[facility.pk]):
        done = run_services.premi_runs_preview_unit(
            actor=request.user,
            facility=facility,
            period=Period.containing(payload.period_kind.value, payload.day),
        )
        idle = _("Nobody worked and no proceeds came in the period.")
        return PremiUnitPreviewOut(
            previewed=[PremiRunOut(**_run_out(run)) for run in done.previewed],
            skipped=[
                PremiWorkshopLeftOut(workshop_id=w.pk, workshop_name=w.name, reason=reason)
                for w, reason in done.skipped
            ],
            idle=[
                PremiWorkshopLeftOut(workshop_id=w.pk, workshop_name=w.name, reason=idle)
                for w in done.idle
            ],
        )


@router.get(
    "/{code}/premi-runs/{run_id}",
    response={200: PremiRunDetailOut, **ERRORS},
    summary="A premi run with every share, its explanation, and its corrections",
)
def premi_run_detail(request, code: str, run_id: int):
    facility = facility_for(request, code, Perm.PREMI_VIEW)
    with scope(facility=[facility.pk]):
        return _detail(_run(facility, run_id))


@router.post(
    "/{code}/premi-runs/{run_id}/approve",
    response={200: PremiRunDetailOut, **ERRORS},
    summary="Approve a previewed run (head): credits the ledgers, closes the days it used",
)
def premi_run_approve(request, code: str, run_id: int):
    facility = facility_for(request, code, Perm.PREMI_APPROVE)
    with scope(facility=[facility.pk]):
        run = run_services.premi_run_approve(actor=request.user, run=_run(facility, run_id))
        return _detail(_run(facility, run.pk))


@router.get(
    "/{code}/premi-runs/{run_id}/slips",
    response={**ERRORS, 503: ErrorOut},
    summary="The premi slips of a run, one inmate per page (PDF)",
    openapi_extra=PDF,
)
def premi_run_slips(request, code: str, run_id: int):
    facility = facility_for(request, code, Perm.PREMI_VIEW)
    with scope(facility=[facility.pk]):
        run = _run(facility, run_id)
        pdf = documents.slips_pdf(run=run, printed_by=request.user)
    return PdfResponse(pdf, filename=f"slip-premi-{run.number or 'pratinjau'}")


@router.get(
    "/{code}/inmates/{inmate_id}/premi-ledger",
    response={200: PremiBalanceOut, **ERRORS},
    summary="An inmate's premi balance: spendable and savings",
)
def premi_balance(request, code: str, inmate_id: int):
    facility = facility_for(request, code, Perm.PREMI_VIEW)
    with scope(facility=[facility.pk]):
        inmate = _inmate(facility, inmate_id)
        balance = selectors.balance_of(inmate)
        return PremiBalanceOut(
            inmate_id=inmate.pk,
            spendable=balance.spendable,
            savings=balance.savings,
            total=balance.total,
        )


@router.get(
    "/{code}/inmates/{inmate_id}/premi-ledger/entries",
    response={200: list[PremiEntryOut], **ERRORS},
    summary="An inmate's premi ledger entries, oldest first (optionally for a period)",
)
def premi_entries(request, code: str, inmate_id: int, filters: Query[PremiEntryFilter]):
    facility = facility_for(request, code, Perm.PREMI_VIEW)
    with scope(facility=[facility.pk]):
        inmate = _inmate(facility, inmate_id)
        entries = selectors.ledger_entries(inmate=inmate, start=filters.start, end=filters.end)
        return [_entry_out(e) for e in entries]


@router.post(
    "/{code}/inmates/{inmate_id}/premi-ledger/withdrawals",
    response={201: PremiEntryOut, **ERRORS},
    summary="Withdraw from the spendable part (canteen, transfer to the family)",
)
def premi_withdraw(request, code: str, inmate_id: int, payload: PremiWithdrawIn):
    facility = facility_for(request, code, Perm.PREMI_MANAGE)
    with scope(facility=[facility.pk]):
        entry = ledger_services.ledger_withdraw(
            actor=request.user,
            inmate=_inmate(facility, inmate_id),
            amount=payload.amount,
            purpose=payload.purpose.value,
            channel=payload.channel.value if payload.channel else None,
            channel_reference=payload.channel_reference,
            recipient=payload.recipient,
            note=payload.note,
        )
        return Status(201, _entry_out(entry))


@router.post(
    "/{code}/inmates/{inmate_id}/premi-ledger/payout",
    response={201: PremiEntryOut, **ERRORS},
    summary="Pay a released inmate everything left on the ledger",
)
def premi_payout(request, code: str, inmate_id: int, payload: PremiPayoutIn):
    facility = facility_for(request, code, Perm.PREMI_MANAGE)
    with scope(facility=[facility.pk]):
        entry = ledger_services.ledger_release_payout(
            actor=request.user,
            inmate=_inmate(facility, inmate_id),
            channel=payload.channel.value if payload.channel else None,
            channel_reference=payload.channel_reference,
            recipient=payload.recipient,
            note=payload.note,
        )
        return Status(201, _entry_out(entry))
