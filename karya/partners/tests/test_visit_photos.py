"""Photos of a visit: pictures only, stripped of GPS, shown only inside the unit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from karya.partners.models import VisitPhoto
from karya.partners.tests.conftest import image_bytes, url

pytestmark = pytest.mark.django_db


def upload(client, facility, visit, content, name="foto.jpg"):
    return client.post(
        url("visit-photo-add", facility, visit.pk),
        {"image": SimpleUploadedFile(name, content), "caption": "Tikar pandan"},
    )


def test_a_photo_is_stored_without_gps_and_shown_on_the_visit(
    login, officer, facility, ours, media_root
):
    client = login(officer)
    response = upload(client, facility, ours.visit, image_bytes("JPEG", gps=True))
    assert response.status_code == 302
    with scopes_disabled():
        photo = VisitPhoto.objects.get(visit=ours.visit)
    stored = Image.open(media_root / photo.image.name)
    assert not stored.getexif()
    assert "foto" not in photo.image.name
    page = client.get(url("visit-detail", facility, ours.visit.pk))
    photo_url = url("visit-photo", facility, ours.visit.pk, photo.pk)
    assert photo_url in page.text and "Tikar pandan" in page.text
    served = client.get(photo_url)
    assert served.status_code == 200
    assert Image.open(io.BytesIO(b"".join(served.streaming_content))).format == "JPEG"


def test_a_file_that_is_not_a_picture_is_refused(login, officer, facility, ours):
    response = upload(login(officer), facility, ours.visit, b"bukan gambar", name="x.jpg")
    assert response.status_code == 302
    with scopes_disabled():
        assert not VisitPhoto.objects.exists()


def test_who_may_see_and_add(
    login, client, make_user, facility, ours, theirs, other_facility, officer
):
    upload(login(officer), facility, ours.visit, image_bytes("PNG"))
    with scopes_disabled():
        photo = VisitPhoto.objects.get()
    photo_url = url("visit-photo", facility, ours.visit.pk, photo.pk)
    assert client.get(photo_url).status_code == 302  # anonymous → login
    stranger = login(make_user("officer", facility=other_facility))
    assert stranger.get(photo_url).status_code == 404
    # Their own unit's URL does not reach another unit's visit either.
    assert (
        stranger.get(url("visit-photo", other_facility, ours.visit.pk, photo.pk)).status_code == 404
    )
    guard = login(make_user("security", facility=facility))
    assert guard.get(photo_url).status_code == 403
    treasurer = login(make_user("treasurer", facility=facility))
    assert treasurer.get(photo_url).status_code == 200
    assert upload(treasurer, facility, ours.visit, image_bytes("PNG")).status_code == 403
    with scopes_disabled():
        assert VisitPhoto.objects.count() == 1
