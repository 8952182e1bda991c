"""The whole guide as one PDF: every chapter the reader may read, with its title, built once
and then served from the cache."""

import shutil
import subprocess

import pytest
from django.urls import reverse

from karya.handbook import chapters

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed by this test"
    path = tmp_path / "guide.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_guide_pdf_has_every_chapter(make_user, facility, login, tmp_path):
    client = login(make_user("officer", facility=facility))
    response = client.get(reverse("handbook:pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "buku-panduan-karya.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content, tmp_path)
    assert "Buku Panduan Pengguna Karya" in text
    for chapter in chapters.chapters():
        assert chapter.title in text, chapter.slug
    assert "Simpan hari ini" in text

    again = client.get(reverse("handbook:pdf"))  # served from the cache: the same bytes
    assert again.content == response.content


def test_an_unreadable_picture_gives_a_message_not_an_error(
    make_user, facility, login, monkeypatch, tmp_path
):
    """A picture being rewritten (or broken) while the PDF is built: the reader is told to try
    again; nothing half-built is cached."""
    broken = tmp_path / "gambar"
    broken.mkdir()
    for image in {i for chapter in chapters.chapters() for i in chapter.images}:
        (broken / image).write_bytes(b"RIFF....WEBP")
    monkeypatch.setattr(chapters, "image_dir", lambda: broken)
    client = login(make_user("officer", facility=facility))
    response = client.get(reverse("handbook:pdf"))
    assert response.status_code == 503
    assert "tidak dapat dibuat" in response.content.decode()
