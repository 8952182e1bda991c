"""Pick-ups of goods by a partner (pengambilan / serah terima hasil karya) and their BAST.

A handover is recorded as a DRAFT under an agreement of the unit, changed freely (parties,
lines, photos), then POSTED: it gets its number (BAST/<unit>/<yyyy>/<mm>/<nnnn>, dated the
handover's day in the unit's zone, never reused, without gaps) and does what its scheme implies,
all in one transaction (all of it or nothing):

- beli putus: the goods are taken out of the source location as sold, and a sale (channel
  HANDOVER) with its invoice to the partner is made at the lines' prices;
- konsinyasi: the goods move to the partner's own stock location (kind partner, linked to the
  partner; made, named after the partner, the first time) and stay the unit's until settled;
- maklon: the partner's goods leave the source location as sold (they were never valued as
  the unit's stock: the production order received them at the product's cost price only for
  tracking), and the fee (quantity × fee per unit) becomes a sale (channel MAKLON) with its
  invoice, a receivable.

Decisions (documented for users in the pages' help texts):
- The agreement must be open as an MoU or a PKS (an exploration has no agreed terms; an expired
  or terminated agreement no longer allows pick-ups), name the scheme, and be valid on the
  day of the handover (between its start and end dates when it has them).
- The invoice is due on the day the agreement's payment terms name ("… 14 hari …": 14 days
  after the handover), else DEFAULT_PAYMENT_DAYS (30) days after the handover.
- The officer must work in the unit (a membership of the unit); the head who acknowledges must
  hold the head role in the unit.
- A draft may be dated in the future (prepared ahead); it is posted only once the time has
  come.
- Photos may be added to a draft or a posted handover (they are evidence, not part of the BAST);
  they are removed only from a draft.
- A posted handover is never changed or deleted. `handover_reverse` makes a reversing handover
  (its own BAST number) that undoes stock and money exactly; it is refused while money received
  for the sale has not been paid back, and for consignment when the partner no longer holds
  the goods (they were sold or returned: settle or take them back instead).
"""

from karya.sales.services.handovers.common import (
    DEFAULT_PAYMENT_DAYS,
    HANDOVER_OPEN_STATUSES,
    PHOTO_LIMIT,
    officer_position_for,
)
from karya.sales.services.handovers.drafts import (
    default_unit_price,
    handover_create,
    handover_delete,
    handover_line_add,
    handover_line_remove,
    handover_line_update,
    handover_photo_add,
    handover_photo_remove,
    handover_update,
)
from karya.sales.services.handovers.posting import (
    handover_post,
    handover_reverse,
    invoice_due_on,
)

__all__ = [
    "DEFAULT_PAYMENT_DAYS",
    "HANDOVER_OPEN_STATUSES",
    "PHOTO_LIMIT",
    "default_unit_price",
    "handover_create",
    "handover_delete",
    "handover_line_add",
    "handover_line_remove",
    "handover_line_update",
    "handover_photo_add",
    "handover_photo_remove",
    "handover_post",
    "handover_reverse",
    "handover_update",
    "invoice_due_on",
    "officer_position_for",
]
