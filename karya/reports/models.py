"""Monthly figures of each unit, kept from the records (DESIGN.md §4: reports stay fast at
national scale), and the yearly targets national staff set per unit.

- `UnitMonth`: one unit's figures for one calendar month (in the unit's own time zone). Only
  `karya.reports.services` writes it, from the ledgers and registers (`karya.reports.figures`
  computes every figure); it is derived data, never typed in, and can be rebuilt at any time
  (`karya rebuild-aggregates`). Region and country figures are sums of their units' rows.
- `UnitMonthDetail`: the breakdowns a dashboard draws (sales by channel, working inmates by
  sector, production by product), one row per unit, month, dimension and key.
- `AggregateMark`: "this unit's figures from this month on may be out of date", written in the
  same transaction as the record that changed them (see `karya.reports.tracking`); a refresh
  recomputes those months and removes the marks it handled.
- `AggregateState`: per unit, the last month computed; its row is locked while the unit's
  figures are refreshed, so two refreshes of one unit never interleave.
- `Indicator` and `UnitTarget`: what a unit's yearly targets are about, and their values.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.reports.choices import Dimension, Measure

MONEY = {"max_digits": 16, "decimal_places": 0, "default": 0}


def _count(label):
    return models.PositiveIntegerField(label, default=0)


def _money(label):
    return models.DecimalField(label, **MONEY)


class UnitMonth(models.Model):
    """One unit's figures for one month (`month` is its first day). Flows (sales, proceeds,
    deposits, certificates…) are what happened in the month; positions (savings held, stock
    value) are at the end of the month; `*_ytd` counts are distinct from 1 January to the end
    of the month. What each figure means is written in `karya.reports.figures`."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    month = models.DateField(_("month"))
    # the work programme
    population = _count(_("inmates in the unit"))
    population_ytd = _count(_("inmates in the unit since January"))
    working = _count(_("inmates working"))
    working_ytd = _count(_("inmates who worked since January"))
    workshops_active = _count(_("workshops with inmates working"))
    trainings_held = _count(_("trainings held"))
    certificates = _count(_("certificates earned"))
    certified_inmates = _count(_("inmates certified"))
    certified_inmates_ytd = _count(_("inmates certified since January"))
    # production
    planned_quantity = _count(_("planned quantity"))
    good_quantity = _count(_("good quantity made"))
    # sales (net of cancellations)
    revenue = _money(_("sales"))
    sales_count = models.IntegerField(_("number of sales"), default=0)
    services_revenue = _money(_("sales of services"))
    ekatalog_revenue = _money(_("e-Katalog sales"))
    ekatalog_transactions = models.IntegerField(_("e-Katalog transactions"), default=0)
    ekatalog_buyers = _count(_("e-Katalog buying units"))
    ekatalog_buyers_ytd = _count(_("e-Katalog buying units since January"))
    # money received and its split
    proceeds = _money(_("money received"))
    premi_share = _money(_("premi part"))
    pnbp_share = _money(_("PNBP part"))
    capital_share = _money(_("capital and operational part"))
    pnbp_deposited = _money(_("PNBP deposited"))
    # the inmates' ledger
    premi_credited = _money(_("premi credited"))
    premi_paid_out = _money(_("premi paid out"))
    savings_held = _money(_("savings held"))
    ledger_balance = _money(_("premi held for inmates"))
    # partners
    agreements_active = _count(_("agreements in force"))
    partners_active = _count(_("partners with an agreement in force"))
    obligations_due = _count(_("obligations due"))
    obligations_fulfilled = _count(_("obligations due and fulfilled"))
    # stock
    stock_value = _money(_("stock value"))
    stock_units = models.IntegerField(_("units in stock"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["facility", "month"]
        verbose_name = _("monthly figures of a unit")
        verbose_name_plural = _("monthly figures of units")
        constraints = [
            models.UniqueConstraint(fields=["facility", "month"], name="unit_month_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="unit_month_first_day"),
        ]
        indexes = [models.Index(fields=["month", "facility"], name="unit_month_by_month")]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.month:%Y-%m}"


class UnitMonthDetail(models.Model):
    """One line of a breakdown of a unit's month. By dimension: `channel` (key: the channel
    bucket; `amount` sales, `quantity` number of sales), `sector` (key: the workshop sector;
    `quantity` inmates working), `product` (key: the product id; `quantity` good quantity
    made, `planned` planned quantity)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=200, blank=True)
    amount = _money(_("amount"))
    quantity = models.IntegerField(_("quantity"), default=0)
    planned = models.IntegerField(_("planned"), default=0)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["facility", "month", "dimension", "key"]
        verbose_name = _("breakdown line")
        verbose_name_plural = _("breakdown lines")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "month", "dimension", "key"], name="unit_month_detail_once"
            )
        ]
        indexes = [
            models.Index(fields=["month", "dimension"], name="unit_month_detail_month"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.month:%Y-%m} {self.dimension}:{self.key}"


class AggregateMark(models.Model):
    """A unit's figures from `month` on need computing again. Rows are only added (never
    updated, so writers never wait on each other) and removed by the refresh that handled
    them."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["facility", "month"], name="aggregate_mark_unit")]

    def __str__(self) -> str:
        return f"{self.facility_id} from {self.month:%Y-%m}"


class AggregateState(models.Model):
    """The unit's figures are computed up to `through` (a month's first day)."""

    facility = models.OneToOneField(
        "facilities.Facility", on_delete=models.CASCADE, related_name="+"
    )
    through = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.facility_id} through {self.through}"


class Indicator(models.Model):
    """Something a unit's yearly target is set for: one of the figures Karya keeps (`measure`),
    under the name the ministry's programme gives it. The built-in ones (participation, PNBP,
    certified inmates, partners, e-Katalog listings) are added by a migration; national staff
    add more. The PNBP indicator's targets are the unit's PNBP targets of the finance area."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    measure = models.CharField(_("figure"), max_length=30, choices=Measure.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    builtin = models.BooleanField(_("built in"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveIntegerField(_("position"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def reads_finance_target(self) -> bool:
        return self.measure == Measure.PNBP_DEPOSITED and self.builtin


class UnitTarget(models.Model):
    """A unit's target for one indicator and year (changed when revised; the audit log keeps
    every value). Invariant: one per unit, year and indicator; not negative."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="targets", verbose_name=_("indicator")
    )
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["year", "indicator__position"]
        verbose_name = _("unit target")
        verbose_name_plural = _("unit targets")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "year", "indicator"], name="unit_target_once"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="unit_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.year} {self.indicator_id}: {self.value}"
