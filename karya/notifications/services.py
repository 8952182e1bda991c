"""Writes on the inbox: sending a notice to users (in the app and by e-mail), marking read.

`notify` is generic: any feature (a missing tool, an agreement reminder) calls it inside its
own transaction; the notifications are written with that transaction and the e-mails leave
only after it commits, so a rolled-back write never sends mail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from karya.notifications.models import Notification

logger = logging.getLogger(__name__)

TITLE_MAX = Notification._meta.get_field("title").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def _absolute(url: str) -> str:
    """A link for an e-mail: prefixed with KARYA_SITE_URL when the site's address is set."""
    base = getattr(settings, "KARYA_SITE_URL", "").rstrip("/")
    return f"{base}{url}" if base and url.startswith("/") else url


def _send_emails(messages: list[tuple[str, str, str]]) -> None:
    """Send one e-mail per recipient (recipients never see each other's address)."""
    for subject, body, address in messages:
        try:
            send_mail(subject, body, None, [address])
        except Exception:  # a mail server down must not undo or break the committed write
            logger.exception("Could not send a notification e-mail to %s", address)


def notify(
    *,
    users: Iterable,
    facility=None,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put one notification in the inbox of each active user (duplicates counted once) and,
    when `email`, send the same notice by e-mail to those with an address, after the
    surrounding transaction commits. Returns the notifications written."""
    recipients = {user.pk: user for user in users if user.is_active}.values()
    title = str(title)[:TITLE_MAX]
    body = str(body)
    url = str(url)[:URL_MAX]
    notifications = Notification.objects.bulk_create(
        [
            Notification(user=user, facility=facility, kind=kind, title=title, body=body, url=url)
            for user in recipients
        ]
    )
    if email:
        text = "\n\n".join(part for part in (body, _absolute(url)) if part)
        messages = [(title, text, user.email) for user in recipients if user.email]
        if messages:
            transaction.on_commit(partial(_send_emails, messages))
    return notifications


def notification_mark_read(*, actor, notification: Notification) -> Notification:
    """Mark one of the actor's own notifications read (reading it again changes nothing)."""
    if notification.user_id != actor.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many."""
    return Notification.objects.filter(user=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )
