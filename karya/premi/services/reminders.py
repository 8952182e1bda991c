"""The treasurer's reminder when inmates who still have money on their ledger leave the unit."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership
from karya.core.money import format_rupiah
from karya.inmates.choices import Departure
from karya.inmates.models import Inmate
from karya.notifications.services import notify
from karya.premi import selectors

KIND_PAYOUT_DUE = "premi_payout_due"


def treasurers_of(facility) -> list:
    """The active users holding the treasurer role in the unit itself."""
    return [
        m.user
        for m in Membership.objects.active()
        .filter(role=Role.TREASURER, scope=ScopeType.FACILITY, facility=facility)
        .select_related("user")
    ]


def ledger_remind_departures(
    sender=None, *, inmates: Iterable[Inmate], actor=None, **kwargs
) -> int:
    """Receiver of karya.inmates.signals.inmates_departed: for every inmate who left with money
    on their ledger, the unit's treasurers get a notice (in-app and e-mail) with the amount
    and a link to pay it out. One notice per inmate; the text is in the installation's
    language. Runs in the registry's transaction. Returns how many inmates were reminded."""
    departed = [i for i in inmates if i.departed_on]
    if not departed:
        return 0
    balances = selectors.balances_of(i.pk for i in departed)
    owed = [(i, balances[i.pk]) for i in departed if i.pk in balances and balances[i.pk].total > 0]
    if not owed:
        return 0
    recipients_by_unit: dict[int, list] = {}
    with translation.override(settings.LANGUAGE_CODE):
        for inmate, balance in owed:
            facility = inmate.facility
            if facility.pk not in recipients_by_unit:
                recipients_by_unit[facility.pk] = treasurers_of(facility)
            values = {
                "name": inmate.name,
                "number": inmate.registration_number,
                "amount": format_rupiah(balance.total),
                "reason": Departure(inmate.departure).label.lower(),
            }
            notify(
                users=recipients_by_unit[facility.pk],
                facility=facility,
                kind=KIND_PAYOUT_DUE,
                title=_("Premi to pay out: %(name)s left with %(amount)s") % values,
                body=_(
                    "%(name)s (%(number)s) has left the unit (%(reason)s) with %(amount)s on "
                    "their premi ledger. Pay it out and print the receipt for them to sign."
                )
                % values,
                url=reverse("premi:ledger-detail", args=[facility.code, inmate.pk]),
            )
    return len(owed)
