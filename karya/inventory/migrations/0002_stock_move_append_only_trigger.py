"""On PostgreSQL, refuse UPDATE and DELETE on the stock ledger at the database itself."""

from django.db import migrations

from karya.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("inventory", "0001_initial")]
    operations = [append_only_trigger("inventory_stockmove")]
