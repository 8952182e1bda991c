"""Model pieces shared by the domain apps.

Append-only tables (the audit log, the stock ledger, dated prices, and every ledger to come)
use `AppendOnlyModel` with an `AppendOnlyQuerySet`-based manager: a row can be added, never
changed or deleted through the app (save on an existing row, delete, queryset update/delete,
bulk_update and upserts raise `AppendOnlyError`). `append_only_trigger` (a migration
operation) refuses UPDATE and DELETE at the database itself too, on PostgreSQL and SQLite.
"""

from django.db import migrations, models


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete a row of an append-only table."""


def _refuse(model, what: str):
    name = model._meta.verbose_name_plural if model else "rows"
    return AppendOnlyError(f"{str(name).capitalize()} are append-only: they cannot be {what}.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise _refuse(self.model, "changed")

    def delete(self):
        raise _refuse(self.model, "deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise _refuse(self.model, "changed")

    def bulk_create(self, objs, *args, **kwargs):
        # Appending many rows is fine; an upsert would overwrite existing ones.
        if kwargs.get("update_conflicts"):
            raise _refuse(self.model, "overwritten")
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyModel(models.Model):
    """Abstract base of an append-only table (see the module docstring)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise _refuse(type(self), "changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self), "deleted")


def append_only_trigger(table: str) -> migrations.RunPython:
    """A migration operation that refuses UPDATE and DELETE on `table` at the database: a
    PostgreSQL trigger, and on SQLite triggers with RAISE(ABORT) (karya.core.guards, where `flush`
    alone may empty the table)."""
    from karya.core.guards import sqlite_guard_statements

    function = f"{table}_append_only"

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in sqlite_guard_statements(table):
                schema_editor.execute(statement)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
                f"RAISE EXCEPTION '{table} is append-only'; END; $$ LANGUAGE plpgsql;"
                f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {function} ON {table};"
                f"DROP FUNCTION IF EXISTS {function}();"
            )

    return migrations.RunPython(forward, backward)


class DocumentCounter(models.Model):
    """The last number given in one series (e.g. "BAST") of one unit and period (e.g.
    "2026/01"). Only `karya.core.numbering.next_number` writes it: the row is locked while the
    next number is taken, inside the transaction that saves the numbered document, so numbers
    have no gaps and never repeat (a rolled-back document gives its number back)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=20)
    period = models.CharField(max_length=10)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "series", "period"], name="document_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.period}: {self.last}"
