"""What the finance pages share: the period asked for in the query string and a form page
drawn by one template."""

from __future__ import annotations

import calendar
import datetime as dt

from django.utils.translation import gettext as _

from karya.core.dates import today_in
from karya.core.views import ServiceFormView
from karya.finance.choices import RULE_STATES
from karya.finance.selectors import ends_on, rule_state


def month_asked(request, facility) -> tuple[dt.date, dt.date]:
    """The month of `?bulan=2026-01` (this month in the unit's zone when absent or unreadable):
    its first and last day."""
    try:
        year, month = (int(p) for p in request.GET.get("bulan", "").split("-"))
        first = dt.date(year, month, 1)
    except ValueError:
        today = today_in(facility.timezone)
        first = today.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def year_asked(request, facility) -> int:
    """The year of `?tahun=2026` (this year in the unit's zone when absent or unreadable)."""
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else today_in(facility.timezone).year


def describe(rules, day: dt.date):
    """Rules with what a list shows: the last day they apply and their state on `day`."""
    for rule in rules:
        rule.ends_on = ends_on(rule)
        rule.state = rule_state(rule, day)
        rule.state_label = RULE_STATES[rule.state]
    return rules


class FormPage(ServiceFormView):
    """A finance form page (finance/form.html): a heading, the form, Save and Cancel."""

    template_name = "finance/form.html"
    heading = ""
    intro = ""

    def get_back_url(self) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.heading,
            intro=self.intro,
            back_url=self.get_back_url(),
            submit_label=_("Save"),
            **kwargs,
        )
