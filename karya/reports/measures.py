"""How each figure reads from the monthly rows, adds up over the months of a year and over
units, and what it is (a count, rupiah, a percentage).

- Flows (sales, money, trainings, certificates, production, obligations) add up: the year to
  date is the sum of the months.
- Positions (savings held, stock value, agreements and partners in force, workshops active)
  are those of the period's last month.
- Distinct counts of people (inmates in the unit, working, certified; e-Katalog buyers) use the
  `*_ytd` columns, distinct from 1 January.
- Participation is working ÷ in the unit, in %; for the year to date the months are weighted
  (Σ working ÷ Σ in the unit). Sales per working inmate is sales ÷ working (year to date:
  sales of the year ÷ distinct inmates who worked in it).
- Products listed on the e-Katalog are counted now (Karya keeps no history of listings).

Figures of a region or the country are the sums of their units' (a ratio is taken of the
sums, never summed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from karya.reports.choices import Measure
from karya.reports.figures import COLUMNS, MONEY_COLUMNS, ZERO

COUNT, RUPIAH, PERCENT, QUANTITY = "count", "rupiah", "percent", "quantity"
SUM, LAST = "sum", "last"


@dataclass(frozen=True)
class Spec:
    measure: Measure
    kind: str
    column: str | None = None  # the UnitMonth column of the month's value
    ytd: str = SUM  # SUM, LAST, or the column of the year-to-date value


SPECS: dict[str, Spec] = {
    spec.measure.value: spec
    for spec in (
        Spec(Measure.PARTICIPATION, PERCENT),
        Spec(Measure.POPULATION, COUNT, "population", "population_ytd"),
        Spec(Measure.WORKING, COUNT, "working", "working_ytd"),
        Spec(Measure.WORKSHOPS_ACTIVE, COUNT, "workshops_active", LAST),
        Spec(Measure.TRAININGS_HELD, COUNT, "trainings_held"),
        Spec(Measure.CERTIFICATES, COUNT, "certificates"),
        Spec(Measure.CERTIFIED_INMATES, COUNT, "certified_inmates", "certified_inmates_ytd"),
        Spec(Measure.PLANNED_QUANTITY, QUANTITY, "planned_quantity"),
        Spec(Measure.GOOD_QUANTITY, QUANTITY, "good_quantity"),
        Spec(Measure.REVENUE, RUPIAH, "revenue"),
        Spec(Measure.SERVICES_REVENUE, RUPIAH, "services_revenue"),
        Spec(Measure.EKATALOG_REVENUE, RUPIAH, "ekatalog_revenue"),
        Spec(Measure.EKATALOG_TRANSACTIONS, COUNT, "ekatalog_transactions"),
        Spec(Measure.EKATALOG_BUYERS, COUNT, "ekatalog_buyers", "ekatalog_buyers_ytd"),
        Spec(Measure.EKATALOG_LISTED, COUNT),
        Spec(Measure.REVENUE_PER_WORKER, RUPIAH),
        Spec(Measure.PROCEEDS, RUPIAH, "proceeds"),
        Spec(Measure.PREMI_SHARE, RUPIAH, "premi_share"),
        Spec(Measure.PNBP_SHARE, RUPIAH, "pnbp_share"),
        Spec(Measure.CAPITAL_SHARE, RUPIAH, "capital_share"),
        Spec(Measure.PNBP_DEPOSITED, RUPIAH, "pnbp_deposited"),
        Spec(Measure.PREMI_CREDITED, RUPIAH, "premi_credited"),
        Spec(Measure.PREMI_PAID_OUT, RUPIAH, "premi_paid_out"),
        Spec(Measure.SAVINGS_HELD, RUPIAH, "savings_held", LAST),
        Spec(Measure.LEDGER_BALANCE, RUPIAH, "ledger_balance", LAST),
        Spec(Measure.AGREEMENTS_ACTIVE, COUNT, "agreements_active", LAST),
        Spec(Measure.PARTNERS_ACTIVE, COUNT, "partners_active", LAST),
        Spec(Measure.OBLIGATIONS_DUE, COUNT, "obligations_due"),
        Spec(Measure.OBLIGATIONS_FULFILLED, COUNT, "obligations_fulfilled"),
        Spec(Measure.STOCK_VALUE, RUPIAH, "stock_value", LAST),
    )
}
SUM_COLUMNS = tuple(spec.column for spec in SPECS.values() if spec.column and spec.ytd == SUM) + (
    "sales_count",
)
# Columns the year to date takes from the last month (positions and the distinct counts).
LAST_COLUMNS = tuple(column for column in COLUMNS if column not in SUM_COLUMNS)
TENTH = Decimal("0.1")


def ratio(numerator, denominator, *, percent: bool = False) -> Decimal | None:
    """numerator ÷ denominator (× 100 for a percentage), one decimal; None if undefined."""
    if not denominator:
        return None
    value = Decimal(numerator) / Decimal(denominator)
    if percent:
        return (value * 100).quantize(TENTH, rounding=ROUND_HALF_UP)
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


class Figures:
    """The figures of one unit (or a sum of units) for a month or a year to date.

    `values` holds the UnitMonth columns (for a year to date: sums, or the last month's, see
    the module docstring) and `population_sum`/`working_sum` (Σ over the months, for the
    weighted participation). `listed` is the number of products listed on the e-Katalog."""

    def __init__(self, values: dict | None = None, *, listed: int = 0, ytd: bool = False):
        self.values = {c: ZERO if c in MONEY_COLUMNS else 0 for c in COLUMNS}
        self.values.update(population_sum=0, working_sum=0)
        if values:
            self.values.update({k: v for k, v in values.items() if k in self.values})
        self.listed = listed
        self.ytd = ytd

    @classmethod
    def of_month(cls, row: dict | None, *, listed: int = 0) -> Figures:
        figures = cls(row, listed=listed)
        if row:
            figures.values["population_sum"] = row.get("population", 0)
            figures.values["working_sum"] = row.get("working", 0)
        return figures

    @classmethod
    def of_year(cls, last: dict | None, sums: dict | None, *, listed: int = 0) -> Figures:
        """From the last month's row and the sums over the months."""
        values = {c: (last or {}).get(c, 0) for c in LAST_COLUMNS}
        values.update({c: (sums or {}).get(c) or 0 for c in SUM_COLUMNS})
        values["population_sum"] = (sums or {}).get("population") or 0
        values["working_sum"] = (sums or {}).get("working") or 0
        return cls(values, listed=listed, ytd=True)

    def __add__(self, other: Figures) -> Figures:
        return Figures.total([self, other], ytd=self.ytd)

    @classmethod
    def total(cls, many, *, ytd: bool = False) -> Figures:
        """The sum of `many` figures, in one pass (a country is 530 units: adding them two by
        two would build a dictionary per unit)."""
        result = cls(ytd=ytd)
        values = result.values
        keys = list(values)
        for figures in many:
            other = figures.values
            for key in keys:
                values[key] += other.get(key, 0)
            result.listed += figures.listed
        return result

    def __getattr__(self, name):
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def get(self, measure: str):
        """The value of a measure (Decimal or int; None when a ratio is undefined)."""
        spec, ytd = SPECS[measure], self.ytd
        if measure == Measure.PARTICIPATION:
            return ratio(self.values["working_sum"], self.values["population_sum"], percent=True)
        if measure == Measure.REVENUE_PER_WORKER:
            workers = self.values["working_ytd" if ytd else "working"]
            return ratio(self.values["revenue"], workers)
        if measure == Measure.EKATALOG_LISTED:
            return self.listed
        column = spec.column
        if ytd and spec.ytd not in (SUM, LAST):
            column = spec.ytd
        return self.values[column]

    @property
    def participation(self):
        return self.get(Measure.PARTICIPATION)


def kind_of(measure: str) -> str:
    return SPECS[measure].kind


UNIT_LABELS = {COUNT: "", RUPIAH: "Rp", PERCENT: "%", QUANTITY: _("units")}
