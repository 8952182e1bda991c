"""A head turns on two-step verification in the browser and logs in with the code; the pages
on the way break no rule of the Content Security Policy (no inline script or style)."""

import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from karya.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def current_code(device, offset=0):
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


def test_a_head_sets_up_two_step_verification_and_logs_in_with_the_code(page, log_in, head):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, head)
    page.goto("/akun/profil/")
    page.get_by_role("link", name="Aktifkan").click()
    page.get_by_role("button", name="Aktifkan verifikasi dua langkah").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    expect(page.locator("#totp-secret")).not_to_be_empty()
    device = TOTPDevice.objects.get(user=head)
    page.get_by_label("Kode dari aplikasi autentikator").fill(current_code(device))
    page.get_by_role("button", name="Aktifkan").click()
    expect(page.locator("ul.messages")).to_contain_text("Verifikasi dua langkah aktif")

    page.get_by_role("button", name="Keluar").click()
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(head.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verifikasi dua langkah")
    page.get_by_label("Kode dari aplikasi autentikator").fill(current_code(device, offset=30))
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()
    assert violations == []
