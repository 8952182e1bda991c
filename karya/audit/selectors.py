"""Reading the audit log."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from karya.audit.models import AuditEntry, AuditEntryQuerySet


def history_for(instance: models.Model) -> AuditEntryQuerySet:
    """The audit rows of one record, newest first, with their actors.

    The caller must already have fetched `instance` through its own permission and tenancy
    checks: this selector trusts that the record is visible.
    """
    return AuditEntry.objects.for_object(instance).select_related("actor")


def history_for_all(instances: Iterable[models.Model]) -> AuditEntryQuerySet:
    """The audit rows of several records together (a user with their roles and tokens).

    Same trust rule as `history_for`: the caller has fetched every instance itself.
    """
    ids: dict[ContentType, list[str]] = {}
    for instance in instances:
        content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
        ids.setdefault(content_type, []).append(str(instance.pk))
    condition = Q(pk__in=[])
    for content_type, object_ids in ids.items():
        condition |= Q(content_type=content_type, object_id__in=object_ids)
    return AuditEntry.objects.filter(condition).select_related("actor")
