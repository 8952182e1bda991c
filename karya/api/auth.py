"""API authentication: a bearer token (programs) or the browser session (with CSRF)."""

from ninja.security import HttpBearer, django_auth

from karya.accounts.selectors import user_for_token


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
