"""Models of the production area: the catalogue (products, prices, photos), raw materials with
their append-only ledger, and production orders."""

from karya.production.models.catalogue import (
    MONEY,
    AppendOnlyError,
    Product,
    ProductPhoto,
    ProductPrice,
    ProductPriceQuerySet,
    photo_path,
)
from karya.production.models.orders import (
    Material,
    MaterialMove,
    ProductionOrder,
    ProductionOrderCounter,
)

__all__ = [
    "MONEY",
    "AppendOnlyError",
    "Material",
    "MaterialMove",
    "Product",
    "ProductPhoto",
    "ProductPrice",
    "ProductPriceQuerySet",
    "ProductionOrder",
    "ProductionOrderCounter",
    "photo_path",
]
