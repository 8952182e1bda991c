"""States and kinds of handovers, sales, payments, consignment settlements and orders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")


# The schemes a handover can be made under (see karya.partners.choices.Scheme).
class HandoverScheme(models.TextChoices):
    BELI_PUTUS = "beli_putus", _("Outright purchase (beli putus)")
    KONSINYASI = "konsinyasi", _("Consignment (konsinyasi)")
    MAKLON = "maklon", _("Maklon (the partner's goods, a fee per unit)")


class Channel(models.TextChoices):
    COUNTER = "counter", _("Gallery or bazaar counter")
    HANDOVER = "handover", _("Pick-up by a partner (beli putus)")
    CONSIGNMENT = "consignment", _("Consignment settlement")
    ORDER = "order", _("Order")
    MAKLON = "maklon", _("Maklon fee")


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    INSTITUTION = "institution", _("Institution or company")
    UNIT = "unit", _("Another correctional unit")
    EKATALOG = "ekatalog", _("Government e-catalogue (e-Katalog LKPP)")
    PARTNER = "partner", _("Partner")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    QRIS = "qris", _("QRIS")


class SettlementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed (invoiced)")
    REJECTED = "rejected", _("Rejected")


class CustomerOrderStatus(models.TextChoices):
    QUOTATION = "quotation", _("Quotation")
    ORDERED = "ordered", _("Ordered")
    DELIVERED = "delivered", _("Delivered and invoiced")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


# Number series of the documents (karya.core.numbering): <series>/<unit>/<yyyy>/<mm>/<nnnn>.
SERIES_HANDOVER = "BAST"
SERIES_SALE = "PJ"
SERIES_INVOICE = "INV"
SERIES_RECEIPT = "KW"
SERIES_SETTLEMENT = "SK"
SERIES_ORDER = "PSN"

# A receipt above this amount needs a duty stamp (meterai), UU 10/2020: Rp5.000.000.
METERAI_THRESHOLD = 5_000_000
