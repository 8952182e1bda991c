"""Signed scans of an agreement: PDF, JPEG or PNG by their first bytes, size-limited, stored
under a random name."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.partners.models import AgreementDocument
from karya.partners.services.agreement_terms import agreement_document_add
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _image(fmt: str) -> bytes:
    """A real (tiny) picture: scans are re-encoded, so magic bytes alone are not enough."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, fmt)
    return buffer.getvalue()


JPEG = _image("JPEG")
PNG = _image("PNG")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.KARYA_DOCUMENT_MAX_BYTES = 1024
    return tmp_path


@pytest.fixture
def agreement(facility, officer, head):
    with scope(facility=[facility.pk]):
        yield make_agreement(make_partner(facility, officer), officer, head, "PKS")


def add(agreement, actor, name, content, title="PKS bertanda tangan"):
    return agreement_document_add(
        actor=actor, agreement=agreement, title=title, upload=SimpleUploadedFile(name, content)
    )


@pytest.mark.parametrize(
    "name, content, content_type, extension",
    [
        ("pks.pdf", PDF, "application/pdf", "pdf"),
        ("scan.jpeg", JPEG, "image/jpeg", "jpg"),
        ("scan.PNG", PNG, "image/png", "png"),
        ("scan-without-extension", PDF, "application/pdf", "pdf"),
        ("a-pdf-named-as-image.png", PDF, "application/pdf", "pdf"),
    ],
)
def test_accepted_by_their_first_bytes(
    agreement, officer, media, name, content, content_type, extension
):
    document = add(agreement, officer, name, content)
    document = AgreementDocument.objects.get(pk=document.pk)
    assert document.content_type == content_type
    assert document.uploaded_by == officer
    stored = media / document.file.name
    if content_type == "application/pdf":
        assert stored.read_bytes() == content and document.size == len(content)
    else:  # pictures are re-encoded without their metadata (a phone scan can carry GPS)
        assert Image.open(stored).format == {"image/jpeg": "JPEG", "image/png": "PNG"}[content_type]
        assert document.size == stored.stat().st_size
    assert stored.suffix == f".{extension}"
    assert document.file.name.startswith(f"agreements/{agreement.facility.code}/")
    assert stored.stem not in name and len(stored.stem) == 32  # random, not the uploaded name
    assert AuditEntry.objects.for_object(document).get().action == "create"


def test_a_hostile_name_is_not_used(agreement, officer, media):
    document = add(agreement, officer, "../../etc/passwd.pdf", PDF)
    assert ".." not in document.file.name and "passwd" not in document.file.name
    assert (media / document.file.name).is_file()


@pytest.mark.parametrize(
    "name, content",
    [
        ("surat.pdf", b"Ini hanya teks, bukan PDF.\n"),
        ("foto.jpg", b"GIF89a" + b"\x00" * 20),
        ("kosong.pdf", b""),
        ("skrip.png", b"<svg onload=alert(1)>"),
    ],
    ids=["text named .pdf", "gif named .jpg", "empty", "svg named .png"],
)
def test_other_content_is_refused(agreement, officer, media, name, content):
    with pytest.raises(DomainError) as error:
        add(agreement, officer, name, content)
    assert error.value.field == "file"
    assert error.value.message == "Unggah berkas PDF, JPEG atau PNG."
    assert not AgreementDocument.objects.exists()
    assert not any(media.rglob("*.*"))


def test_an_oversized_file_is_refused(agreement, officer, media, settings):
    settings.KARYA_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024
    with pytest.raises(DomainError) as error:
        add(agreement, officer, "besar.pdf", PDF + b"\x00" * (2 * 1024 * 1024))
    assert error.value.field == "file" and "2 MB" in error.value.message
    assert not AgreementDocument.objects.exists() and not any(media.rglob("*.*"))


def test_the_limit_itself_is_allowed(agreement, officer):
    document = add(agreement, officer, "pas.pdf", PDF + b"\x00" * (1024 - len(PDF)))
    assert document.size == 1024
