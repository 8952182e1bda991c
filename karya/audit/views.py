"""The history page of a record; each app combines it with its own permission mixin."""

from django.views.generic import TemplateView

from karya.audit.selectors import history_for


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
        labels = {f.name: f.verbose_name for f in obj._meta.concrete_fields}
        entries = list(history_for(obj)[:500])
        for entry in entries:
            entry.rows = [
                (labels.get(name, name), pair[0], pair[1]) for name, pair in entry.changes.items()
            ]
        context["entries"] = entries
        return context
