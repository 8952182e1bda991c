"""Stock of finished goods: where it is (locations), which batch (lots), the append-only ledger of
moves, the balances the ledger adds up to, and stock counts (opname).

Invariants:
- A move is never changed or deleted (model, queryset and, on PostgreSQL, a trigger refuse it).
- For every (location, product, lot) the balance equals the sum of its moves, and is never
  negative (a database constraint, and every decrement is one conditional UPDATE).
- Only the services in `karya.inventory.services` write moves and balances.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyModel, AppendOnlyQuerySet
from karya.inventory.choices import (
    IN_KINDS,
    OPEN_COUNT_STATUSES,
    OUT_KINDS,
    CountStatus,
    LocationKind,
    MoveKind,
)


def _values(choices) -> list[str]:
    """Plain strings for constraints (migrations then do not import the choices)."""
    return [choice.value for choice in choices]


class StockLocation(models.Model):
    """Where a unit keeps goods: its production store, its gallery, a partner holding goods on
    consignment, or elsewhere. Invariant: the name is unique in the unit."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="stock_locations",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=LocationKind.choices)
    partner_name = models.CharField(
        _("partner"),
        max_length=200,
        blank=True,
        help_text=_("For goods held by a partner: the partner's name."),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stock_locations",
        verbose_name=_("partner holding the goods"),
        help_text=_("For goods on consignment: the partner of this unit that holds them."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="stock_location_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Lot(models.Model):
    """A batch of one product made together (production orders create them), so that goods
    can be traced to when they were made. Invariant: the code is unique in the unit."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="lots",
        verbose_name=_("product"),
    )
    code = models.CharField(_("lot code"), max_length=40)
    produced_on = models.DateField(_("produced on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-produced_on", "code"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.UniqueConstraint(fields=["facility", "code"], name="lot_unique_code"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("produced_on")),
                name="lot_expires_after_produced",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class StockMove(AppendOnlyModel):
    """One entry of the stock ledger: `quantity` units (signed: positive in, negative out, never
    zero) of a product and lot at a location.

    The sign follows the kind (a constraint checks it); the two legs of a transfer share a
    `transfer_group`; an adjustment names the stock count it comes from. `unit_cost` is what one
    unit cost to make (whole rupiah), for valuing.
    Append-only: see the module docstring.
    """

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, on_delete=models.PROTECT, related_name="moves", verbose_name=_("location")
    )
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="stock_moves",
        verbose_name=_("product"),
    )
    lot = models.ForeignKey(
        Lot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="moves",
        verbose_name=_("lot"),
    )
    quantity = models.IntegerField(_("quantity"))
    kind = models.CharField(_("kind of move"), max_length=16, choices=MoveKind.choices)
    unit_cost = models.DecimalField(
        _("unit cost"),
        max_digits=14,
        decimal_places=0,
        default=0,
        validators=[MinValueValidator(0)],
    )
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    transfer_group = models.UUIDField(null=True, blank=True, db_index=True)
    count = models.ForeignKey(
        "StockCount",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adjustments",
        verbose_name=_("stock count"),
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("stock move")
        verbose_name_plural = _("stock moves")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=_values(IN_KINDS)) & Q(quantity__gt=0))
                | (Q(kind__in=_values(OUT_KINDS)) & Q(quantity__lt=0))
                | (Q(kind=MoveKind.ADJUSTED.value) & ~Q(quantity=0)),
                name="stock_move_sign_follows_kind",
            ),
            models.CheckConstraint(
                condition=Q(unit_cost__gte=0), name="stock_move_unit_cost_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[MoveKind.TRANSFER_IN.value, MoveKind.TRANSFER_OUT.value])
                | Q(transfer_group__isnull=False),
                name="stock_move_transfer_has_group",
            ),
            models.CheckConstraint(
                condition=(Q(kind=MoveKind.ADJUSTED.value) & Q(count__isnull=False))
                | (~Q(kind=MoveKind.ADJUSTED.value) & Q(count__isnull=True)),
                name="stock_move_adjustment_has_count",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "-id"], name="stock_move_facility_newest"),
            models.Index(fields=["location", "product", "lot"], name="stock_move_position"),
            models.Index(fields=["product", "lot", "kind"], name="stock_move_product_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity:+d} {self.product} @ {self.location}"


class StockBalance(models.Model):
    """How many units of a product and lot a location holds now: the sum of the moves of that
    (location, product, lot), kept by the services in the same transaction as each move.
    Invariants: one row per (location, product, lot), the missing lot included; quantity ≥ 0."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, on_delete=models.PROTECT, related_name="balances", verbose_name=_("location")
    )
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="stock_balances",
        verbose_name=_("product"),
    )
    lot = models.ForeignKey(
        Lot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="balances",
        verbose_name=_("lot"),
    )
    quantity = models.IntegerField(_("quantity"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["location__name", "product__name", "lot__code"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_balance_not_negative"),
            # Two partial unique constraints: a NULL lot would otherwise never clash.
            models.UniqueConstraint(
                fields=["location", "product", "lot"],
                condition=Q(lot__isnull=False),
                name="stock_balance_one_per_lot",
            ),
            models.UniqueConstraint(
                fields=["location", "product"],
                condition=Q(lot__isnull=True),
                name="stock_balance_one_without_lot",
            ),
        ]

    def __str__(self) -> str:
        lot = f" ({self.lot})" if self.lot_id else ""
        return f"{self.product}{lot} @ {self.location}: {self.quantity}"


class StockCount(models.Model):
    """A stock count (stock opname) of one location: DRAFT (expected quantities snapshotted,
    counts being entered) → SUBMITTED → APPROVED (differences posted as adjustment moves) or
    REJECTED. Invariant: at most one open (draft or submitted) count per location."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        StockLocation, on_delete=models.PROTECT, related_name="counts", verbose_name=_("location")
    )
    counted_on = models.DateField(_("counted on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CountStatus.choices, default=CountStatus.DRAFT
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-counted_on", "-pk"]
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        constraints = [
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(status__in=_values(OPEN_COUNT_STATUSES)),
                name="stock_count_one_open_per_location",
            ),
        ]

    def __str__(self) -> str:
        return f"Opname #{self.pk} {self.location} {self.counted_on}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COUNT_STATUSES


class StockCountLine(models.Model):
    """One product and lot of a count: the quantity the ledger expected when the count was
    made and the quantity counted (empty until entered)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    count = models.ForeignKey(StockCount, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(
        "production.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    lot = models.ForeignKey(
        Lot,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lot"),
    )
    expected = models.IntegerField(_("expected"))
    counted = models.IntegerField(_("counted"), null=True, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["product__name", "lot__code", "pk"]
        verbose_name = _("stock count line")
        verbose_name_plural = _("stock count lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(expected__gte=0) & (Q(counted__isnull=True) | Q(counted__gte=0)),
                name="stock_count_line_not_negative",
            ),
            models.UniqueConstraint(
                fields=["count", "product", "lot"],
                condition=Q(lot__isnull=False),
                name="stock_count_line_one_per_lot",
            ),
            models.UniqueConstraint(
                fields=["count", "product"],
                condition=Q(lot__isnull=True),
                name="stock_count_line_one_without_lot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.lot or ''}: {self.expected} / {self.counted}"

    @property
    def difference(self) -> int | None:
        return None if self.counted is None else self.counted - self.expected
