"""Database guards of the premi area (migration operations).

On PostgreSQL, an approved premi run and the lines of an approved run (shares, corrections)
are refused UPDATE and DELETE by triggers, as the ledger is by `append_only_trigger`; the
models and querysets refuse the same on every database.
"""

from django.db import migrations


def approved_run_trigger(table: str, *, run_column: str | None) -> migrations.RunPython:
    """Refuse UPDATE and DELETE of a row of `table` once its run is approved: the run table
    itself (`run_column` None: the row's own status) or a line table naming its run."""
    function = f"{table}_frozen_when_approved"
    if run_column is None:
        condition = "OLD.status = 'approved'"
    else:
        condition = (
            f"EXISTS (SELECT 1 FROM premi_premirun r WHERE r.id = OLD.{run_column} "  # noqa: S608  # nosec B608 # a column name from the migration
            "AND r.status = 'approved')"
        )

    def forward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$ BEGIN "
                f"IF {condition} THEN "
                f"RAISE EXCEPTION '{table}: an approved premi run cannot be changed'; END IF; "
                "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; "
                "END; $$ LANGUAGE plpgsql;"
                f"CREATE TRIGGER {function} BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}();"
            )

    def backward(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"DROP TRIGGER IF EXISTS {function} ON {table};"
                f"DROP FUNCTION IF EXISTS {function}();"
            )

    return migrations.RunPython(forward, backward)
