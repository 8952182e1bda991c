"""Bulk loading with PostgreSQL's COPY (psycopg's `cursor.copy`), checked against the models.

Rows are tuples in the order of the columns named; every column a row leaves out must be
nullable, so a generated row is one the real table accepts (its constraints, its foreign keys
and its check constraints are all in force while loading: nothing is disabled)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models


class ColumnsError(ValueError):
    """The columns named leave out a column that cannot be null."""


def _columns(model: type[models.Model], fields: list[str]) -> list[str]:
    by_name = {f.name: f for f in model._meta.concrete_fields}
    by_name |= {f.attname: f for f in model._meta.concrete_fields}
    chosen = []
    for name in fields:
        if name not in by_name:
            raise ColumnsError(f"{model.__name__} has no field {name}")
        chosen.append(by_name[name])
    missing = [f.name for f in model._meta.concrete_fields if f not in chosen and not f.null]
    if missing:
        raise ColumnsError(f"{model.__name__}: no value for {', '.join(missing)}")
    return [f.column for f in chosen]


def copy_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """COPY `rows` (tuples, in the order of `fields`) into the model's table; the count."""
    columns = _columns(model, fields)
    json_at = [
        i
        for i, name in enumerate(fields)
        if isinstance(model._meta.get_field(name.removesuffix("_id")), models.JSONField)
    ]
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        quoted = ", ".join(f'"{c}"' for c in columns)
        sql = f'COPY "{table}" ({quoted}) FROM STDIN'
        with raw.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                copy.write_row(row)
                count += 1
    return count


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After loading with explicit ids: the next id of each table follows the largest."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)
