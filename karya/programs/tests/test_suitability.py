"""Before an allocation starts, every rule is checked and explained; a head may override."""

import datetime as dt

import pytest

from karya.core.errors import DomainError
from karya.programs.models import Allocation
from karya.programs.services.allocations import allocation_create, suitability_failures

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 5)


def failed_rules(workshop, inmate, session="pagi"):
    return {
        f.rule
        for f in suitability_failures(
            workshop=workshop, inmate=inmate, session=session, start_date=START
        )
    }


def test_a_suitable_inmate_fails_no_rule(in_scope, workshop, make_inmate):
    assert failed_rules(workshop, make_inmate()) == set()


def test_classification_below_the_minimum(in_scope, workshop, make_inmate):
    assert failed_rules(workshop, make_inmate(security_class="maksimum")) == {"classification"}
    assert failed_rules(workshop, make_inmate(security_class="minimum")) == set()


def test_stage_not_allowed(in_scope, workshop, make_inmate):
    assert failed_rules(workshop, make_inmate(stage="awal")) == {"stage"}


def test_release_within_the_margin(in_scope, workshop, make_inmate):
    inmate = make_inmate(expected_release=START + dt.timedelta(days=20))
    assert failed_rules(workshop, inmate) == {"release"}
    assert (
        failed_rules(workshop, make_inmate(expected_release=START + dt.timedelta(days=31))) == set()
    )


def test_already_active_in_the_same_session(in_scope, workshop, make_inmate, officer):
    inmate = make_inmate()
    allocation_create(
        actor=officer, workshop=workshop, inmate=inmate, session="pagi", start_date=START
    )
    assert failed_rules(workshop, inmate, "pagi") == {"session"}
    assert failed_rules(workshop, inmate, "siang") == set()


def test_workshop_full(in_scope, workshop, make_inmate, officer):
    for _ in range(3):
        allocation_create(
            actor=officer, workshop=workshop, inmate=make_inmate(), session="pagi", start_date=START
        )
    assert failed_rules(workshop, make_inmate()) == {"capacity"}


def test_left_the_unit_cannot_be_overridden(in_scope, workshop, make_inmate, head):
    inmate = make_inmate(departed_on=dt.date(2026, 1, 1), departure="bebas")
    failures = suitability_failures(
        workshop=workshop, inmate=inmate, session="pagi", start_date=START
    )
    assert [(f.rule, f.overridable) for f in failures] == [("present", False)]
    with pytest.raises(DomainError):
        allocation_create(
            actor=head,
            workshop=workshop,
            inmate=inmate,
            session="pagi",
            start_date=START,
            overrides={"present": "tetap"},
        )


def test_failed_rule_blocks_with_an_explanation(in_scope, workshop, make_inmate, officer):
    with pytest.raises(DomainError) as error:
        allocation_create(
            actor=officer,
            workshop=workshop,
            inmate=make_inmate(security_class="maksimum"),
            session="pagi",
            start_date=START,
        )
    assert error.value.code == "unsuitable"
    assert "Klasifikasi" in error.value.message
    assert not Allocation.objects.exists()


def test_officer_cannot_override(in_scope, workshop, make_inmate, officer):
    with pytest.raises(DomainError) as error:
        allocation_create(
            actor=officer,
            workshop=workshop,
            inmate=make_inmate(security_class="maksimum"),
            session="pagi",
            start_date=START,
            overrides={"classification": "dinilai baik"},
        )
    assert error.value.code == "override_forbidden"
    assert not Allocation.objects.exists()


def test_head_overrides_with_a_written_reason_which_is_kept(in_scope, workshop, make_inmate, head):
    allocation = allocation_create(
        actor=head,
        workshop=workshop,
        inmate=make_inmate(security_class="maksimum"),
        session="pagi",
        start_date=START,
        overrides={"classification": "Asesmen litmas terbaru: risiko rendah"},
    )
    [kept] = allocation.overrides
    assert kept["rule"] == "classification" and kept["by"] == head.username
    assert kept["reason"] == "Asesmen litmas terbaru: risiko rendah"


def test_an_override_without_reason_does_not_count(in_scope, workshop, make_inmate, head):
    with pytest.raises(DomainError):
        allocation_create(
            actor=head,
            workshop=workshop,
            inmate=make_inmate(stage="awal"),
            session="pagi",
            start_date=START,
            overrides={"stage": "   "},
        )


def test_session_the_workshop_does_not_work(in_scope, workshop, make_inmate, officer):
    with pytest.raises(DomainError) as error:
        allocation_create(
            actor=officer,
            workshop=workshop,
            inmate=make_inmate(),
            session="penuh",
            start_date=START,
        )
    assert error.value.field == "session"
