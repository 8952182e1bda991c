"""Reads on the inbox. Every read is limited to one user's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from karya.notifications.models import Notification


def notifications_for(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (with their unit, in one query)."""
    notifications = Notification.objects.filter(user=user).select_related("facility")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread (one indexed COUNT query)."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
