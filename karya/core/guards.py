"""Database-level protection of append-only tables, and the one way around it: `flush`.

`append_only_trigger` (karya.core.models) makes PostgreSQL refuse UPDATE and DELETE of an
append-only table. `append_only_guard` adds what that trigger leaves open:

- on SQLite, triggers refusing UPDATE and DELETE (RAISE(ABORT)), so raw SQL through Karya's
  connection cannot change the audit log either;
- on PostgreSQL, a statement trigger refusing TRUNCATE.

Emptying every table is legitimate in exactly one place: Django's `flush` (the test suite runs
it between transactional tests; an operator runs it before restoring a backup). Karya's own
`flush` command (karya.core.management.commands.flush) opens `maintenance()` around Django's:
on PostgreSQL it sets the session variable `karya.maintenance`, on SQLite a flag of the
connection that the SQL function `karya_append_only_guard()` reads. Neither is a security
boundary on its own — SQL that can run `SET` can set the variable — which is why production
runs the application under a database role that owns no table (README, "Database roles"):
such a role can neither TRUNCATE nor drop or disable a trigger, and the UPDATE/DELETE
triggers have no way around them at all. On SQLite, whoever can write the file can do
anything; the triggers stop the application itself and SQL injected through it.

On SQLite a migration that rebuilds a table (most ALTERs) drops its triggers: after every
`migrate` (and `flush`), `ensure_sqlite_guards` puts them back on the table of every
`AppendOnlyModel`, so the guard follows the models, not the history of the migrations.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.apps import apps as global_apps
from django.db import connections, migrations
from django.db.backends.signals import connection_created
from django.dispatch import receiver

SQLITE_GUARD_FUNCTION = "karya_append_only_guard"
MAINTENANCE_SETTING = "karya.maintenance"


@receiver(connection_created, dispatch_uid="karya_append_only_guard")
def _register_sqlite_guard(sender, connection, **kwargs):
    if connection.vendor != "sqlite":
        return

    def guard() -> int:
        return 0 if getattr(connection, "karya_maintenance", False) else 1

    connection.connection.create_function(SQLITE_GUARD_FUNCTION, 0, guard)


@contextmanager
def maintenance(using: str = "default"):
    """Allow emptying append-only tables on this connection for the duration (flush only)."""
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [MAINTENANCE_SETTING])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, '', false)", [MAINTENANCE_SETTING])
    else:
        connection.karya_maintenance = True
        try:
            yield
        finally:
            connection.karya_maintenance = False


def sqlite_guard_statements(table: str) -> list[str]:
    """The SQLite triggers that refuse UPDATE and DELETE of `table` (open in maintenance())."""
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{event.lower()} BEFORE {event} ON {table} "
        f"WHEN {SQLITE_GUARD_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
        for event in ("UPDATE", "DELETE")
    ]


def append_only_guard(table: str) -> migrations.RunPython:
    """A migration operation: SQLite triggers refusing UPDATE and DELETE of `table`, and a
    PostgreSQL trigger refusing TRUNCATE (both open only inside `maintenance()`)."""
    sqlite_names = [f"{table}_no_update", f"{table}_no_delete"]
    pg_function = f"{table}_no_truncate"

    def forward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for statement in sqlite_guard_statements(table):
                schema_editor.execute(statement)
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {pg_function}() RETURNS trigger AS $$ BEGIN "
                f"IF coalesce(current_setting('{MAINTENANCE_SETTING}', true), '') <> 'on' THEN "
                f"RAISE EXCEPTION '{table} is append-only: TRUNCATE refused'; END IF; "
                "RETURN NULL; END; $$ LANGUAGE plpgsql;"
                f"DROP TRIGGER IF EXISTS {pg_function} ON {table};"
                f"CREATE TRIGGER {pg_function} BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {pg_function}();"
            )

    def backward(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            for name in sqlite_names:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")
        elif vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {pg_function} ON {table};"
                f"DROP FUNCTION IF EXISTS {pg_function}();"
            )

    return migrations.RunPython(forward, backward)


def append_only_tables() -> list[str]:
    """The tables of every concrete AppendOnlyModel."""
    from karya.core.models import AppendOnlyModel

    return sorted(
        model._meta.db_table
        for model in global_apps.get_models()
        if issubclass(model, AppendOnlyModel) and not model._meta.proxy
    )


def ensure_sqlite_guards(sender=None, using: str = "default", **kwargs) -> None:
    """(post_migrate) Create the SQLite UPDATE/DELETE triggers of every append-only table
    that lacks them. Nothing to do on PostgreSQL, whose triggers survive ALTER TABLE."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in append_only_tables():
            if table in existing:
                for statement in sqlite_guard_statements(table):
                    cursor.execute(statement)
