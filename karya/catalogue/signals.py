"""What empties the public cache: any write to what the public site shows (products, their
prices and photos, units, news). Stock moves do not: availability words may lag behind by the
cache time (settings.KARYA_PUBLIC_CACHE_SECONDS)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from karya.catalogue.cache import invalidate
from karya.facilities.models import Facility
from karya.newsroom.models import PressRelease
from karya.production.models import Product, ProductPhoto, ProductPrice

PUBLIC_MODELS = (Product, ProductPrice, ProductPhoto, Facility, PressRelease)


@receiver(post_save)
@receiver(post_delete)
def _public_change(sender, **kwargs):
    if sender in PUBLIC_MODELS:
        invalidate()
