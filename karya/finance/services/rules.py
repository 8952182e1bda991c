"""Split rules: set nationally, overridable for a unit or a workshop, versioned.

Who: only a holder of Perm.SPLIT_RULE_MANAGE (Ditjenpas staff and the national administrator)
makes or replaces a rule, for the country, a unit or a workshop alike. The PNBP share is state
revenue: a unit does not set its own; its head and treasurer see the rules that apply to it.

Versioning: a rule version is never changed. `split_rule_supersede` makes the next version;
from its first day it applies instead of the old one. A version cannot start before the old
one, nor on or before a day the old one already split money (refunds aside), so splits already
made keep naming the version the rule list says was valid that day. Two rules of the same scope
(the country, the same unit, the same workshop) are never valid on the same day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, snapshot
from karya.core.dates import tanggal
from karya.core.errors import Conflict, DomainError
from karya.finance.choices import FULL, RuleScope, SplitBase
from karya.finance.models import SplitRule
from karya.finance.selectors import ends_on, last_split_day, last_split_day_under

NAME_MAX = SplitRule._meta.get_field("name").max_length
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Shares:
    """The three shares of a rule in percent (up to 2 decimals), e.g. Shares(30, 40, 30)."""

    premi: Decimal | int | str
    pnbp: Decimal | int | str
    capital: Decimal | int | str


def _basis_points(value, field: str) -> int:
    try:
        percent = Decimal(str(value).strip().rstrip("%").strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        percent = None
    if percent is None or not percent.is_finite() or percent != percent.quantize(HUNDREDTH):
        raise DomainError(
            _("Give the share as a percentage with at most two decimals, e.g. 12,5."),
            field=field,
        )
    if percent < 0 or percent > 100:
        raise DomainError(_("A share is between 0 and 100 %."), field=field)
    return int(percent * 100)


def _clean_shares(shares: Shares) -> dict[str, int]:
    values = {
        "premi_bp": _basis_points(shares.premi, "premi"),
        "pnbp_bp": _basis_points(shares.pnbp, "pnbp"),
        "capital_bp": _basis_points(shares.capital, "capital"),
    }
    total = sum(values.values())
    if total != FULL:
        raise DomainError(
            _(
                "The shares add up to %(total)s %%; premi, PNBP and capital must add up to "
                "exactly 100 %%."
            )
            % {"total": SplitRule.percent(total)},
            code="shares_not_100",
        )
    return values


def _clean_terms(
    *, name: str, base: str, shares: Shares, legal_basis: str, valid_from, valid_to
) -> dict:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the rule a name."), field="name")
    if len(name) > NAME_MAX:
        raise DomainError(_("At most %(max)s characters.") % {"max": NAME_MAX}, field="name")
    if base not in SplitBase.values:
        raise DomainError(_("Choose what the shares divide."), field="base")
    legal_basis = (legal_basis or "").strip()
    if not legal_basis:
        raise DomainError(
            _("Give the legal basis of the rule (the regulation or decision that sets it)."),
            field="legal_basis",
        )
    if not isinstance(valid_from, dt.date):
        raise DomainError(_("Give the first day the rule is valid."), field="valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise DomainError(
            _("The rule cannot end before it starts."), field="valid_to", code="bad_period"
        )
    return {
        "name": name,
        "base": base,
        "legal_basis": legal_basis,
        "valid_from": valid_from,
        "valid_to": valid_to,
        **_clean_shares(shares),
    }


def _where(scope: str, facility, workshop) -> dict:
    if scope == RuleScope.NATIONAL:
        return {"scope": scope, "facility": None, "workshop": None}
    if scope == RuleScope.FACILITY:
        if facility is None:
            raise DomainError(_("Choose the unit the rule is for."), field="facility")
        return {"scope": scope, "facility": facility, "workshop": None}
    if scope == RuleScope.WORKSHOP:
        if workshop is None:
            raise DomainError(_("Choose the workshop the rule is for."), field="workshop")
        if facility is not None and workshop.facility_id != facility.pk:
            raise DomainError(_("Choose a workshop of that unit."), field="workshop")
        return {"scope": scope, "facility": workshop.facility, "workshop": workshop}
    raise DomainError(_("Choose where the rule applies."), field="scope")


def _may_manage(actor) -> None:
    if not access_for(actor).can(Perm.SPLIT_RULE_MANAGE):
        raise DomainError(_("Only Ditjenpas sets split rules."), code="forbidden")


def _same_scope(where: dict):
    rules = SplitRule.objects.filter(scope=where["scope"])
    if where["scope"] != RuleScope.NATIONAL:
        rules = rules.filter(facility=where["facility"], workshop=where["workshop"])
    return rules.annotate(replaced_from=F("superseded_by__valid_from"))


def _refuse_overlap(where: dict, start: dt.date, end: dt.date | None, *, replacing=None) -> None:
    """Two rules of the same scope are never valid on the same day (the one being replaced
    stops where the new version starts)."""
    for rule in _same_scope(where):
        if replacing is not None and rule.pk == replacing.pk:
            continue
        other_end = ends_on(rule)
        if other_end is not None and other_end < rule.valid_from:
            continue  # replaced before it ever applied
        if (other_end is None or start <= other_end) and (end is None or rule.valid_from <= end):
            until = tanggal(other_end) if other_end else _("further notice")
            raise Conflict(
                _(
                    "%(rule)s already applies here from %(start)s until %(end)s: two rules "
                    "cannot be valid on the same day. Replace it with a new version instead."
                )
                % {"rule": rule, "start": tanggal(rule.valid_from), "end": until},
                code="overlap",
                field="valid_from",
            )


def _refuse_split_days(where: dict, start: dt.date, end: dt.date | None) -> None:
    last = last_split_day_under(
        scope=where["scope"],
        facility=where["facility"],
        workshop=where["workshop"],
        start=start,
        end=end,
    )
    if last is not None:
        raise Conflict(
            _(
                "Money paid on %(day)s was already split by another rule; a split made is never "
                "recalculated. Let the new rule start on %(next)s or later."
            )
            % {"day": tanggal(last), "next": tanggal(last + dt.timedelta(days=1))},
            code="days_already_split",
            field="valid_from",
        )


def _create(actor, *, audit_note: str = "", **fields) -> SplitRule:
    rule = SplitRule.objects.create(
        created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=rule,
        after=snapshot(rule),
        note=audit_note,
    )
    return rule


def split_rule_create(
    *,
    actor,
    scope: str,
    name: str,
    base: str,
    shares: Shares,
    legal_basis: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    facility=None,
    workshop=None,
) -> SplitRule:
    """Set a new rule (version 1) for the country, a unit or a workshop.

    Refused: an actor without Perm.SPLIT_RULE_MANAGE; a share that is not a percentage with
    at most two decimals between 0 and 100; shares not adding up to exactly 100 %; no name or
    legal basis; an end before the start; a period overlapping another rule of the same scope
    (replace that one instead); a period taking a day whose money was already split by a rule
    this one would override. Side effects: the rule, its audit row.
    """
    _may_manage(actor)
    where = _where(scope, facility, workshop)
    terms = _clean_terms(
        name=name,
        base=base,
        shares=shares,
        legal_basis=legal_basis,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        _refuse_overlap(where, terms["valid_from"], terms["valid_to"])
        _refuse_split_days(where, terms["valid_from"], terms["valid_to"])
        return _create(actor, **where, **terms)


def split_rule_supersede(
    *,
    actor,
    rule: SplitRule,
    base: str,
    shares: Shares,
    legal_basis: str,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    name: str = "",
    reason: str = "",
) -> SplitRule:
    """Make the next version of a rule, valid from `valid_from`; the old version applies up to
    the day before (it is not changed: the new version names it).

    Refused: as `split_rule_create`, and: a version that has been replaced already (replace
    the latest); a start before the old version's; a start on or before a day the old version
    (or a rule the new one overrides) already split money. Side effects: the new version, its
    audit row (with `reason`).
    """
    _may_manage(actor)
    terms = _clean_terms(
        name=name or rule.name,
        base=base,
        shares=shares,
        legal_basis=legal_basis,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    with transaction.atomic():
        current = SplitRule.objects.select_for_update().get(pk=rule.pk)
        if SplitRule.objects.filter(supersedes=current).exists():
            raise Conflict(
                _("This version has been replaced already; replace the latest version."),
                code="already_superseded",
            )
        if terms["valid_from"] < current.valid_from:
            raise DomainError(
                _("The new version cannot start before the version it replaces (%(day)s).")
                % {"day": tanggal(current.valid_from)},
                field="valid_from",
                code="bad_period",
            )
        used_until = last_split_day(rule=current)
        if used_until is not None and terms["valid_from"] <= used_until:
            raise Conflict(
                _(
                    "Money paid on %(day)s was split by this version; a split made is never "
                    "recalculated. Let the new version start on %(next)s or later."
                )
                % {"day": tanggal(used_until), "next": tanggal(used_until + dt.timedelta(1))},
                code="days_already_split",
                field="valid_from",
            )
        where = {"scope": current.scope, "facility": current.facility, "workshop": current.workshop}
        _refuse_overlap(where, terms["valid_from"], terms["valid_to"], replacing=current)
        _refuse_split_days(where, terms["valid_from"], terms["valid_to"])
        return _create(
            actor,
            audit_note=(reason or "").strip()[:300],
            **where,
            **terms,
            version=current.version + 1,
            supersedes=current,
        )
