"""On PostgreSQL, the inmate ledger is append-only and an approved premi run (with its shares
and corrections) can be neither changed nor deleted, at the database itself."""

from django.db import migrations

from karya.core.models import append_only_trigger
from karya.premi.db import approved_run_trigger


class Migration(migrations.Migration):
    dependencies = [("premi", "0001_initial")]
    operations = [
        append_only_trigger("premi_inmateledgerentry"),
        approved_run_trigger("premi_premirun", run_column=None),
        approved_run_trigger("premi_premishare", run_column="run_id"),
        approved_run_trigger("premi_premiadjustment", run_column="run_id"),
    ]
