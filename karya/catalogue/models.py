"""What the public sends a unit through its catalogue: a request for a price quotation or an
order of one product. The request belongs to the product's unit (scoped like every unit row);
the unit's output officers find it in their inbox and handle it."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.catalogue.choices import RequestKind, RequestStatus


class QuoteRequest(models.Model):
    """A visitor asks a unit for a quotation or places an order for one published product.

    NEW → HANDLED (an officer records what was done: a quotation made, a call returned). The
    visitor's address is never stored (the rate limit keeps it in the cache only).
    Invariants: quantity ≥ 1; a handled request says who handled it and when."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="quote_requests",
        verbose_name=_("product"),
    )
    kind = models.CharField(
        _("request"), max_length=8, choices=RequestKind.choices, default=RequestKind.QUOTE
    )
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution or company"), max_length=200, blank=True)
    contact = models.CharField(_("phone or e-mail"), max_length=200)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handling_note = models.CharField(_("what was done"), max_length=300, blank=True)
    quotation = models.OneToOneField(
        "sales.CustomerOrder",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="quote_request",
        verbose_name=_("quotation made from it"),
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("quote request")
        verbose_name_plural = _("quote requests")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="quote_request_quantity"),
            models.CheckConstraint(
                condition=Q(status="new") | (Q(handled_at__isnull=False)),
                name="quote_request_handled_has_time",
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.name}: {self.quantity} {self.product}"

    @property
    def is_new(self) -> bool:
        return self.status == RequestStatus.NEW
