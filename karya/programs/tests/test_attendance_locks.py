"""A day closed to changes (another area says so through `attendance_day_locks`, as an
approved premi run does) is refused whole with that area's reason; other days stay open."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.core.errors import Conflict
from karya.programs.models import Allocation, Attendance
from karya.programs.services.attendance import DayEntry, attendance_save_day
from karya.programs.signals import attendance_day_locks

pytestmark = pytest.mark.django_db

CLOSED = dt.date(2026, 1, 20)


@pytest.fixture
def closed_day(workshop):
    def receiver(sender, *, workshop, date, **kwargs):
        return "Hari ini sudah ditutup." if date == CLOSED and workshop.pk == ours else None

    ours = workshop.pk
    attendance_day_locks.connect(receiver, dispatch_uid="test-closed-day")
    yield CLOSED
    attendance_day_locks.disconnect(dispatch_uid="test-closed-day")


def test_a_closed_day_is_refused_and_nothing_is_written(
    workshop, make_inmate, officer, facility, closed_day
):
    with scopes_disabled():
        allocation = Allocation.objects.create(
            facility=facility,
            workshop=workshop,
            inmate=make_inmate(),
            session="pagi",
            status="ACTIVE",
            start_date=dt.date(2026, 1, 5),
            created_by=officer,
        )
    entry = [DayEntry(allocation.pk, "hadir", hours=5)]
    with scope(facility=[facility.pk]):
        with pytest.raises(Conflict) as refused:
            attendance_save_day(actor=officer, workshop=workshop, date=closed_day, entries=entry)
        assert (refused.value.code, refused.value.message) == (
            "day_locked",
            "Hari ini sudah ditutup.",
        )
        assert not Attendance.objects.exists()
        result = attendance_save_day(
            actor=officer, workshop=workshop, date=dt.date(2026, 1, 21), entries=entry
        )
    assert result.created == 1
