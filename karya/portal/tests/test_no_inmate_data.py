"""No portal page shows an inmate: no name, no registration number, no photo. Checked by
following every link of the portal from its start page, once on test records of a unit with
inmates and once on the demo (Lapas Purwokerto, whose inmates make the brooms CV. Pusat
Handicraft collects)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.models import User
from karya.inmates.models import Inmate
from karya.portal.tests.conftest import url
from karya.programs.tests.test_documents_support import capture_html

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/portal-mitra/[^"#?]*)')


def crawl(client: Client) -> dict[str, str]:
    """Every portal page reachable from the start page: {path: html}."""
    seen: dict[str, str] = {}
    todo = [url("dashboard")]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        response = client.get(path)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith("text/html"):
            seen[path] = ""
            continue
        seen[path] = response.text
        todo += [link for link in LINK.findall(response.text) if link not in seen]
    return seen


def leaks(pages: dict[str, str], inmates) -> list[str]:
    found = []
    for path, text in pages.items():
        for inmate in inmates:
            for secret in (inmate.name, inmate.registration_number):
                if secret and secret in text:
                    found.append(f"{secret} on {path}")
        if "<img" in text:
            found.append(f"a picture on {path}")
    return found


def test_no_inmate_on_any_portal_page(login, partner_user, ours, inmates, monkeypatch):
    documents = capture_html(monkeypatch, fake_pdf=True)
    pages = crawl(login(partner_user))
    assert len(pages) >= 10  # the start page, the lists, each record of the partner, the BAST
    assert documents, "the BAST was not laid out"
    assert not leaks(pages, inmates)
    assert not leaks({f"PDF {n}": html for n, html in enumerate(documents)}, inmates)


@pytest.mark.parametrize(
    ("username", "unit", "agreement", "expected"),
    [
        (
            "mitra.handicraft",
            "LPPWT",
            "Produksi dan pemasaran sapu lidi",
            {"handover-list": "BAST/LPPWT/2026/01/", "invoice-list": "INV/LPPWT/2026/01/"},
        ),
        (
            "mitra.acun",
            "LPPKP",
            "Promosi dan pemasaran perangkap tikus",
            {"stock": "Perangkap tikus", "settlement-list": "SK/LPPKP/", "invoice-list": "INV/"},
        ),
    ],
)
def test_no_inmate_on_the_demo_partners_portals(username, unit, agreement, expected, monkeypatch):
    """The demo's partner users see their own agreement (CV. Pusat Handicraft also its pick-up
    of 31 January 2026 with the BAST and the invoice; Toko Acun the goods it holds, its
    settlement and its invoice), and no inmate of their unit, whose inmates make what the
    partner collects or sells."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    client = Client()
    client.force_login(User.objects.get(username=username))
    with scopes_disabled():
        inmates = list(Inmate.objects.filter(facility__code=unit))
    assert len(inmates) > 10
    documents = capture_html(monkeypatch, fake_pdf=True)
    pages = crawl(client)
    assert {urlsplit(p).path for p in pages} >= {url("dashboard"), url("agreement-list")}
    assert agreement.lower() in pages[url("agreement-list")].lower()
    assert any("/kerja-sama/" in p and p != url("agreement-list") for p in pages)
    for page, text in expected.items():
        assert text in pages[url(page)], page
    assert not leaks(pages, inmates)
    assert not leaks({f"PDF {n}": html for n, html in enumerate(documents)}, inmates)
