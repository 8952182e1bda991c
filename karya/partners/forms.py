"""Forms of the partner pages. They only parse input (an amount written "Rp 15.000", a local
time "08.30"); every rule lives in the services, which answer with a clear message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.core.forms import RupiahField as _RupiahField
from karya.partners.choices import LegalForm, Party, Scheme, VisitKind
from karya.partners.models import Agreement, PartnerVisit

TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def _text(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RupiahField(_RupiahField):
    """The shared rupiah field, with the wording the partner pages use."""

    default_error_messages = {"invalid": _("Write a whole rupiah amount, e.g. 15.000.")}


class PercentField(forms.CharField):
    """A percentage with a dot or a comma: "12.5" or "12,5"."""

    default_error_messages = {"invalid": _("Write a percentage, e.g. 12,5.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            number = Decimal(text.strip().rstrip("%").strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite() or number != number.quantize(Decimal("0.01")):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number.quantize(Decimal("0.01"))


class PartnerForm(forms.Form):
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    legal_name = forms.CharField(
        label=_("Legal name"),
        max_length=200,
        help_text=_("As on the deed or the NPWP, e.g. CV. Pusat Handicraft."),
    )
    npwp = forms.CharField(
        label=_("NPWP"),
        max_length=30,
        required=False,
        help_text=_("16 digits (or the old 15); dots and dashes may be typed."),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=_text(2))
    city = forms.CharField(label=_("City or regency"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=_text())
    is_active = forms.BooleanField(label=_("Active partner"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["is_active"]


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class PortalUserForm(forms.Form):
    """A login to the partner portal for one of the partner's people."""

    full_name = forms.CharField(label=_("Name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person types to log in, e.g. budi.handicraft."),
    )
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Tell it to the person; they change it after logging in."),
    )
    password_again = forms.CharField(
        label=_("Initial password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class AgreementForm(forms.Form):
    """The terms of an agreement (its status moves through its own pages)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("What the cooperation is about, e.g. Maklon batik cap."),
    )
    schemes = forms.MultipleChoiceField(
        label=_("Schemes"),
        choices=Scheme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose the schemes from the list.")},
    )
    commission_percent = PercentField(
        label=_("Partner's commission (%)"),
        required=False,
        help_text=_("For consignment: the share of the sale price the partner keeps."),
    )
    maklon_fee_per_unit = RupiahField(
        label=_("Maklon fee per unit (Rp)"),
        required=False,
        help_text=_("For maklon: what the partner pays per piece made."),
    )
    payment_terms = forms.CharField(label=_("Payment terms"), required=False, widget=_text(2))
    unit_signatory = forms.CharField(
        label=_("Signatory of the unit"),
        max_length=200,
        required=False,
        help_text=_("Name and position, e.g. Aliandra Harahap, Kepala Lapas."),
    )
    partner_signatory = forms.CharField(
        label=_("Signatory of the partner"), max_length=200, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=_text())

    TERMS = (
        "title",
        "schemes",
        "commission_percent",
        "maklon_fee_per_unit",
        "payment_terms",
        "unit_signatory",
        "partner_signatory",
        "notes",
    )

    @classmethod
    def initial_from(cls, agreement: Agreement) -> dict:
        return {name: getattr(agreement, name) for name in cls.TERMS}


class RequestForm(forms.Form):
    to = forms.ChoiceField(
        choices=[(s, s) for s in ("MOU", "PKS")],
        error_messages={"invalid_choice": _("Choose MoU or PKS.")},
    )


class ApproveForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    number = forms.CharField(
        label=_("Agreement number"),
        max_length=100,
        required=False,
        help_text=_("The number on the signed document."),
    )
    start_date = forms.DateField(
        label=_("Valid from"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: from the signing date."),
    )
    end_date = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: five years from the start."),
    )

    def __init__(self, *args, to_pks: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not to_pks:
            del self.fields["start_date"]
            del self.fields["end_date"]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=_text(2))


class TerminateForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=_text(2))


class ProductLineForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a product of this unit.")},
    )
    agreed_price = RupiahField(label=_("Agreed price per unit (Rp)"))

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("e.g. PKS signed 3 November 2025."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )


class ObligationForm(forms.Form):
    party = forms.ChoiceField(label=_("Side"), choices=Party.choices)
    description = forms.CharField(label=_("Right or obligation"), max_length=300, widget=_text(2))
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class FulfilForm(forms.Form):
    fulfilled_on = forms.DateField(label=_("Fulfilled on"), widget=DateInput())
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=300,
        help_text=_("What shows it was done, e.g. BAST bahan baku No. 12 of 20 September."),
    )


class VisitForm(forms.Form):
    """A visit. Times are typed as the unit's local time; `moments` makes them aware."""

    kind = forms.ChoiceField(label=_("Kind of visit"), choices=VisitKind.choices)
    agreement = forms.ModelChoiceField(
        label=_("Agreement"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose an agreement with this partner.")},
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Starts at"), input_formats=TIME_FORMATS, widget=TimeInput()
    )
    ends_at = forms.TimeField(
        label=_("Ends at"),
        input_formats=TIME_FORMATS,
        required=False,
        widget=TimeInput(),
        help_text=_("Empty: until done."),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participants = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=_text(2),
        help_text=_("Who took part, from both sides."),
    )
    monitored = forms.CharField(label=_("What was monitored"), required=False, widget=_text())
    findings = forms.CharField(label=_("Findings"), required=False, widget=_text(4))

    FIELDS = ("kind", "agreement", "place", "participants", "monitored", "findings")

    def __init__(self, *args, partner, zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        self.fields["agreement"].queryset = partner.agreements.order_by("-created_at")
        for name in ("starts_at", "ends_at"):
            parts = [str(self.fields[name].help_text), str(_("Local time of the unit."))]
            self.fields[name].help_text = " ".join(part for part in parts if part)

    def values(self) -> dict:
        """The service's fields: local date and times made aware in the unit's zone."""
        data = self.cleaned_data
        zone = ZoneInfo(self.zone)
        values = {name: data[name] for name in self.FIELDS}
        values["starts_at"] = dt.datetime.combine(data["date"], data["starts_at"], tzinfo=zone)
        values["ends_at"] = (
            dt.datetime.combine(data["date"], data["ends_at"], tzinfo=zone)
            if data.get("ends_at")
            else None
        )
        return values

    @classmethod
    def initial_from(cls, visit: PartnerVisit, zone: str) -> dict:
        starts = visit.starts_at.astimezone(ZoneInfo(zone))
        initial = {name: getattr(visit, name) for name in cls.FIELDS}
        initial["agreement"] = visit.agreement_id
        initial.update(date=starts.date(), starts_at=starts.time().replace(second=0))
        if visit.ends_at:
            initial["ends_at"] = visit.ends_at.astimezone(ZoneInfo(zone)).time().replace(second=0)
        return initial


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=300, widget=_text(2))
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose someone who works in this unit.")},
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.fields["owner"].label_from_instance = lambda user: user.display_name


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DateInput())


class VisitPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
