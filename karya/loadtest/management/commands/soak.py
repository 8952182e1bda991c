from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from karya.accounts.models import User
from karya.loadtest.runner import DEFAULT_THINK
from karya.loadtest.server import WORKERS
from karya.loadtest.soak import soak, write_report
from karya.loadtest.workload import LOGINS


def _think(value: str) -> tuple[float, float]:
    try:
        low, high = (float(x) for x in value.split(","))
    except ValueError as error:
        raise CommandError("--think takes two numbers of seconds: LOW,HIGH") from error
    if not 0 <= low <= high:
        raise CommandError("--think: 0 ≤ LOW ≤ HIGH")
    return low, high


class Command(BaseCommand):
    help = (
        "Soak test: serve Karya with gunicorn on loopback (as `make run`), run simulated "
        "officers, treasurers, partners and public visitors (the demo logins) against the "
        "current database, and write a report; fails on any error or memory growth."
    )

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=float, default=300.0, help="seconds (300)")
        parser.add_argument("--users", type=int, default=50, help="simulated users (50)")
        parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers")
        parser.add_argument(
            "--think",
            default=",".join(str(x) for x in DEFAULT_THINK),
            help="pause between two pages, LOW,HIGH seconds (2,8)",
        )
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "docs" / "soak" / "latest"),
            help="report path without suffix: .md and .json are written (docs/soak/latest)",
        )
        parser.add_argument(
            "--load-demo",
            action="store_true",
            help="migrate and load the demo first (else the database must hold it)",
        )

    def handle(self, *args, **options):
        if options["duration"] <= 0 or options["users"] <= 0 or options["workers"] <= 0:
            raise CommandError("--duration, --users and --workers must be above 0")
        think = _think(options["think"])
        if options["load_demo"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("load_demo", stdout=self.stdout)
        usernames = {p.username for group in LOGINS.values() for p in group if p.username}
        try:
            found = set(
                User.objects.filter(username__in=usernames).values_list("username", flat=True)
            )
        except DatabaseError:  # not even migrated
            found = set()
        if found != usernames:
            raise CommandError(
                "The database does not hold the demo (missing logins: "
                f"{', '.join(sorted(usernames - found))}). Run `karya load-demo` first or "
                "pass --load-demo. The soak writes attendance and counter sales: never run it "
                "against a production database."
            )
        call_command("collectstatic", interactive=False, verbosity=0)
        database = connection.vendor
        connection.close()  # the server's workers open their own
        self.stdout.write(
            f"Soak: {options['users']} users for {options['duration']:.0f} s on {database}…"
        )
        report = soak(
            duration=options["duration"],
            users=options["users"],
            workers=options["workers"],
            think=think,
            database=database,
        )
        md, js = write_report(report, Path(options["output"]))
        pages = report["pages"]
        for label, row in pages.items():
            self.stdout.write(
                f"  {label:<26} {row['requests']:>6} req  {row['errors']:>3} err  "
                f"p95 {row['p95_ms']:>8.1f} ms"
            )
        self.stdout.write(f"Report: {md} and {js}")
        if not report["ok"]:
            raise CommandError("Soak failed: " + "; ".join(report["reasons"]))
        self.stdout.write(self.style.SUCCESS("Soak passed: no error, no memory growth."))
