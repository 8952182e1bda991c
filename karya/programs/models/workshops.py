"""Workshops: the places work happens, their capacity, admission rules and schedule."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.inmates.choices import SecurityClass, Stage
from karya.programs.choices import ContributionBasis, Sector, WorkSession

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
