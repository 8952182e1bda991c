from django.core.management.base import BaseCommand

from karya.demo.data import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        users = demo_load()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        rows: dict[tuple[str, str], list[str]] = {}
        for spec in users:
            rows.setdefault((spec.username, spec.role), []).append(
                spec.unit or spec.region or "Indonesia"
            )
        for (username, role), places in rows.items():
            self.stdout.write(f"  {username:<16} {role:<15} {', '.join(places)}")
