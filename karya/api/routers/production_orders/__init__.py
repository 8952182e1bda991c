"""Raw materials and production orders of one unit.

Reading needs Perm.WORKSHOP_VIEW; materials Perm.MATERIAL_MANAGE; orders
Perm.PRODUCTION_MANAGE. Quantities of material are decimal strings (up to three decimals);
amounts whole rupiah as decimal strings. Partner-supplied material has value 0: it is never
the unit's stock. Every query runs inside the unit's scope. Inmates' names are not exposed.
"""

from ninja import Router

from karya.api.routers.common import keep_operation_ids
from karya.api.routers.production_orders import materials, orders

router = Router()
router.add_router("", materials.router)
router.add_router("", orders.router)
keep_operation_ids(router, "karya.api.routers.production_orders")
