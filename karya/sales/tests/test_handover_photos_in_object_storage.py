"""With the media in object storage, a pick-up's photos are stored in the bucket, served from
it, and removed from it when the photo is removed from the draft."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.partners.tests.conftest import PNG_BYTES
from karya.sales.models import HandoverPhoto
from karya.tests.object_storage import media_in_bucket

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"sales:{name}", args=[facility.code, *args])


def test_a_pick_up_photo_lives_in_the_bucket(
    login, output_officer, facility, make_draft, django_capture_on_commit_callbacks
):
    client = login(output_officer)
    draft = make_draft()
    with media_in_bucket() as bucket:
        upload = SimpleUploadedFile("foto.png", PNG_BYTES, content_type="image/png")
        response = client.post(
            url("handover-photo-add", facility, draft.pk), {"image": upload, "caption": "Muat"}
        )
        assert response.status_code == 302
        with scopes_disabled():
            photo = HandoverPhoto.objects.get()
        key = f"karya/{photo.image.name}"
        assert bucket.names() == [key]
        served = client.get(url("handover-photo", facility, draft.pk, photo.pk))
        assert served.status_code == 200
        assert b"".join(served.streaming_content) == bucket.read(key)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("handover-photo-remove", facility, draft.pk, photo.pk))
        assert bucket.names() == []
