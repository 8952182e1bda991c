"""Handovers, sales, invoices and payments, consignment and orders of one unit, under
/api/v1/facilities/{code}/…; one module per part, each added to `router` here.

Reading needs Perm.SALES_VIEW, writing Perm.SALES_MANAGE, recording money Perm.PAYMENT_RECORD;
the rules are in `karya.sales.services`."""

from ninja import Router

from karya.api.routers.common import keep_operation_ids
from karya.api.routers.sales import consignment, counter, handovers, money, orders

router = Router()
router.add_router("", money.router)
router.add_router("", counter.router)
router.add_router("", consignment.router)
router.add_router("", handovers.router)
router.add_router("", orders.router)
keep_operation_ids(router, "karya.api.routers.sales")
