"""Writes on partner visits and their follow-up actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from karya.audit.services import audited_create, audited_update
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.partners.models import FollowUp, Partner, PartnerVisit


def _check(fields: dict[str, Any], partner: Partner) -> None:
    starts, ends = fields.get("starts_at"), fields.get("ends_at")
    if starts and ends and ends < starts:
        raise DomainError(_("A visit cannot end before it starts."), field="ends_at")
    agreement = fields.get("agreement")
    if agreement is not None and agreement.partner_id != partner.pk:
        raise DomainError(_("The agreement is with another partner."), field="agreement")


@transaction.atomic
def visit_create(*, actor, partner: Partner, **fields: Any) -> PartnerVisit:
    """Record a visit (exploration, monitoring, evaluation). Times are aware datetimes.
    Side effect: an audit row."""
    _check(fields, partner)
    return audited_create(
        actor=actor,
        model=PartnerVisit,
        facility_id=partner.facility_id,
        partner=partner,
        created_by=actor,
        **fields,
    )


@transaction.atomic
def visit_update(*, actor, visit: PartnerVisit, **fields: Any) -> PartnerVisit:
    """Change a visit's record. Side effect: an audit row of what changed."""
    _check({"starts_at": visit.starts_at, "ends_at": visit.ends_at} | fields, visit.partner)
    return audited_update(actor=actor, instance=visit, **fields)


@transaction.atomic
def follow_up_add(
    *, actor, visit: PartnerVisit, action: str, owner=None, due_date: dt.date | None = None
) -> FollowUp:
    """Add a follow-up action to a visit; its owner must work in the unit."""
    if not action.strip():
        raise DomainError(_("Describe the action."), field="action")
    if (
        owner is not None
        and not owner.memberships.filter(facility_id=visit.facility_id, is_active=True).exists()
    ):
        raise DomainError(_("The owner must work in this unit."), field="owner")
    return audited_create(
        actor=actor,
        model=FollowUp,
        facility_id=visit.facility_id,
        visit=visit,
        action=action.strip(),
        owner=owner,
        due_date=due_date,
    )


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp, done_on: dt.date) -> FollowUp:
    """Mark a follow-up done (not in the future). Side effect: an audit row."""
    if follow_up.done_on:
        raise DomainError(_("This action is already done."), code="done")
    if done_on > today_in(follow_up.visit.facility.timezone):
        raise DomainError(_("The date cannot be in the future."), field="done_on")
    return audited_update(actor=actor, instance=follow_up, done_on=done_on)
