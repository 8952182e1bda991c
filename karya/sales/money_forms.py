"""Forms of the counter, payment, refund and cancellation pages. They only parse input; the
rules are in karya.sales.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.inventory.services.moves import MAX_QUANTITY
from karya.sales.choices import Channel, PaymentMethod
from karya.sales.selectors.money import InvoiceStatus
from karya.sales.services.counter import CounterLine

REASON = {"label": _("Reason"), "max_length": 300}


def quantity_name(product) -> str:
    return f"qty-{product.pk}"


class CounterForm(forms.Form):
    """One counter sale: a quantity per product offered (0 or empty: not bought), how it
    is paid, and who bought it at which event. `products` are the counter's products
    (karya.sales.selectors.counter.counter_products)."""

    q = forms.CharField(label=_("Find a product"), required=False, max_length=100)
    payment_method = forms.ChoiceField(
        label=_("Payment method"),
        choices=PaymentMethod.choices,
        initial=PaymentMethod.CASH,
        widget=forms.RadioSelect,
    )
    amount_tendered = RupiahField(
        label=_("Cash handed over (Rp)"),
        required=False,
        help_text=_("Cash only; leave empty when the exact amount is paid."),
    )
    reference = forms.CharField(
        label=_("Transfer or QRIS reference"),
        required=False,
        max_length=100,
        help_text=_("Transfer or QRIS: the reference on the buyer's proof of payment."),
    )
    customer_name = forms.CharField(label=_("Buyer's name (optional)"), required=False)
    event = forms.CharField(
        label=_("Event"),
        required=False,
        help_text=_('E.g. "One Day One Prison Product" or the bazaar\'s name (optional).'),
    )

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = products
        for product in products:
            attrs = {"min": 0, "inputmode": "numeric", "aria-label": f"{_('Quantity')} {product}"}
            if not product.is_service:
                attrs["max"] = max(product.stock, 0)
            self.fields[quantity_name(product)] = forms.IntegerField(
                label=product.name,
                required=False,
                min_value=0,
                max_value=MAX_QUANTITY,
                widget=forms.NumberInput(attrs=attrs),
                disabled=not product.is_service and product.stock <= 0,
            )

    def quantities(self) -> dict[int, int]:
        """{product id: quantity above 0} from the cleaned data."""
        data = getattr(self, "cleaned_data", {})
        return {
            product.pk: data[quantity_name(product)]
            for product in self.products
            if data.get(quantity_name(product))
        }

    def lines(self) -> list[CounterLine]:
        quantities = self.quantities()
        return [
            CounterLine(product, quantities[product.pk])
            for product in self.products
            if product.pk in quantities
        ]

    def tiles(self):
        """(product, its bound quantity field) in the order of `products`."""
        return [(product, self[quantity_name(product)]) for product in self.products]


class PaymentForm(forms.Form):
    amount = RupiahField(label=_("Amount (Rp)"))
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    reference = forms.CharField(
        label=_("Transfer or QRIS reference"),
        required=False,
        max_length=100,
        help_text=_("Required for a transfer or QRIS payment."),
    )
    payer_name = forms.CharField(label=_("Received from"), required=False, max_length=200)
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=DateInput(),
        help_text=_("Today unless the money came in earlier."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RefundForm(forms.Form):
    amount = RupiahField(
        label=_("Amount to pay back (Rp)"),
        required=False,
        help_text=_("Leave empty to pay back all that is left of the payment."),
    )
    reason = forms.CharField(**REASON)


class CancelForm(forms.Form):
    reason = forms.CharField(**REASON)


class InvoiceFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("", _("All")),
        (InvoiceStatus.OPEN, _("Not paid yet")),
        (InvoiceStatus.OVERDUE, _("Overdue")),
        (InvoiceStatus.PAID, _("Paid")),
        (InvoiceStatus.CANCELLED, _("Cancelled")),
    ]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    mitra = forms.ChoiceField(label=_("Partner"), required=False)
    bulan = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )

    def __init__(self, *args, partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mitra"].choices = [("", _("All partners"))] + [
            (str(p.pk), p.legal_name) for p in partners
        ]


class SaleFilterForm(forms.Form):
    kanal = forms.ChoiceField(label=_("Channel"), required=False)
    bulan = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    q = forms.CharField(label=_("Number, buyer or event"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kanal"].choices = [("", _("All channels")), *Channel.choices]
