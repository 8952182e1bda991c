"""Forms of the finance pages. They only parse input: a percentage is checked by the service
("12,5" and "12.5" both read), a billing code and an NTPN too (spaces and dashes are ignored),
so every rule answers with the service's message next to its field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.facilities.models import Facility
from karya.finance.choices import RuleScope, SplitBase


def _percent(label):
    return forms.CharField(
        label=label,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        help_text=_("Percent, up to two decimals (e.g. 12,5)."),
    )


class RuleTermsForm(forms.Form):
    """What a rule says: name, base, the three shares, legal basis, validity."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("e.g. Pembagian hasil nasional, Pembagian hasil Lapas Pamekasan."),
    )
    base = forms.ChoiceField(label=_("The shares divide"), choices=SplitBase.choices)
    premi = _percent(_("Premi share"))
    pnbp = _percent(_("PNBP share"))
    capital = _percent(_("Capital and operational share"))
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The regulation or decision that sets these shares, with its number and date."),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty: until further notice."),
    )


class SplitRuleForm(RuleTermsForm):
    """A new rule: for the country, a unit, or a workshop of the unit chosen above the form."""

    field_order = ["scope", "facility", "workshop"]

    scope = forms.ChoiceField(label=_("Applies to"), choices=RuleScope.choices)
    facility = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Facility.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("For a rule of one unit or of one of its workshops."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        required=False,
        help_text=_("For a rule of one workshop: choose its unit above the form first."),
    )

    def __init__(self, *args, workshops=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops
        if not workshops:
            self.fields["workshop"].widget.attrs["disabled"] = True


class SupersedeForm(RuleTermsForm):
    """The next version of a rule, and why it changes."""

    reason = forms.CharField(
        label=_("Why it changes"),
        max_length=300,
        required=False,
        help_text=_("Kept in the rule's history."),
    )


class DepositForm(forms.Form):
    billing_code = forms.CharField(
        label=_("SIMPONI billing code"),
        max_length=30,
        help_text=_("15 digits, from the billing issued by SIMPONI."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    amount = RupiahField(label=_("Amount (Rp)"))
    deposited_on = forms.DateField(label=_("Deposited on"), widget=DateInput())
    ntpn = forms.CharField(
        label=_("NTPN"),
        max_length=30,
        help_text=_("16 letters and digits, from the deposit receipt."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DepositCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled?"),
        max_length=300,
        help_text=_("E.g. the amount was typed wrong; the deposit will be recorded again."),
    )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = RupiahField(label=_("PNBP target (Rp)"))
