"""Writes of the newsroom: events of the activity log with their photos, and press releases
from the generated draft to publication on the unit's public page.

A release's text never names or numbers one of the unit's inmates: every write of a text
checks it (`identity_check`) and refuses it with a message saying what was found. Only the
head (Perm.NEWS_APPROVE) approves; only an approved release is published.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.accounts.permissions import Perm, access_for
from karya.audit.models import AuditEntry
from karya.audit.services import audit_record, audited_create, audited_update, snapshot
from karya.core.errors import Conflict, DomainError
from karya.core.images import clean_image, store_image
from karya.inmates.models import Inmate
from karya.newsroom.choices import EventKind, ReleaseStatus
from karya.newsroom.drafting import Quote, compose
from karya.newsroom.facts import draft_facts
from karya.newsroom.models import Event, EventPhoto, PressRelease
from karya.notifications.services import notify

EVENT_PHOTO_LIMIT = 20
MAX_QUOTES = 5
LINKS = ("handover", "agreement", "training", "production_order", "partner_visit")


# --- the identity check ----------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def identity_check(*, facility, texts: list[str]) -> None:
    """Refuse a text that contains the full name (two words or more) or the registration
    number of one of the unit's inmates, past or present. Names are matched as whole words,
    ignoring case and punctuation."""
    haystack = f" {_words(' '.join(texts))} "
    compact = " ".join(texts).casefold()
    for name, number in Inmate.objects.filter(facility=facility).values_list(
        "name", "registration_number"
    ):
        words = _words(name)
        if " " in words and f" {words} " in haystack:
            found = name
        elif number and number.casefold() in compact:
            found = number
        else:
            continue
        raise DomainError(
            _(
                "The text names or numbers an inmate (%(found)s). Press releases never identify "
                "an inmate: write about them without names, e.g. “12 Warga Binaan”."
            )
            % {"found": found},
            code="inmate_identity",
            field="body",
        )


# --- events ----------------------------------------------------------------------------------


def _check_event(facility, fields: dict) -> dict:
    if fields.get("kind") not in EventKind.values:
        raise DomainError(_("Choose the kind of event."), field="kind")
    title = (fields.get("title") or "").strip()
    if not title:
        raise DomainError(_("Give the event a title."), field="title")
    starts_at, ends_at = fields.get("starts_at"), fields.get("ends_at")
    if starts_at is None:
        raise DomainError(_("Give the date and time the event started."), field="starts_at")
    if ends_at is not None and ends_at < starts_at:
        raise DomainError(_("The event cannot end before it starts."), field="ends_at")
    for link in LINKS:
        record = fields.get(link)
        if record is not None and record.facility_id != facility.pk:
            raise DomainError(_("Choose a record of this unit."), field=link)
    handover = fields.get("handover")
    if handover is not None and not handover.is_posted:
        raise DomainError(_("Link a posted handover (BAST), not a draft."), field="handover")
    fields["title"] = title
    for text in ("place", "participants", "description"):
        fields[text] = (fields.get(text) or "").strip()
    return fields


@transaction.atomic
def event_create(
    *,
    actor,
    facility,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime | None = None,
    place: str = "",
    participants: str = "",
    description: str = "",
    **links,
) -> Event:
    """Record an event of the unit, linked to the records it concerns (each of this unit;
    a handover only once posted). Side effect: an audit row."""
    fields = _check_event(
        facility,
        {
            "kind": kind,
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": place,
            "participants": participants,
            "description": description,
            **{link: links.get(link) for link in LINKS},
        },
    )
    return audited_create(
        actor=actor,
        model=Event,
        facility=facility,
        created_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )


@transaction.atomic
def event_update(*, actor, event: Event, **fields) -> Event:
    """Change an event (the same rules as recording it). Side effect: an audit row."""
    current = Event.objects.select_for_update().select_related("facility").get(pk=event.pk)
    values = {
        name: getattr(current, name)
        for name in ("kind", "title", "starts_at", "ends_at", "place", "participants")
    }
    values["description"] = current.description
    values.update({link: getattr(current, link) for link in LINKS})
    values.update(fields)
    return audited_update(actor=actor, instance=current, **_check_event(current.facility, values))


@transaction.atomic
def event_photo_add(*, actor, event: Event, upload, caption: str = "") -> EventPhoto:
    """Add a photo: images only, at most settings.KARYA_PHOTO_MAX_BYTES, re-encoded upright
    without EXIF/GPS under a random name (karya.core.images); at most EVENT_PHOTO_LIMIT per
    event. Side effect: an audit row."""
    current = Event.objects.select_for_update().select_related("facility").get(pk=event.pk)
    if EventPhoto.objects.filter(event=current).count() >= EVENT_PHOTO_LIMIT:
        raise DomainError(
            _("An event has at most %(max)s photos.") % {"max": EVENT_PHOTO_LIMIT},
            code="too_many_photos",
            field="image",
        )
    clean = clean_image(upload, max_bytes=settings.KARYA_PHOTO_MAX_BYTES, field="image")
    photo = EventPhoto(
        facility=current.facility,
        event=current,
        caption=(caption or "").strip()[:200],
        width=clean.width,
        height=clean.height,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    store_image(photo.image, clean)
    try:
        photo.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, instance=photo, after=snapshot(photo)
        )
    except Exception:
        photo.image.storage.delete(photo.image.name)
        raise
    return photo


# --- press releases --------------------------------------------------------------------------


def _quotes(quotes) -> list[dict]:
    cleaned = []
    for quote in quotes or []:
        text = (quote.get("text") or "").strip()
        name = (quote.get("name") or "").strip()
        role = (quote.get("role") or "").strip()
        if not text and not name and not role:
            continue
        if not text:
            raise DomainError(
                _("Write what %(name)s said.") % {"name": name or role}, field="quotes"
            )
        if not name:
            raise DomainError(_("Say who said “%(text)s”.") % {"text": text[:60]}, field="quotes")
        cleaned.append({"name": name[:150], "role": role[:200], "text": text[:2000]})
    if len(cleaned) > MAX_QUOTES:
        raise DomainError(
            _("A release has at most %(max)s quotes.") % {"max": MAX_QUOTES}, field="quotes"
        )
    return cleaned


@transaction.atomic
def release_generate(*, actor, event: Event, quotes=()) -> PressRelease:
    """A new draft release from the event's records and the quotes the user typed
    ([{"name", "role", "text"}]). Side effect: the draft and its audit row."""
    current = Event.objects.select_related("facility").get(pk=event.pk)
    cleaned = _quotes(quotes)
    draft = compose(draft_facts(current), [Quote(**q) for q in cleaned])
    identity_check(facility=current.facility, texts=[draft.title, draft.body, draft.summary])
    return audited_create(
        actor=actor,
        model=PressRelease,
        facility=current.facility,
        event=current,
        title=draft.title,
        summary=draft.summary,
        body=draft.body,
        quotes=cleaned,
        status=ReleaseStatus.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _locked(release: PressRelease) -> PressRelease:
    return PressRelease.objects.select_for_update().select_related("facility").get(pk=release.pk)


def _refuse(release: PressRelease, message: str) -> Conflict:
    """`message` has a %(status)s: the release's status now."""
    return Conflict(message % {"status": release.get_status_display()}, code="wrong_status")


