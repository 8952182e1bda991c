"""The public demo: the seed products published (and the partner shop holding Lapas
Pangkalpinang's goods shown on the product page), an event and a draft for each seed article,
the release of the 31 January 2026 pick-up published on Lapas Purwokerto's page; loading twice
changes nothing; and a crawl of the demo's public pages finds no demo inmate. (One load, shared
assertions: a load takes seconds.)"""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from karya.inmates.models import Inmate
from karya.inventory.models import StockLocation
from karya.newsroom.models import Event, PressRelease
from karya.production.models import Product

pytestmark = pytest.mark.django_db


def test_the_public_demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with scopes_disabled():
        counts = (
            Event.objects.count(),
            PressRelease.objects.count(),
            StockLocation.objects.count(),
        )
        assert counts[0] == 5 and counts[1] == 5
        published = set(
            Product.objects.filter(is_published=True).values_list("facility__code", "name")
        )
        assert {
            ("LPPWT", "Sapu lidi"),
            ("LPPWT", "Sapu lakop"),
            ("LPPKP", "Perangkap tikus"),
        } <= published
        assert ("LPPWT", "Kain batik cap") not in published  # the partner's goods (maklon)
        [release] = PressRelease.objects.filter(status="published")
        assert release.facility.code == "LPPWT" and release.approved_by.username == "kalapas.pwt"
        assert "PURWOKERTO –" in release.body and release.event.handover.number.startswith("BAST")
        assert "1.140 batang sapu lidi dan 290 buah sapu lakop" in release.body
        assert "delapan hari" in release.body and "Sabtu, 31 Januari 2026" in release.body
        kinds = dict(PressRelease.objects.values_list("event__title", "status"))
        assert len(kinds) == 5 and list(kinds.values()).count("draft") == 4
        signing = PressRelease.objects.get(facility__code="LPPKP")
        assert "Toko Acun Akuarium" in signing.title and "Hendri" in signing.body
        inmates = list(Inmate.objects.values_list("name", "registration_number"))

    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    with scopes_disabled():
        again = (Event.objects.count(), PressRelease.objects.count(), StockLocation.objects.count())
    assert again == counts

    client = Client()
    pages = ["/katalog/", "/katalog/LPPWT/", "/katalog/LPPKP/", "/katalog/LPPMK/", "/berita/"]
    pages += re.findall(
        r'href="(/(?:katalog/(?!bahasa)|berita/|telusur/)[^"]*)"',
        client.get("/katalog/LPPWT/").content.decode(),
    )
    html = client.get(f"/berita/LPPWT/{release.pk}-{release.slug}/").content.decode()
    assert "Aliandra Harahap" in html
    for path in set(pages):
        text = client.get(path).content.decode()
        for name, number in inmates:
            assert name not in text and number not in text, path
    rat_trap = client.get("/katalog/LPPKP/").content.decode()
    product = re.search(r'href="(/katalog/LPPKP/\d+-perangkap-tikus/)"', rat_trap)[1]
    assert "Di toko mitra Toko Acun Akuarium" in client.get(product).content.decode()


def test_the_pick_up_event_links_the_posted_bast_once_there_is_one(
    facility, officer, head, inmates
):
    """With the handovers demo (seed 000's BAST posted), the event links the BAST and its draft
    names both products; before it, the agreement and the brooms' production order."""
    from django_scopes import scope

    from karya.demo.public import EVENTS, _links
    from karya.newsroom.tests.conftest import make_pickup

    spec = next(e for e in EVENTS if e.seed == "000")
    pickup = make_pickup(facility, officer, head, inmates)
    with scope(facility=[facility.pk]):
        assert _links(spec, facility) == {"handover": pickup.handover}
