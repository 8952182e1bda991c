"""Reads on users, memberships and tokens."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from karya.accounts.models import ApiToken, Membership, User


def user_list(*, query: str = "") -> QuerySet[User]:
    users = User.objects.order_by("username")
    if query:
        users = users.filter(
            Q(username__icontains=query) | Q(full_name__icontains=query) | Q(nip__icontains=query)
        )
    return users


def memberships_of(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("facility", "region")
        .order_by("-is_active", "role")
    )


def user_for_token(raw: str) -> User | None:
    """The active user behind an unrevoked token, or None. Marks the token as used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
