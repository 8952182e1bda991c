"""The consignment fixtures of the sales tests (the shop, its agreement and stock location,
goods sent there, `world(unit)`), for the API tests."""

from karya.sales.tests.conftest import output_officer, store, treasurer  # noqa: F401
from karya.sales.tests.consignment.conftest import (  # noqa: F401
    consigned,
    nest,
    shop,
    shop_agreement,
    trap,
    trap_lot,
    trap_workshop,
    world,
)
