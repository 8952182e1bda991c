"""The hierarchy every other record hangs from: country → region (Kanwil) → unit (UPT)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from karya.facilities.choices import FacilityClass, FacilityType, TimeZone

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,19}$",
    _("Use 2 to 20 capital letters, digits or dashes, for example LPPWT."),
)


class Region(models.Model):
    """A regional office (Kanwil Ditjenpas). Invariant: `code` and `name` are unique."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("regional office")
        verbose_name_plural = _("regional offices")

    def __str__(self) -> str:
        return f"Kanwil {self.name}"


class Facility(models.Model):
    """A correctional unit (UPT). Invariant: `code` is unique nationally and never reused;
    `timezone` is the zone its times are shown in. Every unit-owned row points here."""

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="facilities", verbose_name=_("region")
    )
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=150, unique=True)
    type = models.CharField(_("type"), max_length=20, choices=FacilityType.choices)
    facility_class = models.CharField(_("class"), max_length=4, choices=FacilityClass.choices)
    timezone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB
    )
    province = models.CharField(_("province"), max_length=100, blank=True)
    city = models.CharField(_("city or regency"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return self.name
