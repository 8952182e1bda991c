"""The unit's inmate registry (WBP), kept to what the work programme needs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.inmates.choices import Departure, LegalStatus, SecurityClass, Sex, Stage


class Inmate(models.Model):
    """An inmate (WBP) of one unit, as the national database (SDP) knows them.

    Invariants: `registration_number` is unique within the unit; `departed_on` and `departure`
    are set together (the inmate has left) or both empty (present). Only data the work
    programme needs is kept: no address, no family, no offence. Scoped by facility: queries
    outside a scope raise.
    """

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="inmates",
        verbose_name=_("unit"),
    )
    registration_number = models.CharField(_("registration number"), max_length=40)
    name = models.CharField(_("name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    status = models.CharField(_("legal status"), max_length=12, choices=LegalStatus.choices)
    sentence_start = models.DateField(_("sentence start"), null=True, blank=True)
    expected_release = models.DateField(_("expected release"), null=True, blank=True)
    security_class = models.CharField(
        _("security classification"), max_length=10, choices=SecurityClass.choices
    )
    stage = models.CharField(_("pembinaan stage"), max_length=10, choices=Stage.choices, blank=True)
    asimilasi_eligible = models.BooleanField(_("eligible for asimilasi"), default=False)
    block = models.CharField(_("block"), max_length=40, blank=True)
    cell = models.CharField(_("cell"), max_length=40, blank=True)
    departed_on = models.DateField(_("left on"), null=True, blank=True)
    departure = models.CharField(
        _("reason for leaving"), max_length=10, choices=Departure.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["name", "registration_number"]
        verbose_name = _("inmate")
        verbose_name_plural = _("inmates")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "registration_number"], name="inmate_unique_registration"
            ),
            models.CheckConstraint(
                name="inmate_departure_complete",
                condition=Q(departed_on__isnull=True, departure="")
                | (Q(departed_on__isnull=False) & ~Q(departure="")),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "name"]),
            models.Index(fields=["facility", "departed_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.registration_number})"

    @property
    def is_present(self) -> bool:
        return self.departed_on is None
