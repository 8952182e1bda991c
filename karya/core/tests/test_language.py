"""Indonesian is the default whatever the browser asks for; the switch changes it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_indonesian_even_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Karya" in response.text


def test_the_switch_sets_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert "Log in to Karya" in response.text


def test_an_unknown_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "xx"
    assert "Masuk ke Karya" in client.get(reverse("accounts:login")).text
