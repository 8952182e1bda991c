"""Forms of the workshop pages. They only parse input; the rules are in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.accounts.choices import Role
from karya.accounts.models import User
from karya.core.forms import DateInput
from karya.inmates.choices import Stage
from karya.inmates.models import Inmate
from karya.production.models import Product
from karya.programs.choices import WEEKDAYS, AttendanceStatus, EndReason, WorkSession
from karya.programs.models import Workshop


class WorkshopForm(forms.ModelForm):
    allowed_stages = forms.MultipleChoiceField(
        label=_("Pembinaan stages allowed"),
        choices=Stage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    working_days = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    sessions = forms.MultipleChoiceField(
        label=_("Sessions"),
        choices=WorkSession.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    # Querysets are set per unit in __init__ (a scoped manager cannot be queried at import).
    products = forms.ModelMultipleChoiceField(
        label=_("Products"),
        queryset=Product._base_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Workshop
        fields = [
            "name",
            "sector",
            "outside_walls",
            "capacity",
            "min_security_class",
            "allowed_stages",
            "release_margin_days",
            "working_days",
            "sessions",
            "contribution_basis",
            "supervisors",
            "products",
            "description",
            "is_active",
        ]
        widgets = {
            "supervisors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisors"].queryset = (
            User.objects.filter(
                memberships__facility=facility,
                memberships__is_active=True,
                memberships__role__in=[Role.OFFICER, Role.HEAD],
            )
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["products"].queryset = Product.objects.filter(
            facility=facility, is_active=True
        ).order_by("name")

    def validate_unique(self):
        """Names are unique per unit: the service checks (the form has no unit field)."""


def present_inmates(facility):
    return Inmate.objects.filter(facility=facility, departed_on__isnull=True).order_by("name")


class ApplicationForm(forms.Form):
    inmate = forms.ModelChoiceField(label=_("Inmate"), queryset=Inmate._base_manager.none())
    session = forms.ChoiceField(label=_("Session"), choices=WorkSession.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inmate"].queryset = present_inmates(workshop.facility)
        self.fields["session"].choices = [(s, WorkSession(s).label) for s in workshop.sessions]


class AllocateForm(ApplicationForm):
    """Allocate directly; one optional override reason per failed rule (heads only)."""

    start_date = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]
        for failure in rules:
            if failure.overridable:
                self.fields[f"override_{failure.rule}"] = forms.CharField(
                    label=_("Reason to override: %(rule)s") % {"rule": failure.message},
                    required=False,
                    max_length=300,
                )

    def overrides(self) -> dict[str, str]:
        return {
            name.removeprefix("override_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("override_") and value
        }


class ApproveForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(coerce=int, choices=())
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(a.pk, str(a.pk)) for a in waiting]


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"), max_length=300)


class SuspendForm(forms.Form):
    with_pay = forms.BooleanField(label=_("With pay"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class EndForm(forms.Form):
    reason = forms.ChoiceField(label=_("End reason"), choices=EndReason.choices)
    end_date = forms.DateField(label=_("End date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


STATUS_CHOICES = AttendanceStatus.choices
