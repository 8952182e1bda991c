"""Errors as JSON with a stable code and a translated message (DESIGN.md §4)."""

from decimal import InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from karya.core.errors import DomainError


class CsrfFailed(DomainError):
    """A session write without a valid CSRF token."""

    status = 403


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None
    details: list[str] = []


def install(api) -> None:
    def respond(request, status, code, message, field=None, details=()):
        body = {
            "code": code,
            "message": str(message),
            "field": field,
            "details": [str(d) for d in details],
        }
        return api.create_response(request, body, status=status)

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return respond(request, exc.status, exc.code, exc.message, exc.field, exc.details)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return respond(request, 403, "forbidden", _("Your role does not allow this."))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(request, 401, "unauthorized", _("Log in or send a valid API token."))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        # Raised by ninja itself; the one it raises before our code runs is an unreadable body.
        if exc.status_code == 400:
            return respond(
                request, 400, "bad_request", _("The request body could not be read as JSON.")
            )
        return respond(request, exc.status_code, "error", str(exc))

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    @api.exception_handler(InvalidOperation)
    def out_of_range(request, exc):
        """A number in the request too large to hold (an id or an amount of 30 digits):
        SQLite says OverflowError, PostgreSQL DataError ("integer out of range"), rounding an
        amount decimal.InvalidOperation; nothing is written (the service's transaction rolls
        back) and the request is refused like any invalid one."""
        return respond(request, 422, "invalid", _("A number in the request is out of range."), None)

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        details = [
            f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg', '')}"
            for e in exc.errors
        ]
        return respond(request, 422, "invalid", _("The request is not valid."), None, details)
