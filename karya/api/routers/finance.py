"""Split rules, proceeds splits and PNBP.

National: /api/v1/split-rules (Perm.SPLIT_RULE_MANAGE: Ditjenpas and the national
administrator) lists, sets and replaces rules for the country, a unit or a workshop.
Per unit, under /api/v1/facilities/{code}/: the rules that concern the unit, the splits made,
the PNBP year (payables against deposits, target and realisation), deposits and targets.
Reading needs Perm.FINANCE_VIEW, recording a deposit or setting a target Perm.PNBP_MANAGE.
Amounts are whole rupiah; shares are percentages with two decimals. The rules are in
`karya.finance.services`."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django_scopes import scope
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from karya.accounts.permissions import Perm, access_for
from karya.api.errors import ErrorOut
from karya.api.routers.common import api_fields, facility_for, in_unit
from karya.api.routers.partners.common import page
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.facilities.models import Facility
from karya.finance import selectors
from karya.finance.choices import RuleScope, SplitBase
from karya.finance.models import PnbpDeposit, SplitRule
from karya.finance.services.pnbp import (
    pnbp_deposit_cancel,
    pnbp_deposit_record,
    pnbp_target_set,
)
from karya.finance.services.rules import Shares, split_rule_create, split_rule_supersede
from karya.programs.models import Workshop

router = Router(tags=["finance"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
RUPIAH = "Whole rupiah."
NATIONAL_ZONE = "Asia/Jakarta"
CURSOR = "Pass as `after` to get the next page; null on the last page."


# --- schemas -------------------------------------------------------------------------------


class SplitRuleOut(Schema):
    id: int
    scope: RuleScope
    facility_code: str | None = Field(..., description="The unit of a unit or workshop rule.")
    workshop_id: int | None
    workshop_name: str | None
    name: str
    version: int
    supersedes_id: int | None = Field(..., description="The version this one replaces.")
    base: SplitBase
    premi_percent: Decimal
    pnbp_percent: Decimal
    capital_percent: Decimal
    legal_basis: str
    valid_from: dt.date
    valid_to: dt.date | None = Field(..., description="As set; null: until further notice.")
    ends_on: dt.date | None = Field(
        ..., description="The last day it applies: its end, or the day before its successor."
    )
    state: str = Field(
        ..., description="in_force, upcoming, replaced, ended or withdrawn (replaced unused)."
    )

    @staticmethod
    def resolve_facility_code(obj):
        return obj.facility.code if obj.facility_id else None

    @staticmethod
    def resolve_workshop_name(obj):
        return obj.workshop.name if obj.workshop_id else None

    @staticmethod
    def resolve_ends_on(obj):
        return selectors.ends_on(obj)

    @staticmethod
    def resolve_state(obj):
        return selectors.rule_state(obj, today_in(NATIONAL_ZONE))


class SplitRulePage(Schema):
    items: list[SplitRuleOut]
    next_cursor: int | None = Field(None, description=CURSOR)


class SplitRuleFilter(Schema):
    scope: RuleScope | None = None
    facility: str = Field("", description="A unit's code: its own rules and its workshops'.")
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class SplitRuleTermsIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    name: str = Field(..., min_length=1, max_length=150)
    base: SplitBase
    premi_percent: Decimal = Field(..., description="0 to 100, two decimals at most.")
    pnbp_percent: Decimal
    capital_percent: Decimal = Field(..., description="The three shares add up to exactly 100.")
    legal_basis: str = Field(..., min_length=1, max_length=5000)
    valid_from: dt.date
    valid_to: dt.date | None = None


class SplitRuleIn(SplitRuleTermsIn):
    scope: RuleScope
    facility: str | None = Field(None, description="Unit code, for a unit rule.")
    workshop_id: int | None = Field(
        None, description="For a workshop rule: one of the workshops of `facility`."
    )


class SplitRuleSupersedeIn(SplitRuleTermsIn):
    name: str = Field("", max_length=150, description="Empty: the name of the old version.")
    reason: str = Field("", max_length=300)


class AppliedRuleOut(Schema):
    workshop_id: int | None = Field(..., description="null: goods of no known workshop.")
    workshop_name: str | None
    rule_id: int | None = Field(..., description="null: no rule, payments are refused.")


class UnitRulesOut(Schema):
    day: dt.date
    applied: list[AppliedRuleOut]
    rules: list[SplitRuleOut]


class ProceedsSplitOut(Schema):
    id: int
    paid_on: dt.date
    payment_number: str
    product_id: int
    product_name: str
    workshop_id: int | None
    rule_id: int
    reverses_id: int | None = Field(..., description="For a refund: the split it reverses.")
    amount: int = Field(..., description="Received (negative for a refund). " + RUPIAH)
    material: int = Field(..., description="Material cost given back to capital. " + RUPIAH)
    base_amount: int
    premi: int
    pnbp: int
    capital: int

    @staticmethod
    def resolve_payment_number(obj):
        return obj.allocation.payment.number

    @staticmethod
    def resolve_product_name(obj):
        return obj.product.name


class ProceedsSplitPage(Schema):
    items: list[ProceedsSplitOut]
    next_cursor: int | None = Field(None, description=CURSOR)


class ProceedsSplitFilter(Schema):
    start: dt.date
    end: dt.date
    workshop_id: int | None = None
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class PnbpMonthOut(Schema):
    month: int
    payable: int
    deposited: int
    difference: int = Field(..., description="payable − deposited")
    outstanding: int = Field(..., description="Still to deposit at the month's end.")


class PnbpYearOut(Schema):
    year: int
    opening: int = Field(..., description="Still to deposit from the years before.")
    months: list[PnbpMonthOut]
    payable: int
    deposited: int
    outstanding: int
    target: int | None
    realised: int = Field(..., description="Deposited in the year.")
    realised_percent: Decimal | None


class PnbpDepositOut(Schema):
    id: int
    billing_code: str
    amount: int = Field(..., description="Negative for an entry that cancels a deposit.")
    deposited_on: dt.date
    ntpn: str
    note: str = Field(..., description="For a cancelling entry: why the deposit was cancelled.")
    reverses: int | None = Field(None, description="The deposit this entry cancels.")
    cancelled: bool = Field(..., description="Whether an entry cancels this deposit.")
    created_at: dt.datetime

    @staticmethod
    def resolve_reverses(deposit) -> int | None:
        return deposit.reverses_id

    @staticmethod
    def resolve_cancelled(deposit) -> bool:
        return deposit.is_cancelled


class PnbpDepositCancelIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    reason: str = Field(..., max_length=300, description="Why the deposit is cancelled.")


class PnbpDepositPage(Schema):
    items: list[PnbpDepositOut]
    next_cursor: int | None = Field(None, description=CURSOR)


class PnbpDepositFilter(Schema):
    year: int | None = Field(None, ge=1900, le=9999)
    after: int | None = Field(None, description="Cursor: the id after which to continue.")
    limit: int = Field(100, ge=1, le=500)


class PnbpDepositIn(Schema):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    billing_code: str = Field(..., max_length=30, description="15 digits (SIMPONI).")
    amount: int = Field(..., description=RUPIAH)
    deposited_on: dt.date
    ntpn: str = Field(..., max_length=30, description="16 letters and digits.")
    note: str = Field("", max_length=300)


class PnbpTargetOut(Schema):
    year: int
    amount: int


class PnbpTargetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    amount: int = Field(..., ge=0, description=RUPIAH)


# --- helpers -------------------------------------------------------------------------------


def _national(request) -> None:
    if not access_for(request.user).can(Perm.SPLIT_RULE_MANAGE):
        raise PermissionDenied


def _rule(rule_id: int) -> SplitRule:
    rule = selectors.split_rule_get(pk=rule_id)
    if rule is None:
        raise Http404
    return rule


def _terms(payload: SplitRuleTermsIn) -> dict:
    return {
        "name": payload.name,
        "base": payload.base,
        "shares": Shares(payload.premi_percent, payload.pnbp_percent, payload.capital_percent),
        "legal_basis": payload.legal_basis,
        "valid_from": payload.valid_from,
        "valid_to": payload.valid_to,
    }


SHARE_FIELDS = {"premi": "premi_percent", "pnbp": "pnbp_percent", "capital": "capital_percent"}


def _keyset(schema, rows, filters):
    """A page of `rows` ordered by id, after the cursor `filters.after`."""
    rows = rows.order_by("pk")
    if filters.after is not None:
        rows = rows.filter(pk__gt=filters.after)
    return page(schema, list(rows[: filters.limit + 1]), filters.limit)


# --- national rules ------------------------------------------------------------------------


@router.get(
    "/split-rules",
    response={200: SplitRulePage, **ERRORS},
    summary="Every split rule version of the country (keyset pagination by id)",
)
def split_rule_list(request, filters: Query[SplitRuleFilter]):
    _national(request)
    facility = None
    if filters.facility:
        facility = Facility.objects.filter(code=filters.facility.upper()).first()
        if facility is None:
            raise Http404
    rules = selectors.split_rule_list(scope=filters.scope or "", facility=facility)
    return _keyset(SplitRulePage, rules, filters)


@router.get(
    "/split-rules/{rule_id}", response={200: SplitRuleOut, **ERRORS}, summary="One rule version"
)
def split_rule_detail(request, rule_id: int):
    _national(request)
    return _rule(rule_id)


@router.post(
    "/split-rules",
    response={201: SplitRuleOut, **ERRORS},
    summary="Set a new split rule (version 1) for the country, a unit or a workshop",
    description=(
        "The shares add up to exactly 100 (400 `shares_not_100`); two rules of the same scope "
        "are never valid on the same day, and a rule cannot take a day whose money was already "
        "split (409 `overlap`, `days_already_split`)."
    ),
)
def split_rule_post(request, payload: SplitRuleIn):
    _national(request)
    facility = workshop = None
    if payload.facility:
        facility = Facility.objects.filter(code=payload.facility.upper()).first()
        if facility is None:
            raise DomainError(_("No unit has this code."), field="facility")
    if payload.workshop_id is not None and facility is not None:
        with scope(facility=[facility.pk]):
            workshop = in_unit(
                Workshop,
                facility,
                payload.workshop_id,
                "workshop_id",
                _("Choose a workshop of that unit."),
            )
    with api_fields(**SHARE_FIELDS, workshop="workshop_id"):
        rule = split_rule_create(
            actor=request.user,
            scope=payload.scope,
            facility=facility,
            workshop=workshop,
            **_terms(payload),
        )
    return Status(201, _rule(rule.pk))


@router.post(
    "/split-rules/{rule_id}/supersede",
    response={201: SplitRuleOut, **ERRORS},
    summary="Replace the latest version of a rule from a day on",
    description=(
        "The new version applies from `valid_from`; the old one is not changed and applies "
        "until the day before. Refused: a version already replaced (409 `already_superseded`), "
        "a start on a day the old version already split (409 `days_already_split`)."
    ),
)
def split_rule_supersede_post(request, rule_id: int, payload: SplitRuleSupersedeIn):
    _national(request)
    rule = _rule(rule_id)
    with api_fields(**SHARE_FIELDS):
        new = split_rule_supersede(
            actor=request.user, rule=rule, reason=payload.reason, **_terms(payload)
        )
    return Status(201, _rule(new.pk))


# --- one unit ------------------------------------------------------------------------------


@router.get(
    "/facilities/{code}/split-rules",
    response={200: UnitRulesOut, **ERRORS},
    summary="The split rules that concern a unit, and which applies to each workshop today",
)
def unit_split_rules(request, code: str):
    facility = facility_for(request, code, Perm.FINANCE_VIEW)
    with scope(facility=[facility.pk]):
        today = today_in(facility.timezone)
        rules = selectors.split_rules_for_unit(facility=facility)
        workshops = list(Workshop.objects.filter(facility=facility).order_by("name"))
        applied = selectors.rules_applied(
            facility=facility, workshops=workshops, rules=rules, day=today
        )
        return UnitRulesOut.from_orm(
            {
                "day": today,
                "rules": rules,
                "applied": [
                    {
                        "workshop_id": row.workshop.pk if row.workshop else None,
                        "workshop_name": row.workshop.name if row.workshop else None,
                        "rule_id": row.rule.pk if row.rule else None,
                    }
                    for row in applied
                ],
            }
        )


@router.get(
    "/facilities/{code}/proceeds-splits",
    response={200: ProceedsSplitPage, **ERRORS},
    summary="The splits of the money a unit received from `start` to `end` (by id)",
)
def proceeds_split_list(request, code: str, filters: Query[ProceedsSplitFilter]):
    facility = facility_for(request, code, Perm.FINANCE_VIEW)
    with scope(facility=[facility.pk]):
        splits = selectors.proceeds_splits(
            facility=facility,
            start=filters.start,
            end=filters.end,
            workshop_id=filters.workshop_id,
        )
        return _keyset(ProceedsSplitPage, splits, filters)


@router.get(
    "/facilities/{code}/pnbp/{year}",
    response={200: PnbpYearOut, **ERRORS},
    summary="A unit's PNBP year: payables against deposits per month, target and realisation",
)
def pnbp_year(request, code: str, year: int):
    facility = facility_for(request, code, Perm.FINANCE_VIEW)
    if not 2000 <= year <= 2100:
        raise Http404
    with scope(facility=[facility.pk]):
        reconciliation = selectors.pnbp_reconciliation(facility=facility, year=year)
        realisation = selectors.pnbp_realisation(facility=facility, year=year)
    return PnbpYearOut(
        year=year,
        opening=reconciliation.opening,
        months=[
            PnbpMonthOut(
                month=m.month,
                payable=m.payable,
                deposited=m.deposited,
                difference=m.difference,
                outstanding=m.outstanding,
            )
            for m in reconciliation.months
        ],
        payable=reconciliation.payable,
        deposited=reconciliation.deposited,
        outstanding=reconciliation.outstanding,
        target=realisation.target,
        realised=realisation.realised,
        realised_percent=realisation.percent,
    )


@router.get(
    "/facilities/{code}/pnbp-deposits",
    response={200: PnbpDepositPage, **ERRORS},
    summary="A unit's PNBP deposits (keyset pagination by id)",
)
def pnbp_deposit_list(request, code: str, filters: Query[PnbpDepositFilter]):
    facility = facility_for(request, code, Perm.FINANCE_VIEW)
    with scope(facility=[facility.pk]):
        deposits = selectors.pnbp_deposits(facility=facility, year=filters.year)
        return _keyset(PnbpDepositPage, deposits, filters)


@router.post(
    "/facilities/{code}/pnbp-deposits",
    response={201: PnbpDepositOut, **ERRORS},
    summary="Record a PNBP deposit",
    description=(
        "A billing code of 15 digits and an NTPN of 16 letters and digits (400 "
        "`bad_billing_code`, `bad_ntpn`); each is used once in the whole country (409 "
        "`duplicate`). Spaces, dots and dashes are ignored."
    ),
)
def pnbp_deposit_post(request, code: str, payload: PnbpDepositIn):
    facility = facility_for(request, code, Perm.PNBP_MANAGE)
    with scope(facility=[facility.pk]):
        deposit = pnbp_deposit_record(actor=request.user, facility=facility, **payload.model_dump())
        return Status(201, deposit)


@router.post(
    "/facilities/{code}/pnbp-deposits/{deposit_id}/cancel",
    response={201: PnbpDepositOut, **ERRORS},
    summary="Cancel a PNBP deposit recorded by mistake",
    description=(
        "Appends an entry with the amount negated that cancels the deposit (the deposit stays, "
        "`cancelled`); its billing code and NTPN may then be recorded again. 409 "
        "`already_cancelled`; 400 `not_a_deposit` for a cancelling entry."
    ),
)
def pnbp_deposit_cancel_post(request, code: str, deposit_id: int, payload: PnbpDepositCancelIn):
    facility = facility_for(request, code, Perm.PNBP_MANAGE)
    with scope(facility=[facility.pk]):
        deposit = PnbpDeposit.objects.filter(facility=facility, pk=deposit_id).first()
        if deposit is None:
            raise Http404
        reversal = pnbp_deposit_cancel(actor=request.user, deposit=deposit, reason=payload.reason)
        return Status(201, reversal)


@router.get(
    "/facilities/{code}/pnbp-targets",
    response={200: list[PnbpTargetOut], **ERRORS},
    summary="A unit's annual PNBP targets, latest year first",
)
def pnbp_target_list(request, code: str):
    facility = facility_for(request, code, Perm.FINANCE_VIEW)
    with scope(facility=[facility.pk]):
        return list(selectors.pnbp_targets(facility=facility))


@router.put(
    "/facilities/{code}/pnbp-targets/{year}",
    response={200: PnbpTargetOut, **ERRORS},
    summary="Set or revise a unit's PNBP target of a year",
)
def pnbp_target_put(request, code: str, year: int, payload: PnbpTargetIn):
    facility = facility_for(request, code, Perm.PNBP_MANAGE)
    with scope(facility=[facility.pk]):
        return pnbp_target_set(
            actor=request.user, facility=facility, year=year, amount=payload.amount
        )
