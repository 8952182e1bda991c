"""Premi runs and the inmate ledger (DESIGN.md §3; PP 32/1999 art. 29: premi is held and
recorded at the unit).

- `PremiSetting`: how premi reaches the unit's inmates (cash held at the unit, the unit's
  e-money card, a bank savings account in the inmate's name) and the spendable share of each
  credit (25% unless the unit says otherwise).
- `PremiProductTerms`: how a workshop counts a product for premi: its weight (bobot) when
  contributions are pieces, and a piece rate (Rp per piece) the unit adds to the pool — a
  workshop that pays its inmates per piece, for example out of a maklon fee, is "set up so" by
  giving its products a piece rate.
- `PremiRun`: one workshop and one period (a week or a month). A PREVIEW can be previewed
  again (its shares are replaced) or discarded; once APPROVED by the head it never changes
  (model, queryset and, on PostgreSQL, a trigger refuse it), and so neither do its shares and
  adjustments. Corrections are `PremiAdjustment` lines carried by a later run.
- `InmateLedgerEntry`: the inmate's money, append-only. Each entry is signed and split into a
  spendable part and a savings part (amount = spendable + savings); the balance is the sum.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from karya.premi.choices import (
    DEFAULT_SPENDABLE_PERCENT,
    EntryKind,
    PayoutChannel,
    PeriodKind,
    RunStatus,
    WithdrawalPurpose,
)
from karya.programs.choices import ContributionBasis

MONEY = {"max_digits": 14, "decimal_places": 0}
POINTS = {"max_digits": 16, "decimal_places": 2}


class ApprovedRunError(AppendOnlyError):
    """Raised when code tries to change or delete an approved premi run or one of its lines."""


def _refuse_approved(what: str) -> ApprovedRunError:
    return ApprovedRunError(f"An approved premi run cannot be {what}; correct it in a later run.")


class PremiSetting(models.Model):
    """How premi reaches the inmates of one unit. A unit without a row uses the defaults
    (cash held at the unit, 25% spendable)."""

    facility = models.OneToOneField(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="premi_setting",
        verbose_name=_("unit"),
    )
    spendable_percent = models.PositiveSmallIntegerField(
        _("spendable share of each credit (%)"),
        default=DEFAULT_SPENDABLE_PERCENT,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The rest is saved and paid out on release."),
    )
    payout_channel = models.CharField(
        _("how premi reaches the inmate"),
        max_length=10,
        choices=PayoutChannel.choices,
        default=PayoutChannel.CASH,
    )
    provider = models.CharField(
        _("bank or card issuer"),
        max_length=100,
        blank=True,
        help_text=_("For example BRI, or the issuer of the unit's e-money cards."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        verbose_name = _("premi setting")
        verbose_name_plural = _("premi settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(spendable_percent__lte=100), name="premi_setting_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility}: {self.spendable_percent}%"


class PremiProductTerms(models.Model):
    """How one workshop counts one of its products for premi. Invariants: weight > 0, piece
    rate ≥ 0 whole rupiah; one row per workshop and product (none: weight 1, no piece rate)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(
        "programs.Workshop",
        on_delete=models.PROTECT,
        related_name="premi_terms",
        verbose_name=_("workshop"),
    )
    product = models.ForeignKey(
        "production.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    weight = models.DecimalField(
        _("weight (bobot)"),
        max_digits=8,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text=_("Points one piece counts for when premi is shared by pieces made."),
    )
    piece_rate = models.DecimalField(
        _("piece rate (Rp)"),
        default=0,
        validators=[MinValueValidator(0)],
        help_text=_("Rupiah per piece the unit adds to the premi pool; 0 for none."),
        **MONEY,
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["product__name"]
        verbose_name = _("premi terms of a product")
        verbose_name_plural = _("premi terms of products")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "product"], name="premi_terms_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(piece_rate__gte=0), name="premi_terms_values"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.product}"


class RunQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if self.filter(status=RunStatus.APPROVED).exists():
            raise _refuse_approved("changed")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=RunStatus.APPROVED).exists():
            raise _refuse_approved("deleted")
        return super().delete()


class PremiRun(models.Model):
    """The premi of one workshop for one period, divided among the inmates who worked.

    `pool` = `pool_proceeds` (the premi part of the workshop's proceeds paid in the period,
    from the finance area) + `pool_piece_rates` (pieces × the products' piece rates);
    `total` = `pool` + the adjustments it carries. The shares sum exactly to `pool`.
    Approved runs are immutable (see the module docstring); `number` is given at approval.
    """

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    workshop = models.ForeignKey(
        "programs.Workshop",
        on_delete=models.PROTECT,
        related_name="premi_runs",
        verbose_name=_("workshop"),
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    period_kind = models.CharField(_("period"), max_length=5, choices=PeriodKind.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PREVIEW
    )
    basis = models.CharField(
        _("contribution counted by"), max_length=10, choices=ContributionBasis.choices
    )
    pool_proceeds = models.DecimalField(_("premi part of the proceeds (Rp)"), **MONEY)
    pool_piece_rates = models.DecimalField(_("piece rates (Rp)"), **MONEY)
    pool = models.DecimalField(_("pool (Rp)"), **MONEY)
    adjustments_total = models.DecimalField(_("corrections (Rp)"), default=0, **MONEY)
    total = models.DecimalField(_("total (Rp)"), **MONEY)
    total_points = models.DecimalField(_("total points"), **POINTS)
    spendable_percent = models.PositiveSmallIntegerField(
        _("spendable share (%)"), null=True, blank=True
    )
    prepared_at = models.DateTimeField(_("previewed at"))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("previewed by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )

    objects = ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(RunQuerySet)
    )

    class Meta:
        ordering = ["-start", "workshop__name", "-pk"]
        verbose_name = _("premi run")
        verbose_name_plural = _("premi runs")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "start"], name="premi_run_one_per_start"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="premi_run_period"),
            models.CheckConstraint(
                condition=Q(status="preview") | (Q(approved_at__isnull=False) & ~Q(number="")),
                name="premi_run_approved_complete",
            ),
            models.CheckConstraint(
                condition=Q(pool=F("pool_proceeds") + F("pool_piece_rates"))
                & Q(total=F("pool") + F("adjustments_total")),
                name="premi_run_sums",
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "-start"], name="premi_run_list")]

    def __str__(self) -> str:
        return self.number or f"{self.workshop} {self.start}–{self.end}"

    def save(self, *args, **kwargs):
        if not self._state.adding and self._stored_approved():
            raise _refuse_approved("changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_approved():
            raise _refuse_approved("deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_approved(self) -> bool:
        return self.status == RunStatus.APPROVED

    def _stored_approved(self) -> bool:
        return PremiRun.objects.filter(pk=self.pk, status=RunStatus.APPROVED).exists()


class RunLineQuerySet(models.QuerySet):
    """Lines (shares, adjustments) of an approved run can be neither changed nor deleted."""

    def _guard(self, what: str):
        if self.filter(run__status=RunStatus.APPROVED).exists():
            raise _refuse_approved(what)

    def update(self, **kwargs):
        self._guard("changed")
        return super().update(**kwargs)

    def delete(self):
        self._guard("deleted")
        return super().delete()


class RunLine(models.Model):
    """What shares and adjustments have in common: they belong to a run and are frozen with
    it once it is approved."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._run_approved():
            raise _refuse_approved("changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._run_approved():
            raise _refuse_approved("deleted")
        return super().delete(*args, **kwargs)

    def _run_approved(self) -> bool:
        return PremiRun.objects.filter(pk=self.run_id, status=RunStatus.APPROVED).exists()


def _line_manager():
    return ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(RunLineQuerySet)
    )


class PremiShare(RunLine):
    """One inmate's share of a run: the contribution (`measure`: pieces, hours or days;
    `points`: pieces weighted per product, or the hours or days themselves), `breakdown` (per
    product: name, unit, quantity, weight, points), the amount in whole rupiah and the
    explanation shown to the head and on the slip."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PremiRun, on_delete=models.CASCADE, related_name="shares")
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="premi_shares",
        verbose_name=_("inmate"),
    )
    position = models.PositiveIntegerField(default=0)
    measure = models.DecimalField(_("contribution"), **POINTS)
    points = models.DecimalField(_("points"), **POINTS)
    breakdown = models.JSONField(default=list, blank=True)
    amount = models.DecimalField(_("amount (Rp)"), validators=[MinValueValidator(0)], **MONEY)
    explanation = models.TextField(_("explanation"))

    objects = _line_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("premi share")
        verbose_name_plural = _("premi shares")
        constraints = [
            models.UniqueConstraint(fields=["run", "inmate"], name="premi_share_one_per_inmate"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(points__gte=0), name="premi_share_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.inmate}: {self.amount}"


class PremiAdjustment(RunLine):
    """A correction of an earlier approved run (`corrects`), carried by a later run of the
    same workshop: a signed amount (never 0) for one inmate, with the reason. Posted to the
    inmate's ledger when the carrying run is approved."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(PremiRun, on_delete=models.CASCADE, related_name="adjustments")
    corrects = models.ForeignKey(
        PremiRun,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        verbose_name=_("corrects run"),
    )
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="premi_adjustments",
        verbose_name=_("inmate"),
    )
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = _line_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("premi correction")
        verbose_name_plural = _("premi corrections")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="premi_adjustment_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.inmate}: {self.amount}"


class InmateLedgerEntry(AppendOnlyModel):
    """One entry of an inmate's ledger (append-only). `amount` is signed (credits and positive
    corrections in, withdrawals and the payout out) and equals `spendable` + `savings`.

    A credit names the share it posts, a correction its adjustment; a withdrawal says what for
    (canteen, family transfer) and only ever takes from the spendable part; the release payout
    takes all that is left. Money that leaves records the channel (cash, e-money card, bank
    account), the card or account reference and a receipt number."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    inmate = models.ForeignKey(
        "inmates.Inmate",
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("inmate"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices)
    entry_date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    spendable = models.DecimalField(_("spendable (Rp)"), **MONEY)
    savings = models.DecimalField(_("savings (Rp)"), **MONEY)
    run = models.ForeignKey(
        PremiRun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entries",
        verbose_name=_("premi run"),
    )
    share = models.OneToOneField(
        PremiShare,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entry",
    )
    adjustment = models.OneToOneField(
        PremiAdjustment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ledger_entry",
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=WithdrawalPurpose.choices, blank=True
    )
    channel = models.CharField(
        _("paid through"), max_length=10, choices=PayoutChannel.choices, blank=True
    )
    channel_reference = models.CharField(
        _("card or account number"),
        max_length=60,
        blank=True,
        help_text=_("The e-money card number or the savings account number."),
    )
    recipient = models.CharField(_("received by"), max_length=150, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )

    class Meta:
        ordering = ["entry_date", "pk"]
        verbose_name = _("inmate ledger entry")
        verbose_name_plural = _("inmate ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount=F("spendable") + F("savings")), name="ledger_entry_parts"
            ),
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_not_zero"),
            models.CheckConstraint(
                name="ledger_entry_sign",
                condition=(
                    Q(kind="credit", amount__gt=0, spendable__gte=0, savings__gte=0)
                    | Q(kind="adjustment")
                    | Q(kind="withdrawal", amount__lt=0, savings=0)
                    | Q(kind="payout", amount__lt=0, spendable__lte=0, savings__lte=0)
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["inmate", "entry_date"], name="ledger_inmate_date"),
            models.Index(fields=["facility", "kind"], name="ledger_facility_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.inmate} {self.get_kind_display()} {self.amount}"
