from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class LegalStatus(models.TextChoices):
    DETAINEE = "tahanan", _("Detainee (tahanan)")
    PRISONER = "narapidana", _("Prisoner (narapidana)")


class SecurityClass(models.TextChoices):
    MAXIMUM = "maksimum", _("Maximum")
    MEDIUM = "medium", _("Medium")
    MINIMUM = "minimum", _("Minimum")


class Stage(models.TextChoices):
    """Pembinaan stage: awal (first third), lanjutan, akhir (last part, asimilasi possible)."""

    INITIAL = "awal", _("Initial (awal)")
    ADVANCED = "lanjutan", _("Advanced (lanjutan)")
    FINAL = "akhir", _("Final (akhir)")


class Departure(models.TextChoices):
    RELEASED = "bebas", _("Released")
    TRANSFERRED = "pindah", _("Transferred")
    DECEASED = "meninggal", _("Deceased")
    OTHER = "lainnya", _("Other")


class Presence(models.TextChoices):
    PRESENT = "ada", _("In the unit")
    LEFT = "keluar", _("Left the unit")
