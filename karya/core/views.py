"""Generic view pieces shared by every app's pages."""

from django.contrib import messages
from django.shortcuts import render
from django.views.generic.edit import FormView

from karya.core.documents import PdfResponse
from karya.core.errors import DomainError


def message_page(request, message: str, *, back_url: str, status: int):
    """A page that says why something was not done (a refusal, a document that failed)."""
    return render(
        request,
        "message.html",
        {"facility": request.facility, "message": message, "back_url": back_url},
        status=status,
    )


def pdf_or_message(request, make, *, filename: str, back_url: str):
    """The PDF `make()` makes, shown in the browser (`?unduh=1`: downloaded), or the page that
    says why it could not be made (the error's status: 503 when the document failed)."""
    try:
        pdf = make()
    except DomainError as error:
        return message_page(request, error.message, back_url=back_url, status=error.status)
    return PdfResponse(pdf, filename=filename, as_attachment=bool(request.GET.get("unduh")))


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
