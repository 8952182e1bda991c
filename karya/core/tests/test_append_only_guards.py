"""Every append-only table is guarded by the database itself, whatever migrations rebuilt
it: raw UPDATE and DELETE fail on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection

from karya.core.guards import append_only_tables

pytestmark = pytest.mark.django_db


def triggers_of(table):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [table],
            )
        return {row[0] for row in cursor.fetchall()}


def test_the_known_ledgers_are_append_only_models():
    tables = append_only_tables()
    for table in ("audit_auditentry", "inventory_stockmove", "sales_payment", "sales_sale",
                  "premi_inmateledgerentry"):  # fmt: skip
        assert table in tables


def test_every_append_only_table_has_its_triggers():
    assert connection.vendor in {"postgresql", "sqlite"}, "a new backend needs its triggers"
    missing = []
    for table in append_only_tables():
        names = triggers_of(table)
        if connection.vendor == "sqlite":
            wanted = {f"{table}_no_update", f"{table}_no_delete"}
        else:
            wanted = {f"{table}_append_only"}
        if not wanted <= names:
            missing.append(f"{table}: has {sorted(names)}")
    assert not missing, "append-only tables without their database guard:\\n" + "\\n".join(missing)
