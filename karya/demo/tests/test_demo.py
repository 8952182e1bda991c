"""The demo: seed units, one user per role, fictional inmates, the seed workshops and their
output; loading twice adds nothing. (Each load takes seconds, so the assertions share loads.)"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django_scopes import scopes_disabled

from karya.accounts.choices import Role
from karya.accounts.models import Membership, User
from karya.audit.models import AuditEntry
from karya.facilities.models import Facility, Region
from karya.inmates.models import Inmate
from karya.inventory.models import StockMove
from karya.production import selectors as production_selectors
from karya.production.models import Material, ProductionOrder
from karya.programs.models import Allocation, OutputRecord, Workshop

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_only_once(capsys):
    call_command("load_demo")
    counts = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    with scopes_disabled():
        rows = (Inmate.objects.count(), Allocation.objects.count(), OutputRecord.objects.count())
        moves = StockMove.objects.count()
        orders = (ProductionOrder.objects.count(), Material.objects.count())
    assert moves > 0 and orders[0] >= 7
    call_command("load_demo")
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == counts
    with scopes_disabled():
        assert (
            Inmate.objects.count(),
            Allocation.objects.count(),
            OutputRecord.objects.count(),
        ) == rows
        assert StockMove.objects.count() == moves
        assert (ProductionOrder.objects.count(), Material.objects.count()) == orders
    out = capsys.readouterr().out
    assert "karya-demo-2026" in out and "petugas.pwt" in out


def test_demo_reproduces_the_seeds():
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
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.get(username="petugas").memberships.count() == 3
    with scopes_disabled():
        # Seed 000: 1,140 sapu lidi and 290 sapu lakop made in the eight days before 31 Jan.
        totals = dict(
            OutputRecord.objects.filter(
                facility__code="LPPWT",
                date__range=(dt.date(2026, 1, 22), dt.date(2026, 1, 30)),
                product__name__startswith="Sapu",
            )
            .values_list("product__name")
            .annotate(total=Sum("quantity"))
        )
        assert totals == {"Sapu lidi": 1140, "Sapu lakop": 290}
        # ... and the finished orders that account for them, with who made how many.
        sapu = {
            o.product.name: o
            for o in ProductionOrder.objects.filter(
                facility__code="LPPWT", product__name__startswith="Sapu"
            ).select_related("product", "lot")
        }
        assert {name: o.good_quantity for name, o in sapu.items()} == totals
        for order in sapu.values():
            assert (order.started_on, order.finished_on) == (
                dt.date(2026, 1, 22),
                dt.date(2026, 1, 30),
            )
            assert order.status == "finished" and order.lot.code.endswith("-20260130-1")
            workers = production_selectors.order_workers(order)
            assert sum(w["quantity"] for w in workers) == order.good_quantity
        mori = Material.objects.get(facility__code="LPPWT", name="Kain mori")
        assert mori.owner == "partner" and mori.quantity == 100
        assert production_selectors.material_value(mori) == 0
        assert {"LPPKP", "LPPMK"} <= set(
            ProductionOrder.objects.values_list("facility__code", flat=True)
        )
        names = set(Workshop.objects.values_list("name", flat=True))
    assert {
        "Anyaman Tikar Pandan",
        "Perangkap Tikus",
        "Sarang Burung Lovebird",
        "Cuci Mobil dan Motor",
        "Kerajinan Kayu",
        "Kuliner",
        "Batik Cap",
    } <= names
