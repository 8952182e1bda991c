"""Writes on users, memberships and API tokens. Each is one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from karya.accounts.choices import ROLE_SCOPE, ScopeType
from karya.accounts.models import ApiToken, Membership, User
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password", field="password") from exc


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, full_name: str = "", nip: str = "", email: str = ""
) -> User:
    """Create a user who can log in but has no access until a membership is added.

    Side effect: one audit row (the password is never logged).
    """
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("This username is already taken."), code="duplicate", field="username")
    probe = User(username=username, full_name=full_name, email=email)
    _check_password(password, probe)
    user = audited_create(
        actor=actor,
        model=User,
        username=username,
        full_name=full_name,
        nip=nip,
        email=email,
        password="!",
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_update(*, actor, user: User, **fields: Any) -> User:
    """Change a user's name, NIP, e-mail or whether the account is active.

    Side effect: an audit row if anything changed.
    """
    allowed = {"full_name", "nip", "email", "is_active"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not changeable here: {sorted(unknown)}")
    if fields.get("is_active") is False and actor is not None and actor.pk == user.pk:
        raise DomainError(_("You cannot deactivate your own account."), field="is_active")
    return audited_update(actor=actor, instance=user, **fields)


@transaction.atomic
def user_set_password(*, actor, user: User, password: str) -> User:
    """Set a new password (the user's own change, or an administrator's reset).

    Side effect: an audit row saying the password changed, without the password.
    """
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action=AuditEntry.Action.PASSWORD, instance=user)
    return user


@transaction.atomic
def membership_create(
    *, actor, user: User, role: str, facility=None, region=None, partner=None
) -> Membership:
    """Give a user a role over the scope that role takes (DESIGN.md §1).

    Unit roles need a unit, the regional role a region, national and admin the country, the
    partner role one partner (the user is then that partner's own user and sees nothing of
    the unit but what the partner may see); a target that does not fit the role is refused.
    Side effect: one audit row.
    """
    scope = ROLE_SCOPE.get(role)
    if scope is None:
        raise DomainError(_("Unknown role."), field="role")
    if scope == ScopeType.FACILITY and facility is None:
        raise DomainError(_("This role is held in one unit: choose the unit."), field="facility")
    if scope == ScopeType.REGION and region is None:
        raise DomainError(_("This role is held in one region: choose the region."), field="region")
    if scope == ScopeType.COUNTRY and (facility is not None or region is not None):
        raise DomainError(
            _("This role is held for the whole country: choose neither a unit nor a region."),
            field="facility" if facility is not None else "region",
        )
    if scope == ScopeType.FACILITY and region is not None:
        raise DomainError(
            _("This role is held in one unit: do not choose a region."), field="region"
        )
    if scope == ScopeType.REGION and facility is not None:
        raise DomainError(
            _("This role is held in one region: do not choose a unit."), field="facility"
        )
    if scope == ScopeType.PARTNER and (
        partner is None or facility is not None or region is not None
    ):
        raise DomainError(
            _("This role is held for one partner: choose the partner."), field="partner"
        )
    if scope != ScopeType.PARTNER and partner is not None:
        raise DomainError(_("Only the partner role names a partner."), field="partner")
    duplicate = Membership.objects.active().filter(
        user=user, role=role, scope=scope, facility=facility, region=region, partner=partner
    )
    if duplicate.exists():
        raise Conflict(_("The user already holds this role here."), code="duplicate")
    return audited_create(
        actor=actor,
        model=Membership,
        user=user,
        role=role,
        scope=scope,
        facility=facility,
        region=region,
        partner=partner,
    )


@transaction.atomic
def membership_end(*, actor, membership: Membership) -> Membership:
    """End a membership (kept for history). An administrator cannot end their own admin role.

    Side effect: an audit row.
    """
    if actor is not None and membership.user_id == actor.pk and membership.role == "admin":
        raise DomainError(_("You cannot remove your own administrator role."))
    return audited_update(actor=actor, instance=membership, is_active=False)


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create an API token for the acting user; returns it with the raw secret (shown once).

    Side effect: one audit row (without the secret).
    """
    name = name.strip()
    if not name:
        raise DomainError(_("Give the token a name."), field="name")
    raw, prefix, key_hash = ApiToken.generate()
    token = ApiToken.objects.create(user=actor, name=name, prefix=prefix, key_hash=key_hash)
    audit_record(
        actor=actor, action=AuditEntry.Action.CREATE, instance=token, after=snapshot(token)
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token; it stops working at once. Side effect: an audit row."""
    if token.revoked_at is None:
        audited_update(actor=actor, instance=token, revoked_at=timezone.now())
    return token
