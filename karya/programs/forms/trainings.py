"""Forms of the training pages. They only parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.programs.choices import CertificateIssuer, TrainingResult
from karya.programs.models import Workshop


class TrainingForm(forms.Form):
    """A training's fields (a plain form: the service checks dates, hours and the workshop)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    provider_name = forms.CharField(
        label=_("Provider"),
        max_length=200,
        help_text=_("Who gives the training: a partner, BLK, an agency or an instructor."),
    )
    hours_jp = forms.IntegerField(
        label=_("Hours (JP)"),
        help_text=_("Lesson hours (jam pelajaran)."),
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    competency_units = forms.CharField(
        label=_("Competency units (SKKNI)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One SKKNI unit code and title per line."),
    )
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(facility=facility).order_by(
            "name"
        )


class TrainingFilterForm(forms.Form):
    q = forms.CharField(label=_("Title or provider"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, choices=()
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All"))] + [(y, str(y)) for y in years]


class InmateIdsField(forms.TypedMultipleChoiceField):
    """Inmate ids as whole numbers; the choices only draw the list, the service decides who
    may join (so a stale page gets the service's clear message, not "invalid choice")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(coerce=int, **kwargs)

    def valid_value(self, value) -> bool:
        return True


class ParticipantAddForm(forms.Form):
    inmates = InmateIdsField(
        label=_("Inmates"),
        error_messages={
            "required": _("Choose at least one inmate."),
            "invalid_choice": _("An inmate in the list is not in the unit's registry."),
        },
    )

    def set_candidates(self, inmates) -> None:
        self.fields["inmates"].choices = [
            (
                inmate.pk,
                f"{inmate.name} · {inmate.registration_number}"
                + (f" · {_('Block')} {inmate.block}" if inmate.block else ""),
            )
            for inmate in inmates
        ]


class ParticipantResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", _("— not yet assessed —")), *TrainingResult.choices],
    )
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=100, required=False
    )
    certificate_issuer = forms.ChoiceField(
        label=_("Issued by"),
        required=False,
        choices=[("", "—"), *CertificateIssuer.choices],
    )
    certificate_date = forms.DateField(
        label=_("Certificate date"), required=False, widget=DateInput()
    )
