"""Forms of the stock pages. They only parse input; the rules are in services/."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.inventory import labels, selectors
from karya.inventory.choices import MoveKind
from karya.inventory.models import Lot, StockBalance, StockLocation
from karya.production.models import Product

RECEIVE_FORM_KINDS = [
    (MoveKind.OPENING.value, MoveKind.OPENING.label),
    (MoveKind.RETURNED.value, MoveKind.RETURNED.label),
]


def _quantity_field():
    return forms.IntegerField(label=_("Quantity"), min_value=1, max_value=1_000_000)


class ItemChoiceField(forms.ModelChoiceField):
    """Goods held somewhere: a balance row, shown as "location — product (lot): quantity"."""

    def label_from_instance(self, obj: StockBalance) -> str:
        lot = f" ({obj.lot.code})" if obj.lot_id else ""
        unit = obj.product.get_unit_of_measure_display()
        return f"{obj.location.name} — {obj.product.name}{lot}: {obj.quantity} {unit}"


class LotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Lot) -> str:
        return f"{obj.code} · {obj.product.name}"


def _locations(facility, active_only=True):
    locations = StockLocation.objects.filter(facility=facility).order_by("name")
    return locations.filter(is_active=True) if active_only else locations


def _products(facility):
    return Product.objects.filter(facility=facility, is_active=True).order_by("name")


class LocationForm(forms.ModelForm):
    class Meta:
        model = StockLocation
        fields = ["name", "kind", "partner_name", "is_active"]

    def validate_unique(self):
        """Uniqueness of the name in the unit is the service's rule (the form has no unit)."""


class ReceiveForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a location of this unit.")},
    )
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a product of this unit.")},
    )
    lot = LotChoiceField(
        label=_("Lot"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a lot of this unit.")},
    )
    kind = forms.ChoiceField(label=_("Goods came in as"), choices=RECEIVE_FORM_KINDS)
    quantity = _quantity_field()
    unit_cost = forms.DecimalField(
        label=_("Unit cost (Rp)"),
        min_value=0,
        max_digits=14,
        decimal_places=0,
        required=False,
        help_text=_("What one unit cost to make. Left empty: the product's latest cost."),
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(facility)
        self.fields["product"].queryset = _products(facility)
        self.fields["lot"].queryset = selectors.lots_of(facility=facility)


class TransferForm(forms.Form):
    item = ItemChoiceField(
        label=_("Goods"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose goods held at a location of this unit.")},
    )
    destination = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a location of this unit.")},
    )
    quantity = _quantity_field()
    reference = forms.CharField(
        label=_("Reference"),
        max_length=100,
        required=False,
        help_text=_("E.g. the number of the handover minutes."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = selectors.balance_choices(facility=facility)
        self.fields["destination"].queryset = _locations(facility)


class WriteOffForm(forms.Form):
    item = ItemChoiceField(
        label=_("Goods"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose goods held at a location of this unit.")},
    )
    quantity = _quantity_field()
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happened to the goods (e.g. soaked by rain, broken, expired)."),
    )

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = selectors.balance_choices(facility=facility)


class MoveFilterForm(forms.Form):
    """Filters of the move history (a GET form; Indonesian parameter names)."""

    lokasi = forms.ModelChoiceField(label=_("Location"), queryset=None, required=False)
    produk = forms.ModelChoiceField(label=_("Product"), queryset=None, required=False)
    jenis = forms.ChoiceField(
        label=_("Kind of move"), choices=[("", "—"), *MoveKind.choices], required=False
    )
    sebelum = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokasi"].queryset = _locations(facility, active_only=False)
        self.fields["produk"].queryset = Product.objects.filter(facility=facility).order_by("name")


class CountCreateForm(forms.Form):
    location = forms.ModelChoiceField(
        label=_("Location"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a location of this unit.")},
    )
    counted_on = forms.DateField(label=_("Count date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = _locations(facility, active_only=False)


class CountEntryForm(forms.Form):
    """One counted quantity per line of a draft count (fields `line_<id>`)."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            name = f"{line.product} ({line.lot.code})" if line.lot_id else str(line.product)
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=name,
                min_value=0,
                max_value=1_000_000,
                required=False,
                initial=line.counted,
                widget=forms.NumberInput(attrs={"aria-label": name, "min": 0}),
            )
            line.field = self[f"line_{line.pk}"]

    def counted(self) -> dict[int, int | None]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") for line in self.lines}


class CountAddLineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a product of this unit.")},
    )
    lot = LotChoiceField(
        label=_("Lot"),
        queryset=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a lot of this unit.")},
    )

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = _products(facility)
        self.fields["lot"].queryset = selectors.lots_of(facility=facility)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )


class SlowMovingForm(forms.Form):
    hari = forms.IntegerField(label=_("Days without going out"), min_value=1, max_value=3650)


def _label_number(label, maximum: int, message: str, **kwargs) -> forms.IntegerField:
    """A whole number from 1 to `maximum`; anything else (letters too) gets `message`."""
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        error_messages={key: message for key in ("required", "invalid", "min_value", "max_value")},
        **kwargs,
    )


class LabelForm(forms.Form):
    """How many labels to print for a lot, and where on a partly used sheet to begin. The
    limits and their messages are those of karya.inventory.labels (the API's too)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jumlah"] = _label_number(
            _("Number of labels"), labels.MAX_LABELS, labels.count_message()
        )
        self.fields["mulai"] = _label_number(
            _("Start at place"),
            labels.LABELS_PER_SHEET,
            labels.start_message(),
            required=False,
            help_text=_(
                "On a partly used sheet: the first free place, counted from the top left, "
                "left to right (a sheet has %(places)d places)."
            )
            % {"places": labels.LABELS_PER_SHEET},
        )
