"""Generic view pieces shared by every app's pages."""

from django.contrib import messages
from django.views.generic.edit import FormView

from karya.core.errors import DomainError


class ServiceFormView(FormView):
    """A form page whose valid input goes to one service call.

    Subclasses implement `perform(form)` (call the service, return the object or None) and
    `get_success_url()`. A DomainError from the service is shown next to its field (or above
    the form) and nothing is written.
    """

    success_message = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.perform(form)
        except DomainError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return super().form_valid(form)
