"""The audit log cannot be changed by raw SQL on SQLite either, nor emptied by TRUNCATE on
PostgreSQL (karya.core.guards.append_only_guard; `flush` alone may empty it)."""

from django.db import migrations

from karya.core.guards import append_only_guard


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [append_only_guard("audit_auditentry")]
