"""States of a quote request, the sort orders of the public catalogue and the words that say
whether a product can be had."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    NEW = "new", _("New")
    HANDLED = "handled", _("Handled")


class RequestKind(models.TextChoices):
    QUOTE = "quote", _("Price quotation")
    ORDER = "order", _("Order")


class Sort(models.TextChoices):
    NEWEST = "terbaru", _("Newest")
    PRICE_LOW = "harga-terendah", _("Lowest price")
    PRICE_HIGH = "harga-tertinggi", _("Highest price")
    NAME = "nama", _("Name")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    SOLD_OUT = "sold_out", _("Sold out, can be ordered")
    SERVICE = "service", _("Service, by appointment")
