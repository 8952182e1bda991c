"""Printed documents: the skills record handed to an inmate."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager


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
