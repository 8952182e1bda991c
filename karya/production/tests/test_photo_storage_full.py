"""A full upload directory: saving a photo fails with ENOSPC. The officer sees a clear message
next to the photo field, and nothing is written — no half file, no photo row, no audit row.
The other photo services (visits, handovers, news events) store through the same
karya.core.images.store_image and are checked here as well."""

import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.backup import storage_files
from karya.core.errors import DomainError
from karya.core.images import clean_image, store_image
from karya.production.models import ProductPhoto
from karya.production.tests.conftest import jpeg_bytes

pytestmark = pytest.mark.django_db

FULL = "Foto tidak dapat disimpan: penyimpanan server penuh."


@pytest.fixture
def disk_full(monkeypatch):
    """The disk fills up half-way through writing the file (a part of it is on disk)."""

    def save(self, name, content):
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def test_a_full_disk_shows_a_message_at_the_photo_field_and_writes_nothing(
    login, output_officer, facility, product, disk_full
):
    with scopes_disabled():
        audit_rows = AuditEntry.objects.count()
    response = login(output_officer).post(
        reverse("production:product-photo-add", args=[facility.code, product.pk]),
        {"image": SimpleUploadedFile("sapu.jpg", jpeg_bytes(), content_type="image/jpeg")},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert FULL in " ".join(form.errors["image"])
    assert FULL in response.content.decode()
    with scopes_disabled():
        assert not ProductPhoto.objects.exists()
        assert AuditEntry.objects.count() == audit_rows
    assert storage_files(default_storage) == []  # the half-written file was removed


def test_any_other_write_error_is_a_clear_message_too(facility, product, monkeypatch):
    def save(self, name, content):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    photo = ProductPhoto(facility=facility, product=product, width=1, height=1, position=0)
    clean = clean_image(SimpleUploadedFile("a.jpg", jpeg_bytes()), max_bytes=10**6)
    with scope(facility=[facility.pk]), pytest.raises(DomainError) as refused:
        store_image(photo.image, clean)
    assert refused.value.field == "image" and refused.value.code == "storage_failed"
    assert "tidak dapat disimpan di server" in refused.value.message
    assert not photo.image and storage_files(default_storage) == []
