"""States and kinds of premi runs and of the inmate ledger, and their document series."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class RunStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    APPROVED = "approved", _("Approved")


class PayoutChannel(models.TextChoices):
    """How premi reaches the inmate (a setting of the unit, recorded with every payout)."""

    CASH = "cash", _("Cash held at the unit")
    EMONEY = "emoney", _("The unit's e-money card")
    BANK = "bank", _("Bank savings account in the inmate's name")


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("Premi credited")
    ADJUSTMENT = "adjustment", _("Correction")
    WITHDRAWAL = "withdrawal", _("Withdrawal")
    PAYOUT = "payout", _("Release payout")


class WithdrawalPurpose(models.TextChoices):
    CANTEEN = "canteen", _("Canteen")
    FAMILY = "family", _("Transfer to family")


DEFAULT_SPENDABLE_PERCENT = 25

# Number series (karya.core.numbering): <series>/<unit>/<yyyy>/<mm>/<nnnn>.
SERIES_RUN = "PRM"
SERIES_WITHDRAWAL = "PRM-TRK"
SERIES_PAYOUT = "PRM-BYR"
