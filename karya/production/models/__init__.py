"""Models of the production area: the catalogue (products, prices, photos), raw materials with
their append-only ledger, and production orders."""

from karya.core.models import AppendOnlyError
from karya.production.models.catalogue import (
    MONEY,
    Product,
    ProductPhoto,
    ProductPrice,
    photo_path,
)
from karya.production.models.orders import (
    Material,
    MaterialMove,
    ProductionOrder,
)

__all__ = [
    "MONEY",
    "AppendOnlyError",
    "Material",
    "MaterialMove",
    "Product",
    "ProductPhoto",
    "ProductPrice",
    "ProductionOrder",
    "photo_path",
]
