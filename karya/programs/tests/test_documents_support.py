"""Helpers for the document tests (no tests here): rows of the work programme, and reading
the text of a produced document.

`document_text` reads the PDF itself with poppler's `pdftotext` when the machine has it, and
otherwise the HTML WeasyPrint laid out (caught by `capture_html`); the same assertions hold
either way, so the tests never skip.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
import shutil
import subprocess

from django_scopes import scopes_disabled

from karya.core import documents
from karya.production.models import Product
from karya.programs.models import Allocation, Workshop


def capture_html(monkeypatch, *, fake_pdf: bool = False) -> list[str]:
    """Record every HTML document laid out as PDF. With `fake_pdf`, skip WeasyPrint (fast) and
    answer a stand-in PDF: for tests about what the document says, not how it is drawn."""
    captured: list[str] = []
    real = documents.html_to_pdf

    def spy(html: str) -> bytes:
        captured.append(html)
        return b"%PDF-1.7 stand-in" if fake_pdf else real(html)

    monkeypatch.setattr(documents, "html_to_pdf", spy)
    return captured


def document_text(pdf: bytes, html: str) -> str:
    """The words of a document, whitespace collapsed."""
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") and not pdf.startswith(b"%PDF-1.7 stand-in"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
    else:
        body = re.sub(r"<(style|title|head)\b.*?</\1>", " ", html, flags=re.S | re.I)
        text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    return " ".join(text.split())


def make_workshop(facility, name, **fields) -> Workshop:
    values = {"sector": "batik", "capacity": 20, "working_days": [0, 1, 2, 3, 4]}
    values.update(fields)
    with scopes_disabled():
        return Workshop.objects.create(facility=facility, name=name, **values)


def make_product(facility, name, unit="buah", category="kerajinan") -> Product:
    with scopes_disabled():
        return Product.objects.create(
            facility=facility, name=name, category=category, unit_of_measure=unit
        )


def allocate(inmate, workshop, *, session="pagi", status="ACTIVE", start=None, end=None):
    fields = {}
    if status == "ENDED":
        fields = {"end_date": end, "end_reason": "selesai"}
    elif end:
        fields = {"end_date": end}
    with scopes_disabled():
        return Allocation.objects.create(
            facility=inmate.facility,
            workshop=workshop,
            inmate=inmate,
            session=session,
            status=status,
            start_date=start or dt.date(2026, 1, 5),
            **fields,
        )
