"""The portal's pages issue as many queries with many rows as with one (no N+1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from karya.inventory.services import stock_receive, stock_transfer
from karya.inventory.tests.conftest import make_lot, make_product
from karya.partners.models import Agreement, AgreementProduct, Obligation
from karya.portal.tests.conftest import PICK_UP, _handover, url
from karya.sales.choices import Channel
from karya.sales.models import Settlement, SettlementLine
from karya.sales.services.sales import InvoiceInput, LineInput, sale_create

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "agreement-list", "handover-list", "stock", "settlement-list", "invoice-list"]
MORE = 6


def _more_rows(world, facility, staff):
    """MORE agreements, handovers, settlements, invoices and held products for the partner."""
    store = world.handover.source
    with scopes_disabled():
        for n in range(MORE):
            agreement = Agreement.objects.create(
                facility=facility, partner=world.partner, title=f"Kerja sama {n}", schemes=[]
            )
            Obligation.objects.create(
                facility=facility,
                agreement=agreement,
                party="mitra",
                description=f"Kewajiban {n}",
                due_date=dt.date.today(),
            )
    with scope(facility=[facility.pk]):
        for n in range(MORE):
            product = make_product(facility, name=f"Produk {n}")
            lot = make_lot(product, code=f"L-X-{n}")
            with scopes_disabled():
                AgreementProduct.objects.create(
                    facility=facility,
                    agreement=world.agreement,
                    product=product,
                    agreed_price=Decimal(1000),
                )
            stock_receive(actor=staff, location=store, product=product, lot=lot, quantity=10)
            stock_transfer(
                actor=staff,
                source=store,
                destination=world.location,
                product=product,
                lot=lot,
                quantity=4,
            )
            handover = _handover(
                facility,
                world.agreement,
                staff,
                store,
                f"BAST/X/2026/02/{n:04d}",
                product,
                lot,
                2,
                1000,
            )
            settlement = Settlement.objects.create(
                facility=facility,
                agreement=world.agreement,
                partner=world.partner,
                location=world.location,
                period_start=dt.date(2025, 1 + n, 1),
                period_end=dt.date(2025, 1 + n, 28),
                commission_percent=Decimal(20),
            )
            SettlementLine.objects.create(
                facility=facility,
                settlement=settlement,
                product=product,
                quantity=1,
                unit_price=Decimal(1000),
            )
            sale_create(
                actor=staff,
                facility=facility,
                channel=Channel.HANDOVER,
                lines=[LineInput(product, 2, 1000, lot)],
                sold_at=PICK_UP,
                partner=world.partner,
                handover=handover if n % 2 else None,
                settlement=None if n % 2 else settlement,
                invoice=InvoiceInput(
                    bill_to="CV", due_on=dt.date(2026, 3, 1), partner=world.partner
                ),
            )


def _count(client, target) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_list_pages_do_not_grow_with_rows(
    login, partner_user, ours, facility, staff, page, django_assert_max_num_queries
):
    client = login(partner_user)
    target = url(page)
    few = _count(client, target)
    _more_rows(ours, facility, staff)
    with django_assert_max_num_queries(few):
        response = client.get(target)
    assert response.status_code == 200
    assert few <= 16, few


def test_the_agreement_and_handover_pages_do_not_grow_with_lines(
    login, partner_user, ours, facility, staff, django_assert_max_num_queries
):
    client = login(partner_user)
    pages = [
        url("agreement-detail", ours.agreement.pk),
        url("settlement-detail", ours.settlement.pk),
    ]
    counts = [_count(client, target) for target in pages]
    _more_rows(ours, facility, staff)
    for target, few in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(few):
            assert client.get(target).status_code == 200
