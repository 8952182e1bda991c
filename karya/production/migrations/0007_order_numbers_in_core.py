"""Production order numbers move to the shared document counters (karya.core.numbering):
each unit's yearly counter is copied to the "PO" series before the old table goes."""

from django.db import migrations


def copy_counters(apps, schema_editor):
    old = apps.get_model("production", "ProductionOrderCounter")
    new = apps.get_model("core", "DocumentCounter")
    new.objects.bulk_create(
        [
            new(facility_id=row.facility_id, series="PO", period=str(row.year), last=row.last)
            for row in old.objects.all()
        ]
    )


def copy_back(apps, schema_editor):
    old = apps.get_model("production", "ProductionOrderCounter")
    new = apps.get_model("core", "DocumentCounter")
    old.objects.bulk_create(
        [
            old(facility_id=row.facility_id, year=int(row.period), last=row.last)
            for row in new.objects.filter(series="PO")
        ]
    )
    new.objects.filter(series="PO").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("production", "0006_order_agreement"),
    ]

    operations = [
        migrations.RunPython(copy_counters, copy_back),
        migrations.DeleteModel(name="ProductionOrderCounter"),
    ]
