"""Goods and services a unit makes. Prices, photos, food legality and the public catalogue
come with the products issue; the work programme needs the product itself to count output."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.production.choices import ProductCategory, UnitOfMeasure


class Product(models.Model):
    """A good or a service of one unit. Invariant: the name is unique within the unit."""

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

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.UniqueConstraint(fields=["facility", "name"], name="product_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
