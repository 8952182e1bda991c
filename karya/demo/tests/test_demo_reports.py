"""The reports demo: the seed units' targets and every unit's monthly figures, so that the
dashboards open with figures; loading again changes nothing."""

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.models import User
from karya.audit.models import AuditEntry
from karya.demo.data import SEED_UNITS
from karya.reports.figures import COLUMNS
from karya.reports.models import AggregateMark, UnitMonth, UnitTarget
from karya.reports.periods import current_month

pytestmark = pytest.mark.django_db


def state():
    """The figures, the targets and the audit log."""
    with scopes_disabled():
        return (
            list(
                UnitMonth.objects.order_by("facility__code", "month").values_list(
                    "facility__code", "month", *COLUMNS
                )
            ),
            list(UnitTarget.objects.order_by("pk").values_list("facility__code", "value")),
            AuditEntry.objects.count(),
        )


def test_the_demo_dashboards_have_figures_and_load_once(capsys):
    call_command("load_demo")
    before = state()
    with scopes_disabled():
        for code in SEED_UNITS:
            now = UnitMonth.objects.get(facility__code=code, month=current_month("Asia/Jakarta"))
            assert now.population > 0 and now.working > 0, code
            assert UnitMonth.objects.filter(facility__code=code, revenue__gt=0).exists(), code
        assert UnitTarget.objects.filter(facility__code="LPPWT").count() == 4
    assert not AggregateMark.objects.exists()

    national = Client()
    national.force_login(User.objects.get(username="ditjenpas"))
    page = national.get("/laporan/nasional/").content.decode()
    assert 'href="/wilayah/jawa-tengah/laporan/' in page
    regional = Client()
    regional.force_login(User.objects.get(username="kanwil.jateng"))
    region = regional.get("/wilayah/jawa-tengah/laporan/").content.decode()
    assert "Lapas Kelas IIA Purwokerto" in region
    head = Client()
    head.force_login(User.objects.get(username="kalapas.pwt"))
    assert head.get("/upt/LPPWT/laporan/?bulan=2026-01").status_code == 200

    call_command("load_demo")
    assert state() == before
