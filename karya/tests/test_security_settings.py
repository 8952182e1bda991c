"""Production settings pass `karya check --deploy` without a warning, and every page is
served with the security headers: Content Security Policy, no framing, no sniffing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "HTTPS", "SECURE_"))
    }
    env.update(
        SECRET_KEY="k" * 20 + "production-like-secret-key-of-enough-length-and-variety-9Z",
        ALLOWED_HOSTS="karya.example.go.id",
        HTTPS="1",
        KARYA_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="karya.settings",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(KARYA_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="karya.settings")
    result = subprocess.run(
        [sys.executable, "-m", "django", "check"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0 and "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_code():
    response = Client().get(reverse("accounts:login"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.text
    assert "<script>" not in html and "<style" not in html and " style=" not in html
    assert "includeIndicatorStyles" in html  # htmx would otherwise inject an inline <style>


def test_https_settings_are_strict_when_switched_on():
    """The values `check --deploy` sees above come from HTTPS=1; here: the session is cut
    after its idle time and HttpOnly cookies are on whatever the environment."""
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_AGE > settings.KARYA_SESSION_MAX_HOURS * 3600
