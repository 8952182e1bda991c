"""Two-step verification (TOTP): a head, a treasurer or an administrator sets it up from the
profile (QR code and key), then login asks for the code; a wrong code is refused; other roles
are not offered it and log in as before; the setting can require it for a role."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from karya.audit.models import AuditEntry
from karya.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login-code")
TWO_FACTOR = reverse("accounts:two-factor")


def code_for(device, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def logged_in(client):
    return "_auth_user_id" in client.session


def enrol(user):
    client = Client()
    client.force_login(user)
    client.post(reverse("accounts:two-factor-start"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("accounts:two-factor-confirm"), {"code": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def test_a_head_sets_it_up_from_the_profile(head):
    client = Client()
    client.force_login(head)
    profile = client.get(reverse("accounts:profile"))
    assert "Verifikasi dua langkah" in profile.text and TWO_FACTOR in profile.text
    client.post(reverse("accounts:two-factor-start"))
    page = client.get(TWO_FACTOR)
    assert "<svg" in page.text and "Pindai kode QR ini" in page.text
    device = TOTPDevice.objects.get(user=head)
    assert not device.confirmed
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) == 32 and secret in page.text.replace(" ", "")
    wrong = client.post(reverse("accounts:two-factor-confirm"), {"code": "000000"})
    assert wrong.status_code == 400 and "Kode tidak benar." in wrong.text
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0  # django-otp makes the next try wait after a miss
    device.save()
    response = client.post(
        reverse("accounts:two-factor-confirm"), {"code": code_for(device)}, follow=True
    )
    assert "Verifikasi dua langkah aktif" in response.text
    device.refresh_from_db()
    assert device.confirmed
    entry = AuditEntry.objects.filter(object_id=str(head.pk)).first()
    assert entry.changes == {"two_step_verification": [False, True]}
    assert device.key not in str(entry.changes) + entry.note


def test_login_asks_for_the_code_and_refuses_a_wrong_one(head):
    device = enrol(head)
    client = Client()
    response = client.post(
        LOGIN, {"username": "kalapas", "password": PASSWORD, "next": reverse("accounts:profile")}
    )
    assert response.status_code == 302 and response["Location"] == CODE
    assert not logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 302  # not in yet
    wrong = client.post(CODE, {"code": "123456" if code_for(device) != "123456" else "654321"})
    assert wrong.status_code == 400 and "Kode tidak benar." in wrong.text
    assert not logged_in(client)
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
    right = client.post(CODE, {"code": code_for(device, offset=30)})
    assert right.status_code == 302 and right["Location"] == reverse("accounts:profile")
    assert logged_in(client)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_code_page_without_a_password_sends_back_to_login(client):
    response = client.get(CODE)
    assert response.status_code == 302 and response["Location"] == LOGIN
    response = client.post(CODE, {"code": "123456"})
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_a_used_code_cannot_be_used_again(head):
    device = enrol(head)
    client = Client()
    client.post(LOGIN, {"username": "kalapas", "password": PASSWORD})
    reused = client.post(CODE, {"code": code_for(device)})  # the one given at enrolment
    assert reused.status_code == 400 and not logged_in(client)


def test_other_roles_are_not_offered_it_and_log_in_with_the_password(officer):
    client = Client()
    client.force_login(officer)
    assert TWO_FACTOR not in client.get(reverse("accounts:profile")).text
    assert client.get(TWO_FACTOR).status_code == 404
    client.post(reverse("accounts:two-factor-start"))
    assert not TOTPDevice.objects.exists()
    fresh = Client()
    response = fresh.post(LOGIN, {"username": "petugas", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] != CODE
    assert logged_in(fresh)


def test_a_user_turns_it_off_with_a_code_and_an_administrator_for_a_lost_phone(
    head, admin_user, make_user, facility
):
    device = enrol(head)
    client = Client()
    client.force_login(head)
    response = client.post(
        reverse("accounts:two-factor-remove"), {"code": code_for(device, offset=30)}
    )
    assert response.status_code == 302 and not TOTPDevice.objects.filter(user=head).exists()
    treasurer = make_user("treasurer", facility=facility, username="bendahara")
    enrol(treasurer)
    admin = Client()
    admin.force_login(admin_user)
    page = admin.get(reverse("accounts:user-detail", args=[treasurer.pk]))
    assert "Verifikasi dua langkah aktif." in page.text
    admin.post(reverse("accounts:user-two-factor-reset", args=[treasurer.pk]))
    assert not TOTPDevice.objects.filter(user=treasurer).exists()


def test_a_required_role_is_sent_to_set_it_up(head, officer, settings):
    settings.KARYA_2FA_REQUIRED_ROLES = ("head",)
    client = Client()
    client.force_login(head)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"] == TWO_FACTOR
    page = client.get(TWO_FACTOR)
    assert "Peran Anda mewajibkan verifikasi dua langkah" in page.text
    assert client.get("/api/v1/me").status_code == 401  # nor the API with that session
    other = Client()
    other.force_login(officer)
    assert other.get(reverse("accounts:profile")).status_code == 200
    device = enrol(head)
    client.post(reverse("accounts:two-factor-confirm"), {"code": code_for(device)})
    refused = client.post(reverse("accounts:two-factor-remove"), {"code": code_for(device, 30)})
    assert refused.status_code in (302, 400)
    assert TOTPDevice.objects.filter(user=head, confirmed=True).exists()


def test_wrong_codes_count_towards_the_lock_out(head, settings):
    device = enrol(head)
    client = Client(REMOTE_ADDR="10.0.0.9")
    client.post(LOGIN, {"username": "kalapas", "password": PASSWORD})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0)
        client.post(CODE, {"code": "000000"})
    response = client.post(CODE, {"code": code_for(device, offset=30)})
    assert response.status_code == 429 and "Terlalu banyak kata sandi salah" in response.text
    assert not logged_in(client)
