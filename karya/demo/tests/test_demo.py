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
from karya.partners.models import Agreement, FollowUp, Obligation, Partner, PartnerVisit
from karya.production import selectors as production_selectors
from karya.production.models import Material, ProductionOrder
from karya.programs.models import Allocation, OutputRecord, Workshop

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_only_once(capsys):
    call_command("load_demo")
    counts = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    models = (
        Inmate,
        Allocation,
        OutputRecord,
        Partner,
        Agreement,
        Obligation,
        PartnerVisit,
        StockMove,
    )
    with scopes_disabled():
        rows = [model.objects.count() for model in models]
        orders = (ProductionOrder.objects.count(), Material.objects.count())
    assert orders[0] >= 7
    call_command("load_demo")
    assert (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count()) == counts
    with scopes_disabled():
        assert [model.objects.count() for model in models] == rows
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
    # Every seed unit has the people of its sales and money: output officer, treasurer, head.
    for code in ("LPPWT", "LPPKP", "LPPMK"):
        roles = set(Membership.objects.filter(facility__code=code).values_list("role", flat=True))
        assert {Role.OUTPUT_OFFICER, Role.TREASURER, Role.HEAD} <= roles, code
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

    _assert_partner_seeds()


def _assert_partner_seeds():
    """Seeds 000–004 as partners, agreements, visits and follow-ups (checked on the load of
    the test above: a demo load takes seconds)."""
    wib = dt.timezone(dt.timedelta(hours=7))
    with scopes_disabled():
        agreements = {
            (a.facility.code, a.partner.legal_name, a.title): a
            for a in Agreement.objects.select_related("facility", "partner")
        }
        prices = {
            (line.agreement.title, line.product.name): line.agreed_price
            for agreement in agreements.values()
            for line in agreement.products.select_related("agreement", "product")
        }
        # Seed 000: CV. Pusat Handicraft buys the brooms of Lapas Purwokerto outright.
        brooms = agreements[
            (
                "LPPWT",
                "CV. Pusat Handicraft",
                "Produksi dan pemasaran sapu lidi dan sapu lakop",
            )
        ]
        assert (brooms.status, brooms.schemes) == ("PKS", ["beli_putus"])
        assert {name for (title, name) in prices if title == brooms.title} == {
            "Sapu lidi",
            "Sapu lakop",
        }
        # Seed 003: the pandan-mat training, monitored on 31 July 2025 at 11.30 WIB.
        pandan = agreements[
            ("LPPWT", "CV. Rajasa Mas Jaya", "Pelatihan dan produksi tikar anyaman pandan")
        ]
        assert pandan.status == "MOU" and pandan.schemes == ["pelatihan"]
        monitoring = PartnerVisit.objects.get(agreement=pandan)
        assert monitoring.kind == "monitoring"
        assert monitoring.starts_at.astimezone(wib) == dt.datetime(2025, 7, 31, 11, 30, tzinfo=wib)
        assert "batik tulis maupun batik cap" in monitoring.findings
        assert FollowUp.objects.get(visit=monitoring).action.startswith(
            "Menyusun naskah kerja sama resmi"
        )
        # Seed 001: maklon batik cap still at exploration, visited 20 Aug 2025 08.30–09.00 WIB.
        batik = agreements[("LPPWT", "CV. Rajasa Mas Jaya", "Maklon batik cap")]
        assert batik.status == "EXPLORATION" and "maklon" in batik.schemes
        exploration = PartnerVisit.objects.get(agreement=batik)
        assert exploration.kind == "penjajakan"
        assert (exploration.starts_at.astimezone(wib), exploration.ends_at.astimezone(wib)) == (
            dt.datetime(2025, 8, 20, 8, 30, tzinfo=wib),
            dt.datetime(2025, 8, 20, 9, 0, tzinfo=wib),
        )
        assert set(exploration.follow_ups.values_list("action", flat=True)) == {
            "Menyusun Memorandum of Understanding (MoU)",
            "Pembahasan teknis lebih lanjut",
        }
        assert set(batik.obligations.values_list("party", "description")) >= {
            ("mitra", "Menyediakan bahan baku batik cap"),
            ("mitra", "Memberikan pendampingan teknis"),
        }
        # Seed 002: the PKS of 3 November 2025 between Lapas Pangkalpinang and the shop.
        shop = agreements[
            (
                "LPPKP",
                "Toko Acun Akuarium",
                "Promosi dan pemasaran perangkap tikus dan sarang burung lovebird",
            )
        ]
        assert (shop.status, shop.schemes, shop.pks_signed_on) == (
            "PKS",
            ["konsinyasi"],
            dt.date(2025, 11, 3),
        )
        assert shop.end_date == dt.date(2030, 11, 2)
        assert {name for (title, name) in prices if title == shop.title} == {
            "Perangkap tikus",
            "Sarang burung lovebird",
        }
        assert {party for (party,) in shop.obligations.values_list("party")} == {"upt", "mitra"}
        # Seed 004: a raw-material supplier of Lapas Pamekasan.
        supplier = Partner.objects.get(facility__code="LPPMK")
        assert supplier.legal_name == "UD Sumber Kayu Madura"
        assert supplier.agreements.get().schemes == ["pemasok"]
    # The heads approved every MoU and PKS.
    approvers = set(
        AuditEntry.objects.filter(
            content_type__model="agreement", changes__has_key="pks_signed_on"
        ).values_list("actor__username", flat=True)
    )
    assert approvers == {"kalapas.pwt", "kalapas.pkp", "kalapas.pmk"}
