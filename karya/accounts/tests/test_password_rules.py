"""Passwords follow Django's rules, with the reasons in Indonesian: long enough, not a common
password, not only digits, not like the user's own name."""

import pytest
from django.test import Client
from django.urls import reverse

from karya.accounts.models import User

pytestmark = pytest.mark.django_db


def create(admin_user, password, username="rinawati"):
    client = Client()
    client.force_login(admin_user)
    return client.post(
        reverse("accounts:user-create"),
        {"username": username, "full_name": "Rinawati Sukma", "password": password},
    )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Pendek-1", "Kata sandi terlalu pendek. Harus mengandung setidaknya 10 karakter."),
        ("password123", "Kata sandi ini terlalu umum."),
        ("9876543210123", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("rinawati-sukma", "Kata sandi terlalu mirip"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason_in_indonesian(admin_user, password, reason):
    response = create(admin_user, password)
    assert response.status_code == 200
    assert reason in response.text
    assert not User.objects.filter(username="rinawati").exists()


def test_a_good_password_is_accepted(admin_user):
    response = create(admin_user, "Tenun-Ikat-Banyumas-77")
    assert response.status_code == 302
    assert User.objects.get(username="rinawati").check_password("Tenun-Ikat-Banyumas-77")


def test_changing_ones_own_password_follows_the_same_rules(officer):
    from karya.conftest import PASSWORD

    client = Client()
    client.force_login(officer)
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password": "12345", "new_password_again": "12345"},
    )
    assert "terlalu pendek" in response.text
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
