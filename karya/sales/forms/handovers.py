"""Forms of the handover pages: the pick-up (parties, time typed in the unit's zone), a line,
a photo, the reason of a reversal, and the list's filters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput, RupiahField
from karya.partners.forms import TIME_FORMATS, TimeInput
from karya.partners.models import Partner
from karya.production.models import Product
from karya.sales.choices import HandoverScheme, HandoverStatus
from karya.sales.selectors import handovers as selectors


def _person(user) -> str:
    return f"{user.display_name} (NIP {user.nip})" if user.nip else user.display_name


class HandoverForm(forms.Form):
    """A pick-up's parties and time. The agreement is chosen when it is recorded only."""

    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose an MoU or PKS of this unit in force.")},
        help_text=_("Open MoUs and PKSs of the unit under beli putus, konsinyasi or maklon."),
    )
    scheme = forms.ChoiceField(
        label=_("Scheme"),
        choices=HandoverScheme.choices,
        help_text=_(
            "Beli putus: the partner buys the goods and is invoiced. Konsinyasi: the goods move "
            "to the partner's stock and stay the unit's until sold. Maklon: the partner's own "
            "goods leave and the fee per unit is invoiced."
        ),
    )
    date = forms.DateField(label=_("Date of the pick-up"), widget=DateInput())
    time = forms.TimeField(
        label=_("Time"),
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        help_text=_("Local time of the unit."),
    )
    source = forms.ModelChoiceField(
        label=_("Goods taken from"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a stock location of this unit.")},
    )
    officer = forms.ModelChoiceField(
        label=_("Officer handing over (Pihak Pertama)"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose an officer who works in this unit.")},
    )
    officer_position = forms.CharField(
        label=_("Position of the officer"),
        max_length=150,
        required=False,
        help_text=_("Empty: the officer's role in the unit."),
    )
    partner_representative = forms.CharField(
        label=_("Partner's representative (Pihak Kedua)"), max_length=150
    )
    partner_representative_position = forms.CharField(
        label=_("Position of the representative"), max_length=150, required=False
    )
    head = forms.ModelChoiceField(
        label=_("Head acknowledging (mengetahui)"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose the head of the unit.")},
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    PARTY_FIELDS = (
        "scheme",
        "source",
        "officer",
        "officer_position",
        "partner_representative",
        "partner_representative_position",
        "head",
        "note",
    )

    def __init__(self, *args, facility, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = facility.timezone
        if editing:
            del self.fields["agreement"]
        else:
            self.fields["agreement"].queryset = selectors.agreements_for_handover(facility=facility)
            self.fields["agreement"].label_from_instance = lambda a: (
                f"{a.partner.legal_name} · {a.title} ({a.get_status_display()})"
            )
        self.fields["source"].queryset = selectors.handover_sources(facility=facility)
        self.fields["officer"].queryset = selectors.unit_officers(facility=facility)
        self.fields["officer"].label_from_instance = _person
        self.fields["head"].queryset = selectors.unit_heads(facility=facility)
        self.fields["head"].label_from_instance = _person

    def values(self) -> dict:
        """The service's fields, the local date and time made aware in the unit's zone."""
        data = self.cleaned_data
        values = {name: data[name] for name in self.PARTY_FIELDS}
        values["handed_over_at"] = dt.datetime.combine(
            data["date"], data["time"], tzinfo=ZoneInfo(self.zone)
        )
        return values

    @classmethod
    def initial_from(cls, handover, zone: str) -> dict:
        moment = handover.handed_over_at.astimezone(ZoneInfo(zone))
        initial = {name: getattr(handover, name) for name in cls.PARTY_FIELDS}
        initial.update(
            source=handover.source_id,
            officer=handover.officer_id,
            head=handover.head_id,
            date=moment.date(),
            time=moment.time().replace(second=0, microsecond=0),
        )
        return initial


class LineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose one of the agreement's products.")},
    )
    lot = forms.ModelChoiceField(
        label=_("Lot"),
        queryset=None,
        required=False,
        empty_label=_("— no lot —"),
        error_messages={"invalid_choice": _("Choose a lot of the product.")},
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1}),
        error_messages={"invalid": _("Give a whole quantity above zero.")},
    )
    unit_price = RupiahField(
        label=_("Unit price (Rp)"),
        required=False,
        help_text=_("Empty: the agreement's price (the fee per unit under maklon)."),
    )

    def __init__(self, *args, handover, line=None, **kwargs):
        super().__init__(*args, **kwargs)
        agreed = selectors.agreement_products_for(handover=handover)
        self.fields["product"].queryset = Product.objects.filter(
            pk__in=agreed.values("product_id")
        ).order_by("name")
        self.fields["lot"].queryset = selectors.lots_for(handover=handover)
        self.fields["lot"].label_from_instance = lambda lot: f"{lot.product.name}: {lot.code}"
        if line is not None:
            del self.fields["product"]

    def values(self) -> dict:
        return dict(self.cleaned_data)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the reversing BAST."),
    )


class ConfirmForm(forms.Form):
    """Nothing to type: the page asks to confirm."""


class FilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, required=False, empty_label=_("— all —")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("— all —")), *HandoverStatus.choices],
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Give the month as 2026-01.")},
    )

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(facility=facility).order_by(
            "legal_name"
        )
