"""`karya bench [--scale 1.0] [--seed 2026] [--samples 20] [--reuse] [--report PATH]`:
generate the national benchmark dataset in the PostgreSQL database of DATABASE_URL (which
must be empty: the command refuses a database holding data), measure B1–B8 and write the
report (Markdown and JSON). It starts no database itself (see the README for a throwaway
cluster); for B7/B8 it serves Karya with gunicorn on a loopback port for the time of the load."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from karya.bench import guard
from karya.bench.generate import Generator, Plan, months_of
from karya.bench.measure import MEASURES, build_context
from karya.bench.memory import reset_peak
from karya.bench.models import BenchDataset
from karya.bench.report import Figure, machine, write
from karya.core.dates import today_in
from karya.core.runtime import settle
from karya.facilities.models import Facility
from karya.reports.services import aggregates_rebuild

DEFAULT_REPORT = Path("docs/bench/latest")


class Command(BaseCommand):
    help = "Generate the national benchmark dataset (PostgreSQL), measure, write the report."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="1.0 = national scale (280,000 inmates…); 0.001 for a smoke test",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--samples", type=int, default=20, help="timed repetitions of each page or service"
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="measure the dataset already in this benchmark database",
        )
        parser.add_argument(
            "--report",
            default=str(DEFAULT_REPORT),
            help="report path without extension (.md and .json are written)",
        )
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated figures to measure, e.g. B4,B6 (default all; 'none' "
            "measures nothing, to merge reports)",
        )
        parser.add_argument(
            "--load-seconds",
            type=float,
            default=60.0,
            help="seconds of each phase of the catalogue load (B7: the issue's 60 s)",
        )
        parser.add_argument(
            "--merge",
            action="append",
            default=[],
            help="add the figures of another report (its .json: another measuring process, "
            "e.g. the load driver's B7/B8); repeatable",
        )

    def log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    def handle(self, *args, **options):
        for noisy in ("weasyprint", "fontTools"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        if connection.vendor != "postgresql":
            raise CommandError(
                str(
                    guard.Refused(
                        "The benchmark runs on PostgreSQL only. Point DATABASE_URL at an empty "
                        "PostgreSQL database of its own (see the README)."
                    )
                )
            )
        call_command("migrate", verbosity=0, interactive=False)
        try:
            dataset = guard.check_database(reuse=options["reuse"])
        except guard.Refused as refused:
            raise CommandError(str(refused)) from refused
        generation_seconds = None
        if dataset is None:
            if not Facility.objects.exists():
                call_command("load_reference", verbosity=0)
            last_day = today_in("Asia/Jakarta") - dt.timedelta(days=1)
            plan = Plan(scale=options["scale"], seed=options["seed"], last_day=last_day)
            self.log(f"Generating scale {plan.scale} (seed {plan.seed}, up to {last_day})…")
            started = time.perf_counter()
            generator = Generator(plan, log=self.log)
            rows = generator.run()
            self.log("Computing the monthly figures of every unit (karya.reports)…")
            aggregate_started = time.perf_counter()
            with scopes_disabled():
                for facility in Facility.objects.order_by("code"):
                    aggregates_rebuild(facility=facility)
            self.log(f"  done in {time.perf_counter() - aggregate_started:.0f} s")
            generation_seconds = time.perf_counter() - started
            dataset = BenchDataset.objects.create(
                scale=plan.scale,
                seed=plan.seed,
                last_day=last_day,
                seconds=generation_seconds,
                rows=rows,
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elif options["scale"] != dataset.scale and options["scale"] != 1.0:
            raise CommandError(
                f"This database holds scale {dataset.scale}, not {options['scale']}."
            )
        plan = Plan(scale=dataset.scale, seed=dataset.seed, last_day=dataset.last_day)
        ctx = build_context(
            samples=options["samples"],
            last_day=dataset.last_day,
            months=months_of(dataset.last_day),
            inmates=plan.counts["inmates"],
            load_seconds=options["load_seconds"],
        )
        only = {o.strip().upper() for o in options["only"].split(",") if o.strip()}
        settle()  # as karya.wsgi does in each served worker
        load_at_start = [round(x, 2) for x in os.getloadavg()]
        figures = []
        with override_settings(ALLOWED_HOSTS=["localhost"]):
            for measure in MEASURES:
                name = getattr(measure, "figure_id", measure.__name__)
                if only and not only & {name, *getattr(measure, "also_ids", ())}:
                    continue
                self.log(f"Measuring {name}…")
                started = time.perf_counter()
                reset_peak()  # each figure's peak memory is its own
                result = measure(ctx)
                figures.extend(result)
                for f in result:
                    self.log(
                        f"  {f.id} {f.operation}: {f.value} {f.unit} "
                        f"({'met' if f.met else 'MISSED'}; budget {f.budget}) {f.note}"
                    )
                self.log(f"  ({time.perf_counter() - started:.0f} s)")
        for extra in options["merge"]:
            for row in json.loads(Path(extra).read_text())["figures"]:
                figures.append(Figure(**row))
        figures.sort(key=lambda f: f.id)
        md_path, json_path = write(
            Path(options["report"]),
            figures=figures,
            scale=dataset.scale,
            seed=dataset.seed,
            last_day=dataset.last_day,
            rows=dataset.rows,
            generation_seconds=dataset.seconds
            if generation_seconds is None
            else generation_seconds,
            machine_info={**machine(), "load_average_at_start": load_at_start},
        )
        self.log(f"Report written: {md_path} and {json_path}")
