"""Forms of the catalogue. They only parse input; the rules are in services/."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.production.choices import ProductCategory
from karya.production.models import Product


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "unit_of_measure",
            "description",
            "is_active",
            "pirt_number",
            "halal_number",
            "halal_valid_until",
            "shelf_life_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "halal_valid_until": DateInput(),
        }
        help_texts = {
            "pirt_number": _("Food only. Needed before a food product is published."),
            "halal_number": _("Food only, when the product is certified halal."),
            "halal_valid_until": _(
                "Leave empty for a certificate without an end date (BPJPH certificates stay "
                "valid while the recipe and process do not change)."
            ),
            "shelf_life_days": _("Food only: days from production to the expiry date."),
        }

    def validate_unique(self):
        """Names are unique per unit: the service checks (the form has no unit field)."""

    def _post_clean(self):
        """As ModelForm's, but without the model's constraints: the food and e-Katalog rules
        are the service's, which names the field at fault in words."""
        try:
            self.instance = construct_instance(
                self, self.instance, self._meta.fields, self._meta.exclude
            )
        except ValidationError as error:
            self._update_errors(error)
        try:
            self.instance.full_clean(
                exclude=self._get_validation_exclusions(),
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            self._update_errors(error)


class ProductFilterForm(forms.Form):
    """The filters of the product list (a GET form)."""

    YES_NO = [("", _("All")), ("ya", _("Yes")), ("tidak", _("No"))]

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kategori = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *ProductCategory.choices]
    )
    terbit = forms.ChoiceField(label=_("Published"), required=False, choices=YES_NO)
    aktif = forms.ChoiceField(label=_("Active"), required=False, choices=YES_NO)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        flag = {"ya": True, "tidak": False, "": None}
        return {
            "query": data["q"].strip(),
            "category": data["kategori"],
            "published": flag[data["terbit"]],
            "active": flag[data["aktif"]],
        }


class PriceForm(forms.Form):
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    cost = RupiahField(label=_("Cost"), help_text=_("What one unit costs the unit to make."))
    public_price = RupiahField(label=_("Public price"))
    partner_price = RupiahField(
        label=_("Partner price"), help_text=_("For partners buying to resell.")
    )


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP photo. Its location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )


class EkatalogForm(forms.Form):
    ekatalog_listed = forms.BooleanField(label=_("Listed on the e-Katalog (LKPP)"), required=False)
    ekatalog_reference = forms.CharField(
        label=_("e-Katalog listing reference"), required=False, max_length=100
    )
