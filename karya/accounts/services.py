"""Writes on users, memberships and API tokens. Each is one transaction with its audit row."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

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
        password="!",  # nosec B106 # an unusable hash until set_password below
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


# --- login protection: lock-out and two-step verification -----------------------------------


def user_is_locked(user: User) -> bool:
    """Whether wrong passwords have locked this username (from some address) right now."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        username=user.username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).exists()


@transaction.atomic
def user_unlock(*, actor: User, user: User) -> int:
    """Lift the lock-out of a username after wrong passwords, from every address.

    Side effect: the failed-attempt records of the username are removed; one audit row.
    Returns how many records were removed.
    """
    from axes.utils import reset

    removed = reset(username=user.username)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        instance=user,
        before={"login_locked": True},
        after={"login_locked": False},
        note=_("Login unlocked after wrong passwords."),
    )
    return removed


def _two_factor_check(user: User) -> None:
    from karya.accounts import twofactor

    if not twofactor.may_use(user):
        raise DomainError(
            _("Two-step verification is for heads of unit, treasurers and administrators.")
        )


@transaction.atomic
def totp_device_start(*, actor: User) -> TOTPDevice:
    """Begin setting up two-step verification for the acting user: a new secret, unconfirmed
    until its first code is given (any earlier unconfirmed secret is discarded).

    Invariant: a user has at most one confirmed device. No audit row yet (nothing is on).
    """
    _two_factor_check(actor)
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise Conflict(_("Two-step verification is already on."), code="duplicate")
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="Karya", confirmed=False)


def _verify(device: TOTPDevice | None, code: str) -> None:
    """Check a code outside any transaction: a wrong code is counted (django-otp then makes
    the next try wait 1, 2, 4, ... seconds) even though the service refuses."""
    if device is None or not device.verify_token(code.strip()):
        raise DomainError(
            _("The code is not right. Type the six digits the app shows now."), field="code"
        )


def totp_device_confirm(*, actor: User, code: str) -> TOTPDevice:
    """Turn two-step verification on: the code from the authenticator app must match the
    secret being set up. Side effect: one audit row on the user (the secret is never logged).
    """
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        raise DomainError(_("Start setting up two-step verification first."))
    _verify(device, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=actor,
            before={"two_step_verification": False},
            after={"two_step_verification": True},
            note=_("Two-step verification turned on."),
        )
    return device


def totp_device_remove(*, actor: User, user: User, code: str | None = None) -> int:
    """Turn two-step verification off for `user`: by the user themself with a current code,
    or by an administrator for a user who lost their phone (`code` None). Refused for the
    user themself when their role requires it. Side effect: one audit row on the user.
    """
    from karya.accounts import twofactor

    devices = TOTPDevice.objects.filter(user=user)
    if actor.pk == user.pk:
        if twofactor.is_required(user):
            raise DomainError(_("Your role requires two-step verification: it stays on."))
        _verify(devices.filter(confirmed=True).first(), code or "")
    with transaction.atomic():
        removed, _detail = devices.delete()
        if removed:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                instance=user,
                before={"two_step_verification": True},
                after={"two_step_verification": False},
                note=_("Two-step verification turned off."),
            )
    return removed
