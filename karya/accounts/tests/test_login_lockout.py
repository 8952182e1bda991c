"""Wrong passwords lock a username (from one address) with an Indonesian message; a right
password is refused while locked; the lock ends by itself or when an administrator lifts it."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from karya.audit.models import AuditEntry
from karya.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
LOCKED_TEXT = "Terlalu banyak kata sandi salah"


def attempt(password, *, username="petugas", address="10.0.0.1"):
    client = Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response


def lock(username="petugas", address="10.0.0.1"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("salah-sandi-99", username=username, address=address)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_failures_below_the_limit_do_not_lock(officer):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _client, response = attempt("salah-sandi-99")
        assert "Nama pengguna atau kata sandi tidak benar." in response.text
    client, response = attempt(PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_the_limit_locks_with_an_indonesian_message_and_refuses_the_right_password(officer):
    lock()
    client, response = attempt(PASSWORD)
    assert response.status_code == 429 and not logged_in(client)
    assert LOCKED_TEXT in response.text
    assert "dikunci selama 15 menit" in response.text and "admin" in response.text


def test_the_lock_is_per_username_and_address(officer, make_user, facility):
    make_user("officer", facility=facility, username="lain")
    lock()
    client, _response = attempt(PASSWORD, address="10.0.0.2")  # same user, other device
    assert logged_in(client)
    client, _response = attempt(PASSWORD, username="lain")  # other user, same device
    assert logged_in(client)


def test_the_lock_ends_after_the_cool_off(officer):
    lock()
    assert not logged_in(attempt(PASSWORD)[0])
    past = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past - dt.timedelta(minutes=1))
    client, response = attempt(PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_an_administrator_sees_the_lock_and_lifts_it(officer, admin_user):
    lock()
    admin = Client()
    admin.force_login(admin_user)
    page = admin.get(reverse("accounts:user-detail", args=[officer.pk]))
    assert "Pengguna ini terkunci" in page.text
    response = admin.post(reverse("accounts:user-unlock", args=[officer.pk]), follow=True)
    assert "Pengguna dapat masuk lagi." in response.text
    assert "Pengguna ini terkunci" not in response.text
    assert AccessAttempt.objects.count() == 0
    entry = AuditEntry.objects.filter(object_id=str(officer.pk)).first()
    assert entry.actor == admin_user and entry.changes == {"login_locked": [True, False]}
    client, _response = attempt(PASSWORD)
    assert logged_in(client)


def test_only_an_administrator_may_unlock(officer, head):
    lock()
    client = Client()
    client.force_login(head)
    response = client.post(reverse("accounts:user-unlock", args=[officer.pk]))
    assert response.status_code == 403
    assert AccessAttempt.objects.exists()
