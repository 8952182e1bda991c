"""The monthly figures follow the records as they are posted: a write marks its unit's months
in its own transaction, the commit refreshes them, and a mark left over (a failed refresh, a
new month) is handled before the figures are read."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django_scopes import scope, scopes_disabled

from karya.inmates.services import inmates_import
from karya.programs.services.trainings import training_create, training_update
from karya.reports import figures
from karya.reports.models import AggregateMark, AggregateState, UnitMonth
from karya.reports.periods import current_month, previous_month
from karya.reports.services import aggregates_refresh_due

pytestmark = pytest.mark.django_db


def add_training(facility, officer, month, title="Pelatihan Sapu"):
    return training_create(
        actor=officer,
        facility=facility,
        title=title,
        provider_name="BLK",
        hours_jp=8,
        start_date=month,
        end_date=month,
    )


def stored(facility, month, column):
    with scopes_disabled():
        row = UnitMonth.objects.filter(facility=facility, month=month).first()
    return getattr(row, column) if row else None


def test_a_write_marks_its_months_and_the_commit_refreshes_them(
    facility, officer, django_capture_on_commit_callbacks
):
    this_month = current_month(facility.timezone)
    with django_capture_on_commit_callbacks(execute=True), scope(facility=[facility.pk]):
        training = add_training(facility, officer, this_month)
    assert stored(facility, this_month, "trainings_held") == 1
    assert not AggregateMark.objects.exists()
    # Moved back to the month before: both months change.
    earlier = previous_month(this_month)
    with django_capture_on_commit_callbacks(execute=True), scope(facility=[facility.pk]):
        training_update(actor=officer, training=training, start_date=earlier, end_date=earlier)
    assert stored(facility, this_month, "trainings_held") == 0
    assert stored(facility, earlier, "trainings_held") == 1


def test_a_write_rolled_back_leaves_no_mark(facility, officer):
    this_month = current_month(facility.timezone)
    with pytest.raises(RuntimeError), transaction.atomic(), scope(facility=[facility.pk]):
        add_training(facility, officer, this_month, "Batal")
        assert AggregateMark.objects.filter(facility=facility).exists()
        raise RuntimeError
    assert not AggregateMark.objects.exists()


def test_a_failed_refresh_keeps_the_record_and_the_mark(
    facility, officer, monkeypatch, django_capture_on_commit_callbacks, make_user, login
):
    real = figures.compute

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(figures, "compute", broken)
    this_month = current_month(facility.timezone)
    with django_capture_on_commit_callbacks(execute=True), scope(facility=[facility.pk]):
        add_training(
            facility, officer, this_month, "Pelatihan Batik"
        )  # committed; its refresh failed and was logged
    assert AggregateMark.objects.filter(facility=facility).exists()
    monkeypatch.setattr(figures, "compute", real)
    page = login(make_user("head", facility=facility)).get("/upt/LPPWT/laporan/")
    assert page.status_code == 200
    assert stored(facility, this_month, "trainings_held") == 1
    assert not AggregateMark.objects.exists()


def test_an_import_of_the_register_counts_its_inmates(
    facility, admin_user, django_capture_on_commit_callbacks
):
    content = (
        b"no_registrasi,nama,jenis_kelamin,status,klasifikasi\n"
        b"BI.1/2026,Agus Sapulidi,L,narapidana,medium\n"
        b"BI.2/2026,Budi Anyamsari,L,narapidana,medium\n"
    )
    with django_capture_on_commit_callbacks(execute=True), scope(facility=[facility.pk]):
        inmates_import(actor=admin_user, facility=facility, file_name="sdp.csv", content=content)
    assert stored(facility, current_month(facility.timezone), "population") == 2


def test_a_new_month_is_computed_before_it_is_read(facility):
    with scope(facility=[facility.pk]):
        assert aggregates_refresh_due(facilities=[facility]) == 1  # never computed
        assert aggregates_refresh_due(facilities=[facility]) == 0
    this_month = current_month(facility.timezone)
    AggregateState.objects.filter(facility=facility).update(through=previous_month(this_month))
    out = io.StringIO()
    call_command("refresh_aggregates", stdout=out)
    assert "1" in out.getvalue()
    assert AggregateState.objects.get(facility=facility).through == this_month


def test_the_rebuild_command_refuses_what_it_cannot_read(facility):
    with pytest.raises(CommandError):
        call_command("rebuild_aggregates", "--facility", "TIDAKADA", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("rebuild_aggregates", "--month", "2026-13", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_aggregates", "--facility", "lppwt", stdout=out)
    assert AggregateState.objects.get(facility=facility).through == current_month(facility.timezone)


def test_a_change_no_figure_reads_marks_nothing(facility, officer, inmates):
    """Moving an inmate to another block changes no figure: no mark, no refresh."""
    from karya.inmates.services import inmate_update

    AggregateMark.objects.all().delete()  # those of the inmates' registration
    with scope(facility=[facility.pk]):
        inmate_update(actor=officer, inmate=inmates[0], block="C")
        assert not AggregateMark.objects.exists()
        inmate_update(
            actor=officer, inmate=inmates[0], departed_on=dt.date(2026, 1, 15), departure="bebas"
        )
    assert set(AggregateMark.objects.values_list("month", flat=True)) == {dt.date(2026, 1, 1)}
