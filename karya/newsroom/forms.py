"""Forms of the newsroom pages. They only parse input (local times of the unit); the rules are
the services'."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.dates import tanggal
from karya.core.forms import DateInput
from karya.newsroom.choices import EventKind
from karya.newsroom.models import Event, PressRelease
from karya.newsroom.services import LINKS, MAX_QUOTES
from karya.partners.forms import TIME_FORMATS, TimeInput

QUOTE_ROWS = 3


def _text(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class EventForm(forms.Form):
    """An event; times are typed as the unit's local time."""

    kind = forms.ChoiceField(label=_("Kind of event"), choices=EventKind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("E.g. Pengambilan sapu lidi oleh CV. Pusat Handicraft."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(
        label=_("Starts at"),
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        help_text=_("Local time of the unit."),
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
        help_text=_("Officials and guests. Never write an inmate's name."),
    )
    description = forms.CharField(
        label=_("What happened"),
        required=False,
        widget=_text(4),
        help_text=_("Paragraphs separated by an empty line go into the draft as they are."),
    )
    handover = forms.ModelChoiceField(
        label=_("Handover (BAST)"), queryset=None, required=False, empty_label=_("— none —")
    )
    agreement = forms.ModelChoiceField(
        label=_("Agreement"), queryset=None, required=False, empty_label=_("— none —")
    )
    training = forms.ModelChoiceField(
        label=_("Training"), queryset=None, required=False, empty_label=_("— none —")
    )
    production_order = forms.ModelChoiceField(
        label=_("Production order"), queryset=None, required=False, empty_label=_("— none —")
    )
    partner_visit = forms.ModelChoiceField(
        label=_("Partner visit"), queryset=None, required=False, empty_label=_("— none —")
    )

    FIELDS = ("kind", "title", "place", "participants", "description", *LINKS)

    def __init__(self, *args, zone: str, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone
        for link in LINKS:
            self.fields[link].queryset = choices[link]
            self.fields[link].error_messages["invalid_choice"] = _("Choose a record of this unit.")
        self.fields["handover"].label_from_instance = lambda h: (
            f"{h.number} · {h.partner.legal_name} · {tanggal(h.handed_over_at)}"
        )
        self.fields["agreement"].label_from_instance = lambda a: (
            f"{a.partner.legal_name}: {a.title} ({a.get_status_display()})"
        )
        self.fields["training"].label_from_instance = lambda t: (
            f"{t.title} · {tanggal(t.start_date)}"
        )
        self.fields["production_order"].label_from_instance = lambda o: (
            f"{o.number} · {o.product.name} · {tanggal(o.start_date)}"
        )
        self.fields["partner_visit"].label_from_instance = lambda v: (
            f"{v.get_kind_display()} · {v.partner.legal_name} · {tanggal(v.starts_at)}"
        )

    def values(self) -> dict:
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
    def initial_from(cls, event: Event, zone: str) -> dict:
        starts = event.starts_at.astimezone(ZoneInfo(zone))
        initial = {name: getattr(event, name) for name in cls.FIELDS if name not in LINKS}
        initial.update({link: getattr(event, f"{link}_id") for link in LINKS})
        initial.update(date=starts.date(), starts_at=starts.time().replace(second=0))
        if event.ends_at:
            initial["ends_at"] = event.ends_at.astimezone(ZoneInfo(zone)).time().replace(second=0)
        return initial


class EventPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class GenerateForm(forms.Form):
    """Up to QUOTE_ROWS statements to quote, each with who said it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, QUOTE_ROWS + 1):
            self.fields[f"quote_{n}_name"] = forms.CharField(
                label=_("Quote %(n)s: name") % {"n": n}, max_length=150, required=False
            )
            self.fields[f"quote_{n}_role"] = forms.CharField(
                label=_("Quote %(n)s: position") % {"n": n},
                max_length=200,
                required=False,
                help_text=_("E.g. Kepala Lapas Kelas IIA Purwokerto.") if n == 1 else "",
            )
            self.fields[f"quote_{n}_text"] = forms.CharField(
                label=_("Quote %(n)s: what was said") % {"n": n},
                required=False,
                widget=_text(3),
            )

    def quotes(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "name": data.get(f"quote_{n}_name", ""),
                "role": data.get(f"quote_{n}_role", ""),
                "text": data.get(f"quote_{n}_text", ""),
            }
            for n in range(1, min(QUOTE_ROWS, MAX_QUOTES) + 1)
        ]


class ReleaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=300,
        required=False,
        help_text=PressRelease._meta.get_field("summary").help_text,
    )
    body = forms.CharField(
        label=_("Text"),
        widget=_text(24),
        help_text=_("Paragraphs are separated by an empty line. Never name an inmate."),
    )


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("What should change"), max_length=300, widget=_text(3))
