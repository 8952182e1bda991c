"""Updating many rows at once, each with its own values.

Django's `bulk_update` writes one `CASE WHEN id = … THEN …` per field and row: for a
workshop's day (60 inmates, attendance and output) building that statement costs far more than
running it. On PostgreSQL `rows_update` sends one array per column instead and updates from
them in one statement; elsewhere it is `bulk_update`.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


def _array_type(field: models.Field) -> str:
    if field.is_relation:
        return field.target_field.rel_db_type(connection)
    return field.db_type(connection)


def rows_update(model: type[models.Model], objs: Sequence[models.Model], fields: list[str]):
    """Write `fields` of every object of `objs` (saved rows of `model`) in one statement."""
    if not objs:
        return
    if connection.vendor != "postgresql":
        model._base_manager.bulk_update(objs, fields)
        return
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields]
    columns = [meta.pk, *chosen]
    arrays = [[obj.pk for obj in objs]]
    arrays += [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in objs]
        for field in chosen
    ]
    quote = connection.ops.quote_name
    names = [quote(field.column) for field in columns]
    unnest = ", ".join(f"%s::{_array_type(field)}[]" for field in columns)
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in chosen)
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608  # nosec B608 # names from model metadata; values are parameters
        f"FROM unnest({unnest}) AS v({', '.join(names)}) "
        f"WHERE t.{quote(meta.pk.column)} = v.{quote(meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)
