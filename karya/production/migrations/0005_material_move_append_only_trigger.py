"""On PostgreSQL, refuse UPDATE and DELETE on the material ledger at the database itself."""

from django.db import migrations

from karya.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("production", "0004_materials_orders")]
    operations = [append_only_trigger("production_materialmove")]
