"""Materials and production orders: balances that never go negative, partner material never
valued, gap-free numbers, the order's life, the lot it puts into stock, and who made it."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AppendOnlyError, AuditEntry
from karya.core.errors import DomainError
from karya.inventory.models import Lot, StockBalance, StockMove
from karya.production import selectors, services
from karya.production.models import Material, MaterialMove, ProductionOrder
from karya.production.tests.conftest import make_price, make_product
from karya.programs.models import Allocation, OutputRecord, Workshop
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.usefixtures("in_scope")


def test_own_material_is_valued_at_the_weighted_average_purchase_price(facility, lidi):
    material = selectors.material_get(facility=facility, pk=lidi.pk)
    assert material.quantity == Decimal("20")
    assert material.average_price == Decimal("7500")
    assert material.value == Decimal("150000")


def test_partner_material_is_counted_but_never_valued(facility, mori):
    assert mori.quantity == Decimal("50")
    assert selectors.material_value(mori) == 0
    [row] = selectors.material_list(facility=facility)
    assert row.value == 0 and row.average_price is None
    assert MaterialMove.objects.get(material=mori).amount == 0


def test_partner_material_cannot_be_bought_nor_own_material_supplied(officer, lidi, mori):
    with pytest.raises(DomainError, match="mitra|partner"):
        services.material_purchase(
            actor=officer, material=mori, quantity=1, unit_price=1000, supplier="X"
        )
    with pytest.raises(DomainError):
        services.material_supply(actor=officer, material=lidi, quantity=1)


@pytest.mark.parametrize("quantity", ["0", "-1", "abc", "1.0001"])
def test_bad_material_quantity_writes_nothing(officer, lidi, quantity):
    before = MaterialMove.objects.count()
    with pytest.raises(DomainError) as error:
        services.material_purchase(
            actor=officer, material=lidi, quantity=quantity, unit_price=1000, supplier="UD Tani"
        )
    assert error.value.field == "quantity"
    assert MaterialMove.objects.count() == before


def test_material_moves_are_append_only(lidi):
    move = MaterialMove.objects.filter(material=lidi).first()
    with pytest.raises(AppendOnlyError):
        move.save()
    with pytest.raises(AppendOnlyError):
        MaterialMove.objects.filter(material=lidi).delete()


def test_numbers_are_per_unit_and_year_without_gaps(make_order, other_facility, today):
    first, second = make_order(), make_order()
    year = today.year
    assert first.number == f"PO/LPPWT/{year}/0001"
    assert second.number == f"PO/LPPWT/{year}/0002"
    nextyear = make_order(start_date=dt.date(year + 1, 1, 2), due_date=dt.date(year + 1, 1, 9))
    assert nextyear.number == f"PO/LPPWT/{year + 1}/0001"


def test_a_plan_that_fails_half_way_leaves_no_order_and_uses_no_number(
    make_order, monkeypatch, today
):
    # order_plan is one transaction: the order, its number and its audit row, or nothing.
    def broken_audit(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr("karya.audit.services.audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        make_order()
    monkeypatch.undo()
    assert not ProductionOrder.objects.exists()
    assert make_order().number == f"PO/LPPWT/{today.year}/0001"


def test_plan_refuses_a_product_the_workshop_does_not_make(officer, facility, workshop, today):
    other = make_product(facility, "Tikar pandan", unit_of_measure="lembar")
    with pytest.raises(DomainError, match="Bengkel Sapu") as error:
        services.order_plan(
            actor=officer,
            facility=facility,
            workshop=workshop,
            product=other,
            planned_quantity=10,
            start_date=today,
            due_date=today,
        )
    assert error.value.field == "product"
    assert not ProductionOrder.objects.exists()


def test_plan_refuses_a_due_date_before_the_start(make_order, today):
    with pytest.raises(DomainError) as error:
        make_order(due_date=today - dt.timedelta(days=1))
    assert error.value.field == "due_date"


def test_plan_refuses_an_officer_of_another_unit(make_order, make_user, other_facility):
    stranger = make_user("officer", facility=other_facility, username="luar")
    with pytest.raises(DomainError) as error:
        make_order(making_officer=stranger)
    assert error.value.field == "making_officer"


def test_partner_order_needs_a_partner(make_order):
    with pytest.raises(DomainError) as error:
        make_order(material_source="partner")
    assert error.value.field == "partner"


def test_illegal_transitions_are_refused_in_indonesian(make_order, officer, store, settings):
    settings.LANGUAGE_CODE = "id"
    order = make_order()
    with pytest.raises(DomainError) as error:
        services.order_finish(actor=officer, order=order, location=store, good_quantity=5)
    assert error.value.code == "illegal_transition"
    services.order_cancel(actor=officer, order=order, reason="Bahan tidak datang")
    with pytest.raises(DomainError):
        services.order_start(actor=officer, order=order)
    with pytest.raises(DomainError):
        services.order_cancel(actor=officer, order=order, reason="lagi")


def test_cancel_needs_a_reason(make_order, officer):
    order = make_order()
    with pytest.raises(DomainError) as error:
        services.order_cancel(actor=officer, order=order, reason="  ")
    assert error.value.field == "reason"
    order.refresh_from_db()
    assert order.status == "planned"


def test_consuming_more_than_on_hand_is_refused_and_writes_nothing(make_order, officer, lidi):
    order = make_order("in_progress")
    with pytest.raises(DomainError) as error:
        services.order_consume_material(actor=officer, order=order, material=lidi, quantity=21)
    assert error.value.code == "insufficient_material"
    lidi.refresh_from_db()
    assert lidi.quantity == 20
    assert not MaterialMove.objects.filter(kind="consumed").exists()


def test_an_own_material_order_cannot_use_partner_material(make_order, officer, mori):
    order = make_order("in_progress")
    with pytest.raises(DomainError) as error:
        services.order_consume_material(actor=officer, order=order, material=mori, quantity=1)
    assert error.value.field == "material"


def test_material_only_for_an_order_in_progress(make_order, officer, lidi):
    with pytest.raises(DomainError):
        services.order_consume_material(
            actor=officer, order=make_order(), material=lidi, quantity=1
        )


def test_finishing_puts_the_good_goods_into_stock_under_a_new_lot(
    make_order, officer, lidi, store, product, today
):
    order = make_order("in_progress")
    services.order_consume_material(actor=officer, order=order, material=lidi, quantity="12.5")
    order = services.order_finish(
        actor=officer, order=order, location=store, good_quantity=90, rejected_quantity=4
    )
    assert order.status == "finished"
    assert (order.good_quantity, order.rejected_quantity, order.finished_on) == (90, 4, today)
    assert order.lot.code == f"SAPU-LIDI-{today:%Y%m%d}-1"
    move = StockMove.objects.get(lot=order.lot)
    assert (move.kind, move.quantity, move.reference) == ("produced", 90, order.number)
    # 12,5 kg at the average Rp 7.500 = Rp 93.750 for 90 brooms → Rp 1.042 each.
    assert selectors.order_material_cost(order) == Decimal("93750")
    assert move.unit_cost == Decimal("1042")
    assert StockBalance.objects.get(location=store, lot=order.lot).quantity == 90
    lidi.refresh_from_db()
    assert lidi.quantity == Decimal("7.5")
    second = make_order("in_progress")
    second = services.order_finish(actor=officer, order=second, location=store, good_quantity=1)
    assert second.lot.code == f"SAPU-LIDI-{today:%Y%m%d}-2"


def test_partner_material_order_takes_the_products_cost_price(
    officer, facility, workshop, product, store, mori, today
):
    make_price(product, today - dt.timedelta(days=5), cost=6000)
    order = services.order_plan(
        actor=officer,
        facility=facility,
        workshop=workshop,
        product=product,
        planned_quantity=10,
        start_date=today,
        due_date=today,
        material_source="partner",
        partner=_partner(facility),
    )
    services.order_start(actor=officer, order=order)
    services.order_consume_material(actor=officer, order=order, material=mori, quantity=20)
    order = services.order_finish(actor=officer, order=order, location=store, good_quantity=10)
    assert StockMove.objects.get(lot=order.lot).unit_cost == Decimal("6000")
    assert selectors.order_material_cost(order) == 0
    assert selectors.material_value(mori) == 0


def _partner(facility):
    from karya.partners.models import Partner

    with scopes_disabled():
        return Partner.objects.create(
            facility=facility, legal_form="CV", legal_name="Rajasa Mas Jaya"
        )


def test_finish_needs_some_quantity_and_writes_nothing(make_order, officer, store):
    order = make_order("in_progress")
    with pytest.raises(DomainError) as error:
        services.order_finish(
            actor=officer, order=order, location=store, good_quantity=0, rejected_quantity=0
        )
    assert error.value.field == "good_quantity"
    assert not Lot.objects.exists() and not StockMove.objects.exists()
    order.refresh_from_db()
    assert order.status == "in_progress"


def test_every_write_is_audited(make_order, officer, store):
    order = make_order("in_progress")
    services.order_finish(actor=officer, order=order, location=store, good_quantity=3)
    rows = AuditEntry.objects.filter(object_id=str(order.pk), content_type__model="productionorder")
    assert rows.count() == 3  # planned, started, finished


def test_order_workers_lists_who_made_the_product_between_start_and_finish(
    make_order, officer, facility, workshop, product, store, today
):
    with scopes_disabled():
        agus = InmateFactory(facility=facility, name="Agus Sapulidi")
        budi = InmateFactory(facility=facility, name="Budi Anyamsari")
        other_place = Workshop.objects.create(
            facility=facility, name="Bengkel Lain", sector="kerajinan", capacity=3
        )
        rows = []
        for inmate, place in ((agus, workshop), (budi, workshop), (budi, other_place)):
            allocation = Allocation.objects.create(
                facility=facility,
                workshop=place,
                inmate=inmate,
                session="pagi",
                status="ACTIVE",
                start_date=today - dt.timedelta(days=30),
            )
            rows.append(allocation)
        for allocation, day, quantity in (
            (rows[0], today, 40),
            (rows[0], today - dt.timedelta(days=1), 30),  # before the start: not counted
            (rows[1], today, 25),
            (rows[2], today, 99),  # another workshop
        ):
            OutputRecord.objects.create(
                facility=facility,
                allocation=allocation,
                date=day,
                product=product,
                quantity=quantity,
            )
    order = make_order("in_progress")
    services.order_finish(actor=officer, order=order, location=store, good_quantity=65)
    workers = selectors.order_workers(order)
    assert [(w["name"], w["quantity"], w["days"]) for w in workers] == [
        ("Agus Sapulidi", 40, 1),
        ("Budi Anyamsari", 25, 1),
    ]


def test_material_names_are_unique_in_the_unit(officer, facility, lidi):
    with pytest.raises(DomainError) as error:
        services.material_create(
            actor=officer, facility=facility, name="LIDI", unit_of_measure="kg", owner="own"
        )
    assert error.value.code == "duplicate"
    assert Material.objects.count() == 1
