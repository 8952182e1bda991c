"""Consignment settlements: what a partner holding the unit's goods reports as sold in a
period, and the invoice net of its commission that follows."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.sales.choices import SettlementStatus

MONEY = {"max_digits": 14, "decimal_places": 0}


class Settlement(models.Model):
    """A settlement of a consignment agreement for a period (`period_start`..`period_end`):
    the quantities the partner sold, reported by the partner through the portal or entered by
    the officer. SUBMITTED → CONFIRMED (the sold goods leave the partner's stock location, a
    sale and an invoice for `net` are made) or REJECTED (with a reason). Invariants: gross =
    Σ lines; commission = gross × commission_percent / 100 rounded by karya.core.money;
    net = gross − commission; a confirmed settlement is never changed."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    agreement = models.ForeignKey(
        "partners.Agreement",
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("partner"),
    )
    location = models.ForeignKey(
        "inventory.StockLocation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner's stock location"),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SettlementStatus.choices,
        default=SettlementStatus.SUBMITTED,
    )
    reported_by_partner = models.BooleanField(_("reported by the partner"), default=False)
    commission_percent = models.DecimalField(
        _("partner's commission (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    gross = models.DecimalField(_("sold (Rp)"), default=0, **MONEY)
    commission = models.DecimalField(_("commission (Rp)"), default=0, **MONEY)
    net = models.DecimalField(_("due to the unit (Rp)"), default=0, **MONEY)
    note = models.TextField(_("note"), blank=True)
    decision_note = models.CharField(_("reason"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("consignment settlement")
        verbose_name_plural = _("consignment settlements")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "number"], condition=~Q(number=""), name="settlement_number"
            ),
            models.CheckConstraint(
                name="settlement_period_ordered",
                condition=Q(period_end__gte=models.F("period_start")),
            ),
            models.CheckConstraint(
                name="settlement_net",
                condition=Q(net=models.F("gross") - models.F("commission"))
                & Q(commission__gte=0)
                & Q(net__gte=0),
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.partner} {self.period_start}–{self.period_end}"


class SettlementLine(models.Model):
    """One product (and lot) sold by the partner in the period, at the agreed unit price."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(Settlement, on_delete=models.CASCADE, related_name="lines")
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
    quantity = models.PositiveIntegerField(_("quantity sold"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price (Rp)"), validators=[MinValueValidator(0)], **MONEY
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(name="settlement_line_quantity", condition=Q(quantity__gt=0))
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.product}"

    @property
    def amount(self):
        """quantity × agreed unit price (before the commission)."""
        return self.quantity * self.unit_price
