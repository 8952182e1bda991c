"""Forms of materials and production orders. They only parse input; the rules are in
services/materials.py and services/orders.py. Choices list the unit's own rows only."""

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.accounts.choices import ScopeType
from karya.accounts.models import User
from karya.core.forms import DateInput, RupiahField
from karya.inventory.models import StockLocation
from karya.partners.choices import OPEN_STATUSES
from karya.partners.models import Agreement, Partner
from karya.production.choices import MaterialOwner, MaterialUnit, OrderStatus
from karya.production.models import Material, Product
from karya.programs.models import Workshop


def unit_users(facility):
    return (
        User.objects.filter(
            memberships__scope=ScopeType.FACILITY,
            memberships__facility=facility,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class QuantityField(forms.CharField):
    """A quantity as typed (2,5 or 2.5); the service checks it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)


class _UnitForm(forms.Form):
    def __init__(self, *args, facility, **kwargs):
        self.facility = facility
        super().__init__(*args, **kwargs)


class MaterialForm(_UnitForm):
    name = forms.CharField(label=_("Name"), max_length=150)
    unit_of_measure = forms.ChoiceField(label=_("Unit of measure"), choices=MaterialUnit.choices)
    owner = forms.ChoiceField(label=_("Owner"), choices=MaterialOwner.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False
    )
    partner_name = forms.CharField(
        label=_("Partner name"),
        max_length=200,
        required=False,
        help_text=_("For partner-supplied material without a partner record."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(facility=self.facility)


class PurchaseForm(forms.Form):
    quantity = QuantityField(label=_("Quantity"))
    unit_price = RupiahField(label=_("Unit price"))
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    moved_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SupplyForm(forms.Form):
    quantity = QuantityField(label=_("Quantity"))
    moved_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class OrderFilterForm(_UnitForm):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *OrderStatus.choices]
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"), queryset=Workshop.objects.none(), required=False
    )
    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(facility=self.facility)
        self.fields["product"].queryset = Product.objects.filter(facility=self.facility)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "workshop_id": data["workshop"].pk if data["workshop"] else None,
            "product_id": data["product"].pk if data["product"] else None,
        }


class OfficersForm(_UnitForm):
    planning_officer = UserChoiceField(
        label=_("Planning officer"), queryset=User.objects.none(), required=False
    )
    making_officer = UserChoiceField(
        label=_("Making officer"), queryset=User.objects.none(), required=False
    )
    packaging_officer = UserChoiceField(
        label=_("Packaging officer"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("planning_officer", "making_officer", "packaging_officer"):
            self.fields[name].queryset = unit_users(self.facility)


class OrderPlanForm(OfficersForm):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    planned_quantity = forms.IntegerField(label=_("Planned quantity"), min_value=1)
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())
    material_source = forms.ChoiceField(
        label=_("Material source"), choices=MaterialOwner.choices, initial=MaterialOwner.OWN
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("When the partner supplies the material."),
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=Agreement.objects.none(),
        required=False,
        help_text=_("The maklon agreement under which the partner supplies the material."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    field_order = [
        "workshop",
        "product",
        "planned_quantity",
        "start_date",
        "due_date",
        "material_source",
        "partner",
        "agreement",
        "planning_officer",
        "making_officer",
        "packaging_officer",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(
            facility=self.facility, is_active=True
        )
        self.fields["product"].queryset = Product.objects.filter(
            facility=self.facility, is_active=True
        )
        self.fields["partner"].queryset = Partner.objects.filter(facility=self.facility)
        self.fields["agreement"].queryset = Agreement.objects.filter(
            facility=self.facility, status__in=OPEN_STATUSES
        ).select_related("partner")


class ConsumeForm(_UnitForm):
    material = forms.ModelChoiceField(label=_("Material"), queryset=Material.objects.none())
    quantity = QuantityField(label=_("Quantity"))
    used_on = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, owner: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = Material.objects.filter(
            facility=self.facility, is_active=True, owner=owner
        )


class FinishForm(_UnitForm):
    location = forms.ModelChoiceField(
        label=_("Stock location"), queryset=StockLocation.objects.none(), required=False
    )
    good_quantity = forms.IntegerField(label=_("Good quantity"), min_value=0)
    rejected_quantity = forms.IntegerField(label=_("Rejected quantity"), min_value=0, initial=0)
    finished_on = forms.DateField(label=_("Finished on"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = StockLocation.objects.filter(
            facility=self.facility, is_active=True
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
