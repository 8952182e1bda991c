"""On PostgreSQL, refuse UPDATE and DELETE on the stock ledger at the database itself."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION karya_stock_move_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'stock moves are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_stockmove_append_only
  BEFORE UPDATE OR DELETE ON inventory_stockmove
  FOR EACH ROW EXECUTE FUNCTION karya_stock_move_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS inventory_stockmove_append_only ON inventory_stockmove;
DROP FUNCTION IF EXISTS karya_stock_move_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
