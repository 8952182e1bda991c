"""Handovers, sales, invoices and payments, consignment and orders of one unit, under
/api/v1/facilities/{code}/…; one module per part, each added to `router` here.

Reading needs Perm.SALES_VIEW, writing Perm.SALES_MANAGE, recording money Perm.PAYMENT_RECORD;
the rules are in `karya.sales.services`."""

from ninja import Router

from karya.api.routers.sales import consignment, handovers

router = Router()
router.add_router("", consignment.router)
router.add_router("", handovers.router)
