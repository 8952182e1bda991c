"""The waiting list, allocations and what they record: daily attendance and output."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.programs.choices import (
    ALLOCATION_TRANSITIONS,
    AllocationStatus,
    ApplicationStatus,
    AttendanceStatus,
    EndReason,
    WorkSession,
)
from karya.programs.models.workshops import Workshop


class Application(models.Model):
    """An inmate on a workshop's waiting list. Invariant: at most one waiting application per
    inmate and workshop; a decided application keeps who decided, when and why."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="applications", verbose_name=_("workshop")
    )
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("inmate"),
    )
    session = models.CharField(
        _("session"), max_length=10, choices=WorkSession.choices, default=WorkSession.MORNING
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.WAITING,
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "inmate"],
                condition=Q(status="menunggu"),
                name="application_one_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inmate} → {self.workshop}"


class Allocation(models.Model):
    """An inmate's place in a workshop, in one session.

    States: PENDING → ACTIVE ⇄ SUSPENDED → ENDED (PENDING may also end); ENDED is final and
    needs an end reason. `overrides` keeps every failed suitability rule a head overrode, with
    the written reason, who and when. Changes go through `transition_to` only.
    """

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("workshop")
    )
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="allocations",
        verbose_name=_("inmate"),
    )
    session = models.CharField(_("session"), max_length=10, choices=WorkSession.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PENDING,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    started = models.BooleanField(
        _("started"),
        default=False,
        help_text=_(
            "Set when the allocation first became active; one that ended while still "
            "pending never counts as worked."
        ),
    )
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("end note"), max_length=300, blank=True)
    suspended_with_pay = models.BooleanField(_("suspended with pay"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=300, blank=True)
    overrides = models.JSONField(_("overridden rules"), default=list, blank=True)
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="allocation"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["workshop__name", "inmate__name"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.CheckConstraint(
                name="allocation_end_complete",
                condition=~Q(status="ENDED") | (Q(end_date__isnull=False) & ~Q(end_reason="")),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "status"]),
            models.Index(fields=["inmate", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} · {self.workshop} ({self.get_session_display()})"

    def save(self, *args, **kwargs):
        # An allocation that is or was active has started; the flag never goes back.
        if self.status in (AllocationStatus.ACTIVE, AllocationStatus.SUSPENDED):
            self.started = True
        super().save(*args, **kwargs)

    def can_move_to(self, status: str) -> bool:
        return status in ALLOCATION_TRANSITIONS[AllocationStatus(self.status)]


class Attendance(models.Model):
    """One allocation's attendance on one day. Invariant: one row per allocation and date;
    a correction updates the row and the audit log keeps the earlier value."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="attendances")
    date = models.DateField(_("date"))
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["date"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["allocation", "date"], name="attendance_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=24), name="attendance_hours_range"
            ),
        ]
        # A premi run sums the attendance of a workshop's allocations over a period from the
        # index alone (PostgreSQL; elsewhere the index has no included columns).
        indexes = [
            models.Index(
                fields=["allocation", "date"],
                include=["status", "hours"],
                name="attendance_premi_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.allocation.inmate} {self.date} {self.status}"


class OutputRecord(models.Model):
    """Pieces of one product an allocation made on one day (a service: times performed).
    Invariant: one row per allocation, date and product; quantity ≥ 0."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="outputs")
    date = models.DateField(_("date"))
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="output_records",
        verbose_name=_("product"),
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["date"]
        verbose_name = _("output record")
        verbose_name_plural = _("output records")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation", "date", "product"], name="output_one_per_product_day"
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "date"]),
            # A premi run sums a workshop's output over a period from the index alone.
            models.Index(
                fields=["allocation", "date"],
                include=["product", "quantity"],
                name="output_premi_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity} ({self.date})"
