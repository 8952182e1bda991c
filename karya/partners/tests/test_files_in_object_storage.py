"""With KARYA_MEDIA_S3_BUCKET set, a visit's photos and an agreement's signed scans are stored
in the bucket and served from it by the same permission-checked pages; nothing is written to
the machine's disk."""

import io

import pytest
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image
from storages.backends.s3 import S3Storage

from karya.partners.models import AgreementDocument, VisitPhoto
from karya.partners.tests.conftest import PNG_BYTES, image_bytes, url
from karya.tests.object_storage import media_in_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket():
    with media_in_bucket() as bucket:
        yield bucket


def test_the_default_storage_is_the_bucket(bucket):
    assert isinstance(storages["default"], S3Storage)
    assert default_storage.bucket_name == "karya-media"
    assert default_storage.location == "karya"


def test_a_visit_photo_is_stored_in_the_bucket_and_served_from_it(
    bucket, login, officer, facility, ours, media_root
):
    client = login(officer)
    response = client.post(
        url("visit-photo-add", facility, ours.visit.pk),
        {"image": SimpleUploadedFile("foto.jpg", image_bytes("JPEG", gps=True)), "caption": "x"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        photo = VisitPhoto.objects.get(visit=ours.visit)
    assert f"karya/{photo.image.name}" in bucket.names()
    stored = Image.open(io.BytesIO(bucket.read(f"karya/{photo.image.name}")))
    assert not stored.getexif()  # cleaned before it was stored
    served = client.get(url("visit-photo", facility, ours.visit.pk, photo.pk))
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == bucket.read(f"karya/{photo.image.name}")
    # Nothing on the disk: neither the photo nor the partner's documents made with the fixture.
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_a_signed_scan_is_stored_in_the_bucket_and_downloaded_from_it(
    login, officer, make_user, facility, ours, bucket
):
    response = login(officer).post(
        url("agreement-document-add", facility, ours.agreement.pk),
        {"title": "PKS ditandatangani", "file": SimpleUploadedFile("pks.png", PNG_BYTES)},
    )
    assert response.status_code == 302
    with scopes_disabled():
        document = AgreementDocument.objects.get(title="PKS ditandatangani")
    key = f"karya/{document.file.name}"
    assert key in bucket.names()
    reader = login(make_user("treasurer", facility=facility))
    link = url("agreement-document", facility, ours.agreement.pk, document.pk)
    response = reader.get(link)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content == bucket.read(key) and content.startswith(b"\x89PNG")
    assert int(response["Content-Length"]) == len(content)


def test_a_file_missing_from_the_bucket_answers_404(login, officer, facility, ours, bucket):
    client = login(officer)
    client.post(
        url("visit-photo-add", facility, ours.visit.pk),
        {"image": SimpleUploadedFile("foto.png", image_bytes("PNG")), "caption": "x"},
    )
    with scopes_disabled():
        photo = VisitPhoto.objects.get(visit=ours.visit)
    bucket.client.delete_object(Bucket=bucket.name, Key=f"karya/{photo.image.name}")
    assert client.get(url("visit-photo", facility, ours.visit.pk, photo.pk)).status_code == 404
