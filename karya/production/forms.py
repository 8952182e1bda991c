from django import forms

from karya.production.models import Product


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "category", "unit_of_measure", "description", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def validate_unique(self):
        """Names are unique per unit: the service checks (the form has no unit field)."""