@transaction.atomic
def release_update(
    *, actor, release: PressRelease, title: str, body: str, summary: str | None = None
) -> PressRelease:
    """Edit the text of a release not yet published (the summary is kept when not given); a
    changed approved one goes back to a draft (the head approves the new text). Side effect:
    an audit row."""
    current = _locked(release)
    if current.status == ReleaseStatus.PUBLISHED:
        raise Conflict(
            _("A published release cannot be edited; withdraw it first."), code="wrong_status"
        )
    title, body = (title or "").strip(), (body or "").strip()
    summary = current.summary if summary is None else summary.strip()
    if not title:
        raise DomainError(_("Give the release a title."), field="title")
    if not body:
        raise DomainError(_("The release has no text."), field="body")
    identity_check(facility=current.facility, texts=[title, body, summary])
    fields = {"title": title[:250], "body": body, "summary": summary[:300]}
    changed = any(getattr(current, k) != v for k, v in fields.items())
    if changed and current.status != ReleaseStatus.DRAFT:
        fields.update(status=ReleaseStatus.DRAFT, approved_at=None, approved_by=None)
    return audited_update(actor=actor, instance=current, **fields)


def _heads(facility) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__facility=facility,
            memberships__role=Role.HEAD,
            memberships__is_active=True,
        ).distinct()
    )


