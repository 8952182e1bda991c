"""Raw materials with their append-only ledger, and production orders.

Invariants:
- A material move is never changed or deleted (model and queryset refuse it). A material's
  `quantity` is the sum of its moves and never negative (a constraint, and every decrement is
  one conditional UPDATE).
- Partner-supplied material is tracked by quantity only: it is never valued as the unit's stock
  (its moves carry no price).
- An order's number is unique in the unit and numbered without gaps per year (a counter row
  locked while the number is taken).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyModel, AppendOnlyQuerySet
from karya.production.choices import (
    MaterialMoveKind,
    MaterialOwner,
    MaterialUnit,
    OrderStatus,
)

QUANTITY = {"max_digits": 14, "decimal_places": 3}
MONEY = {"max_digits": 14, "decimal_places": 0}


class Material(models.Model):
    """A raw material of one unit (lidi, ijuk, daun pandan, kain mori...), bought by the unit
    (`own`, valued at the weighted average purchase price) or supplied by a partner
    (`partner`, tracked by quantity, never valued). `quantity` is the balance on hand, kept by
    the services with every move. Invariant: the name is unique in the unit; quantity ≥ 0."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=150)
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=10, choices=MaterialUnit.choices
    )
    owner = models.CharField(_("owner"), max_length=10, choices=MaterialOwner.choices)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    partner_name = models.CharField(
        _("partner name"),
        max_length=200,
        blank=True,
        help_text=_("For partner-supplied material: who supplies it."),
    )
    quantity = models.DecimalField(_("quantity on hand"), default=0, **QUANTITY)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-is_active", "name"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="material_unique_name"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="material_not_negative"),
            models.CheckConstraint(
                condition=Q(owner=MaterialOwner.PARTNER.value)
                | (Q(partner__isnull=True) & Q(partner_name="")),
                name="material_partner_only_when_supplied",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner_owned(self) -> bool:
        return self.owner == MaterialOwner.PARTNER

    @property
    def supplier_label(self) -> str:
        if self.partner_id:
            return str(self.partner)
        return self.partner_name


class MaterialMove(AppendOnlyModel):
    """One entry of a material's ledger: a purchase (+, supplier and unit price), a supply by
    the partner (+, no price), use in a production order (−) or an adjustment (±, with a
    reason). `amount` is the value in whole rupiah: of a purchase, quantity × unit price; of
    own material used, its quantity at the average purchase price; 0 for partner material."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    material = models.ForeignKey(
        Material, on_delete=models.PROTECT, related_name="moves", verbose_name=_("material")
    )
    kind = models.CharField(_("kind of move"), max_length=10, choices=MaterialMoveKind.choices)
    quantity = models.DecimalField(_("quantity"), **QUANTITY)
    unit_price = models.DecimalField(_("unit price"), null=True, blank=True, **MONEY)
    amount = models.DecimalField(_("amount"), default=0, **MONEY)
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    order = models.ForeignKey(
        "ProductionOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="material_moves",
        verbose_name=_("production order"),
    )
    moved_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )

    class Meta:
        ordering = ["-moved_on", "-pk"]
        verbose_name = _("material move")
        verbose_name_plural = _("material moves")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[MaterialMoveKind.PURCHASE.value, MaterialMoveKind.SUPPLIED.value])
                    & Q(quantity__gt=0)
                )
                | (Q(kind=MaterialMoveKind.CONSUMED.value) & Q(quantity__lt=0))
                | (Q(kind=MaterialMoveKind.ADJUSTED.value) & ~Q(quantity=0)),
                name="material_move_sign_follows_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MaterialMoveKind.PURCHASE.value) | Q(unit_price__gte=0),
                name="material_purchase_has_price",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MaterialMoveKind.CONSUMED.value) | Q(order__isnull=False),
                name="material_consumed_has_order",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="material_amount_positive"),
        ]
        indexes = [models.Index(fields=["material", "kind"], name="material_move_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity} {self.material}"


class ProductionOrder(models.Model):
    """A production order (perintah produksi): a workshop makes a planned quantity of one of
    its products between two dates, from the unit's own material or a partner's.

    PLANNED → IN_PROGRESS → FINISHED; PLANNED or IN_PROGRESS → CANCELLED (with a reason). The
    stages (planning, making, packaging) each have a supervising officer. Finishing records
    the good and rejected quantities and puts the good ones into stock under a new lot.
    """

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=40)
    workshop = models.ForeignKey(
        "programs.Workshop",
        on_delete=models.PROTECT,
        related_name="production_orders",
        verbose_name=_("workshop"),
    )
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="production_orders",
        verbose_name=_("product"),
    )
    planned_quantity = models.PositiveIntegerField(_("planned quantity"))
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    material_source = models.CharField(
        _("material source"), max_length=10, choices=MaterialOwner.choices
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner"),
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="production_orders",
        verbose_name=_("agreement"),
        help_text=_("The maklon agreement under which the partner supplies the material."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=OrderStatus.choices, default=OrderStatus.PLANNED
    )
    planning_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planning officer"),
    )
    making_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("making officer"),
    )
    packaging_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("packaging officer"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    good_quantity = models.PositiveIntegerField(_("good quantity"), null=True, blank=True)
    rejected_quantity = models.PositiveIntegerField(_("rejected quantity"), null=True, blank=True)
    lot = models.ForeignKey(
        "inventory.Lot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lot"),
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("production order")
        verbose_name_plural = _("production orders")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="order_unique_number"),
            models.CheckConstraint(
                condition=Q(due_date__gte=F("start_date")), name="order_due_after_start"
            ),
            models.CheckConstraint(
                condition=Q(planned_quantity__gte=1), name="order_planned_quantity_min"
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.FINISHED.value)
                | (Q(finished_on__isnull=False) & Q(good_quantity__isnull=False)),
                name="order_finished_has_result",
            ),
            models.CheckConstraint(
                condition=~Q(status=OrderStatus.CANCELLED.value) | ~Q(cancel_reason=""),
                name="order_cancelled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "status"], name="order_facility_status"),
            # The orders list, newest first: without it PostgreSQL walks every unit's orders
            # backwards by id to find this unit's first 50.
            models.Index(fields=["facility", "-id"], name="order_facility_newest"),
        ]

    def __str__(self) -> str:
        return self.number
