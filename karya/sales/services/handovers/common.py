"""What the handover services share: the checks of an agreement, the parties and a draft,
and the constants of the rules (karya.sales.services.handovers says what they are)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership
from karya.accounts.permissions import access_for
from karya.core.dates import local, tanggal
from karya.core.errors import Conflict, DomainError
from karya.inventory.choices import LocationKind
from karya.partners.choices import AgreementStatus
from karya.partners.models import Agreement
from karya.sales.choices import (
    HandoverScheme,
    HandoverStatus,
)
from karya.sales.models import Handover

DEFAULT_PAYMENT_DAYS = 30
HANDOVER_OPEN_STATUSES = (AgreementStatus.MOU, AgreementStatus.PKS)
PHOTO_LIMIT = 12
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
PAYMENT_DAYS_PATTERN = re.compile(r"(\d{1,3})\s*hari", re.IGNORECASE)

TEXT_LIMITS = {
    "partner_representative": Handover._meta.get_field("partner_representative").max_length,
    "partner_representative_position": Handover._meta.get_field(
        "partner_representative_position"
    ).max_length,
    "officer_position": Handover._meta.get_field("officer_position").max_length,
    "note": 2000,
    "reason": Handover._meta.get_field("reason").max_length,
}
PARTY_FIELDS = (
    "handed_over_at",
    "source",
    "officer",
    "officer_position",
    "partner_representative",
    "partner_representative_position",
    "head",
    "note",
)


# --- checks ---------------------------------------------------------------------------------


def _text(value, field: str, *, required: bool = False, message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(message, field=field)
    limit = TEXT_LIMITS[field]
    if len(value) > limit:
        raise DomainError(_("At most %(max)s characters.") % {"max": limit}, field=field)
    return value


def _local_day(moment: dt.datetime, facility) -> dt.date:
    return local(moment, facility.timezone).date()


def _check_agreement(agreement: Agreement, scheme: str, day: dt.date | None = None) -> None:
    """The agreement allows a pick-up under `scheme` (on `day`, when given)."""
    if agreement.status not in HANDOVER_OPEN_STATUSES:
        raise DomainError(
            _(
                "Goods are handed over only under an MoU or a PKS in force; this agreement is "
                "%(status)s."
            )
            % {"status": agreement.get_status_display()},
            code="agreement_not_open",
            field="agreement",
        )
    if scheme not in HandoverScheme.values:
        raise DomainError(
            _("Choose beli putus, konsinyasi or maklon as the scheme."), field="scheme"
        )
    if scheme not in (agreement.schemes or []):
        raise DomainError(
            _("The agreement does not provide for %(scheme)s.")
            % {"scheme": HandoverScheme(scheme).label},
            field="scheme",
        )
    if day is None:
        return
    if agreement.start_date and day < agreement.start_date:
        raise DomainError(
            _("The agreement is in force only from %(date)s.")
            % {"date": tanggal(agreement.start_date)},
            field="handed_over_at",
        )
    if agreement.end_date and day > agreement.end_date:
        raise DomainError(
            _("The agreement was in force only until %(date)s.")
            % {"date": tanggal(agreement.end_date)},
            field="handed_over_at",
        )


def _works_in(user, facility) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, scope=ScopeType.FACILITY, facility=facility)
        .exists()
    )


def _check_parties(facility, fields: dict) -> None:
    moment = fields.get("handed_over_at")
    if not isinstance(moment, dt.datetime):
        raise DomainError(_("Give the date and time of the handover."), field="handed_over_at")
    if timezone.is_naive(moment):
        raise DomainError(_("Give the time with its time zone."), field="handed_over_at")
    source = fields.get("source")
    if source is None or source.facility_id != facility.pk:
        raise DomainError(_("Choose a stock location of this unit."), field="source")
    if source.kind == LocationKind.PARTNER:
        raise DomainError(
            _("Goods are handed over from the unit's own store or gallery, not from a partner."),
            field="source",
        )
    if not source.is_active:
        raise DomainError(
            _("%(location)s is no longer in use; choose another location.")
            % {"location": source.name},
            field="source",
        )
    officer = fields.get("officer")
    if officer is None or not officer.is_active or not _works_in(officer, facility):
        raise DomainError(_("Choose an officer who works in this unit."), field="officer")
    head = fields.get("head")
    if head is None or not head.is_active or Role.HEAD not in access_for(head).roles_in(facility):
        raise DomainError(
            _("Choose the head of the unit (a user holding the head role here)."), field="head"
        )


def _clean_parties(facility, fields: dict) -> dict:
    fields = dict(fields)
    fields["partner_representative"] = _text(
        fields.get("partner_representative"),
        "partner_representative",
        required=True,
        message=_("Give the name of the partner's representative who collects the goods."),
    )
    fields["partner_representative_position"] = _text(
        fields.get("partner_representative_position"), "partner_representative_position"
    )
    fields["officer_position"] = _text(fields.get("officer_position"), "officer_position")
    fields["note"] = _text(fields.get("note"), "note")
    _check_parties(facility, fields)
    if not fields["officer_position"]:
        fields["officer_position"] = officer_position_for(fields["officer"], facility)
    return fields


def officer_position_for(user, facility) -> str:
    """What the BAST prints as the officer's position: the officer's role in the unit, in
    Indonesian (the head's role first, then the output officer's, then any other)."""
    order = [Role.HEAD, Role.OUTPUT_OFFICER, Role.OFFICER, Role.TREASURER, Role.PR, Role.SECURITY]
    roles = set(
        Membership.objects.active()
        .filter(user=user, scope=ScopeType.FACILITY, facility=facility)
        .values_list("role", flat=True)
    )
    for role in order:
        if role in roles:
            with translation.override("id"):
                return str(Role(role).label)
    return ""


def _locked(handover: Handover) -> Handover:
    return (
        Handover.objects.select_for_update(of=("self",))
        .select_related("facility", "agreement", "partner", "source")
        .get(pk=handover.pk)
    )


def _check_draft(handover: Handover) -> None:
    if handover.status != HandoverStatus.DRAFT:
        raise Conflict(
            _("%(handover)s is posted: it can no longer be changed. Reverse it instead.")
            % {"handover": handover.number},
            code="handover_posted",
        )
