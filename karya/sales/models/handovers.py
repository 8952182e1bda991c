"""Pick-ups of goods by a partner (pengambilan / serah terima hasil karya) and their signed
minutes, the BAST (Berita Acara Serah Terima)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.files import file_extension
from karya.sales.choices import HandoverScheme, HandoverStatus

MONEY = {"max_digits": 14, "decimal_places": 0}


class Handover(models.Model):
    """A partner collects goods under an agreement.

    DRAFT (lines, parties and photos may change) → POSTED: posting gives the number
    (BAST/<unit>/<yyyy>/<mm>/<nnnn>, karya.core.numbering), makes the handover immutable and
    does what the scheme implies (beli putus: a sale with its invoice; konsinyasi: the goods move
    to the partner's stock location; maklon: the partner's goods leave and the fee becomes a
    receivable). A posted handover is never changed or deleted; a mistake is corrected by a
    reversing handover (`reverses`), itself posted with its own number, which undoes the stock
    and money effects exactly. Invariants: a posted handover has a number, unique in the unit;
    a handover is reversed at most once; a reversal is never itself reversed."""

    facility = models.ForeignKey(
        "facilities.Facility", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    agreement = models.ForeignKey(
        "partners.Agreement",
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("agreement"),
    )
    partner = models.ForeignKey(
        "partners.Partner",
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("partner"),
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=HandoverScheme.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=HandoverStatus.choices, default=HandoverStatus.DRAFT
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    handed_over_at = models.DateTimeField(_("date and time of the handover"))
    source = models.ForeignKey(
        "inventory.StockLocation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("goods taken from"),
    )
    destination = models.ForeignKey(
        "inventory.StockLocation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner's stock location (consignment)"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("officer handing over"),
    )
    officer_position = models.CharField(
        _("position of the officer"),
        max_length=150,
        blank=True,
        help_text=_("As printed on the BAST; by default the officer's role in the unit."),
    )
    partner_representative = models.CharField(_("partner's representative"), max_length=150)
    partner_representative_position = models.CharField(
        _("position of the representative"), max_length=150, blank=True
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("head acknowledging (mengetahui)"),
    )
    note = models.TextField(_("note"), blank=True)
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    reason = models.CharField(_("reason for the reversal"), max_length=300, blank=True)
    posted_at = models.DateTimeField(null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-handed_over_at", "-pk"]
        verbose_name = _("handover (BAST)")
        verbose_name_plural = _("handovers (BAST)")
        constraints = [
            models.UniqueConstraint(
                fields=["facility", "number"], condition=~Q(number=""), name="handover_number"
            ),
            models.CheckConstraint(
                name="handover_posted_has_number",
                condition=Q(status="draft", number="")
                | (Q(status="posted") & ~Q(number="") & Q(posted_at__isnull=False)),
            ),
            models.CheckConstraint(
                name="handover_reversal_has_reason",
                condition=Q(reverses__isnull=True) | ~Q(reason=""),
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "-handed_over_at"])]

    def __str__(self) -> str:
        return self.number or _("Draft handover #%(pk)s") % {"pk": self.pk}

    @property
    def is_posted(self) -> bool:
        return self.status == HandoverStatus.POSTED

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None


class HandoverLine(models.Model):
    """One product (and lot) handed over: a whole quantity above zero at the unit price the
    agreement sets (the fee per unit under maklon). Changes only while the handover is a
    draft."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="lines")
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
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(
        _("unit price (Rp)"), validators=[MinValueValidator(0)], **MONEY
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("handover line")
        verbose_name_plural = _("handover lines")
        constraints = [
            models.CheckConstraint(name="handover_line_quantity", condition=Q(quantity__gt=0)),
            models.CheckConstraint(name="handover_line_price", condition=Q(unit_price__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} {self.product}"

    @property
    def amount(self):
        return self.quantity * self.unit_price


def handover_photo_path(instance, filename: str) -> str:
    """A random name under the unit's folder; the extension comes from the cleaned image."""
    extension = file_extension(filename, "jpg")
    return f"handovers/{instance.facility.code}/{uuid.uuid4().hex}.{extension}"


class HandoverPhoto(models.Model):
    """A photo of the pick-up, re-encoded without metadata (karya.core.images). Never shown
    outside the unit (it may show inmates)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=handover_photo_path, max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("handover photo")
        verbose_name_plural = _("handover photos")

    def __str__(self) -> str:
        return self.caption or f"{self.handover} #{self.pk}"
