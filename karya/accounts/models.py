"""Users, their memberships (user, scope, role) and their API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from karya.accounts.choices import Role, ScopeType


class User(AbstractUser):
    """A person who logs in. Access comes only from active memberships, never from flags:
    `is_staff` and `is_superuser` are unused by Karya."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    nip = models.CharField(
        _("NIP"), max_length=18, blank=True, help_text=_("Civil servant number, for signatures.")
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class MembershipQuerySet(models.QuerySet):
    def active(self) -> "MembershipQuerySet":
        return self.filter(is_active=True)


class Membership(models.Model):
    """A role held by a user over a scope: one unit, one region or the whole country.

    Invariants (checked by constraints): a unit scope names a unit, a region scope a region, a
    partner scope a partner (a partner's own user), a country scope none of them. Memberships
    are ended (`is_active=False`), never deleted, so the audit log keeps its meaning.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=ScopeType.choices)
    facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    region = models.ForeignKey(
        "facilities.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("region"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("partner"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_target",
                condition=(
                    Q(
                        scope=ScopeType.FACILITY,
                        facility__isnull=False,
                        region__isnull=True,
                        partner__isnull=True,
                    )
                    | Q(
                        scope=ScopeType.REGION,
                        facility__isnull=True,
                        region__isnull=False,
                        partner__isnull=True,
                    )
                    | Q(
                        scope=ScopeType.COUNTRY,
                        facility__isnull=True,
                        region__isnull=True,
                        partner__isnull=True,
                    )
                    | Q(
                        scope=ScopeType.PARTNER,
                        facility__isnull=True,
                        region__isnull=True,
                        partner__isnull=False,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope", "facility", "region", "partner"],
                condition=Q(is_active=True),
                name="membership_unique_active",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.scope == ScopeType.FACILITY:
            return str(self.facility)
        if self.scope == ScopeType.PARTNER:
            return str(self.partner)
        if self.scope == ScopeType.REGION:
            return str(self.region)
        return str(_("Whole country"))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A secret a program presents as `Authorization: Bearer <token>`; it acts as its user,
    with the user's memberships. Only a hash is stored; the token is shown once at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """A new raw token with its prefix and hash."""
        raw = "karya_" + secrets.token_urlsafe(32)
        return raw, raw[6:14], _hash_token(raw)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_token(raw)
