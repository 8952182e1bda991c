from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitOfMeasure(models.TextChoices):
    BATANG = "batang", "batang"
    BUAH = "buah", "buah"
    LEMBAR = "lembar", "lembar"
    KG = "kg", "kg"
    PORSI = "porsi", "porsi"
    PAKET = "paket", "paket"
    KALI = "kali", _("kali (service)")


class ProductCategory(models.TextChoices):
    KERAJINAN = "kerajinan", _("Handicraft")
    ANYAMAN = "anyaman", _("Woven goods")
    BATIK = "batik", _("Batik")
    KAYU = "kayu", _("Wood and furniture")
    KULINER = "kuliner", _("Food and drink")
    KONVEKSI = "konveksi", _("Garments")
    PERTANIAN = "pertanian", _("Farm produce")
    JASA = "jasa", _("Service")
    LAINNYA = "lainnya", _("Other")


# Categories whose products are food: only they carry a P-IRT number, a halal certificate and a
# shelf life, and they need the P-IRT number before they are published.
FOOD_CATEGORIES = frozenset({ProductCategory.KULINER})


class MaterialUnit(models.TextChoices):
    KG = "kg", "kg"
    GRAM = "gram", "gram"
    METER = "meter", "meter"
    LEMBAR = "lembar", "lembar"
    BATANG = "batang", "batang"
    IKAT = "ikat", "ikat"
    LITER = "liter", "liter"
    BUAH = "buah", "buah"


class MaterialOwner(models.TextChoices):
    OWN = "own", _("Own (bought by the unit)")
    PARTNER = "partner", _("Supplied by a partner")


class MaterialMoveKind(models.TextChoices):
    PURCHASE = "purchase", _("Purchase")
    SUPPLIED = "supplied", _("Supplied by the partner")
    CONSUMED = "consumed", _("Used in production")
    ADJUSTED = "adjusted", _("Adjustment")


class OrderStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ORDER_STATUSES = (OrderStatus.PLANNED, OrderStatus.IN_PROGRESS)
