"""Forms of the tools register. They only parse input; the rules are in services/tools.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from karya.core.forms import DateInput
from karya.programs.choices import WorkSession
from karya.programs.models import Tool, ToolIssue, Workshop


class ToolForm(forms.ModelForm):
    """Add or edit a tool. The workshop field is declared here (not generated from the model)
    because its choices are the unit's workshops, known only inside the request's scope."""

    workshop = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a workshop of this unit.")},
    )

    class Meta:
        model = Tool
        fields = ["code", "name", "is_dangerous", "is_active"]
        help_texts = {"code": _("Unique in the unit, e.g. the number painted on it.")}

    field_order = ["workshop", "code", "name", "is_dangerous", "is_active"]

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = Workshop.objects.filter(facility=facility).order_by(
            "name"
        )
        if self.instance.pk:
            self.initial.setdefault("workshop", self.instance.workshop_id)

    def validate_unique(self):
        """Uniqueness of the code in the unit is the service's rule (the form has no unit)."""


class SessionForm(forms.Form):
    """Which day and session the session screen shows (a GET form)."""

    tanggal = forms.DateField(label=_("Date"), widget=DateInput(), required=False)
    sesi = forms.ChoiceField(label=_("Session"), choices=WorkSession.choices, required=False)


class SessionPickForm(SessionForm):
    bengkel = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose a workshop of this unit.")},
    )
    field_order = ["bengkel", "tanggal", "sesi"]

    def clean(self):
        data = super().clean()
        if not data.get("tanggal"):
            self.add_error("tanggal", _("Choose a date."))
        if not data.get("sesi"):
            self.add_error("sesi", _("Choose a session."))
        return data

    def __init__(self, *args, facility, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bengkel"].queryset = Workshop.objects.filter(
            facility=facility, is_active=True
        ).order_by("name")


class DayForm(forms.Form):
    """The day and session a POST of the session screen is about (hidden fields)."""

    date = forms.DateField(widget=forms.HiddenInput)
    session = forms.ChoiceField(choices=WorkSession.choices, widget=forms.HiddenInput)


class IssueForm(DayForm):
    """The tools ticked on the session screen. Any tool of the workshop is accepted here; the
    service refuses one that is out, missing or not in use, with its reason."""

    tools = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one tool to issue."),
            "invalid_choice": _("Some of the chosen tools are not tools of this workshop."),
            "invalid_pk_value": _("Some of the chosen tools are not tools of this workshop."),
        },
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tools"].queryset = Tool.objects.filter(
            facility_id=workshop.facility_id, workshop=workshop
        )


class CountBackForm(DayForm):
    """One answer per tool still out of the session: returned or missing, with a note.

    Fields are `state_<tool id>` and `note_<tool id>`; an unanswered tool is left to the
    service, which names every tool not yet accounted for."""

    ANSWERS = [
        (ToolIssue.State.RETURNED.value, _("Returned")),
        (ToolIssue.State.MISSING.value, _("Missing")),
    ]

    def __init__(self, *args, issues, **kwargs):
        super().__init__(*args, **kwargs)
        self.issues = list(issues)
        for issue in self.issues:
            self.fields[f"state_{issue.tool_id}"] = forms.ChoiceField(
                label=f"{issue.tool.code} {issue.tool.name}",
                choices=self.ANSWERS,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"note_{issue.tool_id}"] = forms.CharField(
                label=_("Note"), required=False, max_length=300
            )

    def rows(self):
        """(issue, state field, note field) for the template."""
        return [
            (issue, self[f"state_{issue.tool_id}"], self[f"note_{issue.tool_id}"])
            for issue in self.issues
        ]

    def answers(self) -> tuple[list[int], list[tuple[int, str]]]:
        """The returned tool ids and the (tool id, note) of missing ones."""
        returned, missing = [], []
        for issue in self.issues:
            state = self.cleaned_data.get(f"state_{issue.tool_id}")
            note = self.cleaned_data.get(f"note_{issue.tool_id}", "")
            if state == ToolIssue.State.RETURNED:
                returned.append(issue.tool_id)
            elif state == ToolIssue.State.MISSING:
                missing.append((issue.tool_id, note))
        return returned, missing


class FoundForm(forms.Form):
    note = forms.CharField(
        label=_("Where and how was it found?"),
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
