"""A sale line may carry a discount (a consignment settlement's share of the partner's
commission): the line's amount, the sale's total and its invoice are net of it, and a reversal
mirrors it."""

from decimal import Decimal

import pytest

from karya.core.errors import DomainError
from karya.sales.services.sales import LineInput, sale_create, sale_reverse

pytestmark = pytest.mark.usefixtures("in_scope")


def test_the_discount_comes_off_the_line_and_the_total_and_is_mirrored_on_reversal(
    facility, output_officer, broom, lakop
):
    sale = sale_create(
        actor=output_officer,
        facility=facility,
        channel="consignment",
        lines=[LineInput(broom, 10, 3500, discount=350), LineInput(lakop, 1, 15000)],
    )
    amounts = list(sale.lines.order_by("pk").values_list("discount", "amount"))
    assert amounts == [(Decimal(350), Decimal(34650)), (Decimal(0), Decimal(15000))]
    assert sale.total == Decimal(49650)
    reversal = sale_reverse(actor=output_officer, sale=sale, reason="Salah input")
    mirrored = list(reversal.lines.order_by("pk").values_list("discount", "amount"))
    assert mirrored == [(Decimal(-350), Decimal(-34650)), (Decimal(0), Decimal(-15000))]
    assert reversal.total == -sale.total


@pytest.mark.parametrize(
    ("discount", "message"),
    [(-1, "discount runs"), (35001, "discount runs"), ("x", "discount in whole")],
)
def test_a_discount_outside_the_line_is_refused(facility, output_officer, broom, discount, message):
    with pytest.raises(DomainError, match=message):
        sale_create(
            actor=output_officer,
            facility=facility,
            channel="counter",
            lines=[LineInput(broom, 10, 3500, discount=discount)],
        )
