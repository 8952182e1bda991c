from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityType(models.TextChoices):
    LAPAS = "lapas", "Lapas"
    LAPAS_NARKOTIKA = "lapas_narkotika", "Lapas Narkotika"
    LAPAS_TERBUKA = "lapas_terbuka", "Lapas Terbuka"
    LAPAS_PEMUDA = "lapas_pemuda", "Lapas Pemuda"
    LAPAS_KHUSUS = "lapas_khusus", "Lapas Khusus"
    LPP = "lpp", "LPP (Lapas Perempuan)"
    LPKA = "lpka", "LPKA"
    RUTAN = "rutan", "Rutan"
    RUTAN_PEREMPUAN = "rutan_perempuan", "Rutan Perempuan"


class FacilityClass(models.TextChoices):
    I = "I", _("Class I")  # noqa: E741
    II = "II", _("Class II")
    IIA = "IIA", _("Class IIA")
    IIB = "IIB", _("Class IIB")
    III = "III", _("Class III")


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB (Asia/Jakarta)"
    WITA = "Asia/Makassar", "WITA (Asia/Makassar)"
    WIT = "Asia/Jayapura", "WIT (Asia/Jayapura)"
