"""Handover test data: an agreement with all three handover schemes and a draft maker.
Import the fixtures a module uses (`from karya.sales.tests.handover_fixtures import …`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from karya.inventory.models import StockMove
from karya.sales.models import Handover
from karya.sales.services.handovers import handover_create, handover_line_add
from karya.sales.tests.conftest import PICK_UP, make_agreement

TERMS = "Dibayar paling lambat 14 hari setelah serah terima."


@pytest.fixture
def agreement(facility, broom, lakop):
    """A PKS of CV. Pusat Handicraft under beli putus, konsinyasi and maklon: sapu lidi at
    Rp 2.500, sapu lakop at Rp 7.500, a maklon fee of Rp 1.000 per unit, paid within 14 days."""
    return make_agreement(
        facility,
        schemes=["beli_putus", "konsinyasi", "maklon"],
        prices=[(broom, 2500), (lakop, 7500)],
        maklon_fee_per_unit=Decimal(1000),
        payment_terms=TERMS,
    )


def draft_pick_up(
    *, agreement, lines, officer, head, source, scheme="beli_putus", at=PICK_UP, actor=None
):
    """A draft pick-up under `agreement` of `lines` [(product, quantity, lot)] from `source`,
    recorded by `officer` (or `actor`) with the partner's director, inside the unit's scope."""
    actor = actor or officer
    with scope(facility=[agreement.facility_id]):
        draft = handover_create(
            actor=actor,
            agreement=agreement,
            scheme=scheme,
            handed_over_at=at,
            source=source,
            officer=officer,
            partner_representative="Budi Santoso",
            partner_representative_position="Direktur",
            head=head,
        )
        for product, quantity, lot in lines:
            handover_line_add(
                actor=actor, handover=draft, product=product, quantity=quantity, lot=lot
            )
    return draft


@pytest.fixture
def make_draft(facility, output_officer, head, store, agreement, broom, lakop, stocked):
    """make_draft(scheme, lines=None) → a draft pick-up of 1,140 sapu lidi (lot L-2026-001)
    and 290 sapu lakop from the store on 31 January 2026, 09.40 WIB."""

    def make(scheme="beli_putus", lines=None, at=PICK_UP, actor=None):
        return draft_pick_up(
            agreement=agreement,
            scheme=scheme,
            lines=lines if lines is not None else [(broom, 1140, stocked), (lakop, 290, None)],
            officer=output_officer,
            head=head,
            source=store,
            at=at,
            actor=actor,
        )

    return make


def reload(handover) -> Handover:
    with scopes_disabled():
        return Handover.objects.get(pk=handover.pk)


def moves_of(reference: str) -> list[tuple[str, str, int]]:
    """(location, kind, quantity) of the moves carrying a reference, in order."""
    with scopes_disabled():
        return [
            (m.location.name, m.kind, m.quantity)
            for m in StockMove.objects.filter(reference=reference)
            .select_related("location")
            .order_by("pk")
        ]


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def draft_world(facility, actor, head, *, name="CV. Pusat Handicraft"):
    """A unit's own product, partner (beli putus PKS), store and a draft pick-up of 3 units:
    (agreement, handover, line). For the access tests of the pages and the API."""
    from karya.inventory.tests.conftest import make_location, make_product

    product = make_product(facility, name=f"Sapu {facility.code}")
    agreement = make_agreement(facility, schemes=["beli_putus"], name=name, prices=[(product, 1)])
    store = make_location(facility, name=f"Gudang {facility.code}")
    with scope(facility=[facility.pk]):
        handover = handover_create(
            actor=actor,
            agreement=agreement,
            scheme="beli_putus",
            handed_over_at=PICK_UP,
            source=store,
            officer=actor,
            partner_representative="Budi",
            head=head,
        )
        line = handover_line_add(actor=actor, handover=handover, product=product, quantity=3)
    return agreement, handover, line
