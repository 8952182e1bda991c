"""A quotation: its number, its customer (a person, an institution, a partner, another unit,
an e-Katalog buyer), its lines at the default or typed price, and the changes allowed while
it is one; then the order confirmed and linked to a production order."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.core.numbering import next_number
from karya.production.models import ProductionOrder
from karya.sales.models import CustomerOrder, OrderLine
from karya.sales.services import orders as services
from karya.sales.services.orders import QuoteLine
from karya.sales.tests.conftest import make_agreement
from karya.sales.tests.orders.support import (
    DUE,
    ORDERED,
    QUOTED,
    confirm,
    quote,
    set_price,
)

pytestmark = pytest.mark.usefixtures("in_scope")


def lines_of(order):
    return [
        (line.product.name, line.quantity, line.unit_price)
        for line in order.lines.select_related("product").order_by("pk")
    ]


def test_a_quotation_is_numbered_and_priced_at_the_public_price(
    facility, output_officer, priced, car_wash
):
    broom, lakop = priced
    order = quote(facility, output_officer, [(broom, 100), (lakop, 20, "22000"), (car_wash, 2)])
    assert order.number == f"PSN/{facility.code}/2026/01/0001"
    assert (order.status, order.quoted_on, order.created_by) == (
        "quotation",
        QUOTED,
        output_officer,
    )
    assert lines_of(order) == [
        ("Sapu lidi", 100, Decimal(15000)),
        ("Sapu lakop", 20, Decimal(22000)),  # a typed price wins
        ("Cuci mobil", 2, Decimal(40000)),
    ]
    second = quote(facility, output_officer, [(broom, 1)], customer_name="Pak Joko")
    assert second.number == f"PSN/{facility.code}/2026/01/0002"
    assert AuditEntry.objects.filter(object_repr=order.number, action="create").exists()


def test_the_price_is_the_one_valid_on_the_quotation_day(facility, output_officer, priced):
    broom, _lakop = priced
    set_price(broom, 17000, 12000, valid_from=dt.date(2026, 2, 1))
    assert lines_of(quote(facility, output_officer, [(broom, 1)]))[0][2] == Decimal(15000)
    later = quote(facility, output_officer, [(broom, 1)], quoted_on=dt.date(2026, 2, 2))
    assert lines_of(later)[0][2] == Decimal(17000)


def test_a_partner_pays_its_agreed_price_else_the_partner_price(facility, output_officer, priced):
    broom, lakop = priced
    agreement = make_agreement(facility, schemes=["beli_putus"], prices=[(broom, 9000)])
    order = quote(
        facility,
        output_officer,
        [(broom, 10), (lakop, 5)],
        customer_kind="partner",
        customer_name="",
        partner=agreement.partner,
    )
    assert order.customer_name == "CV. Pusat Handicraft" and order.partner == agreement.partner
    assert [line[2] for line in lines_of(order)] == [Decimal(9000), Decimal(18000)]


def test_another_unit_orders_at_the_partner_price(facility, other_facility, output_officer, priced):
    broom, _lakop = priced
    order = quote(
        facility,
        output_officer,
        [(broom, 50)],
        customer_kind="unit",
        customer_name="",
        buyer_facility=other_facility,
        partner=None,
    )
    assert order.customer_name == other_facility.name
    assert order.buyer_facility == other_facility
    assert lines_of(order) == [("Sapu lidi", 50, Decimal(10000))]
    with pytest.raises(DomainError, match="cannot order from itself") as error:
        quote(facility, output_officer, [(broom, 1)], customer_kind="unit", buyer_facility=facility)
    assert error.value.field == "buyer_facility"


def test_an_ekatalog_order_needs_its_reference_and_listed_products(
    facility, output_officer, priced, table
):
    broom, _lakop = priced
    buyer = {"customer_kind": "ekatalog", "customer_name": "Dinas Pendidikan Kabupaten Banyumas"}
    with pytest.raises(DomainError, match="e-Katalog order reference") as error:
        quote(facility, output_officer, [(table, 4)], **buyer)
    assert error.value.field == "ekatalog_reference"
    with pytest.raises(DomainError, match="Sapu lidi is not listed on the e-Katalog"):
        quote(facility, output_officer, [(broom, 4)], ekatalog_reference="EPA-1", **buyer)
    order = quote(
        facility, output_officer, [(table, 4)], ekatalog_reference=" EPA-P2601-123 ", **buyer
    )
    assert order.ekatalog_reference == "EPA-P2601-123"
    assert lines_of(order) == [("Meja kayu", 4, Decimal(1500000))]
    # A reference given for another kind of customer is not kept.
    other = quote(facility, output_officer, [(broom, 1)], ekatalog_reference="EPA-2")
    assert other.ekatalog_reference == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"customer_kind": "alien"}, "customer_kind", "kind of customer"),
        ({"customer_name": "  "}, "customer_name", "customer's name"),
        ({"customer_name": "x" * 201}, "customer_name", "At most 200"),
        ({"customer_contact": "8" * 201}, "customer_contact", "At most 200"),
        ({"customer_kind": "partner"}, "partner", "partner of this unit"),
        ({"customer_kind": "unit"}, "buyer_facility", "unit that orders"),
        ({"quoted_on": dt.date(2999, 1, 1)}, "quoted_on", "future"),
        ({"quoted_on": "2026-01-20"}, "quoted_on", "date of the quotation"),
        ({"lines": []}, "lines", "at least one line"),
        ({"lines": [("broom", 0)]}, "quantity", "whole quantity"),
        ({"lines": [("broom", 2.5)]}, "quantity", "whole quantity"),
        ({"lines": [("broom", 2_000_000)]}, "quantity", "at most"),
        ({"lines": [("broom", 2, "-1")]}, "unit_price", "from Rp 0"),
        ({"lines": [("broom", 2, "abc")]}, "unit_price", "whole rupiah"),
        ({"lines": [("broom", 2), ("broom", 3)]}, "product", "twice"),
        ({"lines": [("foreign", 2)]}, "product", "product of this unit"),
        ({"lines": [("unpriced", 2)]}, "unit_price", "has no price on 20 January 2026"),
        ({"lines": [("retired", 2)]}, "product", "no longer in use"),
    ],
)
def test_bad_input_is_refused_per_field_and_nothing_is_written(
    facility, other_facility, output_officer, priced, change, field, message
):
    from karya.inventory.tests.conftest import make_product

    broom, _lakop = priced
    products = {
        "broom": broom,
        "foreign": make_product(other_facility, name="Batik"),
        "unpriced": make_product(facility, name="Keset"),
        "retired": make_product(facility, name="Sapu ijuk"),
    }
    set_price(products["retired"], 5000, 4000)
    with scopes_disabled():
        products["retired"].is_active = False
        products["retired"].save()
    values = {"customer_kind": "person", "customer_name": "Bu Sri", "quoted_on": QUOTED}
    values.update(change)
    lines = [
        QuoteLine(products[name], *rest) for name, *rest in change.get("lines", [("broom", 1)])
    ]
    values.pop("lines", None)
    with pytest.raises(DomainError, match=message) as error:
        services.order_quote(actor=output_officer, facility=facility, lines=lines, **values)
    assert error.value.field == field
    assert not CustomerOrder.objects.exists() and not OrderLine.objects.exists()
    assert next_number(facility, "PSN", QUOTED).endswith("/0001")  # no number was used up


def test_lines_change_while_it_is_a_quotation(facility, output_officer, priced, car_wash):
    broom, lakop = priced
    order = quote(facility, output_officer, [(broom, 100)])
    line = services.order_line_add(actor=output_officer, order=order, product=lakop, quantity=3)
    assert line.unit_price == Decimal(25000)
    with pytest.raises(DomainError, match="already on the quotation"):
        services.order_line_add(actor=output_officer, order=order, product=broom, quantity=1)
    services.order_line_change(actor=output_officer, line=line, quantity=5, unit_price="20000")
    first = order.lines.get(product=broom)
    services.order_line_change(actor=output_officer, line=first, quantity=90, unit_price=None)
    assert lines_of(order) == [("Sapu lidi", 90, Decimal(15000)), ("Sapu lakop", 5, Decimal(20000))]
    services.order_line_remove(actor=output_officer, line=line)
    assert lines_of(order) == [("Sapu lidi", 90, Decimal(15000))]
    with pytest.raises(DomainError, match="at least one line"):
        services.order_line_remove(actor=output_officer, line=first)
    assert AuditEntry.objects.filter(object_repr="5 Sapu lakop", action="delete").exists()

    confirm(order, output_officer)
    for call in (
        lambda: services.order_line_add(
            actor=output_officer, order=order, product=car_wash, quantity=1
        ),
        lambda: services.order_line_change(actor=output_officer, line=first, quantity=1),
        lambda: services.order_line_remove(actor=output_officer, line=first),
    ):
        with pytest.raises(DomainError, match="can no longer be changed"):
            call()
    assert lines_of(order) == [("Sapu lidi", 90, Decimal(15000))]


def test_confirming_records_the_order_and_due_dates(facility, output_officer, priced):
    broom, _lakop = priced
    order = quote(facility, output_officer, [(broom, 10)])
    for kwargs, field, message in [
        ({"due_on": DUE, "ordered_on": dt.date(2026, 1, 19)}, "ordered_on", "before the quotation"),
        ({"due_on": DUE, "ordered_on": dt.date(2999, 1, 1)}, "ordered_on", "future"),
        ({"due_on": dt.date(2026, 1, 21), "ordered_on": ORDERED}, "due_on", "due before the order"),
        ({"due_on": None, "ordered_on": ORDERED}, "due_on", "due date"),
    ]:
        with pytest.raises(DomainError, match=message) as error:
            services.order_confirm(actor=output_officer, order=order, **kwargs)
        assert error.value.field == field
    order.refresh_from_db()
    assert (order.status, order.ordered_on) == ("quotation", None)
    confirm(order, output_officer)
    order.refresh_from_db()
    assert (order.status, order.ordered_on, order.due_on) == ("ordered", ORDERED, DUE)
    with pytest.raises(DomainError, match="is ordered: it cannot be confirmed"):
        confirm(order, output_officer)


def test_an_order_is_made_by_a_production_order(facility, output_officer, priced, workshop):
    broom, lakop = priced
    order = quote(facility, output_officer, [(broom, 200)])
    with pytest.raises(DomainError, match="Choose a product of this order"):
        services.order_plan_production(
            actor=output_officer,
            order=order,
            workshop=workshop,
            product=lakop,
            start_date=ORDERED,
            due_date=DUE,
        )
    services.order_plan_production(
        actor=output_officer,
        order=order,
        workshop=workshop,
        product=broom,
        start_date=ORDERED,
        due_date=DUE,
    )
    order.refresh_from_db()
    planned = order.production_order
    assert (planned.product, planned.planned_quantity, planned.workshop) == (broom, 200, workshop)
    assert order.number in planned.note
    lakop_order = ProductionOrder.objects.create(
        facility=facility,
        number="PO/X/1",
        workshop=workshop,
        product=lakop,
        planned_quantity=5,
        start_date=ORDERED,
        due_date=DUE,
        material_source="own",
    )
    with pytest.raises(DomainError, match="not on this order") as error:
        services.order_link_production(
            actor=output_officer, order=order, production_order=lakop_order
        )
    assert error.value.field == "production_order"
    services.order_link_production(actor=output_officer, order=order, production_order=None)
    order.refresh_from_db()
    assert order.production_order is None
