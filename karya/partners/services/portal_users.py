"""Logins to the partner portal for a partner's own people, given and ended by the unit."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership, User
from karya.accounts.services import membership_create, membership_end, user_create, user_update
from karya.core.errors import DomainError
from karya.partners.models import Partner


@transaction.atomic
def partner_user_create(
    *, actor, partner: Partner, username: str, full_name: str, email: str = "", password: str
) -> User:
    """Give a contact of the partner a login to the partner portal: a new user (a username
    nobody has, a password the password rules accept) holding the partner role for this
    partner only, so the user sees this partner's records and nothing of the unit.

    Refused: an inactive partner, no name, a username taken or not allowed, a weak password.
    Side effects: the user and the membership, each with its audit row (never the password).
    """
    if not partner.is_active:
        raise DomainError(_("This partner is no longer active."))
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise DomainError(_("Give the person's name."), field="full_name")
    user = user_create(
        actor=actor,
        username=username,
        password=password,
        full_name=full_name,
        email=(email or "").strip(),
    )
    membership_create(actor=actor, user=user, role=Role.PARTNER, partner=partner)
    return user


def portal_membership(*, partner: Partner, user_id: int) -> Membership | None:
    """The active membership that makes the user one of the partner's portal users."""
    return (
        Membership.objects.active()
        .filter(user_id=user_id, role=Role.PARTNER, scope=ScopeType.PARTNER, partner=partner)
        .select_related("user")
        .first()
    )


@transaction.atomic
def partner_user_deactivate(*, actor, partner: Partner, user: User) -> User:
    """End a person's access to the partner's portal: the membership for this partner ends
    (kept for history); when the user then holds no other active membership (another
    partner's, or a role in a unit), the account itself is deactivated and cannot log in.

    Refused: a user who is not a portal user of this partner. Side effects: the audit rows of
    the membership and, when deactivated, of the user.
    """
    membership = portal_membership(partner=partner, user_id=user.pk)
    if membership is None:
        raise DomainError(_("This person has no login to this partner's portal."))
    membership_end(actor=actor, membership=membership)
    if not Membership.objects.active().filter(user=user).exists() and user.is_active:
        user_update(actor=actor, user=user, is_active=False)
    return user
