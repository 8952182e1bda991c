"""Uploads through the API: product photos, agreement documents and visit photos."""

import io

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from PIL import Image

from karya.accounts.services import api_token_create
from karya.api.tests.openapi_check import check_response
from karya.partners.models import AgreementDocument, VisitPhoto
from karya.partners.tests.conftest import image_bytes, make_set
from karya.production.models import ProductPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def post(openapi_doc, user, path, files):
    headers = {}
    if user is not None:
        _token, raw = api_token_create(actor=user, name="test")
        headers["Authorization"] = f"Bearer {raw}"
    url = f"/api/v1{path}"
    response = Client().post(url, files, headers=headers)
    check_response(openapi_doc, "POST", url, response)
    return response


def jpeg(gps=True):
    return io.BytesIO(image_bytes("JPEG", gps=gps))


@pytest.fixture
def ours(facility, officer):
    return make_set(facility, officer)


def test_uploads_are_cleaned_and_recorded(openapi_doc, officer, facility, ours, media_root):
    code = facility.code
    photo = post(
        openapi_doc,
        officer,
        f"/facilities/{code}/products/{ours.product.pk}/photos",
        {"image": jpeg()},
    )
    assert photo.status_code == 201
    document = post(
        openapi_doc,
        officer,
        f"/facilities/{code}/agreements/{ours.agreement.pk}/documents",
        {"file": io.BytesIO(b"%PDF-1.7\n%%EOF\n"), "title": "PKS bertanda tangan"},
    )
    assert document.status_code == 201 and document.json()["content_type"] == "application/pdf"
    visit = post(
        openapi_doc,
        officer,
        f"/facilities/{code}/visits/{ours.visit.pk}/photos",
        {"image": jpeg(), "caption": "Monitoring tikar pandan"},
    )
    assert visit.status_code == 201
    with scopes_disabled():
        stored = [ProductPhoto.objects.get().image.name, VisitPhoto.objects.get().image.name]
        assert AgreementDocument.objects.filter(title="PKS bertanda tangan").exists()
    for name in stored:
        assert not Image.open(media_root / name).getexif()


def test_not_a_picture_is_a_400(openapi_doc, officer, facility, ours):
    response = post(
        openapi_doc,
        officer,
        f"/facilities/{facility.code}/visits/{ours.visit.pk}/photos",
        {"image": io.BytesIO(b"bukan gambar")},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not VisitPhoto.objects.exists()


def test_permissions(openapi_doc, make_user, facility, other_facility, ours):
    path = f"/facilities/{facility.code}/visits/{ours.visit.pk}/photos"
    assert post(openapi_doc, None, path, {"image": jpeg()}).status_code == 401
    stranger = make_user("officer", facility=other_facility)
    assert post(openapi_doc, stranger, path, {"image": jpeg()}).status_code == 404
    assert (
        post(
            openapi_doc,
            stranger,
            f"/facilities/{other_facility.code}/visits/{ours.visit.pk}/photos",
            {"image": jpeg()},
        ).status_code
        == 404
    )
    treasurer = make_user("treasurer", facility=facility)
    assert post(openapi_doc, treasurer, path, {"image": jpeg()}).status_code == 403
    with scopes_disabled():
        assert not VisitPhoto.objects.exists()
