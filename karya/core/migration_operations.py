"""Migration operations of our own.

`AddIndexOnline`: an index added to a table that may hold millions of rows in a national
installation (attendance, output, production orders, sales) is built with PostgreSQL's
`CREATE INDEX CONCURRENTLY`, so officers keep saving while `karya migrate` runs; on SQLite
(one unit, small tables) it is a plain AddIndex. A migration using it says `atomic = False`
(PostgreSQL refuses a concurrent build inside a transaction). If such a build is interrupted,
PostgreSQL leaves an invalid index of that name: drop it (`DROP INDEX CONCURRENTLY name`) and
migrate again.
"""

from __future__ import annotations

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex


class AddIndexOnline(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, a plain AddIndex elsewhere (see the module)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
