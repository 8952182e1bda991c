"""The tools register: each workshop's tools and their issue and return."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.programs.choices import WorkSession
from karya.programs.models.workshops import Workshop


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
