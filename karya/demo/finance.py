"""Demo of the finance area: a national split rule and Pamekasan's own (set before any sale
of the demo is paid, so every payment is split as it is recorded), the split of any payment
recorded before the finance area existed, and for Purwokerto the 2026 PNBP target and the
deposit of January's PNBP. Everything goes through the services; loading twice adds nothing.

The shares are practices the units report (DESIGN.md §3), marked as demo figures: the legal
basis says they are not a regulation in force."""

from __future__ import annotations

import datetime as dt

from karya.accounts.models import User
from karya.core.dates import month_bounds
from karya.facilities.models import Facility
from karya.finance import selectors
from karya.finance.choices import RuleScope, SplitBase
from karya.finance.models import PnbpDeposit, PnbpTarget, SplitRule
from karya.finance.services.pnbp import pnbp_deposit_record, pnbp_target_set
from karya.finance.services.rules import Shares, split_rule_create
from karya.finance.services.splits import proceeds_split_backfill

SINCE = dt.date(2025, 1, 1)
NATIONAL = "Pembagian hasil nasional"
DEMO_BASIS = (
    "Demo: {practice}, sebagaimana dilaporkan UPT. Bukan peraturan yang berlaku; ganti dengan "
    "keputusan Direktur Jenderal Pemasyarakatan yang berlaku."
)
OVERRIDES = {  # unit code → (name, base, premi / PNBP / capital, practice)
    "LPPMK": (
        "Pembagian hasil Lapas Pamekasan",
        SplitBase.PROFIT,
        (50, 15, 35),
        "50% premi, 15% PNBP dan 35% modal dari laba setelah biaya bahan",
    ),
}
TARGETS = {"LPPWT": ("bendahara.pwt", 25_000_000), "LPPMK": ("bendahara.pmk", 15_000_000)}
DEPOSIT = {  # unit code → (treasurer, month paid for, deposited on, billing code, NTPN)
    "LPPWT": (
        "bendahara.pwt",
        (2026, 1),
        dt.date(2026, 2, 2),
        "820260202000101",
        "DEMO2026PWT00001",
    ),
}


def finance_rules_load(*, actor) -> None:
    """The national rule and the units' own rules, unless they exist (idempotent). Call before
    any demo payment is recorded: a payment with no rule is refused."""
    if not SplitRule.objects.filter(scope=RuleScope.NATIONAL, name=NATIONAL).exists():
        split_rule_create(
            actor=actor,
            scope=RuleScope.NATIONAL,
            name=NATIONAL,
            base=SplitBase.TURNOVER,
            shares=Shares(35, 50, 15),
            legal_basis=DEMO_BASIS.format(
                practice="35% premi, 50% PNBP dan 15% pembinaan dari omzet"
            ),
            valid_from=SINCE,
        )
    for code, (name, base, (premi, pnbp, capital), practice) in OVERRIDES.items():
        facility = Facility.objects.filter(code=code).first()
        if facility is None or SplitRule.objects.filter(facility=facility, name=name).exists():
            continue
        split_rule_create(
            actor=actor,
            scope=RuleScope.FACILITY,
            facility=facility,
            name=name,
            base=base,
            shares=Shares(premi, pnbp, capital),
            legal_basis=DEMO_BASIS.format(practice=practice),
            valid_from=SINCE,
        )


def finance_load(*, actor, facility: Facility) -> None:
    """One unit's finance demo, inside its scope, after its sales: split what is not split
    yet, set the 2026 target and deposit January's PNBP when there is some (idempotent)."""
    proceeds_split_backfill(actor=actor, facility=facility)
    if facility.code in TARGETS and not PnbpTarget.objects.filter(facility=facility).exists():
        username, amount = TARGETS[facility.code]
        pnbp_target_set(
            actor=User.objects.get(username=username), facility=facility, year=2026, amount=amount
        )
    if facility.code not in DEPOSIT or PnbpDeposit.objects.filter(facility=facility).exists():
        return
    username, (year, month), deposited_on, billing_code, ntpn = DEPOSIT[facility.code]
    first, last = month_bounds(dt.date(year, month, 1))
    payable = selectors.pnbp_payable(facility=facility, start=first, end=last)
    if payable > 0:
        pnbp_deposit_record(
            actor=User.objects.get(username=username),
            facility=facility,
            billing_code=billing_code,
            amount=payable,
            deposited_on=deposited_on,
            ntpn=ntpn,
            note="Setoran PNBP Januari 2026",
        )
