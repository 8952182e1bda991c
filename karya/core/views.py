"""Generic view pieces shared by every app's pages."""

import logging
import sys

from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.generic.edit import FormView

from karya.core.documents import PdfResponse
from karya.core.errors import DomainError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 15


def is_database_outage(exception) -> bool:
    """The database did not answer (down, restarting, the connection lost, locked too long)."""
    return isinstance(exception, OperationalError | InterfaceError)


def database_unavailable(request, exception=None):
    """503 "the service is unavailable, try again in a moment": JSON on the API, else a page
    that needs nothing from the database (no user, no unit, no menu)."""
    logger.warning("Database unavailable: %s", exception)
    message = _("The service is temporarily unavailable; please try again in a moment.")
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if request.path_info.startswith("/api/"):
        body = {"code": "database_unavailable", "message": message, "field": None, "details": []}
        return JsonResponse(body, status=503, headers=headers)
    html = render_to_string("503.html", {"message": message})  # no request: no context processors
    return HttpResponse(html, status=503, headers=headers)


def server_error(request):
    """Django's 500 handler: a database outage met before the view (the session, the user,
    the unit) still gets the 503 page; anything else is the server error page."""
    if is_database_outage(sys.exc_info()[1]):
        return database_unavailable(request, sys.exc_info()[1])
    return defaults.server_error(request)


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
