from django.core.management.base import BaseCommand

from karya.facilities.services import reference_load


class Command(BaseCommand):
    help = "Load the national list of regional offices and units (idempotent)."

    def handle(self, *args, **options):
        result = reference_load(actor=None)
        self.stdout.write(
            f"{result.regions_created} regions and {result.facilities_created} units created; "
            f"{result.facilities_total} units in all."
        )