@transaction.atomic
def release_submit(*, actor, release: PressRelease) -> PressRelease:
    """DRAFT → SUBMITTED: the unit's heads are told (inbox and e-mail). Side effect: an audit
    row and the notifications."""
    current = _locked(release)
    if current.status != ReleaseStatus.DRAFT:
        raise _refuse(current, _("Only a draft can be submitted; this release is “%(status)s”."))
    identity_check(facility=current.facility, texts=[current.title, current.body])
    updated = audited_update(actor=actor, instance=current, status=ReleaseStatus.SUBMITTED)
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Press release to approve: %(title)s") % {"title": current.title}
    notify(
        users=_heads(current.facility),
        facility=current.facility,
        kind="press_release_submitted",
        title=title,
        url=reverse("newsroom:release-detail", args=[current.facility.code, current.pk]),
    )
    return updated


@transaction.atomic
def release_approve(*, actor, release: PressRelease) -> PressRelease:
    """DRAFT or SUBMITTED → APPROVED, by the head only. Side effect: an audit row."""
    current = _locked(release)
    if not access_for(actor).can(Perm.NEWS_APPROVE, current.facility):
        raise DomainError(
            _("Only the head of the unit approves a press release."), code="approval_forbidden"
        )
    if current.status not in (ReleaseStatus.DRAFT, ReleaseStatus.SUBMITTED):
        raise _refuse(current, _("This release cannot be approved: it is “%(status)s”."))
    identity_check(facility=current.facility, texts=[current.title, current.body])
    return audited_update(
        actor=actor,
        instance=current,
        status=ReleaseStatus.APPROVED,
        approved_at=timezone.now(),
        approved_by=actor,
        return_note="",
    )


@transaction.atomic
def release_return(*, actor, release: PressRelease, note: str) -> PressRelease:
    """SUBMITTED or APPROVED → DRAFT with the head's reason. Side effect: an audit row."""
    current = _locked(release)
    if not access_for(actor).can(Perm.NEWS_APPROVE, current.facility):
        raise DomainError(
            _("Only the head of the unit sends a press release back."), code="approval_forbidden"
        )
    if current.status not in (ReleaseStatus.SUBMITTED, ReleaseStatus.APPROVED):
        raise _refuse(current, _("This release cannot be sent back: it is “%(status)s”."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say what should change."), field="note")
    return audited_update(
        actor=actor,
        instance=current,
        status=ReleaseStatus.DRAFT,
        approved_at=None,
        approved_by=None,
        return_note=note[:300],
    )


@transaction.atomic
def release_publish(*, actor, release: PressRelease) -> PressRelease:
    """APPROVED → PUBLISHED: the release appears on the unit's public page and in the news.
    Side effect: an audit row (the public cache is emptied by karya.catalogue.signals)."""
    current = _locked(release)
    if current.status != ReleaseStatus.APPROVED:
        raise Conflict(
            _("Only a release approved by the head can be published."), code="not_approved"
        )
    identity_check(facility=current.facility, texts=[current.title, current.body])
    return audited_update(
        actor=actor,
        instance=current,
        status=ReleaseStatus.PUBLISHED,
        published_at=timezone.now(),
        published_by=actor,
    )


@transaction.atomic
def release_withdraw(*, actor, release: PressRelease) -> PressRelease:
    """PUBLISHED → APPROVED: taken off the public site (it can be published again)."""
    current = _locked(release)
    if current.status != ReleaseStatus.PUBLISHED:
        raise _refuse(
            current, _("Only a published release can be withdrawn; this one is “%(status)s”.")
        )
    return audited_update(
        actor=actor,
        instance=current,
        status=ReleaseStatus.APPROVED,
        published_at=None,
        published_by=None,
    )
