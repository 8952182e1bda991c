"""On PostgreSQL, refuse UPDATE and DELETE on product prices at the database itself."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION karya_price_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'product prices are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER production_productprice_append_only
  BEFORE UPDATE OR DELETE ON production_productprice
  FOR EACH ROW EXECUTE FUNCTION karya_price_append_only();
"""
BACKWARD = """
DROP TRIGGER IF EXISTS production_productprice_append_only ON production_productprice;
DROP FUNCTION IF EXISTS karya_price_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("production", "0002_catalogue")]
    operations = [migrations.RunPython(forward, backward)]
