"""Forms of the targets and indicators pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.reports.choices import Measure
from karya.reports.measures import PERCENT, kind_of


class TargetsForm(forms.Form):
    """One field per indicator (named by its code); empty: no target for the year."""

    def __init__(self, *args, indicators=(), initial_values=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = [i for i in indicators if not i.reads_finance_target]
        for indicator in self.indicators:
            percent = kind_of(indicator.measure) == PERCENT
            self.fields[indicator.code] = forms.DecimalField(
                label=indicator.name,
                required=False,
                min_value=0,
                max_value=100 if percent else None,
                decimal_places=1 if percent else 0,
                max_digits=16,
                help_text=str(Measure(indicator.measure).label),
                initial=(initial_values or {}).get(indicator.pk),
            )

    def values(self) -> dict:
        return {i: self.cleaned_data.get(i.code) for i in self.indicators}


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    measure = forms.ChoiceField(
        label=_("Measured by"),
        choices=Measure.choices,
        help_text=_("The figure Karya counts for it; it cannot be changed later."),
    )
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:
            del self.fields["measure"]
        else:
            del self.fields["is_active"]
