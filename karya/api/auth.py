"""API authentication: a bearer token (programs) or the browser session (with CSRF)."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from karya.accounts.selectors import user_for_token
from karya.api.errors import CsrfFailed

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. A write must carry the CSRF token.

    Unlike ninja's `django_auth`, the CSRF check is made only for a request that really has a
    logged-in session: a program with no (or a revoked) token gets the 401 it needs, not a
    CSRF error.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # `self.csrf` stays True (the docs page then sends the token); the check is ours, below.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise CsrfFailed(
                _("The CSRF check failed: reload the page, or send an API token instead."),
                code="csrf",
            )
        return request.user


AUTH = [TokenAuth(), SessionAuth()]
