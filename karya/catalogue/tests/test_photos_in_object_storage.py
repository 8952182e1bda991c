"""With the media in object storage, the public catalogue's phone-sized photos are made from
the photo in the bucket, kept in the bucket, and served from it."""

import io

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from karya.catalogue.photos import resized_name
from karya.tests.object_storage import media_in_bucket

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket():
    with media_in_bucket() as bucket:
        yield bucket


def test_a_phone_sized_photo_is_made_in_the_bucket_and_served_from_it(bucket, client, world):
    with scopes_disabled():
        photo = world.broom.photos.get()
    assert f"karya/{photo.image.name}" in bucket.names()
    response = client.get(reverse("catalogue:photo", args=[photo.pk, 320]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(content)).size == (320, 240)
    made = f"karya/{resized_name(photo.image.name, 320)}"
    assert made in bucket.names() and bucket.read(made) == content
    # Asked again, it is served from the bucket as it was made.
    again = client.get(reverse("catalogue:photo", args=[photo.pk, 320]))
    assert b"".join(again.streaming_content) == content
