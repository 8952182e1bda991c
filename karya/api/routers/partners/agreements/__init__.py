"""Agreements of a unit: the list and one agreement with its products, obligations and
documents; opening (or renewing) one, changing its terms, the moves with the head's approval,
ending it; the agreed products and prices; the obligations of each side."""

from ninja import Router

from karya.api.routers.common import keep_operation_ids
from karya.api.routers.partners.agreements import agreements, obligations, products

router = Router()
router.add_router("", agreements.router)
router.add_router("", products.router)
router.add_router("", obligations.router)
keep_operation_ids(router, "karya.api.routers.partners.agreements")
