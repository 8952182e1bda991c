from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md §1. Which scope each role takes is in `ROLE_SCOPE`."""

    OFFICER = "officer", _("Work programme officer")
    OUTPUT_OFFICER = "output_officer", _("Output officer")
    TREASURER = "treasurer", _("Treasurer")
    HEAD = "head", _("Head of unit")
    PR = "pr", _("Public relations")
    SECURITY = "security", _("Security staff")
    REGIONAL = "regional", _("Regional office staff")
    NATIONAL = "national", _("Directorate General staff")
    ADMIN = "admin", _("System administrator")
    PARTNER = "partner", _("Partner user")


class ScopeType(models.TextChoices):
    FACILITY = "facility", _("One unit")
    REGION = "region", _("One region")
    COUNTRY = "country", _("The whole country")
    PARTNER = "partner", _("One partner")


UNIT_ROLES = frozenset(
    {Role.OFFICER, Role.OUTPUT_OFFICER, Role.TREASURER, Role.HEAD, Role.PR, Role.SECURITY}
)
# Each role has exactly one kind of scope: unit work is done in one unit, a Kanwil reads its
# region, Ditjenpas and administrators act for the country, a partner's user for its partner.
ROLE_SCOPE = {
    **{role: ScopeType.FACILITY for role in UNIT_ROLES},
    Role.REGIONAL: ScopeType.REGION,
    Role.NATIONAL: ScopeType.COUNTRY,
    Role.ADMIN: ScopeType.COUNTRY,
    Role.PARTNER: ScopeType.PARTNER,
}
