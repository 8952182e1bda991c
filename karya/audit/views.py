"""The history page of a record; each app combines it with its own permission mixin."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
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


def readable_rows(entries) -> None:
    """Give each entry `rows` of (label, before, after) as a person reads them: the name of a
    related record instead of its id, a choice's label, ya/tidak, dates in Indonesian.

    The log keeps the raw values; this only translates them for the page, with one query per
    related model for all entries together. Entries may be about records of several models.
    """
    fields_of: dict = {}

    def fields(entry):
        model = entry.content_type.model_class()
        if model not in fields_of:
            fields_of[model] = {f.name: f for f in model._meta.concrete_fields} if model else {}
        return fields_of[model]

    wanted: dict = {}
    for entry in entries:
        for name, pair in entry.changes.items():
            field = fields(entry).get(name)
            if field is not None and field.is_relation:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in pair if v is not None
                )
    related = {model: model._default_manager.in_bulk(ids) for model, ids in wanted.items()}

    def show(field, value):
        if value is not None and field is not None and field.is_relation:
            found = related[field.related_model].get(value)
            return str(found) if found is not None else value
        return readable(field, value)

    for entry in entries:
        entry.rows = []
        for name, (before, after) in entry.changes.items():
            field = fields(entry).get(name)
            label = field.verbose_name if field is not None else name
            entry.rows.append((label, show(field, before), show(field, after)))


class HistoryView(TemplateView):
    """Subclasses set the permission (through their mixin) and implement `get_audited_object`,
    which must fetch the record through the app's scoped, permission-checked path."""

    template_name = "audit/history.html"
    back_url_name = ""

    def get_audited_object(self):
        raise NotImplementedError

    def get_entries(self, obj):
        """The rows to show; a page may add the rows of records that belong to `obj`."""
        return history_for(obj)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.get_audited_object()
        context["object"] = obj
        entries = list(self.get_entries(obj).select_related("content_type")[:500])
        readable_rows(entries)
        own = (ContentType.objects.get_for_model(obj, for_concrete_model=False).pk, str(obj.pk))
        for entry in entries:
            entry.is_other_record = (entry.content_type_id, entry.object_id) != own
        context["entries"] = entries
        return context
