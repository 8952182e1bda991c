"""On PostgreSQL, refuse UPDATE and DELETE on product prices at the database itself."""

from django.db import migrations

from karya.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("production", "0002_catalogue")]
    operations = [append_only_trigger("production_productprice")]
