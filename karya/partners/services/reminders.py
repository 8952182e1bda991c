"""Reminders to the right roles, in the inbox and by e-mail, each sent exactly once:
agreements ending in 90, 30 and 7 days, obligations due within 7 days or overdue, follow-ups
overdue. `karya remind` runs `reminders_send`; it is safe to run every hour."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.core.dates import tanggal, today_in
from karya.notifications.services import notify
from karya.partners.choices import OPEN_STATUSES, AgreementStatus
from karya.partners.models import Agreement, FollowUp, Obligation, ReminderSent

END_THRESHOLDS = (90, 30, 7)
DUE_SOON_DAYS = 7
AGREEMENT_ROLES = (Role.HEAD, Role.OFFICER, Role.OUTPUT_OFFICER)


def unit_users(facility_id: int, roles) -> list[User]:
    """Active users holding one of `roles` in the unit itself."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__facility_id=facility_id,
            memberships__role__in=list(roles),
        ).distinct()
    )


def _agreement_url(agreement: Agreement) -> str:
    return reverse("partners:agreement-detail", args=[agreement.facility.code, agreement.pk])


def notify_heads(agreement: Agreement, *, kind: str, title: str) -> None:
    notify(
        users=unit_users(agreement.facility_id, [Role.HEAD]),
        facility=agreement.facility,
        kind=kind,
        title=title,
        url=_agreement_url(agreement),
    )


def notify_users(agreement: Agreement, users, *, kind: str, title: str, body: str = "") -> None:
    notify(
        users=users,
        facility=agreement.facility,
        kind=kind,
        title=title,
        body=body,
        url=_agreement_url(agreement),
    )


def _once(key: str) -> bool:
    """Claim a reminder; False when it was sent before (by this or an earlier run)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key)
    except IntegrityError:
        return False
    return True


@dataclass
class ReminderResult:
    expired: int = 0
    agreements: int = 0
    obligations: int = 0
    follow_ups: int = 0


@transaction.atomic
def reminders_send() -> ReminderResult:
    """Expire PKS past their end, then send every reminder that is due and not yet sent."""
    from karya.partners.services.agreements import agreements_expire_due

    result = ReminderResult(expired=agreements_expire_due())
    for agreement in Agreement.objects.filter(
        status=AgreementStatus.PKS, end_date__isnull=False
    ).select_related("facility", "partner"):
        days_left = (agreement.end_date - today_in(agreement.facility.timezone)).days
        due = [t for t in END_THRESHOLDS if 0 <= days_left <= t]
        if not due:
            continue
        # Only the most urgent threshold is sent; the wider ones count as sent with it.
        claimed = [_once(f"agreement-end:{agreement.pk}:{t}") for t in sorted(due)]
        if claimed[0]:
            notify(
                users=unit_users(agreement.facility_id, AGREEMENT_ROLES),
                facility=agreement.facility,
                kind="agreement-ending",
                title=_("Agreement with %(partner)s ends on %(date)s (in %(days)s days)")
                % {
                    "partner": agreement.partner,
                    "date": tanggal(agreement.end_date),
                    "days": days_left,
                },
                url=_agreement_url(agreement),
            )
            result.agreements += 1
    for obligation in Obligation.objects.filter(
        fulfilled_on__isnull=True,
        due_date__isnull=False,
        agreement__status__in=OPEN_STATUSES,
    ).select_related("agreement__facility", "agreement__partner"):
        agreement = obligation.agreement
        days_left = (obligation.due_date - today_in(agreement.facility.timezone)).days
        if days_left < 0:
            key, title = f"obligation-overdue:{obligation.pk}", _("Obligation overdue: %(what)s")
        elif days_left <= DUE_SOON_DAYS:
            key, title = (
                f"obligation-due:{obligation.pk}",
                _("Obligation due on %(date)s: %(what)s"),
            )
        else:
            continue
        if _once(key):
            notify(
                users=unit_users(agreement.facility_id, AGREEMENT_ROLES),
                facility=agreement.facility,
                kind="obligation",
                title=title
                % {"what": obligation.description[:150], "date": tanggal(obligation.due_date)},
                body=str(agreement),
                url=_agreement_url(agreement),
            )
            result.obligations += 1
    for follow_up in FollowUp.objects.filter(
        done_on__isnull=True, due_date__isnull=False
    ).select_related("visit__facility", "visit__partner", "owner"):
        facility = follow_up.visit.facility
        if follow_up.due_date >= today_in(facility.timezone):
            continue
        if _once(f"followup-overdue:{follow_up.pk}"):
            users = unit_users(facility.pk, [Role.HEAD])
            if follow_up.owner is not None:
                users.append(follow_up.owner)
            notify(
                users=users,
                facility=facility,
                kind="follow-up",
                title=_("Follow-up overdue: %(what)s") % {"what": follow_up.action[:150]},
                body=str(follow_up.visit.partner),
                url=reverse(
                    "partners:partner-detail", args=[facility.code, follow_up.visit.partner_id]
                ),
            )
            result.follow_ups += 1
    return result
