"""Goods and services a unit makes (the catalogue), their dated prices and their photos.

Prices are append-only (karya.core.models): a price is never edited or deleted, a new dated
price is added, so a sale made in the past keeps the price valid on its day. Photos are stored
re-encoded, without their metadata, under a random name (see karya/core/images.py)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.models import AppendOnlyModel, AppendOnlyQuerySet
from karya.production.choices import FOOD_CATEGORIES, ProductCategory, UnitOfMeasure

MONEY = {"max_digits": 14, "decimal_places": 0}


class Product(models.Model):
    """A good or a service of one unit.

    Invariants: the name is unique within the unit; only food has a P-IRT number, halal
    certificate or shelf life; a product listed on the e-Katalog has its listing reference.
    The rules for publishing (a current public price; food: a P-IRT number) are the services'.
    """

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("unit"),
    )
    name = models.CharField(_("name"), max_length=150)
    category = models.CharField(_("category"), max_length=20, choices=ProductCategory.choices)
    unit_of_measure = models.CharField(
        _("unit of measure"), max_length=10, choices=UnitOfMeasure.choices
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_published = models.BooleanField(_("published in the public catalogue"), default=False)
    ekatalog_listed = models.BooleanField(_("listed on the e-Katalog (LKPP)"), default=False)
    ekatalog_reference = models.CharField(
        _("e-Katalog listing reference"), max_length=100, blank=True
    )
    pirt_number = models.CharField(_("P-IRT number"), max_length=40, blank=True)
    halal_number = models.CharField(_("halal certificate number"), max_length=60, blank=True)
    halal_valid_until = models.DateField(_("halal certificate valid until"), null=True, blank=True)
    shelf_life_days = models.PositiveIntegerField(_("shelf life (days)"), null=True, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="product_unique_name"),
            models.CheckConstraint(
                condition=Q(ekatalog_listed=False) | ~Q(ekatalog_reference=""),
                name="product_ekatalog_reference",
            ),
            models.CheckConstraint(
                condition=Q(category__in=sorted(FOOD_CATEGORIES))
                | Q(
                    pirt_number="",
                    halal_number="",
                    halal_valid_until__isnull=True,
                    shelf_life_days__isnull=True,
                ),
                name="product_food_fields_only_for_food",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_food(self) -> bool:
        return self.category in FOOD_CATEGORIES


class ProductPrice(AppendOnlyModel):
    """The prices of a product from one date on, until the next price's date.

    Invariants: whole rupiah, never negative; one price per product and date; never changed
    or deleted once written (save on an existing row, delete and queryset update/delete
    raise; on PostgreSQL a trigger refuses UPDATE and DELETE too).
    """

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="prices", verbose_name=_("product")
    )
    valid_from = models.DateField(_("valid from"))
    cost = models.DecimalField(_("cost"), **MONEY)
    public_price = models.DecimalField(_("public price"), **MONEY)
    partner_price = models.DecimalField(_("partner price"), **MONEY)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(
        facility="facility", _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet)
    )

    class Meta:
        ordering = ["product", "-valid_from"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(fields=["product", "valid_from"], name="price_one_per_date"),
            models.CheckConstraint(
                condition=Q(cost__gte=0) & Q(public_price__gte=0) & Q(partner_price__gte=0),
                name="price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.valid_from})"


def photo_path(instance: "ProductPhoto", filename: str) -> str:
    """products/<unit code>/<random>.<ext>: only the extension of `filename` is kept, and the
    services choose it (the uploaded name is never used: path names in uploads are hostile)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension in {"jpg", "png"} else "bin"
    unit = slugify(instance.facility.code) or "unit"
    return f"products/{unit}/{uuid.uuid4().hex}.{extension}"


class ProductPhoto(models.Model):
    """A photo of a product, re-encoded (JPEG, or PNG for transparency) without metadata."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="photos", verbose_name=_("product")
    )
    image = models.ImageField(_("photo"), upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    position = models.PositiveIntegerField(_("position"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["product", "position", "pk"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return f"{self.product} #{self.position + 1}"
