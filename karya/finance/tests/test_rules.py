"""Split rules: set by Ditjenpas, shares summing to exactly 100 %, never two valid on the same
day for the same scope, versioned so that a split made is never recalculated, and the most
specific rule wins."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django_scopes import scope, scopes_disabled

from karya.core.errors import DomainError
from karya.core.models import AppendOnlyError
from karya.finance.models import ProceedsSplit, SplitRule
from karya.finance.selectors import split_rule_for, split_rule_versions
from karya.finance.services.rules import Shares, split_rule_create, split_rule_supersede
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule, parts
from karya.sales.models import Payment

JAN_1, FEB_1, MAR_1 = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
BASIS = "Keputusan Dirjenpas Nomor PAS-01.KU.01.01 Tahun 2026"


@pytest.fixture
def ditjenpas(make_user):
    return make_user("national", username="ditjenpas")


def create(actor, shares=(30, 40, 30), valid_from=JAN_1, **fields):
    fields.setdefault("scope", "national")
    return split_rule_create(
        actor=actor,
        name=fields.pop("name", "Pembagian hasil nasional"),
        base=fields.pop("base", "turnover"),
        shares=Shares(*shares),
        legal_basis=fields.pop("legal_basis", BASIS),
        valid_from=valid_from,
        **fields,
    )


def supersede(actor, rule, shares=(35, 35, 30), valid_from=FEB_1, **fields):
    return split_rule_supersede(
        actor=actor,
        rule=rule,
        base=fields.pop("base", "turnover"),
        shares=Shares(*shares),
        legal_basis=fields.pop("legal_basis", BASIS + " (perubahan)"),
        valid_from=valid_from,
        **fields,
    )


def test_ditjenpas_sets_a_national_rule_with_its_legal_basis(ditjenpas):
    rule = create(ditjenpas, shares=("30", "40,5", 29.5))
    assert (rule.version, rule.scope, rule.premi_bp, rule.pnbp_bp, rule.capital_bp) == (
        1,
        "national",
        3000,
        4050,
        2950,
    )
    assert rule.pnbp_percent == Decimal("40.50") and rule.legal_basis == BASIS


@pytest.mark.parametrize(
    ("shares", "fields", "message"),
    [
        ((30, 40, 29), {}, "add up to 99.00 %"),
        ((30, 40, 30.5), {}, "add up to 100.50 %"),
        ((30, "40.125", "29.875"), {}, "at most two decimals"),
        ((30, "empat puluh", 30), {}, "percentage"),
        ((110, -10, 0), {}, "between 0 and 100"),
        ((30, 40, 30), {"legal_basis": " "}, "legal basis"),
        ((30, 40, 30), {"name": ""}, "name"),
        ((30, 40, 30), {"valid_to": dt.date(2025, 12, 31)}, "end before it starts"),
        ((30, 40, 30), {"scope": "facility"}, "Choose the unit"),
        ((30, 40, 30), {"scope": "workshop"}, "Choose the workshop"),
        ((30, 40, 30), {"base": "omzet"}, "what the shares divide"),
    ],
)
def test_a_bad_rule_is_refused_and_nothing_is_written(ditjenpas, shares, fields, message):
    with pytest.raises(DomainError, match=message):
        create(ditjenpas, shares=shares, **fields)
    assert not SplitRule.objects.exists()


def test_the_database_refuses_shares_not_summing_to_100(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_rule((30, 40, 29))


def test_only_ditjenpas_or_the_national_administrator_sets_rules(
    ditjenpas, admin_user, head, make_user, facility
):
    create(admin_user, scope="facility", facility=facility, name="Aturan Purwokerto")
    for user in (
        head,
        make_user("treasurer", facility=facility),
        make_user("regional", region=facility.region),
    ):
        with pytest.raises(DomainError, match="Only Ditjenpas"):
            create(user, valid_from=dt.date(2027, 1, 1))
    assert SplitRule.objects.count() == 1


def test_two_rules_of_the_same_scope_cannot_overlap(ditjenpas, facility, workshop):
    create(ditjenpas, valid_from=JAN_1, valid_to=dt.date(2026, 6, 30))
    with pytest.raises(DomainError, match="two rules cannot be valid on the same day"):
        create(ditjenpas, valid_from=dt.date(2026, 6, 30))
    with pytest.raises(DomainError, match="two rules cannot be valid on the same day"):
        create(ditjenpas, valid_from=dt.date(2025, 1, 1), valid_to=JAN_1)
    # Right after it, or for another scope on the same days: accepted.
    create(ditjenpas, valid_from=dt.date(2026, 7, 1))
    create(ditjenpas, scope="facility", facility=facility)
    create(ditjenpas, scope="workshop", workshop=workshop)
    with pytest.raises(DomainError, match="two rules cannot be valid on the same day"):
        create(ditjenpas, scope="workshop", workshop=workshop, valid_from=MAR_1)
    assert SplitRule.objects.count() == 4


def test_the_most_specific_rule_valid_on_the_day_applies(facility, workshop, other_workshop):
    national = make_rule((30, 40, 30))
    unit = make_rule((40, 30, 30), facility=facility, valid_from=FEB_1)
    own = make_rule((50, 15, 35), workshop=workshop, valid_from=MAR_1)

    def rule(place, day):
        return split_rule_for(
            facility_id=facility.pk, workshop_id=place.pk if place else None, day=day
        )

    assert rule(workshop, JAN_1) == national
    assert rule(workshop, FEB_1) == unit
    assert rule(workshop, MAR_1) == own
    assert rule(other_workshop, MAR_1) == unit
    assert rule(None, MAR_1) == unit  # goods of no known workshop: the unit's rule


def test_a_payment_with_no_rule_is_refused_with_a_message_for_the_treasurer(
    receive, broom, workshop
):
    make_rule((30, 40, 30), valid_from=FEB_1)  # not valid yet on 31 January
    with pytest.raises(DomainError, match="No split rule applies to Bengkel Sapu on 31 January"):
        receive([(broom, 1, 2500)])
    with scopes_disabled():
        assert not Payment.objects.exists() and not ProceedsSplit.objects.exists()


def test_a_sale_paid_before_a_rule_change_keeps_its_old_split(receive, broom, ditjenpas):
    old = create(ditjenpas, shares=(30, 40, 30))
    january = receive([(broom, 1, 1270000)], paid_at=at(dt.date(2026, 1, 20)))
    new = supersede(ditjenpas, old, shares=(50, 15, 35), valid_from=FEB_1)
    february = receive([(broom, 1, 1270000)], paid_at=at(dt.date(2026, 2, 2)))
    with scope(facility=[january.facility_id]):
        before = ProceedsSplit.objects.get(allocation__payment=january)
        after = ProceedsSplit.objects.get(allocation__payment=february)
    assert (before.rule, parts(before)) == (old, (381000, 508000, 381000, 0))
    assert (after.rule, parts(after)) == (new, (635000, 190500, 444500, 0))
    assert (new.version, new.supersedes) == (2, old)
    old.refresh_from_db()
    assert (old.premi_bp, old.valid_to) == (3000, None)  # the old version is unchanged
    assert split_rule_versions(rule=old) == [old, new]


def test_a_new_version_cannot_take_a_day_already_split(receive, broom, ditjenpas, facility):
    old = create(ditjenpas)
    receive([(broom, 1, 2500)], paid_at=at(dt.date(2026, 1, 20)))
    with pytest.raises(DomainError, match="Let the new version start on 21 January 2026"):
        supersede(ditjenpas, old, valid_from=dt.date(2026, 1, 20))
    with pytest.raises(DomainError, match="cannot start before the version it replaces"):
        supersede(ditjenpas, old, valid_from=dt.date(2025, 12, 1))
    # An override of the unit cannot take that day either: its money was split nationally.
    with pytest.raises(DomainError, match="Let the new rule start on 21 January 2026"):
        create(ditjenpas, scope="facility", facility=facility, valid_from=JAN_1)
    supersede(ditjenpas, old, valid_from=dt.date(2026, 1, 21))
    assert SplitRule.objects.count() == 2


def test_only_the_latest_version_is_replaced(ditjenpas):
    old = create(ditjenpas)
    supersede(ditjenpas, old, valid_from=FEB_1)
    with pytest.raises(DomainError, match="replaced already"):
        supersede(ditjenpas, old, valid_from=MAR_1)


def test_an_unused_version_can_be_replaced_from_its_first_day(ditjenpas):
    """A mistake noticed before any money was split: the new version takes all its days."""
    wrong = create(ditjenpas, shares=(30, 30, 40))
    right = supersede(ditjenpas, wrong, shares=(30, 40, 30), valid_from=JAN_1)
    assert split_rule_for(facility_id=0, workshop_id=None, day=JAN_1) == right
    create(ditjenpas, valid_from=dt.date(2025, 1, 1), valid_to=dt.date(2025, 12, 31))


def test_a_rule_version_is_never_changed_or_deleted(ditjenpas):
    rule = create(ditjenpas)
    rule.premi_bp = 5000
    with pytest.raises(AppendOnlyError):
        rule.save()
    with pytest.raises(AppendOnlyError):
        rule.delete()
    with pytest.raises(AppendOnlyError):
        SplitRule.objects.filter(pk=rule.pk).update(valid_to=FEB_1)
