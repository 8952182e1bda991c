"""Indexes added to the tables that hold millions of rows nationally are built without
holding the officers' writes on PostgreSQL (CREATE INDEX CONCURRENTLY, outside a
transaction), and plainly on SQLite."""

from types import SimpleNamespace

import pytest
from django.db import models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ModelState, ProjectState

from karya.core.migration_operations import AddIndexOnline

ONLINE = [("programs", "0003_premi_period_indexes"), ("production", "0008_web_order_list_index")]
ONLINE += [("sales", "0006_web_sale_list_index")]


@pytest.mark.parametrize("key", ONLINE)
def test_the_large_tables_indexes_are_added_online_outside_a_transaction(key):
    migration = MigrationLoader(None, ignore_no_migrations=True).disk_migrations[key]

    assert migration.atomic is False
    assert migration.operations
    assert all(isinstance(op, AddIndexOnline) for op in migration.operations)


class Editor:
    """A schema editor that records what it was asked to do."""

    def __init__(self, vendor: str):
        self.connection = SimpleNamespace(vendor=vendor, in_atomic_block=False, alias="default")
        self.calls = []

    def add_index(self, model, index, **options):
        self.calls.append(("add", index.name, options))

    def remove_index(self, model, index, **options):
        self.calls.append(("remove", index.name, options))


@pytest.mark.parametrize(
    ("vendor", "options"), [("postgresql", {"concurrently": True}), ("sqlite", {})]
)
def test_the_operation_builds_concurrently_on_postgresql_only(vendor, options):
    index = models.Index(fields=["name"], name="thing_name")
    operation = AddIndexOnline(model_name="thing", index=index)
    before = ProjectState()
    before.add_model(
        ModelState("core", "thing", [("id", models.AutoField(primary_key=True)),
                                     ("name", models.CharField(max_length=10))])
    )  # fmt: skip
    after = before.clone()
    operation.state_forwards("core", after)
    editor = Editor(vendor)

    operation.database_forwards("core", editor, before, after)
    operation.database_backwards("core", editor, after, before)

    assert editor.calls == [("add", "thing_name", options), ("remove", "thing_name", options)]
