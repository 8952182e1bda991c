"""The day screen of a workshop: attendance, hours and pieces of every inmate, saved at once.
Made for a phone in the workshop."""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.programs.choices import AttendanceStatus
from karya.programs.selectors.attendance import attendance_day
from karya.programs.services.attendance import DayEntry, allocations_on, attendance_save_day
from karya.programs.views.workshops import get_workshop


def _day(request) -> tuple[dt.date, str | None]:
    today = today_in(request.facility.timezone)
    raw = request.GET.get("tanggal") or request.POST.get("tanggal")
    if not raw:
        return today, None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return today, _("“%(value)s” is not a date; today is shown.") % {"value": raw[:20]}


def _int(value: str, name: str) -> int:
    value = (value or "").strip()
    if not value:
        return 0
    if not value.isdigit() or len(value) > 9:
        raise DomainError(_("Pieces for %(name)s must be a whole number.") % {"name": name})
    return int(value)


def _number(value) -> str:
    """A stored number as an <input type=number> reads it: "7.5", never the localized "7,50"
    (which the browser would drop, and the next save would store as 0)."""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def _fill(rows, products, posted) -> None:
    """What each row's inputs show: after an error what was just typed, else what is stored."""
    for row in rows:
        key = row.allocation.pk
        if posted is not None:
            row.shown_status = posted.get(f"status-{key}", "")
            row.shown_hours = posted.get(f"hours-{key}", "")
            row.shown_outputs = [(p, posted.get(f"out-{key}-{p.pk}", "")) for p in products]
        else:
            attendance = row.attendance
            row.shown_status = attendance.status if attendance else ""
            row.shown_hours = _number(attendance.hours) if attendance else ""
            row.shown_outputs = [(p, row.outputs.get(p.pk, "")) for p in products]


class AttendanceDayView(FacilityPermissionMixin, View):
    permission = Perm.ATTENDANCE_RECORD
    template_name = "programs/attendance_day.html"

    def _render(self, workshop, date, rows, status=200, posted=None):
        products = list(workshop.products.all())
        _fill(rows, products, posted)
        return render(
            self.request,
            self.template_name,
            {
                "workshop": workshop,
                "date": date,
                "rows": rows,
                "facility": self.request.facility,
                "products": products,
                "statuses": AttendanceStatus.choices,
                "posted": posted,
                "previous": date - dt.timedelta(days=1),
                "next": date + dt.timedelta(days=1),
                "is_today": date == today_in(self.request.facility.timezone),
            },
            status=status,
        )

    def get(self, request, pk, **kwargs):
        workshop = get_workshop(request, pk)
        date, warning = _day(request)
        if warning:
            messages.warning(request, warning)
        return self._render(workshop, date, attendance_day(workshop=workshop, date=date))

    def post(self, request, pk, **kwargs):
        workshop = get_workshop(request, pk)
        date, warning = _day(request)
        if warning:
            messages.error(request, warning)
            return self._render(workshop, date, attendance_day(workshop=workshop, date=date), 400)
        try:
            result = attendance_save_day(
                actor=request.user,
                workshop=workshop,
                date=date,
                entries=self._entries(workshop, date),
            )
        except DomainError as error:
            messages.error(request, error.message)
            rows = attendance_day(workshop=workshop, date=date)
            return self._render(workshop, date, rows, status=400, posted=request.POST)
        messages.success(
            request,
            _("Saved: %(new)s new, %(changed)s corrected.")
            % {"new": result.created, "changed": result.changed},
        )
        return redirect(f"{request.path}?tanggal={date.isoformat()}")

    def _entries(self, workshop, date) -> list[DayEntry]:
        """What was posted for the inmates working in the workshop that day (a row of anyone
        else, e.g. from a page opened before a move, is ignored). Reads only the allocations'
        ids and names: the service loads what it writes, once."""
        post = self.request.POST
        products = [p.pk for p in workshop.products.all()]
        entries = []
        open_on_day = allocations_on(workshop, date).values_list("pk", "inmate__name")
        for key, name in open_on_day:
            status = post.get(f"status-{key}")
            if not status:
                continue
            entries.append(
                DayEntry(
                    allocation_id=key,
                    status=status,
                    hours=post.get(f"hours-{key}") or 0,
                    note=post.get(f"note-{key}", ""),
                    outputs={p: _int(post.get(f"out-{key}-{p}"), name) for p in products},
                )
            )
        return entries
