"""Kinds of stock locations and moves, and the states of a stock count (opname)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LocationKind(models.TextChoices):
    STORE = "store", _("Production store")
    GALLERY = "gallery", _("Gallery")
    PARTNER = "partner", _("At a partner (consignment)")
    OTHER = "other", _("Other")


class MoveKind(models.TextChoices):
    PRODUCED = "produced", _("Produced")
    OPENING = "opening", _("Opening stock")
    RETURNED = "returned", _("Returned goods")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    CONSIGNED_OUT = "consigned_out", _("Consigned to a partner")
    SOLD = "sold", _("Sold")
    DAMAGED = "damaged", _("Damaged (written off)")
    ADJUSTED = "adjusted", _("Stock count adjustment")


# The sign of a move's quantity follows from its kind (a database constraint says so too).
IN_KINDS = (MoveKind.PRODUCED, MoveKind.OPENING, MoveKind.RETURNED, MoveKind.TRANSFER_IN)
OUT_KINDS = (MoveKind.TRANSFER_OUT, MoveKind.CONSIGNED_OUT, MoveKind.SOLD, MoveKind.DAMAGED)
# What `stock_receive` and `stock_take` accept; transfers and adjustments have their own service.
RECEIVE_KINDS = (MoveKind.PRODUCED, MoveKind.OPENING, MoveKind.RETURNED)
TAKE_KINDS = (MoveKind.SOLD, MoveKind.DAMAGED, MoveKind.CONSIGNED_OUT)
# Moves whose unit cost values the stock (what the goods cost to make).
COSTING_KINDS = (MoveKind.PRODUCED, MoveKind.OPENING)
# Goods leaving a location because someone wanted them: what keeps stock from being slow-moving.
DEMAND_KINDS = (MoveKind.SOLD, MoveKind.CONSIGNED_OUT, MoveKind.TRANSFER_OUT)


class CountStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


OPEN_COUNT_STATUSES = (CountStatus.DRAFT, CountStatus.SUBMITTED)
