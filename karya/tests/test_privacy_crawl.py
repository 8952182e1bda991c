"""No inmate of the demo shows outside the walls: a crawl of everything an outsider can read,
built from the demo data (`karya load-demo`, loaded once for the module), finds no inmate's name
and no registration number.

What an outsider reads:
- the public site: every page linked from the start page, the catalogue, the news and the
  sitemap (products, units, traceability pages of lots, published releases), and the public API;
- the partner portal of each demo partner's user (CV. Pusat Handicraft at Lapas Purwokerto, Toko
  Acun Akuarium at Lapas Pangkalpinang): every page linked from its start page with the PDFs it
  links (BAST, invoices), and the partner API;
- every document the units hand to outsiders: each BAST, invoice, receipt, quotation, agreement
  summary, each press release (draft or published) as text and as Word file, and the monthly
  reports (PDF and XLSX) a unit sends to its Kanwil and to Ditjenpas.

PDF text is read with pdftotext, Word files with python-docx, spreadsheets with openpyxl. (An
inmate has no photo in Karya: the Inmate record holds none, so there is no picture to leak.)
"""

import io
import re
import subprocess
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

pytestmark = pytest.mark.django_db

PUBLIC = ("/katalog/", "/berita/", "/telusur/")
PUBLIC_START = ["/", "/katalog/", "/berita/", "/sitemap.xml", "/robots.txt"]
PUBLIC_API = ["/api/v1/public/products", "/api/v1/public/news"]
PARTNER_API = [
    "/api/v1/partner/agreements",
    "/api/v1/partner/consignment/stock",
    "/api/v1/partner/consignment/settlements",
]
LINK = re.compile(r'(?:href|src)="([^"]+)"|<loc>([^<]+)</loc>')


def text_of(response) -> str:
    """What a reader sees in the answer, whatever its kind."""
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/pdf"):
        return subprocess.run(  # noqa: S603 - a fixed program on bytes we made
            ["/usr/bin/pdftotext", "-layout", "-", "-"],
            input=body,
            capture_output=True,
            check=True,
        ).stdout.decode()
    if "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    if kind.startswith("image/"):
        return ""
    return body.decode()


def crawl(client: Client, start: list[str], prefixes: tuple[str, ...]) -> dict[str, str]:
    """{path: text} of every page under `prefixes` reachable from `start`."""
    seen: dict[str, str] = {}
    queue = list(start)
    while queue:
        path = queue.pop()
        if path in seen or len(seen) > 800:
            continue
        response = client.get(path, follow=True)
        assert response.status_code == 200, f"{path} → {response.status_code}"
        seen[path] = text = text_of(response)
        for groups in LINK.findall(text):
            link = unescape(groups[0] or groups[1])
            parts = urlsplit(link)
            if parts.netloc not in ("", "testserver"):
                continue
            found = parts.path + (f"?{parts.query}" if parts.query else "")
            if found.startswith(prefixes) and "/bahasa/" not in found and found not in seen:
                queue.append(found)
    return seen


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)


def _secrets() -> list[str]:
    from karya.inmates.models import Inmate

    with scopes_disabled():
        rows = list(Inmate.objects.values_list("name", "registration_number"))
    assert len(rows) > 50
    return sorted({value for row in rows for value in row if value})


def _leaks(pages: dict[str, str], secrets: list[str]) -> list[str]:
    return [
        f"{secret!r} in {path}"
        for path, text in pages.items()
        for secret in secrets
        if secret.casefold() in text.casefold()
    ]


def _staff_client(codes):
    """A user holding, in each unit named, the roles that print the unit's documents."""
    from karya.facilities.models import Facility
    from karya.tests.factories import UserFactory, grant

    user = UserFactory()
    for facility in Facility.objects.filter(code__in=codes):
        for role in ("head", "output_officer", "pr"):
            grant(user, role, facility=facility)
    client = Client()
    client.force_login(user)
    return client


def _outside_documents() -> list[str]:
    """The URL of every document a unit hands to outsiders in the demo."""
    from karya.facilities.models import Facility
    from karya.newsroom.models import PressRelease
    from karya.partners.models import Agreement
    from karya.sales.models import CustomerOrder, Handover, Invoice, Payment

    urls = []
    with scopes_disabled():
        for name, model in (
            ("sales:handover-pdf", Handover),
            ("sales:invoice-pdf", Invoice),
            ("sales:receipt-pdf", Payment),
            ("sales:order-quotation-pdf", CustomerOrder),
            ("partners:agreement-pdf", Agreement),
            ("newsroom:release-text", PressRelease),
            ("newsroom:release-docx", PressRelease),
        ):
            for pk, code in model.objects.values_list("pk", "facility__code"):
                urls.append(reverse(name, kwargs={"facility_code": code, "pk": pk}))
        for code in Facility.objects.filter(pk__in=Handover.objects.values("facility")).values_list(
            "code", flat=True
        ):
            for name in ("reports:unit-pdf", "reports:unit-xlsx"):
                urls.append(reverse(name, kwargs={"facility_code": code}))
    return urls


def test_no_public_page_names_an_inmate(demo, client):
    pages = crawl(client, PUBLIC_START, PUBLIC)
    for path in PUBLIC_API:
        pages[path] = client.get(path).content.decode()
    kinds = [r"^/katalog/LPPWT/\d+-", r"^/berita/LPPWT/\d+-", r"^/telusur/LPPWT/"]
    for kind in kinds:
        assert any(re.search(kind, path) for path in pages), f"the crawl reached no {kind}"
    assert not _leaks(pages, _secrets())


@pytest.mark.parametrize("username", ["mitra.handicraft", "mitra.acun"])
def test_no_portal_page_nor_partner_document_names_an_inmate(demo, username):
    from karya.accounts.models import User
    from karya.accounts.services import api_token_create

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    pages = crawl(client, ["/portal-mitra/"], ("/portal-mitra/",))
    assert len(pages) >= 8
    assert any(path.endswith(".pdf") or "/pdf/" in path for path in pages), "no PDF reached"
    _token, raw = api_token_create(actor=user, name="privasi")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    for path in PARTNER_API:
        response = api.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    assert not _leaks(pages, _secrets())


def test_no_document_for_outsiders_names_an_inmate(demo):
    urls = _outside_documents()
    codes = {url.split("/")[2] for url in urls}
    client = _staff_client(codes)
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = text_of(response)
    for kind in ("bast.pdf", "/kuitansi/", "/tagihan/", "ringkasan.pdf", "/docx/", ".xlsx"):
        assert any(kind in url for url in pages), f"the demo has no {kind}"
    assert all(pages.values()), [url for url, text in pages.items() if not text]
    assert not _leaks(pages, _secrets())
