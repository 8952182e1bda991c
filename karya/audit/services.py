"""Writing the audit log. Every write service of every app calls `audit_record` (or
`audit_record_many` for bulk writes) inside its own transaction, so a write and its audit row
commit or fail together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from karya.audit.models import AuditEntry

Snapshot = dict[str, Any]


def _display(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | dt.date | dt.datetime):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> Snapshot:
    """The audited values of an instance: every concrete field but secrets, as JSON values."""
    result: Snapshot = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"password", "id"} or field.name.endswith("_hash"):
            continue
        if field.is_relation:
            value = getattr(instance, field.attname)
        else:
            value = getattr(instance, field.name)
        result[field.name] = _display(value)
    return result


def diff(before: Snapshot, after: Snapshot) -> dict[str, list[Any]]:
    keys = list(dict.fromkeys([*before, *after]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def _facility_id(instance: models.Model) -> int | None:
    return getattr(instance, "facility_id", None)


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: Snapshot | None = None,
    after: Snapshot | None = None,
    note: str = "",
) -> AuditEntry | None:
    """Append one audit row for a write to `instance`.

    An update that changed nothing writes nothing and returns None.
    """
    changes = diff(before or {}, after or {})
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        facility_id=_facility_id(instance),
        changes=changes,
        note=note[:300],
    )


def audit_record_many(
    *, actor, action: str, items: Iterable[tuple[models.Model, Snapshot, Snapshot]], note: str = ""
) -> int:
    """Append audit rows for a bulk write, in batches; returns how many were written."""
    rows = []
    content_types: dict[type, ContentType] = {}
    actor_id = getattr(actor, "pk", None)  # once: `actor` is often the request's lazy user
    for instance, before, after in items:
        model = type(instance)
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(
                model, for_concrete_model=False
            )
        rows.append(
            AuditEntry(
                actor_id=actor_id,
                action=action,
                content_type_id=content_types[model].pk,
                object_id=str(instance.pk),
                object_repr=str(instance)[:200],
                facility_id=_facility_id(instance),
                changes=diff(before, after),
                note=note[:300],
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _validate(instance: models.Model) -> None:
    from django.core.exceptions import ValidationError

    from karya.core.errors import DomainError

    try:
        instance.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(
            " ".join(messages),
            code="invalid",
            field=None if field == "__all__" else field,
            details=[f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()],
        ) from exc


def audited_create(*, actor, model: type[models.Model], audit_note: str = "", **fields: Any):
    """Validate and insert one row, and append its audit row. Raises DomainError on bad data.

    Call inside the service's transaction. `audit_note` goes on the audit row (a model field
    called `note` is passed like any other field).
    """
    instance = model(**fields)
    _validate(instance)
    instance.save()
    audit_record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        instance=instance,
        after=snapshot(instance),
        note=audit_note,
    )
    return instance


def audited_update(*, actor, instance: models.Model, audit_note: str = "", **fields: Any):
    """Validate and save new values on one row, and append an audit row of what changed.

    Saving nothing new writes no audit row. Raises DomainError on bad data.
    """
    before = snapshot(instance)
    for name, value in fields.items():
        setattr(instance, name, value)
    _validate(instance)
    after = snapshot(instance)
    if before != after:
        instance.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            instance=instance,
            before=before,
            after=after,
            note=audit_note,
        )
    return instance
