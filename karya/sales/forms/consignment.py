"""Forms of the consignment pages: a settlement (sold quantities per product held), its
confirmation and rejection, and unsold goods coming back."""

from __future__ import annotations

from django import forms
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.inventory.choices import LocationKind
from karya.inventory.forms import LotChoiceField
from karya.inventory.models import Lot, StockLocation
from karya.production.models import Product
from karya.sales.models import Settlement

NOTE_MAX = 2000
REASON_MAX = Settlement._meta.get_field("decision_note").max_length


class SettlementForm(forms.Form):
    """The period and, for each product the partner holds, how many it sold (empty: none).
    `rows` are the selector's rows (product, held, pending, agreed price); a field
    `sold_<product id>` per row."""

    period_start = forms.DateField(label=_("Period from"), widget=DateInput())
    period_end = forms.DateField(label=_("Period to"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.field_name(row.product)] = forms.IntegerField(
                label=row.product.name, min_value=0, max_value=1_000_000, required=False
            )

    @staticmethod
    def field_name(product) -> str:
        return f"sold_{product.pk}"

    def row_fields(self):
        """[(row, bound field)] in the order of the rows, for the table of the page."""
        return [(row, self[self.field_name(row.product)]) for row in self.rows]

    def sold(self) -> list[tuple[Product, int]]:
        """[(product, quantity)] of the rows with a quantity above zero."""
        return [
            (row.product, self.cleaned_data[self.field_name(row.product)])
            for row in self.rows
            if self.cleaned_data.get(self.field_name(row.product))
        ]


class ConfirmForm(forms.Form):
    due_on = forms.DateField(
        label=_("Invoice due on"),
        widget=DateInput(),
        required=False,
        help_text=_("Left empty: two weeks from today."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The partner sees it when it reported the sales itself."),
    )


class HeldProductField(forms.ModelChoiceField):
    """A product the partner holds, shown with how many: "Perangkap tikus (16 buah)"."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.held} {obj.get_unit_of_measure_display()})"


class ReturnForm(forms.Form):
    """Goods coming back from the partner: where from (its locations), which product (held
    there) and lot (empty: the oldest first), where to, how many."""

    location = forms.ModelChoiceField(
        label=_("From the partner's location"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose where the partner holds the goods.")},
    )
    product = HeldProductField(
        label=_("Product"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a product the partner holds.")},
    )
    lot = LotChoiceField(
        label=_("Lot"),
        queryset=None,
        required=False,
        help_text=_("Left empty: the oldest goods come back first."),
        error_messages={"invalid_choice": _("Choose a lot the partner holds.")},
    )
    destination = forms.ModelChoiceField(
        label=_("Back to"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a location of this unit.")},
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, facility, locations, **kwargs):
        super().__init__(*args, **kwargs)
        location_ids = [location.pk for location in locations]
        self.fields["location"].queryset = StockLocation.objects.filter(pk__in=location_ids)
        held_here = Q(stock_balances__location_id__in=location_ids)
        self.fields["product"].queryset = (
            Product.objects.filter(facility=facility)
            .annotate(held=Sum("stock_balances__quantity", filter=held_here))
            .filter(held__gt=0)
            .order_by("name")
        )
        self.fields["lot"].queryset = (
            Lot.objects.filter(
                facility=facility,
                balances__location_id__in=location_ids,
                balances__quantity__gt=0,
            )
            .select_related("product")
            .distinct()
            .order_by("product__name", "code")
        )
        self.fields["destination"].queryset = (
            StockLocation.objects.filter(facility=facility, is_active=True)
            .exclude(kind=LocationKind.PARTNER)
            .order_by("name")
        )
        if len(location_ids) == 1:
            self.fields["location"].initial = location_ids[0]
