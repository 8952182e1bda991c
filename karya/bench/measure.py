"""The measurements B2–B6 of the benchmark (B1 is in karya.bench.sdp, B7 and B8 in
karya.bench.load), each a function of the context that returns its report rows
(karya.bench.report.Figure). Pages are requested through Django's whole HTTP stack
(middleware, sessions, permissions, templates) with its test client, in this process;
services are called as the pages call them. Writes made only to be measured (a premi
preview) are rolled back, so measuring again gives the same work."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.bench.load import measure_catalogue
from karya.bench.report import Figure
from karya.bench.sdp import measure_import
from karya.bench.timing import peak_rss_mb, timed
from karya.facilities.models import Facility
from karya.inmates.models import Inmate
from karya.premi.periods import Period
from karya.premi.services.runs import premi_runs_preview_unit
from karya.production.models import ProductionOrder
from karya.programs.models import Workshop
from karya.programs.services.attendance import allocations_on
from karya.reports import figures
from karya.sales.models import Sale


@dataclass
class Context:
    """What the measurements work on: the dataset's big unit, users and months."""

    samples: int
    last_day: dt.date
    months: list[dt.date]
    big: Facility
    import_unit: Facility
    rows_inmates: int
    national: object = None
    officer: object = None
    load_seconds: float = 60.0

    def client(self, user) -> Client:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        return client


def build_context(
    *,
    samples: int,
    last_day: dt.date,
    months: list[dt.date],
    inmates: int,
    load_seconds: float = 60.0,
):
    users = get_user_model().objects
    officer = users.get(username="bench-officer")
    big = officer.memberships.first().facility
    import_unit = Facility.objects.order_by("-code").first()
    return Context(
        samples=samples,
        last_day=last_day,
        months=months,
        big=big,
        import_unit=import_unit,
        rows_inmates=inmates,
        national=users.get(username="bench-national"),
        officer=officer,
        load_seconds=load_seconds,
    )


def _get(client: Client, url: str, expect: int = 200):
    response = client.get(url)
    if response.status_code != expect:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


# -- B2 -----------------------------------------------------------------------------------
B2_HEADCOUNT = 60  # the budget's workshop


def measure_attendance(ctx: Context) -> list[Figure]:
    """B2: the day screen of one of the big unit's workshops posted whole (every inmate's
    status, hours and pieces), on days of the current month, each post changing the values
    (so every sample writes). The workshop is the one whose headcount on the measured days
    (the most allocations open on one of them, what the day screen lists) is closest to the
    budget's 60 inmates, the lowest id among equals; the label shows that headcount."""
    days = [
        d
        for d in (ctx.last_day.replace(day=1) + dt.timedelta(days=i) for i in range(31))
        if d <= ctx.last_day and d.month == ctx.last_day.month and d.weekday() < 6
    ]
    with scopes_disabled():
        candidates = []
        for candidate in Workshop.objects.filter(facility=ctx.big).order_by("pk"):
            ids = {d: list(allocations_on(candidate, d).values_list("pk", flat=True)) for d in days}
            headcount = max((len(v) for v in ids.values()), default=0)
            candidates.append((abs(headcount - B2_HEADCOUNT), candidate.pk, candidate, ids))
        _gap, _pk, workshop, allocation_ids = min(candidates, key=lambda c: c[:2])
        products = list(workshop.products.order_by("pk"))
    url = reverse(
        "programs:attendance-day", kwargs={"facility_code": ctx.big.code, "pk": workshop.pk}
    )
    client = ctx.client(ctx.officer)

    def post(i):
        day = days[i % len(days)]
        data = {"tanggal": day.isoformat()}
        for n, aid in enumerate(allocation_ids[day]):
            data[f"status-{aid}"] = "hadir"
            data[f"hours-{aid}"] = "6.5" if (i + n) % 2 else "7"
            for p in products:
                data[f"out-{aid}-{p.pk}"] = str(1 + (i + n) % 7)
        response = client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(f"attendance save answered {response.status_code}")

    result = timed(post, ctx.samples)
    headcount = max(len(v) for v in allocation_ids.values())
    return [
        Figure(
            "B2",
            f"save a day's attendance and output ({headcount} inmates), HTTP POST",
            "p95 ≤ 150 ms",
            value=result.p95_ms,
            unit="ms",
            met=result.p95_ms <= 150,
            samples=ctx.samples,
            median_ms=result.median_ms,
            p95_ms=result.p95_ms,
            queries=max(result.queries),
            peak_rss_mb=peak_rss_mb(),
        )
    ]


