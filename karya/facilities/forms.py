from django import forms

from karya.facilities.models import Facility, Region


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name"]


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
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
