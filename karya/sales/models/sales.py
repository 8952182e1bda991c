"""Sales, invoices and payments: the money side of every channel (counter, beli-putus pick-up,
consignment settlement, order, maklon fee).

All four tables are append-only (karya.core.models): a sale, an invoice, a payment or an
allocation is never changed or deleted. A cancellation is a reversing sale (`reverses`, with
negative quantities and amounts), a refund a reversing payment (negative amount), so the sum of
the rows is always the truth and every past document stays as it was printed.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyModel, AppendOnlyQuerySet
from karya.sales.choices import Channel, CustomerKind, PaymentMethod

MONEY = {"max_digits": 14, "decimal_places": 0}


def _append_only_manager():
    return ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )


class Sale(AppendOnlyModel):
    """A sale of goods or services, whatever the channel. `total` is the sum of the lines'
    amounts. A reversal (`reverses`) mirrors the original with negated lines; a sale is
    reversed at most once and a reversal never is. The source document, when there is one, is
    `handover`, `settlement` or `order`."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=60)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    sold_at = models.DateTimeField(_("sold at"))
    customer_kind = models.CharField(
        _("customer"), max_length=12, choices=CustomerKind.choices, default=CustomerKind.PERSON
    )
    customer_name = models.CharField(_("customer's name"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sales",
        verbose_name=_("partner"),
    )
    buyer_facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("buying unit"),
    )
    handover = models.ForeignKey(
        "sales.Handover", null=True, blank=True, on_delete=models.PROTECT, related_name="sales"
    )
    settlement = models.ForeignKey(
        "sales.Settlement", null=True, blank=True, on_delete=models.PROTECT, related_name="sales"
    )
    order = models.ForeignKey(
        "sales.CustomerOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="sales"
    )
    location = models.ForeignKey(
        "inventory.StockLocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sold at location"),
        help_text=_("A counter sale: the gallery or bazaar stand the goods were sold from."),
    )
    event = models.CharField(
        _("event"),
        max_length=150,
        blank=True,
        help_text=_('A counter sale at an event, e.g. "One Day One Prison Product".'),
    )
    total = models.DecimalField(_("total (Rp)"), **MONEY)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = _append_only_manager()

    class Meta:
        ordering = ["-sold_at", "-pk"]
        verbose_name = _("sale")
        verbose_name_plural = _("sales")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="sale_number"),
            models.CheckConstraint(
                name="sale_reversal_has_reason", condition=Q(reverses__isnull=True) | ~Q(reason="")
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "channel", "-sold_at"], name="sale_channel_newest"),
            models.Index(fields=["location", "-sold_at"], name="sale_location_newest"),
            # The sales list: the unit's sales newest first (page 500 as cheap as page 1).
            models.Index(fields=["facility", "-sold_at", "-id"], name="sale_facility_newest"),
        ]

    def __str__(self) -> str:
        return self.number