# -- B3 -----------------------------------------------------------------------------------
def _preview_units(facilities, period: Period, actor) -> int:
    """Every workshop of each unit previewed as the unit's treasurer does it from the premi
    page ("Preview every workshop"), rolled back; returns how many runs were previewed."""
    previewed = 0
    with transaction.atomic():
        for facility in facilities:
            result = premi_runs_preview_unit(actor=actor, facility=facility, period=period)
            previewed += len(result.previewed)
        transaction.set_rollback(True)
    return previewed


def measure_premi(ctx: Context) -> list[Figure]:
    """B3: premi previews of last month (no run exists for it) for every workshop of the big
    unit, then for every workshop of the country; rolled back each time. Both call the real
    unit-level preview the premi pages offer (`premi_runs_preview_unit`, every workshop of a
    unit at once, a fixed number of queries per unit): once for the big unit, and once per
    unit of the country."""
    month = ctx.months[-2]
    period = Period.containing("month", month)
    with scopes_disabled():
        unit_workshops = Workshop.objects.filter(facility=ctx.big, is_active=True).count()
        all_workshops = Workshop.objects.filter(is_active=True).count()
        facilities = list(Facility.objects.order_by("pk"))
    previewed: dict[str, int] = {}

    def preview(key: str, units) -> None:
        previewed[key] = _preview_units(units, period, ctx.officer)

    with scopes_disabled():
        unit = timed(lambda i: preview("unit", [ctx.big]), max(3, ctx.samples // 4))
        country = timed(lambda i: preview("country", facilities), 1, warmup=0)
    return [
        Figure(
            "B3",
            f"premi preview, largest unit-month ({unit_workshops} workshops)",
            "≤ 1 s",
            value=unit.p95_ms,
            unit="ms",
            met=unit.p95_ms <= 1000,
            samples=len(unit.seconds),
            median_ms=unit.median_ms,
            p95_ms=unit.p95_ms,
            queries=max(unit.queries),
            note=f"{previewed['unit']} runs previewed in one call",
            peak_rss_mb=peak_rss_mb(),
        ),
        Figure(
            "B3",
            f"premi preview, every workshop of the country ({all_workshops})",
            "≤ 60 s",
            value=round(country.seconds[0], 1),
            unit="s",
            met=country.seconds[0] <= 60,
            samples=1,
            median_ms=country.median_ms,
            p95_ms=country.p95_ms,
            queries=country.queries[0],
            note=f"{previewed['country']:,} runs previewed, one call per unit ({len(facilities)})",
            peak_rss_mb=peak_rss_mb(),
        ),
    ]


# -- B4 -----------------------------------------------------------------------------------
def direct_country(months: list[dt.date]) -> None:
    """The national figures of the 12 months computed straight from the ledgers and
    registers, unit by unit (karya.reports.figures, without the stored monthly figures)."""
    with scopes_disabled():
        for facility in Facility.objects.order_by("pk"):
            figures.compute(facility, months[0], months[-1])


def measure_dashboard(ctx: Context) -> list[Figure]:
    """B4: the national dashboard (stored monthly figures, 12-month trend) against the same
    figures computed from the ledgers."""
    client = ctx.client(ctx.national)
    url = reverse("reports:country") + f"?bulan={ctx.months[-1]:%Y-%m}"
    board = timed(lambda i: _get(client, url), ctx.samples)
    direct = timed(lambda i: direct_country(ctx.months), 1, warmup=0)
    ratio = direct.seconds[0] / statistics.median(board.seconds)
    return [
        Figure(
            "B4",
            "national dashboard, 12 months",
            "p95 ≤ 300 ms",
            value=board.p95_ms,
            unit="ms",
            met=board.p95_ms <= 300,
            samples=ctx.samples,
            median_ms=board.median_ms,
            p95_ms=board.p95_ms,
            queries=max(board.queries),
            peak_rss_mb=peak_rss_mb(),
        ),
        Figure(
            "B4",
            "same figures from the ledgers ÷ dashboard",
            "≥ 10×",
            value=round(ratio, 1),
            unit="×",
            met=ratio >= 10,
            samples=1,
            queries=direct.queries[0],
            note=f"from the ledgers: {direct.seconds[0]:.2f} s",
            peak_rss_mb=peak_rss_mb(),
        ),
    ]


# -- B5 -----------------------------------------------------------------------------------
def measure_report(ctx: Context) -> list[Figure]:
    """B5: the national monthly report as PDF and as XLSX."""
    client = ctx.client(ctx.national)
    out = []
    samples = max(3, ctx.samples // 5)
    for name, kind in (("reports:country-pdf", "PDF"), ("reports:country-xlsx", "XLSX")):
        url = reverse(name) + f"?bulan={ctx.months[-2]:%Y-%m}"
        result = timed(lambda i, url=url: _get(client, url), samples)
        out.append(
            Figure(
                "B5",
                f"national monthly report, {kind}",
                "≤ 10 s",
                value=round(max(result.seconds), 2),
                unit="s",
                met=max(result.seconds) <= 10,
                samples=samples,
                median_ms=result.median_ms,
                p95_ms=result.p95_ms,
                queries=max(result.queries),
                peak_rss_mb=peak_rss_mb(),
            )
        )
    return out


# -- B6 -----------------------------------------------------------------------------------
PER_PAGE = 50


def measure_lists(ctx: Context) -> list[Figure]:
    """B6: the big unit's lists of inmates, production orders and sales, first page and page
    500 (or the last page when there are fewer: the page measured is named)."""
    client = ctx.client(ctx.officer)
    code = ctx.big.code
    with scopes_disabled():
        sizes = {
            "inmates": Inmate.objects.filter(facility=ctx.big, departed_on__isnull=True).count(),
            "production orders": ProductionOrder.objects.filter(facility=ctx.big).count(),
            "sales": Sale.objects.filter(facility=ctx.big).count(),
        }
    lists = [
        ("inmates", reverse("inmates:list", kwargs={"facility_code": code})),
        ("production orders", reverse("production:order-list", kwargs={"facility_code": code})),
        ("sales", reverse("sales:sale-list", kwargs={"facility_code": code})),
    ]
    out = []
    for name, url in lists:
        last = max(1, -(-sizes[name] // PER_PAGE))
        deep = min(500, last)
        first = timed(lambda i, url=url: _get(client, url), ctx.samples)
        page = timed(lambda i, url=url, deep=deep: _get(client, f"{url}?page={deep}"), ctx.samples)
        same = max(first.queries) == max(page.queries)
        worst = max(first.p95_ms, page.p95_ms)
        out.append(
            Figure(
                "B6",
                f"{name} list, page 1 and page {deep}",
                "p95 ≤ 150 ms; same queries",
                value=worst,
                unit="ms",
                met=worst <= 150 and same,
                samples=ctx.samples * 2,
                median_ms=max(first.median_ms, page.median_ms),
                p95_ms=worst,
                queries=max(page.queries),
                note=(
                    f"{sizes[name]:,} rows; page 1 p95 {first.p95_ms} ms, {max(first.queries)} "
                    f"queries; page {deep} p95 {page.p95_ms} ms, {max(page.queries)} queries"
                ),
                peak_rss_mb=peak_rss_mb(),
            )
        )
    return out


for _measure, _id in (
    (measure_import, "B1"),
    (measure_attendance, "B2"),
    (measure_premi, "B3"),
    (measure_dashboard, "B4"),
    (measure_report, "B5"),
    (measure_lists, "B6"),
):
    _measure.figure_id = _id

MEASURES: list[Callable[[Context], list[Figure]]] = [
    measure_import,
    measure_attendance,
    measure_premi,
    measure_dashboard,
    measure_report,
    measure_lists,
    measure_catalogue,
]
