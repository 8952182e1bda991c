"""Kinds of split rules: where a rule applies and what it divides."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleScope(models.TextChoices):
    """Where a split rule applies; the most specific rule valid on the day wins (workshop, then
    unit, then national)."""

    NATIONAL = "national", _("National")
    FACILITY = "facility", _("One unit")
    WORKSHOP = "workshop", _("One workshop")


class SplitBase(models.TextChoices):
    """What the shares divide: the whole amount received, or the profit after the material
    cost (the material cost then goes back to the capital fund)."""

    TURNOVER = "turnover", _("Turnover (the amount received)")
    PROFIT = "profit", _("Profit after material cost")


# Specificity of a scope: a more specific rule overrides a less specific one.
SPECIFICITY = {RuleScope.NATIONAL: 0, RuleScope.FACILITY: 1, RuleScope.WORKSHOP: 2}

# A share is stored in hundredths of a percent (basis points): 30.00 % is 3000, and the three
# shares of a rule sum to exactly 10000 (100.00 %), an integer sum on every database.
FULL = 10000

# What a version's state on a day is called (karya.finance.selectors.rule_state).
RULE_STATES = {
    "in_force": _("in force"),
    "upcoming": _("not yet in force"),
    "replaced": _("replaced"),
    "ended": _("ended"),
    "withdrawn": _("replaced before it applied"),
}
