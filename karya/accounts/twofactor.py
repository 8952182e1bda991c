"""Two-step verification (TOTP through django-otp): who may use it, who must, and the device.

Heads, treasurers and administrators (settings.KARYA_2FA_ROLES) may turn it on from their
profile; the roles in settings.KARYA_2FA_REQUIRED_ROLES must, and are sent to set it up before
anything else. A user with a confirmed device gives a six-digit code from their authenticator
app after the password; other users log in as before. Writes are in karya.accounts.services.
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from karya.accounts.models import User

DEVICE_NAME = "Karya"


def _roles(user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.filter(is_active=True).values_list("role", flat=True))


def may_use(user: User) -> bool:
    """Whether the user holds a role allowed to turn on two-step verification."""
    return bool(_roles(user) & set(settings.KARYA_2FA_ROLES))


def is_required(user: User) -> bool:
    """Whether one of the user's roles must use two-step verification (the setting)."""
    required = set(settings.KARYA_2FA_REQUIRED_ROLES)
    return bool(required) and bool(_roles(user) & required)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice | None:
    """The device being set up (shown as a QR code until its first code is given)."""
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_svg(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no image request, no CDN)."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000")
    # segno builds the markup itself from the encoded address: nothing of a user's is in it.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, to type in by hand when a camera is missing."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))
