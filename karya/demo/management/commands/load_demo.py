from django.core.management.base import BaseCommand

from karya.demo.data import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        users = demo_load()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for spec in users:
            where = spec.unit or spec.region or "Indonesia"
            self.stdout.write(f"  {spec.username:<16} {spec.role:<15} {where}")
