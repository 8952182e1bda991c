from django import forms

from karya.facilities.models import Facility, Region


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name"]


class UnitCodeField(forms.CharField):
    """A unit code is written in capitals; small letters and spaces around it are forgiven
    before the code's validator runs (the service upper-cases it too)."""

    def to_python(self, value):
        return super().to_python(value).upper()


class FacilityForm(forms.ModelForm):
    class Meta:
        model = Facility
        fields = [
            "region",
            "code",
            "name",
            "type",
            "facility_class",
            "timezone",
            "province",
            "city",
            "address",
            "is_active",
        ]
        field_classes = {"code": UnitCodeField}
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
