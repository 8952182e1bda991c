"""The first administrator of a new installation, from the command line."""

import pytest
from django.core.management import CommandError, call_command

from karya.accounts.models import User
from karya.accounts.permissions import Perm, access_for

pytestmark = pytest.mark.django_db


def test_creates_a_country_wide_administrator(monkeypatch):
    monkeypatch.setenv("KARYA_ADMIN_PASSWORD", "sandi-admin-yang-kuat-2026")
    call_command("create_admin", "pusat", "--full-name", "Admin Pusat")
    user = User.objects.get(username="pusat")
    assert user.check_password("sandi-admin-yang-kuat-2026")
    assert access_for(user).can(Perm.USER_MANAGE)


def test_a_weak_password_or_a_taken_name_is_refused(monkeypatch):
    monkeypatch.setenv("KARYA_ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_admin", "pusat")
    assert not User.objects.filter(username="pusat").exists()
    monkeypatch.setenv("KARYA_ADMIN_PASSWORD", "sandi-admin-yang-kuat-2026")
    call_command("create_admin", "pusat")
    with pytest.raises(CommandError):
        call_command("create_admin", "pusat")
