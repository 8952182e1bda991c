"""On PostgreSQL, sales, their lines, invoices, payments and allocations refuse UPDATE and
DELETE at the database too (karya.core.models.append_only_trigger)."""

from django.db import migrations

from karya.core.models import append_only_trigger


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [
        append_only_trigger("sales_sale"),
        append_only_trigger("sales_saleline"),
        append_only_trigger("sales_invoice"),
        append_only_trigger("sales_payment"),
        append_only_trigger("sales_paymentallocation"),
    ]
