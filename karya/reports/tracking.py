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
`inmates_departed`. A row that changes marks only when a field a figure reads changed (its
values before are read in `pre_save`): from the earliest of the dates that changed, old and new
(a date moved from one month to another marks both), or of all its dates when another field
a figure reads changed (an allocation starting, an obligation fulfilled).

`karya rebuild-aggregates` recomputes everything from the records whatever the marks say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models.signals import post_delete, post_save, pre_save
from django_scopes import scope

from karya.core.dates import local


@dataclass(frozen=True)
class Tracked:
    """`dates`: the date and datetime fields whose months the row counts in. `watched`: other
    fields a figure reads (a change of them changes the months of the row's dates)."""

    dates: tuple[str, ...]
    watched: tuple[str, ...] = ()


TRACKED: dict[str, Tracked] = {
    "inmates.Inmate": Tracked(("created_at", "departed_on")),
    "programs.Allocation": Tracked(
        ("start_date", "end_date"), ("started", "workshop_id", "inmate_id")
    ),
    "programs.Training": Tracked(("start_date", "end_date")),
    "programs.TrainingParticipant": Tracked(("certificate_date",), ("inmate_id",)),
    "production.ProductionOrder": Tracked(
        ("due_date", "finished_on"),
        ("status", "planned_quantity", "good_quantity", "product_id"),
    ),
    "inventory.StockMove": Tracked(("created_at",)),
    "partners.Agreement": Tracked(
        ("pks_signed_on", "start_date", "end_date", "ended_on"), ("partner_id",)
    ),
    "partners.Obligation": Tracked(("due_date",), ("fulfilled_on",)),
    "sales.Sale": Tracked(("sold_at",)),
    "sales.Payment": Tracked(("paid_at",)),
    "finance.PnbpDeposit": Tracked(("deposited_on",)),
    "premi.InmateLedgerEntry": Tracked(("entry_date",)),
    "premi.PremiRun": Tracked(("approved_at",)),
}
# Rows that are changed after they are written (the others are append-only, or like a premi
# run change only once, which `approved_at` shows).
MUTABLE = frozenset(
    {
        "inmates.Inmate",
        "programs.Allocation",
        "programs.Training",
        "programs.TrainingParticipant",
        "production.ProductionOrder",
        "partners.Agreement",
        "partners.Obligation",
        "premi.PremiRun",
    }
)
BEFORE = "_reports_before"


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


def _values(instance) -> dict:
    tracked = TRACKED[instance._meta.label]
    return {name: getattr(instance, name) for name in tracked.dates + tracked.watched}


def dates_of(instance) -> list[dt.date]:
    """The days a new (or deleted) row concerns: every tracked date, in its unit's zone."""
    tz_name = _tz(instance)
    days = [_day(getattr(instance, name), tz_name) for name in TRACKED[instance._meta.label].dates]
    if instance._meta.label == "sales.Sale" and instance.reverses_id:
        # A cancelled sale drops out of the buyers of the month it was made.
        days.append(_day(instance.reverses.sold_at, tz_name))
    return [day for day in days if day is not None]


def changed_dates(instance, before: dict) -> list[dt.date]:
    """The days a changed row concerns: the old and new values of the dates that changed,
    and all its dates when a watched field changed; none when nothing tracked changed."""
    tracked, after = TRACKED[instance._meta.label], _values(instance)
    changed = {name for name, value in after.items() if before.get(name) != value}
    if not changed:
        return []
    tz_name = _tz(instance)
    names = tracked.dates if changed & set(tracked.watched) else changed & set(tracked.dates)
    days = [_day(before.get(name), tz_name) for name in names]
    days += [_day(after[name], tz_name) for name in names]
    return [day for day in days if day is not None]


def _remember_before(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance._state.adding:
        return
    tracked = TRACKED[sender._meta.label]
    names = tracked.dates + tracked.watched
    with scope(facility=[instance.facility_id]):  # the row's own unit, whatever is active
        old = (
            sender.objects.filter(facility_id=instance.facility_id, pk=instance.pk)
            .values_list(*names)
            .first()
        )
    if old is not None:
        setattr(instance, BEFORE, dict(zip(names, old, strict=True)))


def _written(sender, instance, created=False, raw=False, **kwargs):
    if raw:
        return
    from karya.reports.services import aggregates_mark

    before = getattr(instance, BEFORE, None)
    if created or before is None:
        days = dates_of(instance)
    else:
        days = changed_dates(instance, before)
        delattr(instance, BEFORE)
    if days:
        aggregates_mark(facility_id=instance.facility_id, since=min(days))


def _deleted(sender, instance, **kwargs):
    from karya.reports.services import aggregates_mark

    days = dates_of(instance)
    if days:
        aggregates_mark(facility_id=instance.facility_id, since=min(days))


def _registered(sender, *, facility, inmates, **kwargs):
    """`inmates` is a QuerySet (the PostgreSQL import: aggregated, never loaded) or a list."""
    from django.db.models import Min, QuerySet

    from karya.reports.services import aggregates_mark

    if isinstance(inmates, QuerySet):
        first = inmates.order_by().aggregate(first=Min("created_at"))["first"]
        days = [_day(first, facility.timezone)]
    else:
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
            pre_save.connect(_remember_before, sender=model, dispatch_uid=f"{uid}-before")
        post_save.connect(_written, sender=model, dispatch_uid=f"{uid}-saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-deleted")
    inmates_registered.connect(_registered, dispatch_uid="reports-inmates-registered")
    inmates_departed.connect(_departed, dispatch_uid="reports-inmates-departed")
