"""Forms of the public site. They only parse input; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.catalogue.choices import RequestKind, Sort


class QuoteRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("I would like"),
        choices=RequestKind.choices,
        initial=RequestKind.QUOTE,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Your name"), max_length=150)
    institution = forms.CharField(
        label=_("Institution or company"),
        max_length=200,
        required=False,
        help_text=_("Leave empty if you buy for yourself."),
    )
    contact = forms.CharField(
        label=_("Phone (WhatsApp) or e-mail"),
        max_length=200,
        help_text=_("The unit answers you there."),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        initial=1,
        error_messages={
            "invalid": _("Write the quantity as a whole number."),
            "min_value": _("The quantity must be at least 1."),
        },
    )
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Colour, size, when you need it, where it goes…"),
    )
    # The honeypot (spam.HONEYPOT): hidden from people by the stylesheet, filled in by robots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Write your name.")
        self.fields["contact"].error_messages["required"] = _(
            "Write a phone number (WhatsApp) or an e-mail address where the unit can reach you."
        )
        self.fields["quantity"].error_messages["required"] = _("Write how many you need.")

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            k: data[k] for k in ("kind", "name", "institution", "contact", "quantity", "message")
        }


class CatalogueSearchForm(forms.Form):
    """The catalogue's search and filters (GET), with Indonesian parameter names."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kategori = forms.ChoiceField(label=_("Category"), required=False)
    wilayah = forms.ChoiceField(label=_("Region"), required=False)
    upt = forms.ChoiceField(label=_("Unit"), required=False)
    urut = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.choices)

    def __init__(self, data, *, choices: dict):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["kategori"].choices = everything + choices["categories"]
        self.fields["wilayah"].choices = everything + choices["regions"]
        self.fields["upt"].choices = everything + choices["units"]

    def filters(self) -> dict:
        """The valid filters (an unknown value is ignored, never an error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": (data.get("q") or "").strip(),
            "category": data.get("kategori") or "",
            "region": data.get("wilayah") or "",
            "unit": data.get("upt") or "",
            "sort": data.get("urut") or Sort.NEWEST,
        }
