"""`karya remind`, run again and again (as cron would run it every hour): each reminder reaches
the right people of the right unit exactly once; a PKS past its end becomes EXPIRED.

Time passing is simulated by moving the dates of the records relative to today in the unit's
zone (no clock faking)."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.core.dates import today_in
from karya.notifications.models import Notification
from karya.partners.models import Agreement, FollowUp, Obligation
from karya.partners.tests.conftest import make_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(facility):
    return today_in(facility.timezone)


@pytest.fixture
def staff(make_user, facility, officer, head):
    """Everyone of the unit: those told about agreements, and those who are not."""
    return {
        "head": head,
        "officer": officer,
        "output_officer": make_user("output_officer", facility=facility, username="hasil"),
        "treasurer": make_user("treasurer", facility=facility, username="bendahara"),
        "pr": make_user("pr", facility=facility, username="humas"),
    }


@pytest.fixture
def strangers(make_user, other_facility):
    return {
        "head": make_user("head", facility=other_facility, username="kalapas.lain"),
        "officer": make_user("officer", facility=other_facility, username="petugas.lain"),
    }


def remind(times=3):
    for _ in range(times):
        call_command("remind", stdout=io.StringIO())


def received(kind=None) -> Counter:
    """How many notifications each user got (of one kind)."""
    notes = Notification.objects.all()
    if kind:
        notes = notes.filter(kind=kind)
    return Counter(notes.values_list("user__username", flat=True))


def as_pks(agreement, today, days_left):
    start = today - dt.timedelta(days=400)
    with scopes_disabled():
        Agreement.objects.filter(pk=agreement.pk).update(
            status="PKS",
            pks_signed_on=start,
            start_date=start,
            end_date=today + dt.timedelta(days=days_left),
        )


def move_end(agreement, today, days_left):
    with scopes_disabled():
        Agreement.objects.filter(pk=agreement.pk).update(
            end_date=today + dt.timedelta(days=days_left)
        )


def test_agreement_ending_in_90_30_and_7_days(ours, staff, strangers, today):
    as_pks(ours.agreement, today, 120)
    remind()
    assert received("agreement-ending") == Counter()
    told = {"kalapas": 1, "petugas": 1, "hasil": 1}
    for days_left, times in ((80, 1), (25, 2), (5, 3)):
        move_end(ours.agreement, today, days_left)
        remind()
        assert received("agreement-ending") == Counter({name: times for name in told}), days_left
    # Not the treasurer, PR, or anyone of another unit.
    assert not Notification.objects.filter(
        user__username__in=["bendahara", "humas", "kalapas.lain", "petugas.lain"]
    ).exists()
    titles = list(
        Notification.objects.filter(user=staff["head"], kind="agreement-ending")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles[0].startswith("Kerja sama dengan CV. Pusat Handicraft berakhir pada")
    assert titles[0].endswith("(80 hari lagi)") and titles[2].endswith("(5 hari lagi)")


def test_a_late_first_run_sends_only_the_most_urgent(ours, staff, today):
    as_pks(ours.agreement, today, 6)
    remind()
    assert received("agreement-ending") == Counter({"kalapas": 1, "petugas": 1, "hasil": 1})
    move_end(ours.agreement, today, 3)
    remind()
    assert received("agreement-ending")["kalapas"] == 1


def test_another_units_agreement_reminds_only_its_own_people(ours, theirs, staff, strangers, today):
    as_pks(theirs.agreement, today, 20)
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=None)
    remind()
    assert received("agreement-ending") == Counter(
        {"kalapas.lain": 1, "petugas.lain": 1, theirs.agreement.created_by.username: 1}
    )
    assert not Notification.objects.filter(user__in=staff.values()).exists()


@pytest.mark.parametrize("status", ["TERMINATED", "EXPIRED"])
def test_no_reminder_for_an_ended_agreement(ours, staff, today, status):
    as_pks(ours.agreement, today, 5)
    with scopes_disabled():
        Agreement.objects.filter(pk=ours.agreement.pk).update(status=status, ended_on=today)
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=today)
    remind()
    assert received() == Counter()


def test_a_pks_past_its_end_expires(ours, staff, today):
    as_pks(ours.agreement, today, -1)
    remind()
    with scopes_disabled():
        agreement = Agreement.objects.get(pk=ours.agreement.pk)
    assert (agreement.status, agreement.ended_on) == ("EXPIRED", today)
    assert received("agreement-ending") == Counter()
    # Still running on its last day.
    with scopes_disabled():
        other = make_set(ours.partner.facility, staff["officer"], name="UD Lain", product="Lain")
    as_pks(other.agreement, today, 0)
    remind()
    with scopes_disabled():
        assert Agreement.objects.get(pk=other.agreement.pk).status == "PKS"
    assert received("agreement-ending")["kalapas"] == 1  # "ends today"


def test_obligation_due_soon_then_overdue_once_each(ours, staff, strangers, theirs, today):
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=today + dt.timedelta(8))
        Obligation.objects.filter(pk=theirs.obligation.pk).update(due_date=today + dt.timedelta(9))
    remind()
    assert received("obligation") == Counter()
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=today + dt.timedelta(7))
    remind()
    assert received("obligation") == Counter({"kalapas": 1, "petugas": 1, "hasil": 1})
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=today)
    remind()  # due today: already told it is due
    assert received("obligation")["kalapas"] == 1
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(due_date=today - dt.timedelta(1))
    remind()
    assert received("obligation") == Counter({"kalapas": 2, "petugas": 2, "hasil": 2})
    titles = list(
        Notification.objects.filter(user=staff["officer"], kind="obligation")
        .order_by("pk")
        .values_list("title", flat=True)
    )
    assert titles[0].startswith("Kewajiban jatuh tempo")
    assert titles[1] == "Kewajiban lewat tenggat: Mengambil hasil karya setiap bulan"
    assert not Notification.objects.filter(user__in=strangers.values()).exists()


def test_no_reminder_for_a_fulfilled_obligation(ours, staff, today):
    with scopes_disabled():
        Obligation.objects.filter(pk=ours.obligation.pk).update(
            due_date=today - dt.timedelta(3), fulfilled_on=today, evidence="BAST"
        )
    remind()
    assert received() == Counter()


def test_follow_up_overdue_goes_to_its_owner_and_the_head_once(
    ours, staff, strangers, make_user, facility, today
):
    owner = make_user("output_officer", facility=facility, username="pemilik")
    with scopes_disabled():
        FollowUp.objects.filter(pk=ours.follow_up.pk).update(owner=owner, due_date=today)
        done = FollowUp.objects.create(
            facility=facility,
            visit=ours.visit,
            action="Sudah dikerjakan",
            due_date=today - dt.timedelta(5),
            done_on=today - dt.timedelta(6),
        )
    remind()
    assert received("follow-up") == Counter()  # due today is not overdue yet
    with scopes_disabled():
        FollowUp.objects.filter(pk=ours.follow_up.pk).update(due_date=today - dt.timedelta(1))
    remind()
    assert received("follow-up") == Counter({"pemilik": 1, "kalapas": 1})
    note = Notification.objects.get(user=owner, kind="follow-up")
    assert note.title == "Tindak lanjut lewat tenggat: Menyusun MoU"
    assert note.url == f"/upt/{facility.code}/mitra/{ours.partner.pk}/"
    assert done.done_on is not None


def test_the_command_reports_what_it_did(ours, staff, today, capsys):
    as_pks(ours.agreement, today, 10)
    call_command("remind")
    out = capsys.readouterr().out
    assert "0 agreement(s) expired" in out and "1 agreement(s) ending" in out
