"""The indicators every unit's yearly targets are set for (issue 8): participation, PNBP (whose
targets are the finance area's PNBP targets), certified inmates, partners and e-Katalog
listings. National staff add their own indicators on top."""

from django.db import migrations

BUILTIN = [
    ("partisipasi", "Partisipasi kerja WBP (%)", "participation", 10),
    ("pnbp", "Realisasi PNBP", "pnbp_deposited", 20),
    ("wbp-bersertifikat", "WBP bersertifikat kompetensi", "certified_inmates", 30),
    ("mitra", "Mitra dengan PKS berlaku", "partners_active", 40),
    ("produk-ekatalog", "Produk tayang di e-Katalog", "ekatalog_listed", 50),
]


def add(apps, schema_editor):
    Indicator = apps.get_model("reports", "Indicator")
    for code, name, measure, position in BUILTIN:
        Indicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "measure": measure, "builtin": True, "position": position},
        )


def remove(apps, schema_editor):
    apps.get_model("reports", "Indicator").objects.filter(
        code__in=[code for code, *_rest in BUILTIN], builtin=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_reports_initial")]

    operations = [migrations.RunPython(add, remove)]
