"""PDF rendering: a document is produced from an HTML template with local resources only,
a failure is one clear error (no partial output), and the download name is safe."""

from pathlib import Path

import pytest
import weasyprint.urls
from django.contrib.staticfiles import finders

from karya.core import documents
from karya.core.documents import DOCUMENT_BASE_URL, DocumentError, PdfResponse
from karya.facilities.models import Facility, Region

FACILITY = Facility(
    code="LPPWT",
    name="Lapas Kelas IIA Purwokerto",
    region=Region(code="jawa-tengah", name="Jawa Tengah"),
    city="Purwokerto",
)


def test_the_letterhead_renders_as_pdf_without_touching_the_network(monkeypatch):
    asked = []
    real_fetch = weasyprint.urls.URLFetcher.fetch

    def recording_fetch(self, url, headers=None):  # the parent, which could reach the network
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", recording_fetch)
    html = documents.render_html("documents/base.html", {"facility": FACILITY}).replace(
        "</body>",
        '<img src="https://example.com/tracker.png"><img src="/static/karya/favicon.svg"></body>',
    )
    pdf = documents.html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    assert asked == []  # the remote image was refused before any fetch
    assert "KANTOR WILAYAH DIREKTORAT JENDERAL PEMASYARAKATAN JAWA TENGAH" in html
    assert "LAPAS KELAS IIA PURWOKERTO" in html
    assert "DejaVu Sans" in html


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{DOCUMENT_BASE_URL}static/../../karya/settings.py",
        f"{DOCUMENT_BASE_URL}static/karya/does-not-exist.png",
        f"{DOCUMENT_BASE_URL}media/photo.jpg",
        "ftp://example.com/file",
    ],
)
def test_fetcher_refuses_anything_but_the_apps_static_files(url):
    with pytest.raises(ValueError):
        documents.local_url_fetcher().fetch(url)


def test_fetcher_serves_static_files_from_disk():
    response = documents.local_url_fetcher().fetch(f"{DOCUMENT_BASE_URL}static/karya/favicon.svg")
    assert response.read() == Path(finders.find("karya/favicon.svg")).read_bytes()
    assert response.content_type == "image/svg+xml"


def test_a_rendering_failure_is_one_clear_error(monkeypatch):
    import weasyprint

    def broken(*args, **kwargs):
        raise MemoryError("out of memory")

    monkeypatch.setattr(weasyprint, "HTML", broken)
    with pytest.raises(DocumentError) as caught:
        documents.render_pdf("documents/base.html", {"facility": FACILITY})
    assert caught.value.code == "document_failed"
    assert caught.value.status == 503
    assert "memory" not in caught.value.message


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Daftar kerja 2026-01-31", "daftar-kerja-2026-01-31.pdf"),
        ('../../etc/pa"ss\r\nwd', "etcpass-wd.pdf"),
        ("Catatan Keterampilan Ñoño Sänger.pdf", "catatan-keterampilan-nono-sanger.pdf"),
        ("", "dokumen.pdf"),
        ("///", "dokumen.pdf"),
    ],
)
def test_pdf_response_has_a_safe_filename(name, expected):
    response = PdfResponse(b"%PDF-1.7", filename=name)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{expected}"'
    assert response["Cache-Control"] == "private, no-store"
    download = PdfResponse(b"%PDF-1.7", filename=name, as_attachment=True)
    assert download["Content-Disposition"].startswith("attachment;")
