"""Trainings and who took part in them."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.programs.choices import CertificateIssuer, TrainingResult
from karya.programs.models.workshops import Workshop


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
