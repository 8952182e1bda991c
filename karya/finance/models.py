"""The money side after a payment (DESIGN.md §3): split rules, the split of every amount
received into premi, PNBP and capital, PNBP deposits and the unit's annual PNBP target.

Split rules are versioned and never changed: a rule version is a row of an append-only table.
`split_rule_supersede` adds a new version naming the one it replaces (`supersedes`); from the
new version's first day the old one no longer applies (it still applied before, and the splits
it made keep naming it). A version never starts on a day on which money was already split by
the rule it would replace, so the list of rules always tells which rule split which day.

Split rules are national reference data (a Ditjenpas decision with its legal basis), not a
unit's own records: their `facility` and `workshop` say where a rule applies, not who owns it,
so they are read with a plain manager (unit pages and the split service filter by the unit).
Every other table here belongs to one unit and is scoped by django-scopes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyModel, AppendOnlyQuerySet
from karya.finance.choices import FULL, RuleScope, SplitBase
from karya.sales.models.sales import MONEY


def _append_only_scoped():
    return ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )


def _share(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label,
        validators=[MaxValueValidator(FULL)],
        help_text=_("In hundredths of a percent: 3000 is 30.00 %."),
    )


class SplitRuleQuerySet(AppendOnlyQuerySet):
    def valid_on(self, day: dt.date):
        """Versions that apply on `day`: started, not ended, and not superseded by then."""
        return (
            self.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .exclude(superseded_by__valid_from__lte=day)
        )


class SplitRule(AppendOnlyModel):
    """One version of a split rule: where it applies (`scope`: the country, one unit or one
    workshop), what it divides (`base`), the three shares (hundredths of a percent, summing to
    exactly 100 %), the legal basis and the days it is valid (`valid_to` empty: until further
    notice). `supersedes` names the version this one replaces (version = its version + 1)."""

    scope = models.CharField(_("applies to"), max_length=10, choices=RuleScope.choices)
    facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    workshop = models.ForeignKey(
        "programs.Workshop",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("workshop"),
    )
    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("replaces"),
    )
    base = models.CharField(_("base"), max_length=10, choices=SplitBase.choices)
    premi_bp = _share(_("premi share"))
    pnbp_bp = _share(_("PNBP share"))
    capital_bp = _share(_("capital and operational share"))
    legal_basis = models.TextField(_("legal basis"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = models.Manager.from_queryset(SplitRuleQuerySet)()

    class Meta:
        ordering = ["scope", "facility_id", "workshop_id", "valid_from", "version"]
        verbose_name = _("split rule")
        verbose_name_plural = _("split rules")
        constraints = [
            models.CheckConstraint(
                name="split_rule_shares_sum_to_100",
                condition=Q(capital_bp=Value(FULL) - F("premi_bp") - F("pnbp_bp")),
            ),
            models.CheckConstraint(
                name="split_rule_scope_fields",
                condition=Q(scope=RuleScope.NATIONAL, facility__isnull=True, workshop__isnull=True)
                | Q(scope=RuleScope.FACILITY, facility__isnull=False, workshop__isnull=True)
                | Q(scope=RuleScope.WORKSHOP, facility__isnull=False, workshop__isnull=False),
            ),
            models.CheckConstraint(
                name="split_rule_valid_period",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
            ),
            models.CheckConstraint(
                name="split_rule_version",
                condition=Q(supersedes__isnull=True, version=1)
                | Q(supersedes__isnull=False, version__gt=1),
            ),
            models.CheckConstraint(name="split_rule_has_basis", condition=~Q(legal_basis="")),
        ]
        indexes = [models.Index(fields=["scope", "valid_from"], name="split_rule_scope_from")]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @staticmethod
    def percent(share: int) -> Decimal:
        return (Decimal(share) / 100).quantize(Decimal("0.01"))

    @property
    def premi_percent(self) -> Decimal:
        return self.percent(self.premi_bp)

    @property
    def pnbp_percent(self) -> Decimal:
        return self.percent(self.pnbp_bp)

    @property
    def capital_percent(self) -> Decimal:
        return self.percent(self.capital_bp)

    @property
    def shares(self) -> list[int]:
        """The weights in split order: premi, PNBP, capital."""
        return [self.premi_bp, self.pnbp_bp, self.capital_bp]


class ProceedsSplit(AppendOnlyModel):
    """The split of one payment allocation (one product's part of a payment) by one rule version.

    `amount` is the allocation's amount (negative for a refund). With a turnover rule the base
    is the amount and `material` is 0; with a profit rule `material` is the material cost in
    the amount, which goes back to the capital fund, and the base is amount − material. The
    parts are whole rupiah (largest remainder): premi + pnbp + capital = base, and
    premi + pnbp + capital + material = amount. A refund's split (`reverses`: the split of the
    payment refunded) uses the same rule version and gives back what is left of that split, so
    refunding a payment whole undoes its split exactly."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    allocation = models.OneToOneField(
        "sales.PaymentAllocation", on_delete=models.PROTECT, related_name="split"
    )
    workshop = models.ForeignKey(
        "programs.Workshop",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("workshop"),
    )
    product = models.ForeignKey(
        "production.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    paid_on = models.DateField(_("paid on"))
    rule = models.ForeignKey(
        SplitRule, on_delete=models.PROTECT, related_name="splits", verbose_name=_("split rule")
    )
    reverses = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
        verbose_name=_("reverses"),
    )
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    material = models.DecimalField(_("material cost back to capital (Rp)"), default=0, **MONEY)
    base_amount = models.DecimalField(_("base (Rp)"), **MONEY)
    premi = models.DecimalField(_("premi (Rp)"), **MONEY)
    pnbp = models.DecimalField(_("PNBP (Rp)"), **MONEY)
    capital = models.DecimalField(_("capital and operational (Rp)"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = _append_only_scoped()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("proceeds split")
        verbose_name_plural = _("proceeds splits")
        constraints = [
            models.CheckConstraint(
                name="proceeds_split_parts_sum_to_base",
                condition=Q(base_amount=F("premi") + F("pnbp") + F("capital")),
            ),
            models.CheckConstraint(
                name="proceeds_split_base_and_material",
                condition=Q(amount=F("base_amount") + F("material")),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "paid_on"], name="split_paid_on"),
            models.Index(fields=["workshop", "paid_on"], name="split_workshop_paid_on"),
        ]

    def __str__(self) -> str:
        return f"{self.allocation_id}: {self.amount}"

    @property
    def capital_fund(self) -> Decimal:
        """What goes to the capital and operational fund: its share and the material cost."""
        return self.capital + self.material


class PnbpDeposit(AppendOnlyModel):
    """PNBP paid into the state treasury through SIMPONI: the billing code (15 digits, never
    used twice in the country), the amount, the day it was paid and the NTPN of the receipt
    (16 letters and digits, unique).

    A deposit recorded by mistake is never changed: it is cancelled by a second row that
    `reverses` it, with the same billing code, NTPN and day and the amount negated, so every
    sum of the amounts nets it out in its own month. Invariants: an entry is either a deposit
    (amount above 0, reverses nothing) or a reversal (amount below 0, reverses exactly one
    deposit, once); among the deposits, a billing code and an NTPN appear once per `entry`,
    the number of earlier, cancelled deposits with that code — so a mistaken deposit can be
    recorded again correctly after its cancellation, but never twice while it stands."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    billing_code = models.CharField(_("SIMPONI billing code"), max_length=15)
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    deposited_on = models.DateField(_("deposited on"))
    ntpn = models.CharField(_("NTPN"), max_length=16)
    note = models.CharField(_("note"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("cancels the deposit"),
    )
    entry = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = _append_only_scoped()

    class Meta:
        ordering = ["-deposited_on", "-pk"]
        verbose_name = _("PNBP deposit")
        verbose_name_plural = _("PNBP deposits")
        constraints = [
            models.UniqueConstraint(
                fields=["billing_code", "entry"],
                condition=Q(reverses__isnull=True),
                name="pnbp_deposit_billing_code",
            ),
            models.UniqueConstraint(
                fields=["ntpn", "entry"],
                condition=Q(reverses__isnull=True),
                name="pnbp_deposit_ntpn",
            ),
            models.CheckConstraint(
                name="pnbp_deposit_amount",
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
            ),
        ]
        indexes = [models.Index(fields=["facility", "deposited_on"], name="pnbp_deposit_on")]

    def __str__(self) -> str:
        return f"{self.billing_code} / {self.ntpn}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None

    @property
    def is_cancelled(self) -> bool:
        """Whether a reversal cancels this deposit (select_related("reversed_by") spares the
        query)."""
        try:
            return self.reversed_by is not None
        except PnbpDeposit.DoesNotExist:
            return False


class PnbpTarget(models.Model):
    """The unit's PNBP target for one year (changed when the target is revised; every change
    is in the audit log)."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("target (Rp)"), **MONEY)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("PNBP target")
        verbose_name_plural = _("PNBP targets")
        constraints = [
            models.UniqueConstraint(fields=["facility", "year"], name="pnbp_target_year"),
            models.CheckConstraint(name="pnbp_target_amount", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.facility_id} {self.year}: {self.amount}"
