"""The periods premi is counted over: a week (Monday to Sunday) or a calendar month."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from karya.core.dates import tanggal
from karya.core.errors import DomainError
from karya.premi.choices import PeriodKind


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        """The week (Monday–Sunday) or the month that contains `day`."""
        if kind == PeriodKind.WEEK:
            start = day - dt.timedelta(days=day.weekday())
            return cls(PeriodKind.WEEK, start, start + dt.timedelta(days=6))
        if kind == PeriodKind.MONTH:
            last = calendar.monthrange(day.year, day.month)[1]
            return cls(PeriodKind.MONTH, day.replace(day=1), day.replace(day=last))
        raise DomainError(_("Choose a week or a month."), field="period_kind")

    def overlaps(self, start: dt.date, end: dt.date) -> bool:
        return self.start <= end and start <= self.end

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start, self.end)


def period_label(kind: str, start: dt.date, end: dt.date) -> str:
    """'Januari 2026' for a month, '19 Januari 2026 – 25 Januari 2026' for a week."""
    if kind == PeriodKind.MONTH:
        return tanggal(start).split(" ", 1)[1]
    return f"{tanggal(start)} – {tanggal(end)}"
