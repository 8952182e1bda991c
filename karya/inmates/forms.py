from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.inmates.choices import LegalStatus, Presence, SecurityClass, Stage
from karya.inmates.models import Inmate


class InmateForm(forms.ModelForm):
    class Meta:
        model = Inmate
        fields = [
            "registration_number",
            "name",
            "sex",
            "status",
            "sentence_start",
            "expected_release",
            "security_class",
            "stage",
            "asimilasi_eligible",
            "block",
            "cell",
            "departed_on",
            "departure",
        ]
        widgets = {
            "sentence_start": DateInput(),
            "expected_release": DateInput(),
            "departed_on": DateInput(),
        }

    def validate_unique(self):
        """Uniqueness per unit is the service's rule (the form has no unit field)."""


class InmateFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or registration number"), required=False)
    status = forms.ChoiceField(
        label=_("Legal status"), required=False, choices=[("", _("All"))] + LegalStatus.choices
    )
    security_class = forms.ChoiceField(
        label=_("Classification"), required=False, choices=[("", _("All"))] + SecurityClass.choices
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("All"))] + Stage.choices
    )
    block = forms.ChoiceField(label=_("Block"), required=False)
    presence = forms.ChoiceField(
        label=_("Presence"), required=False, choices=[*Presence.choices, ("semua", _("All"))]
    )

    def __init__(self, *args, blocks: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["block"].choices = [("", _("All"))] + [(b, b) for b in blocks]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("SDP export (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(label=_("Only check the file, change nothing"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.KARYA_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the largest file accepted is %(max)s.")
                % {
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(settings.KARYA_IMPORT_MAX_BYTES),
                }
            )
        return upload