class SaleLine(AppendOnlyModel):
    """One product or service of a sale: `quantity` (negative on a reversal, never zero) at
    `unit_price`, less `discount`: `amount` = quantity × unit_price − discount, in whole rupiah
    (the discount has the sign of the quantity; on a consignment settlement it is the line's
    share of the partner's commission, so the sale's total is what the unit is owed).
    `unit_cost` is the material cost of one unit when it was sold (for splits of profit after
    material cost); `workshop` is the workshop that made it (the lot's production order, or the
    product's only workshop), so proceeds can be credited to the workshop's premi pool."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    sale = models.ForeignKey(Sale, on_delete=models.PROTECT, related_name="lines")
    product = models.ForeignKey(
        "production.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    lot = models.ForeignKey(
        "inventory.Lot",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lot"),
    )
    workshop = models.ForeignKey(
        "programs.Workshop",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("workshop"),
    )
    quantity = models.IntegerField(_("quantity"))
    unit_price = models.DecimalField(
        _("unit price (Rp)"), validators=[MinValueValidator(0)], **MONEY
    )
    discount = models.DecimalField(
        _("discount (Rp)"),
        default=0,
        help_text=_("On a consignment settlement: the partner's commission on this line."),
        **MONEY,
    )
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    unit_cost = models.DecimalField(_("material cost per unit (Rp)"), default=0, **MONEY)

    objects = _append_only_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("sale line")
        verbose_name_plural = _("sale lines")
        constraints = [
            models.CheckConstraint(name="sale_line_quantity", condition=~Q(quantity=0)),
            models.CheckConstraint(
                name="sale_line_prices", condition=Q(unit_price__gte=0) & Q(unit_cost__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.product}"


class Invoice(AppendOnlyModel):
    """What a buyer owes for a sale not paid on the spot (faktur/tagihan): the partner of a
    beli-putus pick-up or a consignment settlement, an institution's order, a maklon fee.
    Outstanding = amount − payments of the sale; cancelled when its sale is reversed."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=60)
    sale = models.OneToOneField(
        Sale, on_delete=models.PROTECT, related_name="invoice", verbose_name=_("sale")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("partner"),
    )
    bill_to = models.CharField(_("bill to"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount (Rp)"), validators=[MinValueValidator(0)], **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = _append_only_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="invoice_number"),
            models.CheckConstraint(
                name="invoice_due_after_issue", condition=Q(due_on__gte=models.F("issued_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(AppendOnlyModel):
    """Money received for a sale (a kuitansi is printed from it), or paid back: `amount` is
    positive for money in, negative for a refund (`reverses` then names the payment refunded,
    in part or whole). The method is recorded, not processed. Each payment is divided over the
    sale's lines in `PaymentAllocation` rows, which the finance area splits into PNBP, premi and
    capital."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=60)
    sale = models.ForeignKey(
        Sale, on_delete=models.PROTECT, related_name="payments", verbose_name=_("sale")
    )
    paid_at = models.DateTimeField(_("paid at"))
    amount = models.DecimalField(_("amount (Rp)"), **MONEY)
    method = models.CharField(_("payment method"), max_length=10, choices=PaymentMethod.choices)
    payer_name = models.CharField(_("received from"), max_length=200, blank=True)
    reference = models.CharField(_("transfer or QRIS reference"), max_length=100, blank=True)
    tendered = models.DecimalField(
        _("cash handed over (Rp)"),
        null=True,
        blank=True,
        help_text=_("Cash at the counter: what the buyer handed over; the change is the rest."),
        **MONEY,
    )
    reverses = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("refund of"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = _append_only_manager()

    class Meta:
        ordering = ["-paid_at", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="payment_number"),
            models.CheckConstraint(name="payment_not_zero", condition=~Q(amount=0)),
            models.CheckConstraint(
                name="payment_tendered_covers_amount",
                condition=Q(tendered__isnull=True) | Q(tendered__gte=models.F("amount")),
            ),
            models.CheckConstraint(
                name="payment_refund_is_negative",
                condition=Q(reverses__isnull=True, amount__gt=0)
                | Q(reverses__isnull=False, amount__lt=0),
            ),
        ]
        indexes = [models.Index(fields=["facility", "-paid_at"], name="payment_newest")]

    def __str__(self) -> str:
        return self.number

    @property
    def change(self):
        """The change given back on cash handed over at the counter (None when not recorded)."""
        return None if self.tendered is None else self.tendered - self.amount

    @property
    def is_refund(self) -> bool:
        return self.reverses_id is not None


class PaymentAllocation(AppendOnlyModel):
    """The part of a payment that belongs to one sale line, hence to one product and workshop:
    the payment divided over the lines by their amounts (largest remainder, whole rupiah; the
    parts sum exactly to the payment). `material_cost` is the same share of the line's material
    cost. `paid_on` is the payment's date in the unit's zone. This is what the finance area
    splits by the rule valid on `paid_on`."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    sale_line = models.ForeignKey(SaleLine, on_delete=models.PROTECT, related_name="allocations")
    product = models.ForeignKey("production.Product", on_delete=models.PROTECT, related_name="+")
    workshop = models.ForeignKey(
        "programs.Workshop", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(**MONEY)
    material_cost = models.DecimalField(default=0, **MONEY)
    paid_on = models.DateField()

    objects = _append_only_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("payment allocation")
        verbose_name_plural = _("payment allocations")
        indexes = [
            models.Index(fields=["facility", "paid_on"], name="allocation_paid_on"),
            models.Index(fields=["workshop", "paid_on"], name="allocation_workshop"),
        ]

    def __str__(self) -> str:
        return f"{self.payment}: {self.amount} {self.product}"
