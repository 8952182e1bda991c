"""What a dashboard shows, assembled once and rendered four ways: the page, the monthly report
as PDF and as XLSX, and the API. The four read the same `Dashboard`, so their numbers are the
same by construction (and the tests check it).

A dashboard is of a unit, a region (its units side by side) or the country (its regions side
by side), for one month and the year to date.

With a read replica (settings: DATABASE_REPLICA_URL) the stored monthly figures, the bulk of
what a dashboard reads, come from the replica; see `fresh_figures` for when, and why only they.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db import DatabaseError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from karya.accounts.permissions import Perm
from karya.core.db import PRIMARY, REPLICA, replica_configured, replica_reads
from karya.reports import charts, formats, selectors
from karya.reports.choices import ChannelBucket, Dimension, Measure
from karya.reports.measures import Figures, kind_of
from karya.reports.models import UnitMonth, UnitMonthDetail
from karya.reports.periods import month_label, months_between, year_start, ytd_label
from karya.reports.selectors import Line, Ranked, TargetLine
from karya.reports.services import aggregates_refresh_due

logger = logging.getLogger(__name__)

UNIT, REGION, COUNTRY = "unit", "region", "country"

SECTIONS: list[tuple[str, object, tuple[str, ...]]] = [
    (
        "programme",
        gettext_lazy("Work programme"),
        (
            Measure.POPULATION,
            Measure.WORKING,
            Measure.PARTICIPATION,
            Measure.WORKSHOPS_ACTIVE,
            Measure.TRAININGS_HELD,
            Measure.CERTIFICATES,
            Measure.CERTIFIED_INMATES,
        ),
    ),
    (
        "production",
        gettext_lazy("Production"),
        (Measure.PLANNED_QUANTITY, Measure.GOOD_QUANTITY),
    ),
    (
        "sales",
        gettext_lazy("Sales"),
        (
            Measure.REVENUE,
            Measure.SERVICES_REVENUE,
            Measure.EKATALOG_REVENUE,
            Measure.REVENUE_PER_WORKER,
        ),
    ),
    (
        "money",
        gettext_lazy("Money received and its split"),
        (
            Measure.PROCEEDS,
            Measure.PREMI_SHARE,
            Measure.PNBP_SHARE,
            Measure.CAPITAL_SHARE,
            Measure.PNBP_DEPOSITED,
        ),
    ),
    (
        "premi",
        gettext_lazy("Premi and the inmates' savings"),
        (
            Measure.PREMI_CREDITED,
            Measure.PREMI_PAID_OUT,
            Measure.SAVINGS_HELD,
            Measure.LEDGER_BALANCE,
        ),
    ),
    (
        "partners",
        gettext_lazy("Partners"),
        (
            Measure.AGREEMENTS_ACTIVE,
            Measure.PARTNERS_ACTIVE,
            Measure.OBLIGATIONS_DUE,
            Measure.OBLIGATIONS_FULFILLED,
        ),
    ),
    ("stock", gettext_lazy("Stock"), (Measure.STOCK_VALUE,)),
]

# The columns of the side-by-side table of units (or regions).
COMPARED = (
    Measure.POPULATION,
    Measure.WORKING,
    Measure.PARTICIPATION,
    Measure.REVENUE,
    Measure.PNBP_DEPOSITED,
    Measure.REVENUE_PER_WORKER,
)
COMPARED_HEADERS = (
    gettext_lazy("In the unit"),
    gettext_lazy("Working"),
    gettext_lazy("Participation"),
    gettext_lazy("Sales to date"),
    gettext_lazy("PNBP deposited to date"),
    gettext_lazy("Sales per working inmate to date"),
)
RANKING_TITLES = {
    Measure.PARTICIPATION: gettext_lazy("Participation in the month"),
    "pnbp_realisation": gettext_lazy("PNBP realisation to date (% of the year's target)"),
    Measure.REVENUE_PER_WORKER: gettext_lazy("Sales per working inmate, year to date"),
}
RANKING_KINDS = {
    Measure.PARTICIPATION: "percent",
    "pnbp_realisation": "percent",
    Measure.REVENUE_PER_WORKER: "rupiah",
}

# Where the records behind a figure are, for the unit's own staff: (url name, permission,
# query). The query may use {month} (2026-01) and {year}.
RECORDS = {
    Measure.POPULATION: ("inmates:list", Perm.INMATE_VIEW, {}),
    Measure.WORKING: ("programs:workshop-list", Perm.WORKSHOP_VIEW, {}),
    Measure.PARTICIPATION: ("programs:workshop-list", Perm.WORKSHOP_VIEW, {}),
    Measure.WORKSHOPS_ACTIVE: ("programs:workshop-list", Perm.WORKSHOP_VIEW, {}),
    Measure.TRAININGS_HELD: ("programs:training-list", Perm.WORKSHOP_VIEW, {}),
    Measure.CERTIFICATES: ("programs:training-list", Perm.WORKSHOP_VIEW, {}),
    Measure.CERTIFIED_INMATES: ("programs:training-list", Perm.WORKSHOP_VIEW, {}),
    Measure.PLANNED_QUANTITY: ("production:order-list", Perm.WORKSHOP_VIEW, {}),
    Measure.GOOD_QUANTITY: ("production:order-list", Perm.WORKSHOP_VIEW, {}),
    Measure.REVENUE: ("sales:sale-list", Perm.SALES_VIEW, {"bulan": "{month}"}),
    Measure.SERVICES_REVENUE: ("sales:sale-list", Perm.SALES_VIEW, {"bulan": "{month}"}),
    Measure.EKATALOG_REVENUE: ("sales:order-list", Perm.SALES_VIEW, {"customer_kind": "ekatalog"}),
    Measure.EKATALOG_TRANSACTIONS: (
        "sales:order-list",
        Perm.SALES_VIEW,
        {"customer_kind": "ekatalog"},
    ),
    Measure.EKATALOG_BUYERS: ("sales:order-list", Perm.SALES_VIEW, {"customer_kind": "ekatalog"}),
    Measure.EKATALOG_LISTED: ("production:product-list", Perm.WORKSHOP_VIEW, {}),
    Measure.REVENUE_PER_WORKER: ("sales:sale-list", Perm.SALES_VIEW, {"bulan": "{month}"}),
    Measure.PROCEEDS: ("finance:split-list", Perm.FINANCE_VIEW, {"bulan": "{month}"}),
    Measure.PREMI_SHARE: ("finance:split-list", Perm.FINANCE_VIEW, {"bulan": "{month}"}),
    Measure.PNBP_SHARE: ("finance:split-list", Perm.FINANCE_VIEW, {"bulan": "{month}"}),
    Measure.CAPITAL_SHARE: ("finance:split-list", Perm.FINANCE_VIEW, {"bulan": "{month}"}),
    Measure.PNBP_DEPOSITED: ("finance:pnbp", Perm.FINANCE_VIEW, {"tahun": "{year}"}),
    Measure.PREMI_CREDITED: ("premi:run-list", Perm.PREMI_VIEW, {}),
    Measure.PREMI_PAID_OUT: ("premi:ledger-list", Perm.PREMI_VIEW, {}),
    Measure.SAVINGS_HELD: ("premi:ledger-list", Perm.PREMI_VIEW, {}),
    Measure.LEDGER_BALANCE: ("premi:ledger-list", Perm.PREMI_VIEW, {}),
    Measure.AGREEMENTS_ACTIVE: ("partners:partner-list", Perm.PARTNER_VIEW, {}),
    Measure.PARTNERS_ACTIVE: ("partners:partner-list", Perm.PARTNER_VIEW, {}),
    Measure.OBLIGATIONS_DUE: ("partners:partner-list", Perm.PARTNER_VIEW, {}),
    Measure.OBLIGATIONS_FULFILLED: ("partners:partner-list", Perm.PARTNER_VIEW, {}),
    Measure.STOCK_VALUE: ("inventory:report-value", Perm.STOCK_VIEW, {}),
}
CHANNEL_SALES = {
    ChannelBucket.EKATALOG: ("sales:order-list", {"customer_kind": "ekatalog"}),
    ChannelBucket.SERVICES: ("sales:sale-list", {"bulan": "{month}"}),
}


@dataclass
class Row:
    """One figure: its label, kind, value in the month and to date, and (for the unit's own
    staff) where its records are."""

    measure: str
    label: str
    kind: str
    month: object
    ytd: object
    link: str = ""

    @property
    def month_text(self) -> str:
        return formats.value(self.month, self.kind)

    @property
    def ytd_text(self) -> str:
        return formats.value(self.ytd, self.kind)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]


@dataclass
class Compared:
    """A unit (of a region) or a region (of the country) in the side-by-side table."""

    name: str
    code: str
    url: str
    month: Figures
    ytd: Figures
    values: list[tuple[object, str]] = field(default_factory=list)  # (value, text) per column


@dataclass
class RankedText:
    place: int
    name: str
    code: str
    value: object
    text: str


@dataclass
class RankingList:
    title: str
    items: list[RankedText]


@dataclass
class Dashboard:
    level: str
    title: str
    month: dt.date
    facilities: list
    subject: object = None  # the unit or the region
    sections: list[Section] = field(default_factory=list)
    month_figures: Figures | None = None
    ytd_figures: Figures | None = None
    channels: list[Line] = field(default_factory=list)
    channels_ytd: list[Line] = field(default_factory=list)
    sectors: list[Line] = field(default_factory=list)
    products: list[Line] = field(default_factory=list)
    products_ytd: list[Line] = field(default_factory=list)
    trend: list[tuple[dt.date, Figures]] = field(default_factory=list)
    targets: list[TargetLine] = field(default_factory=list)
    compared: list[Compared] = field(default_factory=list)
    compared_headers: list[str] = field(default_factory=list)
    rankings: dict[str, list[Ranked]] = field(default_factory=dict)
    ekatalog: list[Row] = field(default_factory=list)
    listed_products: list = field(default_factory=list)

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def ytd_label(self) -> str:
        return ytd_label(self.month)

    @property
    def rows(self) -> list[Row]:
        return [row for section in self.sections for row in section.rows]

    @property
    def channel_rows(self) -> list[tuple[Line, Line]]:
        """(the month's line, the year's line) of each channel."""
        return list(zip(self.channels, self.channels_ytd, strict=True))

    @property
    def product_rows(self) -> list[tuple[str, int, int, int, int]]:
        """(product, planned, made, planned to date, made to date) of each product of the
        year."""
        month = {line.key: line for line in self.products}
        rows = []
        for line in self.products_ytd:
            current = month.get(line.key)
            rows.append(
                (
                    line.label,
                    current.planned if current else 0,
                    current.quantity if current else 0,
                    line.planned,
                    line.quantity,
                )
            )
        return rows

    @property
    def ranking_lists(self) -> list[tuple[str, RankingList]]:
        lists = []
        for what, ranked in self.rankings.items():
            kind = RANKING_KINDS[what]
            items = [
                RankedText(r.place, r.name, r.code, r.value, formats.value(r.value, kind))
                for r in ranked
            ]
            lists.append((str(what), RankingList(str(RANKING_TITLES[what]), items)))
        return lists

    def row(self, measure: str) -> Row:
        return next(row for row in self.rows + self.ekatalog if row.measure == measure)

    # charts (SVG), drawn when asked for
    def chart_channels(self):
        lines = self.channels_ytd
        return charts.bars(
            [(line.label, line.amount, formats.value(line.amount, "rupiah")) for line in lines],
            title=_("Sales by channel, %(period)s") % {"period": self.ytd_label},
        )

    def chart_trend(self):
        return charts.columns(
            [
                (month_label(m).split(" ")[0][:3], f.revenue, _short_rupiah(f.revenue))
                for m, f in self.trend
            ],
            title=_("Sales month by month, %(year)s") % {"year": self.month.year},
        )

    def chart_split(self):
        figures = self.ytd_figures
        items = [
            (_("Premi"), figures.premi_share),
            (_("PNBP"), figures.pnbp_share),
            (_("Capital and operational"), figures.capital_share),
        ]
        return charts.bars(
            [(label, value, formats.value(value, "rupiah")) for label, value in items],
            title=_("Money received and its split, %(period)s") % {"period": self.ytd_label},
        )

    def chart_participation(self):
        return charts.bars(
            [
                (item.name, item.month.participation, formats.percent(item.month.participation))
                for item in self.compared
            ],
            title=_("Participation, %(month)s") % {"month": self.month_label},
        )

    def chart_targets(self):
        lines = [t for t in self.targets if t.percent is not None]
        return charts.bars(
            [(t.indicator.name, t.percent, formats.percent(t.percent)) for t in lines],
            title=_("Targets: realisation to date against the year's target"),
            targets=[100 for _t in lines],
            label_width=260,
        )


def _short_rupiah(value) -> str:
    """'12,5 jt' (millions) for a column label; the full amount is in the tables."""
    amount = value or 0
    if abs(amount) >= 1_000_000:
        return _("%(amount)s m") % {"amount": formats.number(amount / 1_000_000, 1)}
    if abs(amount) >= 1_000:
        return _("%(amount)s k") % {"amount": formats.number(amount / 1_000, 0)}
    return formats.number(amount)


def _links(facility, month: dt.date, perms: set[str]):
    """measure → URL of its records, for the measures the user may open in the unit."""

    def url(name, query):
        filled = {k: v.format(month=f"{month:%Y-%m}", year=month.year) for k, v in query.items()}
        path = reverse(name, args=[facility.code])
        return f"{path}?{urlencode(filled)}" if filled else path

    links = {}
    for measure, (name, perm, query) in RECORDS.items():
        if perm.value in perms:
            links[measure] = url(name, query)
    return links, url


def _rows(measures, month: Figures, ytd: Figures, links: dict) -> list[Row]:
    return [
        Row(
            measure,
            str(Measure(measure).label),
            kind_of(measure),
            month.get(measure),
            ytd.get(measure),
            links.get(measure, ""),
        )
        for measure in measures
    ]


def _ekatalog_rows(month: Figures, ytd: Figures, links: dict) -> list[Row]:
    return _rows(
        (
            Measure.EKATALOG_LISTED,
            Measure.EKATALOG_BUYERS,
            Measure.EKATALOG_TRANSACTIONS,
            Measure.EKATALOG_REVENUE,
        ),
        month,
        ytd,
        links,
    )


def _fill(board: Dashboard, data: selectors.Scope, ids, links: dict) -> None:
    month, ytd = data.figures_of(ids)
    board.month_figures, board.ytd_figures = month, ytd
    board.sections = [
        Section(key, str(title), _rows(measures, month, ytd, links))
        for key, title, measures in SECTIONS
    ]
    board.ekatalog = _ekatalog_rows(month, ytd, links)
    facilities = board.facilities
    board.channels = selectors.channel_lines(facilities, board.month)
    board.channels_ytd = selectors.channel_lines(facilities, board.month, ytd=True)
    board.sectors = selectors.breakdown(facilities, board.month, Dimension.SECTOR)
    board.trend = selectors.trend(facilities, board.month)
    board.targets = selectors.target_lines(data, ids, selectors.indicators())


def _compare(board: Dashboard, data: selectors.Scope, groups) -> None:
    board.compared_headers = [str(header) for header in COMPARED_HEADERS]
    for name, code, url, ids in groups:
        month, ytd = data.figures_of(ids)
        values = []
        for measure in COMPARED:
            figures = month if measure == Measure.PARTICIPATION else ytd
            value = figures.get(measure)
            values.append((value, formats.value(value, kind_of(measure))))
        board.compared.append(Compared(name, code, url, month, ytd, values))
    board.rankings = selectors.rankings(data, [(n, c, ids) for n, c, _u, ids in groups])


# What a dashboard may read from the read replica: the stored figures, nothing else.
FROM_REPLICA = (UnitMonth, UnitMonthDetail)


def _replica_current(facility_ids: list[int]) -> bool:
    """Whether the replica holds the very figures the primary holds for these units (the same
    refresh stamp for each): then reading them there gives what the primary would give."""
    if not replica_configured():
        return False
    primary = selectors.figures_versions(facility_ids, using=PRIMARY)
    try:
        replica = selectors.figures_versions(facility_ids, using=REPLICA)
    except DatabaseError:
        logger.warning("The read replica did not answer; the figures are read from the primary.")
        return False
    if replica != primary:
        logger.info("The read replica is behind; the figures are read from the primary.")
        return False
    return True


@contextmanager
def fresh_figures(facilities: list, month: dt.date):
    """Inside, the units' stored figures are current through the month and are read from where
    they are current. Reading refreshes what is out of date first: the units marked out of date
    or not computed up to the month (normally none: figures are refreshed as records are posted,
    and `karya refresh-aggregates` rolls the month over at night).

    With a read replica, the decision is: (1) the refresh always runs on the primary (it writes;
    the replica is read-only); (2) the figures (`FROM_REPLICA`) are then read from the replica
    only when it holds the same refresh stamp of every unit as the primary, i.e. it has replayed
    every figure written so far, including what this very read refreshed; otherwise from the
    primary. So a lagging replica costs the primary some reads but never shows figures older
    than the records (a month just rolled over shown as zeros, a sale just posted missing).
    (3) Everything else a dashboard reads (units, targets, products, indicators) is small and
    is read from the primary, so a target just set shows at once. The check costs one query on
    each database; without a replica, none."""
    aggregates_refresh_due(facilities=facilities, through=month)
    if _replica_current([facility.pk for facility in facilities]):
        with replica_reads(FROM_REPLICA):
            yield
    else:
        yield


def fresh_scope(facilities: list, month: dt.date) -> selectors.Scope:
    """The stored figures of the units, refreshed first (see `fresh_figures`)."""
    with fresh_figures(facilities, month):
        return selectors.load_scope(facilities, month)


def unit_dashboard(facility, month: dt.date, *, perms: set[str] = frozenset()) -> Dashboard:
    """A unit's dashboard; `perms` are the user's permissions in the unit (which records the
    figures may link to: only the unit's own staff's)."""
    board = Dashboard(UNIT, facility.name, month, [facility], subject=facility)
    with fresh_figures([facility], month):
        data = selectors.load_scope([facility], month)
        links, url = _links(facility, month, perms)
        _fill(board, data, [facility.pk], links)
        board.products = selectors.breakdown([facility], month, Dimension.PRODUCT)
        board.products_ytd = selectors.breakdown([facility], month, Dimension.PRODUCT, ytd=True)
    board.listed_products = selectors.ekatalog_listed_products([facility])
    if Perm.SALES_VIEW.value in perms:
        for line in board.channels + board.channels_ytd:
            name, query = CHANNEL_SALES.get(line.key, ("sales:sale-list", None))
            if query is None:
                query = {"kanal": line.key, "bulan": "{month}"}
            line.link = url(name, query)
    return board


def region_dashboard(region, month: dt.date) -> Dashboard:
    facilities = selectors.region_units(region)
    board = Dashboard(REGION, str(region), month, facilities, subject=region)
    with fresh_figures(facilities, month):
        data = selectors.load_scope(facilities, month)
        _fill(board, data, [f.pk for f in facilities], {})
    groups = [(f.name, f.code, _unit_url(f, month), [f.pk]) for f in facilities]
    _compare(board, data, groups)
    board.listed_products = selectors.ekatalog_listed_products(facilities)
    return board


def country_dashboard(month: dt.date) -> Dashboard:
    facilities = selectors.country_units()
    board = Dashboard(COUNTRY, _("Whole country"), month, facilities)
    with fresh_figures(facilities, month):
        data = selectors.load_scope(facilities, month)
        _fill(board, data, [f.pk for f in facilities], {})
    groups = [
        (
            str(region),
            region.code,
            reverse("reports:region", args=[region.code]) + f"?bulan={month:%Y-%m}",
            [f.pk for f in units],
        )
        for region, units in selectors.region_groups(facilities)
    ]
    _compare(board, data, groups)
    return board


def _unit_url(facility, month: dt.date) -> str:
    return reverse("reports:unit", args=[facility.code]) + f"?bulan={month:%Y-%m}"


def month_choices(today_month: dt.date, *, years: int = 3) -> list[dt.date]:
    """The months a user can pick, newest first: this one and those of the last years."""
    first = year_start(today_month).replace(year=today_month.year - years + 1)
    return list(reversed(months_between(first, today_month)))
