"""Writes on the catalogue: products, their dated prices, photos and publication.

Every service is keyword-only, takes an explicit `actor`, runs in one transaction and appends
its audit rows. Errors a user can cause raise DomainError (nothing is written)."""

from karya.production.services.materials import (
    material_create,
    material_purchase,
    material_supply,
)
from karya.production.services.orders import (
    order_assign_officers,
    order_cancel,
    order_consume_material,
    order_finish,
    order_plan,
    order_start,
)
from karya.production.services.photos import product_photo_add, product_photo_remove
from karya.production.services.prices import product_price_add
from karya.production.services.products import (
    product_create,
    product_ekatalog_set,
    product_publish,
    product_unpublish,
    product_update,
    publish_problems,
)

__all__ = [
    "material_create",
    "material_purchase",
    "material_supply",
    "order_assign_officers",
    "order_cancel",
    "order_consume_material",
    "order_finish",
    "order_plan",
    "order_start",
    "product_create",
    "product_ekatalog_set",
    "product_photo_add",
    "product_photo_remove",
    "product_price_add",
    "product_publish",
    "product_unpublish",
    "product_update",
    "publish_problems",
]
