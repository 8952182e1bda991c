"""Which writes make a unit's monthly figures out of date, and from which month.

A unit's figures are derived data. When a record they count is written, the month it concerns
(and every later one: savings, stock and registers carry over) must be computed again. The
receivers here only say *that*: each calls `karya.reports.services.aggregates_mark` with the
unit and the earliest day the write concerns, inside the writer's transaction (the mark commits
or rolls back with the record). What the figures mean stays in `karya.reports.figures`; the
refresh is `aggregates_refresh`, run when the transaction commits and, for marks left over,
before figures are read.

The records are saved one by one by their services (so `post_save` reaches us), or come with
one that is, in the same transaction: a sale's lines with the sale, a payment's allocations and
proceeds splits with the payment, a premi run's ledger credits with the approved run. The SDP
import registers inmates in bulk and sends `inmates_registered`; departures send
`inmates_departed`. For rows that can change, the dates they had before the change count too
(read in `pre_save`), so a date moved from one month to another marks both.

`karya rebuild-aggregates` recomputes everything from the records whatever the marks say.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save

from karya.core.dates import local

# model label → the date and datetime fields whose months the row counts in.
TRACKED: dict[str, tuple[str, ...]] = {
    "inmates.Inmate": ("created_at", "departed_on"),
    "programs.Allocation": ("start_date", "end_date"),
    "programs.Training": ("start_date", "end_date"),
    "programs.TrainingParticipant": ("certificate_date",),
    "production.ProductionOrder": ("due_date", "finished_on"),
    "inventory.StockMove": ("created_at",),
    "partners.Agreement": ("pks_signed_on", "start_date", "end_date", "ended_on"),
    "partners.Obligation": ("due_date",),
    "sales.Sale": ("sold_at",),
    "sales.Payment": ("paid_at",),
    "finance.PnbpDeposit": ("deposited_on",),
    "premi.InmateLedgerEntry": ("entry_date",),
    "premi.PremiRun": ("approved_at",),
}
# Rows that are changed after they are written (the others are append-only).
MUTABLE = frozenset(
    {
        "inmates.Inmate",
        "programs.Allocation",
        "programs.Training",
        "programs.TrainingParticipant",
        "production.ProductionOrder",
        "partners.Agreement",
        "partners.Obligation",
    }
)
OLD_DATES = "_reports_old_dates"


def _day(value, tz_name: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return local(value, tz_name).date()
    return value


def _tz(instance) -> str:
    from karya.facilities.models import Facility

    facility = instance._state.fields_cache.get("facility")
    if facility is None:
        facility = Facility.objects.only("timezone").get(pk=instance.facility_id)
        instance._state.fields_cache["facility"] = facility
    return facility.timezone


def dates_of(instance) -> list[dt.date]:
    """The days a row concerns (its tracked fields), in its unit's zone."""
    fields = TRACKED[instance._meta.label]
    tz_name = _tz(instance)
    days = [_day(getattr(instance, name), tz_name) for name in fields]
    if instance._meta.label == "sales.Sale" and instance.reverses_id:
        # A cancelled sale drops out of the buyers of the month it was made.
        days.append(_day(instance.reverses.sold_at, tz_name))
    return [day for day in days if day is not None]


def _remember_old_dates(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        return
    fields = TRACKED[sender._meta.label]
    old = (
        sender.objects.filter(facility_id=instance.facility_id, pk=instance.pk)
        .values_list(*fields)
        .first()
    )
    if old is not None:
        tz_name = _tz(instance)
        setattr(instance, OLD_DATES, [d for d in (_day(v, tz_name) for v in old) if d])


def _written(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from karya.reports.services import aggregates_mark

    days = dates_of(instance) + getattr(instance, OLD_DATES, [])
    if days:
        aggregates_mark(facility_id=instance.facility_id, since=min(days))


def _registered(sender, *, facility, inmates, **kwargs):
    from karya.reports.services import aggregates_mark

    days = [_day(inmate.created_at, facility.timezone) for inmate in inmates]
    days = [day for day in days if day]
    if days:
        aggregates_mark(facility_id=facility.pk, since=min(days))


def _departed(sender, *, inmates, **kwargs):
    from karya.reports.services import aggregates_mark

    earliest: dict[int, dt.date] = {}
    for inmate in inmates:
        if inmate.departed_on is not None:
            day = earliest.get(inmate.facility_id)
            earliest[inmate.facility_id] = (
                min(day, inmate.departed_on) if day else inmate.departed_on
            )
    for facility_id, day in earliest.items():
        aggregates_mark(facility_id=facility_id, since=day)


def connect() -> None:
    from karya.inmates.signals import inmates_departed, inmates_registered

    for label in TRACKED:
        model = apps.get_model(label)
        uid = f"reports-{label}"
        if label in MUTABLE:
            pre_save.connect(_remember_old_dates, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_written, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_written, sender=model, dispatch_uid=f"{uid}-deleted")
    inmates_registered.connect(_registered, dispatch_uid="reports-inmates-registered")
    inmates_departed.connect(_departed, dispatch_uid="reports-inmates-departed")
