"""A login ends after the idle time and after the longest login time, with a message in
Indonesian on the login page; activity keeps it alive."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from karya.accounts.middleware import SESSION_LOGIN_AT, SESSION_SEEN_AT

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")


@pytest.fixture
def client_in(officer):
    client = Client()
    client.force_login(officer)
    return client


def move_back(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_an_active_session_stays(client_in):
    move_back(client_in, SESSION_SEEN_AT, settings.KARYA_SESSION_IDLE_MINUTES * 60 - 30)
    assert client_in.get(PROFILE).status_code == 200
    assert client_in.get(PROFILE).status_code == 200


def test_the_session_ends_after_the_idle_time_with_a_message(client_in):
    move_back(client_in, SESSION_SEEN_AT, settings.KARYA_SESSION_IDLE_MINUTES * 60 + 1)
    response = client_in.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    page = client_in.get(response["Location"])
    assert (
        "Sesi Anda berakhir karena tidak ada aktivitas selama 30 menit. Silakan masuk lagi."
        in page.text
    )
    assert "_auth_user_id" not in client_in.session


def test_the_session_ends_after_the_longest_login_time_even_when_active(client_in):
    move_back(client_in, SESSION_LOGIN_AT, settings.KARYA_SESSION_MAX_HOURS * 3600 + 1)
    response = client_in.get(PROFILE, follow=True)
    assert "satu kali masuk berlaku paling lama 12 jam" in response.text
    assert "_auth_user_id" not in client_in.session


def test_an_htmx_request_is_sent_to_the_login_page(client_in):
    move_back(client_in, SESSION_SEEN_AT, settings.KARYA_SESSION_IDLE_MINUTES * 60 + 1)
    response = client_in.get(PROFILE, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_session_cookies_are_http_only(officer):
    client = Client()
    from karya.conftest import PASSWORD

    response = client.post(reverse("accounts:login"), {"username": "petugas", "password": PASSWORD})
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]
    assert response.cookies[settings.SESSION_COOKIE_NAME]["samesite"] == "Lax"
