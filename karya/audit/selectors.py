"""Reading the audit log."""

from django.db import models

from karya.audit.models import AuditEntry, AuditEntryQuerySet


def history_for(instance: models.Model) -> AuditEntryQuerySet:
    """The audit rows of one record, newest first, with their actors.

    The caller must already have fetched `instance` through its own permission and tenancy
    checks: this selector trusts that the record is visible.
    """
    return AuditEntry.objects.for_object(instance).select_related("actor")
