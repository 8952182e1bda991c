"""Writes of the stock area, one module per part: locations and lots, moves, stock counts.

The ledger functions other areas call (production orders, consignment, sales) are
re-exported here: `stock_receive`, `stock_take`, `stock_transfer`, `stock_write_off`.
"""

from karya.inventory.services.moves import (
    InsufficientStock,
    stock_receive,
    stock_take,
    stock_transfer,
    stock_write_off,
)

__all__ = [
    "InsufficientStock",
    "stock_receive",
    "stock_take",
    "stock_transfer",
    "stock_write_off",
]
