"""Stock of one unit: locations, balances with value at cost, the ledger of moves (keyset
pagination), receiving, transfers, write-offs and stock counts (opname).

Reading needs Perm.STOCK_VIEW; receiving, transferring and counting Perm.STOCK_MANAGE; writing
off and deciding a count Perm.STOCK_APPROVE (the head). Amounts are whole rupiah as decimal
strings. Every query runs inside the unit's scope.
"""

from ninja import Router

from karya.api.routers.common import keep_operation_ids
from karya.api.routers.stock import counts, locations, moves

router = Router()
router.add_router("", locations.router)
router.add_router("", moves.router)
router.add_router("", counts.router)
keep_operation_ids(router, "karya.api.routers.stock")
