"""Form pieces shared by every app's pages: they only parse input (the rules are in the
services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.money import parse_rupiah


class DateInput(forms.DateInput):
    """The browser's date picker (ISO value; shown in the user's locale)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RupiahField(forms.Field):
    """Whole rupiah as people type them: 15000, 15.000, Rp 15.000 or 15.000,00 (a Decimal);
    parsing is karya.core.money.parse_rupiah's."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole rupiah, e.g. 15000 or 15.000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = str(value or "").strip()
        if not value:
            return None
        try:
            if len(value) > 30:
                raise ValueError(value)
            return parse_rupiah(value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
