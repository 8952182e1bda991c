"""The unit's activity log (events with photos and links to the records they concern) and the
press releases Humas writes from them.

An event's photos are taken inside a prison: they are re-encoded without metadata and shown
only on the unit's own pages, never on the public site nor in an export. A press release is
text only; the services refuse a text that names or numbers one of the unit's inmates."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.newsroom.choices import EventKind, ReleaseStatus


class Event(models.Model):
    """Something that happened at or for the unit: a partner's visit, a pick-up, a signing, a
    training, a bazaar, a harvest. Times are stored in UTC and shown in the unit's zone; an
    event without an end runs "hingga selesai". Links to the records it concerns are optional,
    and each must be a record of the same unit (the services check it)."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    kind = models.CharField(_("kind of event"), max_length=16, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    description = models.TextField(_("what happened"), blank=True)
    handover = models.ForeignKey(
        "sales.Handover",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handover (BAST)"),
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("agreement"),
    )
    training = models.ForeignKey(
        "programs.Training",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("training"),
    )
    production_order = models.ForeignKey(
        "production.ProductionOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("production order"),
    )
    partner_visit = models.ForeignKey(
        "partners.PartnerVisit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner visit"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                name="news_event_times_ordered",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
            ),
        ]
        indexes = [models.Index(fields=["facility", "-starts_at"])]

    def __str__(self) -> str:
        return self.title


def event_photo_path(instance, filename: str) -> str:
    """A random name under the unit's folder; the extension comes from the cleaned image."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    extension = extension if extension in {"jpg", "png"} else "jpg"
    return f"news/{instance.facility.code}/{uuid.uuid4().hex}.{extension}"


class EventPhoto(models.Model):
    """A photo of an event, re-encoded without metadata (karya.core.images). Shown only on
    the unit's own pages: it may show inmates."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=event_photo_path, max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("event photo")
        verbose_name_plural = _("event photos")

    def __str__(self) -> str:
        return self.caption or f"{self.event} #{self.pk}"


class PressRelease(models.Model):
    """A press release of the unit, drafted from an event.

    DRAFT → SUBMITTED (the head is asked) → APPROVED (by the head) → PUBLISHED (shown on the
    unit's public page); SUBMITTED or APPROVED → DRAFT when sent back or edited again;
    PUBLISHED → APPROVED when withdrawn. Invariants: an approved or published release names who
    approved it; a published one has its publication time; the text never names or numbers an
    inmate of the unit (the services check every save). `quotes` keeps the statements the user
    typed ([{"name", "role", "text"}]) so that a draft can be generated again."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="releases", verbose_name=_("event")
    )
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text"), help_text=_("Paragraphs are separated by an empty line."))
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences for search engines and link previews."),
    )
    quotes = models.JSONField(_("quotes"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    return_note = models.CharField(_("why it was sent back"), max_length=300, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        constraints = [
            models.CheckConstraint(
                name="press_release_approved_has_approver",
                condition=~Q(status__in=["approved", "published"]) | Q(approved_by__isnull=False),
            ),
            models.CheckConstraint(
                name="press_release_published_has_time",
                condition=~Q(status="published") | Q(published_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def slug(self) -> str:
        """The title for the public address (/berita/<unit>/<id>-<slug>/)."""
        return slugify(self.title)[:80].strip("-") or "berita"

    @property
    def is_published(self) -> bool:
        return self.status == ReleaseStatus.PUBLISHED
