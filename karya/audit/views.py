"""The history page of a record; each app combines it with its own permission mixin."""

import datetime as dt

from django.db import models
from django.template.defaultfilters import yesno
from django.views.generic import TemplateView

from karya.audit.selectors import history_for
from karya.core.dates import tanggal


def readable(field: models.Field | None, value):
    """A logged value as the record's pages show it: a choice's label, ya/tidak, a date in
    Indonesian; None for an empty value (shown as a dash)."""
    if value is None or value == "":
        return None
    if field is None:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.BooleanField):
        return yesno(value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return tanggal(dt.date.fromisoformat(str(value)))
        except ValueError:
            return value
    return value


class HistoryView(TemplateView):
    """Subclasses set the permission (through their mixin) and implement `get_audited_object`,
    which must fetch the record through the app's scoped, permission-checked path."""

    template_name = "audit/history.html"
    back_url_name = ""

    def get_audited_object(self):
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_audited_object()
        context["object"] = obj
        fields = {f.name: f for f in obj._meta.concrete_fields}
        entries = list(history_for(obj)[:500])
        for entry in entries:
            entry.rows = []
            for name, (before, after) in entry.changes.items():
                field = fields.get(name)
                label = field.verbose_name if field else name
                entry.rows.append((label, readable(field, before), readable(field, after)))
        context["entries"] = entries
        return context
