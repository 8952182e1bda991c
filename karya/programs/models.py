"""The work programme: workshops, trainings, the waiting list, allocations, daily attendance
and output, and the tools register. Every row belongs to one unit and is scoped by it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.inmates.choices import SecurityClass, Stage
from karya.programs.choices import (
    ALLOCATION_TRANSITIONS,
    AllocationStatus,
    ApplicationStatus,
    AttendanceStatus,
    CertificateIssuer,
    ContributionBasis,
    EndReason,
    Sector,
    TrainingResult,
    WorkSession,
)

# Trust order of security classifications: a workshop admits its minimum and above.
CLASS_RANK = {SecurityClass.MAXIMUM: 0, SecurityClass.MEDIUM: 1, SecurityClass.MINIMUM: 2}


def _all_stages():
    return [Stage.INITIAL, Stage.ADVANCED, Stage.FINAL]


def _weekdays():
    return [0, 1, 2, 3, 4, 5]


def _sessions():
    return [WorkSession.MORNING]


class Workshop(models.Model):
    """A place of work (bengkel kerja, SAE). Invariants: the name is unique in the unit,
    capacity ≥ 1; `allowed_stages`, `working_days` (0 = Monday) and `sessions` are lists."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=150)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    outside_walls = models.BooleanField(_("outside the walls"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    min_security_class = models.CharField(
        _("lowest classification allowed"),
        max_length=10,
        choices=SecurityClass.choices,
        default=SecurityClass.MEDIUM,
        help_text=_("Inmates classified below this (more restrictive) are refused."),
    )
    allowed_stages = models.JSONField(_("pembinaan stages allowed"), default=_all_stages)
    release_margin_days = models.PositiveIntegerField(
        _("refuse when release is within (days)"),
        default=30,
        validators=[MaxValueValidator(3650)],
    )
    working_days = models.JSONField(_("working days"), default=_weekdays)
    sessions = models.JSONField(_("sessions"), default=_sessions)
    contribution_basis = models.CharField(
        _("premi contribution counted by"),
        max_length=10,
        choices=ContributionBasis.choices,
        default=ContributionBasis.PIECES,
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="supervised_workshops",
        verbose_name=_("supervising officers"),
    )
    products = models.ManyToManyField(
        "production.Product", blank=True, related_name="workshops", verbose_name=_("products")
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="workshop_unique_name"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="workshop_capacity_min"),
        ]

    def __str__(self) -> str:
        return self.name


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
        indexes = [models.Index(fields=["facility", "date"])]

    def __str__(self) -> str:
        return f"{self.product} × {self.quantity} ({self.date})"


class Training(models.Model):
    """A course (pelatihan): provider, hours (JP), competency units (SKKNI codes, one per
    line), dates. Participants and results are TrainingParticipant rows."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("unit"),
    )
    title = models.CharField(_("title"), max_length=200)
    provider_name = models.CharField(_("provider"), max_length=200)
    hours_jp = models.PositiveIntegerField(_("hours (JP)"), validators=[MinValueValidator(1)])
    competency_units = models.TextField(
        _("competency units (SKKNI)"), blank=True, help_text=_("One SKKNI code and title per line.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    workshop = models.ForeignKey(
        Workshop,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainings",
        verbose_name=_("workshop"),
    )
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="training_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def competency_unit_list(self) -> list[str]:
        return [line.strip() for line in self.competency_units.splitlines() if line.strip()]


class TrainingParticipant(models.Model):
    """An inmate in a training, with the result and the certificate if one was issued.
    Invariant: once per inmate and training; a certificate needs a result of kompeten."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="participants")
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("inmate"),
    )
    result = models.CharField(
        _("result"), max_length=15, choices=TrainingResult.choices, blank=True
    )
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_issuer = models.CharField(
        _("issued by"), max_length=10, choices=CertificateIssuer.choices, blank=True
    )
    certificate_date = models.DateField(_("certificate date"), null=True, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["inmate__name"]
        verbose_name = _("training participant")
        verbose_name_plural = _("training participants")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "inmate"], name="training_participant_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} · {self.training}"


class Tool(models.Model):
    """A tool of a workshop (knife, saw, chisel, sewing machine). Invariant: the code is unique
    in the unit."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, related_name="tools", verbose_name=_("workshop")
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    is_dangerous = models.BooleanField(_("sharp or dangerous"), default=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["workshop__name", "code"]
        verbose_name = _("tool")
        verbose_name_plural = _("tools")
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="tool_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ToolIssue(models.Model):
    """A tool handed out for one session and counted back at its end. Invariant: a tool has
    at most one issue not yet counted back (returned_at empty and not missing)."""

    class State(models.TextChoices):
        OUT = "keluar", _("Issued")
        RETURNED = "kembali", _("Returned")
        MISSING = "hilang", _("Missing")

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, related_name="issues")
    date = models.DateField(_("date"))
    session = models.CharField(_("session"), max_length=10, choices=WorkSession.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OUT)
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-date", "tool__code"]
        verbose_name = _("tool issue")
        verbose_name_plural = _("tool issues")
        constraints = [
            models.UniqueConstraint(
                fields=["tool"], condition=Q(state="keluar"), name="tool_one_open_issue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} {self.date} {self.state}"


class SkillsRecordPrint(models.Model):
    """That a skills record was printed for an inmate, by whom and when."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    inmate = models.ForeignKey(
        "inmates.Inmate", on_delete=models.PROTECT, related_name="skills_records"
    )
    printed_at = models.DateTimeField(auto_now_add=True)
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-printed_at"]

    def __str__(self) -> str:
        return f"{self.inmate} {self.printed_at:%Y-%m-%d}"
