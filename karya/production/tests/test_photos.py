"""Product photos: only real images are kept, re-encoded without EXIF (no GPS position),
upright, limited in size, under a random name; oversized and fake files are refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django_scopes import scopes_disabled
from PIL import Image

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.core.images import MAX_SIDE, clean_image
from karya.production.models import ProductPhoto
from karya.production.services import product_photo_add, product_photo_remove
from karya.production.services.photos import PHOTO_LIMIT
from karya.production.tests.conftest import gps_exif, jpeg_bytes, make_photo

pytestmark = pytest.mark.django_db


def add_url(facility, product):
    return reverse("production:product-photo-add", args=[facility.code, product.pk])


def upload(client, facility, product, name, content, content_type="image/jpeg"):
    return client.post(
        add_url(facility, product),
        {"image": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def photos_of(product):
    with scopes_disabled():
        return list(ProductPhoto.objects.filter(product=product))


def test_a_photo_with_gps_is_stored_without_any_exif(
    login, output_officer, facility, product, media
):
    original = jpeg_bytes(size=(300, 200), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS is really there
    response = upload(login(output_officer), facility, product, "IMG_20260131_0940.jpg", original)
    assert response.status_code == 302
    [photo] = photos_of(product)
    stored = media / photo.image.name
    with Image.open(stored) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert not image.getexif().get_ifd(0x8825)
        assert "exif" not in image.info and "xmp" not in image.info
        assert image.size == (300, 200) == (photo.width, photo.height)
    assert b"KameraUji" not in stored.read_bytes()


def test_the_stored_name_is_random_and_under_the_units_folder(
    login, output_officer, facility, product, media
):
    client = login(output_officer)
    upload(client, facility, product, "../../etc/passwd kue.jpg", jpeg_bytes())
    upload(client, facility, product, "../../etc/passwd kue.jpg", jpeg_bytes())
    first, second = photos_of(product)
    for photo in (first, second):
        assert photo.image.name.startswith("products/lppwt/")
        assert "passwd" not in photo.image.name and "kue" not in photo.image.name
        assert photo.image.name.endswith(".jpg")
        assert (media / photo.image.name).is_file()
    assert first.image.name != second.image.name
    assert (first.position, second.position) == (0, 1)
    assert sorted(p.name for p in (media / "products" / "lppwt").iterdir()) == sorted(
        p.image.name.rsplit("/", 1)[1] for p in (first, second)
    )


def test_a_text_file_renamed_jpg_is_refused(login, output_officer, facility, product, media):
    response = upload(
        login(output_officer), facility, product, "foto.jpg", b"bukan gambar, hanya teks\n" * 20
    )
    assert response.status_code == 200
    assert "Berkas ini bukan foto yang dapat dibaca Karya" in response.text
    assert photos_of(product) == []
    assert not (media / "products").exists()


def test_an_oversized_file_is_refused(login, output_officer, facility, product, media):
    with override_settings(KARYA_PHOTO_MAX_BYTES=2000):
        big = jpeg_bytes(size=(400, 400), quality=100)
        assert len(big) > 2000
        response = upload(login(output_officer), facility, product, "besar.jpg", big)
    assert response.status_code == 200
    assert "Foto terlalu besar" in response.text
    assert photos_of(product) == []


def test_the_exif_orientation_is_applied_before_the_metadata_goes(in_scope, facility, product):
    data = jpeg_bytes(size=(80, 40), exif=gps_exif(orientation=6))  # "rotate 90° to view"
    clean = clean_image(SimpleUploadedFile("a.jpg", data), max_bytes=10**6)
    assert (clean.width, clean.height) == (40, 80)
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.size == (40, 80) and len(image.getexif()) == 0


def test_a_large_photo_is_shrunk_to_the_longest_side():
    data = jpeg_bytes(size=(MAX_SIDE * 2, MAX_SIDE))
    clean = clean_image(SimpleUploadedFile("a.jpg", data), max_bytes=10**7)
    assert (clean.width, clean.height) == (MAX_SIDE, MAX_SIDE // 2)


def test_a_transparent_png_stays_a_png_without_its_text_chunks():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Blok A kamar 3")
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 0, 0, 0)).save(out, format="PNG", pnginfo=info)
    clean = clean_image(SimpleUploadedFile("a.png", out.getvalue()), max_bytes=10**6)
    assert clean.extension == "png" and clean.content_type == "image/png"
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.mode == "RGBA" and "Comment" not in image.info
    assert b"Blok A" not in clean.content


def test_a_decompression_bomb_is_refused():
    """A tiny file that claims a huge picture is refused before it is decoded."""
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")
    data = out.getvalue()
    assert len(data) < 100_000
    with pytest.raises(DomainError) as caught:
        clean_image(SimpleUploadedFile("bom.png", data), max_bytes=10**6)
    assert caught.value.code == "not_an_image"


@pytest.mark.parametrize(
    "content",
    [b"", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", jpeg_bytes()[:200]],
    ids=["empty", "gif", "truncated jpeg"],
)
def test_other_files_are_refused(content):
    with pytest.raises(DomainError) as caught:
        clean_image(SimpleUploadedFile("x.jpg", content), max_bytes=10**6)
    assert caught.value.code == "not_an_image" and caught.value.field == "image"


def test_a_product_has_at_most_ten_photos(in_scope, output_officer, product, media):
    for i in range(PHOTO_LIMIT):
        make_photo(product, name=f"products/lppwt/{i}.jpg", position=i)
    with pytest.raises(DomainError) as caught:
        product_photo_add(
            actor=output_officer, product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes())
        )
    assert caught.value.code == "too_many_photos"
    assert len(photos_of(product)) == PHOTO_LIMIT


def test_remove_a_photo_deletes_its_file_after_commit(
    login, output_officer, facility, product, media, django_capture_on_commit_callbacks
):
    client = login(output_officer)
    upload(client, facility, product, "a.jpg", jpeg_bytes())
    [photo] = photos_of(product)
    stored = media / photo.image.name
    path = reverse("production:product-photo-remove", args=[facility.code, product.pk, photo.pk])
    assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path)
    assert response.status_code == 302
    assert photos_of(product) == [] and not stored.exists()
    entry = AuditEntry.objects.filter(action="delete").get()
    assert entry.object_id == str(photo.pk) and entry.facility_id == facility.pk


def test_the_photo_file_is_served_to_readers_only(
    login, output_officer, make_user, facility, other_facility, product, media
):
    upload(login(output_officer), facility, product, "a.jpg", jpeg_bytes())
    [photo] = photos_of(product)
    path = reverse("production:product-photo", args=[facility.code, product.pk, photo.pk])
    response = login(make_user("treasurer", facility=facility)).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")
    assert login(make_user("pr", facility=facility)).get(path).status_code == 403
    stranger = login(make_user("head", facility=other_facility))
    assert stranger.get(path).status_code == 404
    own = reverse("production:product-photo", args=[other_facility.code, product.pk, photo.pk])
    assert stranger.get(own).status_code == 404


def test_photo_services_write_audit_rows(in_scope, output_officer, product, media):
    photo = product_photo_add(
        actor=output_officer, product=product, upload=SimpleUploadedFile("a.jpg", jpeg_bytes())
    )
    product_photo_remove(actor=output_officer, photo=photo)
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["create", "delete"]
