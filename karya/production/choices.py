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
