"""Tenancy for every request (DESIGN.md §4: tenancy fails closed), session expiry, and
two-step verification where a role requires it.

Unit pages live under `/upt/<facility_code>/`. This middleware resolves that unit, checks that
one of the user's memberships covers it, activates its time zone, and runs the whole request
(view and template rendering) inside a django-scopes scope limited to that unit. Any other
request runs in an empty scope: a query on unit-owned rows then finds nothing, and a query
outside any scope raises ScopeError instead of leaking.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import HttpResponseClientRedirect
from django_scopes import scope

from karya.accounts.permissions import access_for
from karya.facilities.models import Facility

FACILITY_KWARG = "facility_code"


def facility_for_request(request, code: str | None):
    """The unit named by `code` if the user's memberships cover it, else None."""
    if not code or not request.user.is_authenticated:
        return None
    facility = Facility.objects.select_related("region").filter(code=code).first()
    if facility is None or not access_for(request.user).covers(facility):
        return None
    return facility


class FacilityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            code = resolve(request.path_info).kwargs.get(FACILITY_KWARG)
        except Resolver404:
            code = None
        request.facility = facility_for_request(request, code)
        if request.facility is None:
            with scope(facility=[]):
                return self.get_response(request)
        if request.session.get("facility_code") != request.facility.code:
            request.session["facility_code"] = request.facility.code  # saved only on a change
        with scope(facility=[request.facility.pk]), timezone.override(request.facility.timezone):
            return self.get_response(request)


# --- session expiry ---------------------------------------------------------------------------

SESSION_LOGIN_AT = "karya_login_at"
SESSION_SEEN_AT = "karya_seen_at"
SEEN_RESOLUTION_SECONDS = 60  # the last-seen time is written at most once a minute


@receiver(user_logged_in, dispatch_uid="karya_session_login_time")
def _remember_login_time(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_LOGIN_AT] = now
        request.session[SESSION_SEEN_AT] = now


def _expiry_reason(session) -> str | None:
    now = time.time()
    idle = settings.KARYA_SESSION_IDLE_MINUTES
    hours = settings.KARYA_SESSION_MAX_HOURS
    seen = session.get(SESSION_SEEN_AT)
    login_at = session.get(SESSION_LOGIN_AT)
    if seen is not None and now - seen > idle * 60:
        return ngettext(
            "Your session ended because there was no activity for %(minutes)d minute. "
            "Please log in again.",
            "Your session ended because there was no activity for %(minutes)d minutes. "
            "Please log in again.",
            idle,
        ) % {"minutes": idle}
    if login_at is not None and now - login_at > hours * 60 * 60:
        return ngettext(
            "Your session ended: a login lasts at most %(hours)d hour. Please log in again.",
            "Your session ended: a login lasts at most %(hours)d hours. Please log in again.",
            hours,
        ) % {"hours": hours}
    return None


class SessionExpiryMiddleware:
    """End a login after KARYA_SESSION_IDLE_MINUTES without a request, and in any case
    KARYA_SESSION_MAX_HOURS after it began, and say why on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = _expiry_reason(request.session)
            if reason is not None:
                logout(request)
                messages.warning(request, reason)
                if not request.path_info.startswith("/api/"):
                    login_url = redirect_to_login(request.get_full_path())["Location"]
                    if request.headers.get("HX-Request") == "true":
                        return HttpResponseClientRedirect(login_url)
                    return redirect(login_url)
            else:
                now = time.time()
                if SESSION_LOGIN_AT not in request.session:  # a session from before this check
                    request.session[SESSION_LOGIN_AT] = now
                seen = request.session.get(SESSION_SEEN_AT)
                if seen is None or now - seen > SEEN_RESOLUTION_SECONDS:
                    request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


# --- two-step verification required by role -----------------------------------------------------

TWO_FACTOR_OPEN_NAMES = {
    "accounts:two-factor",
    "accounts:two-factor-start",
    "accounts:two-factor-confirm",
    "accounts:logout",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """A user whose role must use two-step verification (KARYA_2FA_REQUIRED_ROLES) and whose
    session is not verified by a code is sent to set it up (or, with a device, to log in
    again with a code) before any other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.KARYA_2FA_REQUIRED_ROLES
            and request.user.is_authenticated
            and not request.user.is_verified()
        ):
            from karya.accounts import twofactor

            if request.path_info.startswith("/api/"):
                # The API's session login counts only when verified (tokens are not affected:
                # the token check sets its own user).
                if twofactor.is_required(request.user):
                    request.user = AnonymousUser()
                return self.get_response(request)
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = None
            if name not in TWO_FACTOR_OPEN_NAMES and twofactor.is_required(request.user):
                if twofactor.confirmed_device(request.user) is not None:
                    logout(request)
                    return redirect_to_login(request.get_full_path())
                messages.warning(
                    request,
                    _("Your role requires two-step verification: set it up to continue."),
                )
                return redirect("accounts:two-factor")
        return self.get_response(request)
