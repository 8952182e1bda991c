"""The demo: seed units, one user per role, fictional inmates; loading twice adds nothing."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from karya.accounts.choices import Role
from karya.accounts.models import Membership, User
from karya.audit.models import AuditEntry
from karya.facilities.models import Facility, Region
from karya.inmates.models import Inmate

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_only_once(capsys):
    call_command("load_demo")
    counts = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    with scopes_disabled():
        inmates = Inmate.objects.count()
    call_command("load_demo")
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == counts
    with scopes_disabled():
        assert Inmate.objects.count() == inmates
    out = capsys.readouterr().out
    assert "karya-demo-2026" in out and "petugas.pwt" in out


def test_demo_reproduces_the_seed_units():
    call_command("load_demo")
    assert Facility.objects.count() == 531
    assert Region.objects.count() == 33
    for code, name, region in [
        ("LPPWT", "Lapas Kelas IIA Purwokerto", "Jawa Tengah"),
        ("LPPKP", "Lapas Kelas IIA Pangkalpinang", "Kepulauan Bangka Belitung"),
        ("LPPMK", "Lapas Kelas IIA Pamekasan", "Jawa Timur"),
    ]:
        facility = Facility.objects.get(code=code)
        assert facility.name == name and facility.region.name == region
        assert facility.timezone == "Asia/Jakarta"
        with scopes_disabled():
            inmates = Inmate.objects.filter(facility=facility)
            assert 45 <= inmates.count() <= 60
            assert inmates.filter(departed_on__isnull=False).exists()
            assert inmates.filter(status="tahanan").exists()


def test_every_role_has_a_demo_user():
    call_command("load_demo")
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.get(username="petugas").memberships.count() == 3
