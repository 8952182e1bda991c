"""Orders from people, institutions, other units and the government e-catalogue (e-Katalog
LKPP): quotation → order → delivery (with its sale and invoice) → payment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.sales.choices import CustomerKind, CustomerOrderStatus

MONEY = {"max_digits": 14, "decimal_places": 0}


class CustomerOrder(models.Model):
    """An order of a customer. QUOTATION → ORDERED → DELIVERED (goods taken from stock or from
    a production order's lot; a sale and an invoice are made) → PAID (payments cover the
    invoice); QUOTATION or ORDERED → CANCELLED; a delivered order is cancelled by reversing its
    sale (stock back, payments refunded). Invariants: an e-Katalog order has its order
    reference; another unit's order names that unit; the number is unique in the unit."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=60)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CustomerOrderStatus.choices,
        default=CustomerOrderStatus.QUOTATION,
    )
    customer_kind = models.CharField(_("customer"), max_length=12, choices=CustomerKind.choices)
    customer_name = models.CharField(_("customer's name"), max_length=200)
    customer_contact = models.CharField(_("contact (phone or e-mail)"), max_length=200, blank=True)
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name=_("partner"),
    )
    buyer_facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ordering unit"),
    )
    ekatalog_reference = models.CharField(
        _("e-Katalog order reference"), max_length=100, blank=True
    )
    quoted_on = models.DateField(_("quoted on"))
    ordered_on = models.DateField(_("ordered on"), null=True, blank=True)
    due_on = models.DateField(_("delivery due on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    source = models.ForeignKey(
        "inventory.StockLocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("deliver from"),
    )
    production_order = models.ForeignKey(
        "production.ProductionOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="customer_orders",
        verbose_name=_("production order"),
    )
    note = models.TextField(_("note"), blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-quoted_on", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.UniqueConstraint(fields=["facility", "number"], name="customer_order_number"),
            models.CheckConstraint(
                name="customer_order_ekatalog_reference",
                condition=~Q(customer_kind=CustomerKind.EKATALOG.value) | ~Q(ekatalog_reference=""),
            ),
            models.CheckConstraint(
                name="customer_order_unit_named",
                condition=~Q(customer_kind=CustomerKind.UNIT.value)
                | Q(buyer_facility__isnull=False),
            ),
            models.CheckConstraint(
                name="customer_order_cancel_reason",
                condition=~Q(status=CustomerOrderStatus.CANCELLED.value) | ~Q(cancel_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """One product or service ordered, at the quoted unit price. Changes only while the order
    is a quotation."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    order = models.ForeignKey(CustomerOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "production.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price (Rp)"), validators=[MinValueValidator(0)], **MONEY
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="order_line_quantity", condition=Q(quantity__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.product}"
