"""Forms of the order pages. They only parse input; the rules are in
karya/sales/services/orders.py. Choices list the unit's own rows only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.facilities.models import Facility
from karya.inventory.choices import LocationKind
from karya.inventory.models import Lot, StockLocation
from karya.partners.forms import TIME_FORMATS, TimeInput
from karya.partners.models import Partner
from karya.production.models import Product
from karya.programs.models import Workshop
from karya.sales.choices import CustomerKind, CustomerOrderStatus
from karya.sales.services.orders import QuoteLine, is_service

PRICE_HELP = _("Empty: the price valid on the quotation day.")


class ProductChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_unit_of_measure_display()})"


class OrderFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *CustomerOrderStatus.choices]
    )
    customer_kind = forms.ChoiceField(
        label=_("Customer"), required=False, choices=[("", _("All")), *CustomerKind.choices]
    )
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Number, customer or e-Katalog reference."),
    )

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data["state"],
            "customer_kind": data["customer_kind"],
            "query": data["q"].strip(),
        }


def unit_products(facility):
    return Product.objects.filter(facility=facility, is_active=True).order_by("name")


class LineForm(forms.Form):
    """A line to add: a product, a quantity, and a price (empty: the default price)."""

    product = ProductChoiceField(label=_("Product"), queryset=Product.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit_price = RupiahField(label=_("Unit price"), required=False, help_text=PRICE_HELP)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = unit_products(facility)


class LineChangeForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    unit_price = RupiahField(label=_("Unit price"), required=False, help_text=PRICE_HELP)


class QuotationForm(LineForm):
    """A new quotation: the customer, and its first line (more lines on the next page)."""

    customer_kind = forms.ChoiceField(label=_("Kind of customer"), choices=CustomerKind.choices)
    customer_name = forms.CharField(
        label=_("Customer's name"),
        max_length=200,
        required=False,
        help_text=_("For a partner or another unit: empty takes its name."),
    )
    customer_contact = forms.CharField(
        label=_("Contact (phone or e-mail)"), max_length=200, required=False
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("When the customer is a partner of the unit."),
    )
    buyer_facility = forms.ModelChoiceField(
        label=_("Ordering unit"),
        queryset=Facility.objects.none(),
        required=False,
        help_text=_("When the customer is another correctional unit."),
    )
    ekatalog_reference = forms.CharField(
        label=_("e-Katalog order reference"),
        max_length=100,
        required=False,
        help_text=_("Required for an order through the e-Katalog (LKPP)."),
    )
    quoted_on = forms.DateField(label=_("Date of the quotation"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = [
        "customer_kind",
        "customer_name",
        "customer_contact",
        "partner",
        "buyer_facility",
        "ekatalog_reference",
        "quoted_on",
        "product",
        "quantity",
        "unit_price",
        "note",
    ]

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, facility=facility, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(facility=facility).order_by(
            "legal_name"
        )
        self.fields["buyer_facility"].queryset = (
            Facility.objects.filter(is_active=True).exclude(pk=facility.pk).order_by("name")
        )
        self.fields["product"].label = _("First product")

    def values(self) -> dict:
        """The service's arguments."""
        data = dict(self.cleaned_data)
        line = QuoteLine(data.pop("product"), data.pop("quantity"), data.pop("unit_price"))
        return {**data, "lines": [line]}


class ConfirmForm(forms.Form):
    ordered_on = forms.DateField(label=_("Ordered on"), widget=DateInput())
    due_on = forms.DateField(label=_("Delivery due on"), widget=DateInput())


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DeliverForm(forms.Form):
    """Where the goods come from, when they were handed over, when the invoice falls due, and
    for each line of goods an optional lot (empty: the first available)."""

    location = forms.ModelChoiceField(
        label=_("Deliver from"), queryset=StockLocation.objects.none(), required=False
    )
    delivered_on = forms.DateField(label=_("Date of delivery"), widget=DateInput())
    delivered_time = forms.TimeField(
        label=_("Time of delivery"),
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        help_text=_("Local time of the unit."),
    )
    payment_due_on = forms.DateField(
        label=_("Invoice due on"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: %(days)s days after the delivery."),
    )

    def __init__(self, *args, facility, lines, payment_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = facility.timezone
        self.fields["location"].queryset = (
            StockLocation.objects.filter(facility=facility, is_active=True)
            .exclude(kind=LocationKind.PARTNER)
            .order_by("name")
        )
        self.fields["payment_due_on"].help_text = self.fields["payment_due_on"].help_text % {
            "days": payment_days
        }
        goods = [line for line in lines if not is_service(line.product)]
        self.lot_fields = []
        for line in goods:
            name = f"lot_{line.pk}"
            self.fields[name] = forms.ModelChoiceField(
                label=_("Lot of %(product)s") % {"product": line.product.name},
                queryset=Lot.objects.filter(facility=facility, product=line.product).order_by(
                    "produced_on", "code"
                ),
                required=False,
                empty_label=_("— first available —"),
            )
            self.lot_fields.append((name, line.pk))
        if not goods:
            del self.fields["location"]

    def values(self) -> dict:
        data = self.cleaned_data
        delivered_at = dt.datetime.combine(
            data["delivered_on"], data["delivered_time"], tzinfo=ZoneInfo(self.zone)
        )
        return {
            "location": data.get("location"),
            "delivered_at": delivered_at,
            "payment_due_on": data.get("payment_due_on"),
            "lots": {pk: data[name] for name, pk in self.lot_fields if data.get(name)},
        }


class LinkProductionForm(forms.Form):
    production_order = forms.ModelChoiceField(
        label=_("Production order"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args, production_orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production_order"].queryset = production_orders
        self.fields["production_order"].label_from_instance = lambda o: (
            f"{o.number} · {o.product.name} · {o.planned_quantity} · {o.get_status_display()}"
        )


class PlanProductionForm(forms.Form):
    product = ProductChoiceField(label=_("Product"), queryset=Product.objects.none())
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())
    planned_quantity = forms.IntegerField(
        label=_("Planned quantity"),
        min_value=1,
        required=False,
        help_text=_("Empty: the quantity ordered."),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, facility, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = Product.objects.filter(
            facility=facility, pk__in=order.lines.values("product_id")
        ).order_by("name")
        self.fields["workshop"].queryset = Workshop.objects.filter(
            facility=facility, is_active=True
        ).order_by("name")
