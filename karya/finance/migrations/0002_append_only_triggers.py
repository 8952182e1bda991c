"""On PostgreSQL, split rule versions, proceeds splits and PNBP deposits refuse UPDATE and
DELETE at the database too (karya.core.models.append_only_trigger)."""

from django.db import migrations

from karya.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("finance", "0001_initial")]

    operations = [
        append_only_trigger("finance_splitrule"),
        append_only_trigger("finance_proceedssplit"),
        append_only_trigger("finance_pnbpdeposit"),
    ]
