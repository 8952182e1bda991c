"""A database that does not answer gives a clean 503 ("Layanan sedang tidak tersedia, coba
lagi sebentar lagi"), JSON on the API, never a server error page or a traceback — whether it
fails in a view or before one (the session, the user, the unit's tenancy).

The real outage (a PostgreSQL cluster stopped and started under a running server) is in
karya/tests/test_database_restart.py; here the failures are injected, one per place."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client

from karya.accounts import views as account_views
from karya.accounts.middleware import FacilityMiddleware

MESSAGE = "Layanan sedang tidak tersedia, coba lagi sebentar lagi."

pytestmark = pytest.mark.django_db


def _down(*args, **kwargs):
    raise OperationalError("connection to server on socket failed: No such file or directory")


def _client(user) -> Client:
    client = Client(raise_request_exception=False)  # as in production: the handlers answer
    client.force_login(user)
    return client


def test_a_view_that_loses_the_database_answers_503(admin_user, monkeypatch):
    monkeypatch.setattr(account_views.ProfileView, "get", _down)
    answer = _client(admin_user).get("/akun/profil/")
    assert answer.status_code == 503
    page = answer.content.decode()
    assert MESSAGE in page and "Traceback" not in page
    assert answer["Retry-After"] == "15" and "no-store" in answer["Cache-Control"]


def test_a_failure_before_the_view_answers_503_too(admin_user, monkeypatch):
    def lost(self, request):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(FacilityMiddleware, "__call__", lost)
    answer = _client(admin_user).get("/akun/profil/")
    assert answer.status_code == 503 and MESSAGE in answer.content.decode()
    api = _client(admin_user).get("/api/v1/openapi.json")
    assert api.status_code == 503
    assert api.json()["code"] == "database_unavailable"
    assert api.json()["message"] == MESSAGE


def test_other_errors_stay_server_errors(admin_user, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(account_views.ProfileView, "get", broken)
    answer = _client(admin_user).get("/akun/profil/")
    assert answer.status_code == 500 and MESSAGE not in answer.content.decode()
