"""Forms of the premi pages: they only parse input; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.premi.choices import PayoutChannel, PeriodKind, RunStatus, WithdrawalPurpose
from karya.premi.models import PremiRun, PremiSetting
from karya.programs.models import Workshop


class PeriodForm(forms.Form):
    """A week or a month, given by one of its days."""

    period_kind = forms.ChoiceField(
        label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.WEEK
    )
    day = forms.DateField(
        label=_("A day in the period"),
        widget=DateInput(),
        help_text=_("The week (Monday to Sunday) or the month that contains this day."),
    )


class RunForm(PeriodForm):
    workshop = forms.ModelChoiceField(label=_("Workshop"), queryset=Workshop.objects.none())
    field_order = ["workshop", "period_kind", "day"]

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(
            facility=facility, is_active=True
        ).order_by("name")


class AdjustmentForm(forms.Form):
    corrects = forms.ModelChoiceField(label=_("Corrects run"), queryset=PremiRun.objects.none())
    inmate = forms.TypedChoiceField(label=_("Inmate"), coerce=int)
    amount = RupiahField(
        label=_("Amount (Rp)"),
        help_text=_("Positive when too little was paid, negative (e.g. -5.000) when too much."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, run: PremiRun, inmates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["corrects"].queryset = PremiRun.objects.filter(
            workshop_id=run.workshop_id, status=RunStatus.APPROVED, end__lt=run.start
        ).order_by("-start")
        self.fields["inmate"].choices = [
            (i.pk, f"{i.name} ({i.registration_number})") for i in inmates
        ]


class WithdrawForm(forms.Form):
    amount = RupiahField(label=_("Amount (Rp)"))
    purpose = forms.ChoiceField(label=_("For"), choices=WithdrawalPurpose.choices)
    recipient = forms.CharField(
        label=_("Received by"),
        max_length=150,
        required=False,
        help_text=_("For a transfer to the family: who receives it."),
    )
    channel = forms.ChoiceField(label=_("Paid through"), choices=PayoutChannel.choices)
    channel_reference = forms.CharField(
        label=_("Card or account number"), max_length=60, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PayoutForm(forms.Form):
    channel = forms.ChoiceField(label=_("Paid through"), choices=PayoutChannel.choices)
    channel_reference = forms.CharField(
        label=_("Card or account number"), max_length=60, required=False
    )
    recipient = forms.CharField(
        label=_("Received by"),
        max_length=150,
        required=False,
        help_text=_("Leave empty when the inmate receives it."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SettingForm(forms.ModelForm):
    class Meta:
        model = PremiSetting
        fields = ["spendable_percent", "payout_channel", "provider"]


class StatementForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The end comes before the start."))
        return data
