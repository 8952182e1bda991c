"""Uploaded photos made safe to keep (DESIGN.md §5: images only, size-limited, metadata
stripped — photos are taken inside a prison).

`clean_image(upload, max_bytes=...)` refuses what is too large or not a photo (a text file
renamed .jpg, a decompression bomb, a format we do not decode), turns the picture upright
according to its EXIF orientation, shrinks it so that its longest side is at most
`MAX_SIDE` pixels, and encodes it afresh — JPEG, or PNG when it has transparency — without
any EXIF (GPS, camera, time), XMP, ICC profile or comment. Callers store the result under a
name of their own choosing, never the uploaded one.
"""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from karya.core.errors import DomainError

logger = logging.getLogger(__name__)

MAX_SIDE = 1600  # pixels: enough for a catalogue page, small enough to serve quickly
MAX_PIXELS = 50_000_000  # a 50-megapixel photo is the most a phone takes; more is refused
# Decoders we accept. The JPEG decoder also reads MPO, the JPEG variant many phones write.
FORMATS = ("JPEG", "PNG", "WEBP")
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    extension: str  # "jpg" or "png"
    content_type: str
    width: int
    height: int


def _not_an_image(field: str) -> DomainError:
    return DomainError(
        _("The file is not a photo Karya can read; upload a JPEG, PNG or WebP image."),
        code="not_an_image",
        field=field,
    )


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA"):
        return True
    return image.mode == "P" and "transparency" in image.info


def clean_image(
    upload, *, max_bytes: int, max_side: int = MAX_SIDE, field: str = "image"
) -> CleanImage:
    """The upload as a fresh, metadata-free JPEG or PNG, or DomainError (nothing is kept).

    `upload` is a file-like object with a `size` (Django's UploadedFile); it is read once.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    if size > max_bytes:
        raise DomainError(
            _("The photo is too large (%(size)s); the largest photo accepted is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
            field=field,
        )
    if size == 0:
        raise _not_an_image(field)
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:  # the size announced was not the size sent
        raise DomainError(
            _("The photo is too large; the largest photo accepted is %(max)s.")
            % {"max": filesizeformat(max_bytes)},
            code="too_large",
            field=field,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            width, height = image.size  # read from the header, before decoding anything
            if width < 1 or height < 1 or width * height > MAX_PIXELS:
                raise _not_an_image(field)
            image.load()
            image = ImageOps.exif_transpose(image)
            transparent = _has_transparency(image)
            image = image.convert("RGBA" if transparent else "RGB")
    except DomainError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise _not_an_image(field) from exc

    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    image.info = {}  # nothing of the original travels on: no EXIF, XMP, ICC or comment
    out = io.BytesIO()
    if transparent:
        image.save(out, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    return CleanImage(
        content=out.getvalue(),
        extension=extension,
        content_type=content_type,
        width=image.width,
        height=image.height,
    )


# Disk or quota full: the server cannot take the file (nothing the user can fix by retrying).
STORAGE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})


def store_image(file: FieldFile, clean: CleanImage, *, field: str = "image") -> None:
    """Store `clean` through `file`'s storage under the name its field makes (random), and
    point `file` at it; the model row is not saved. A storage that cannot take the file (disk
    or quota full, or another write error) raises DomainError on `field`, and whatever part
    of the file was written is removed: nothing is left behind."""
    name = file.field.generate_filename(file.instance, f"photo.{clean.extension}")
    storage = file.storage
    name = storage.get_available_name(name, max_length=file.field.max_length)
    try:
        stored = storage.save(name, ContentFile(clean.content), max_length=file.field.max_length)
    except OSError as exc:
        with contextlib.suppress(OSError):
            if storage.exists(name):
                storage.delete(name)
        logger.error("Storing an uploaded photo failed: %s", exc)
        if exc.errno in STORAGE_FULL:
            message = _(
                "The photo could not be saved: the server's storage is full. Nothing was "
                "saved; tell the administrator."
            )
        else:
            message = _(
                "The photo could not be saved on the server. Nothing was saved; try again, "
                "and tell the administrator if it keeps failing."
            )
        raise DomainError(message, code="storage_failed", field=field) from exc
    setattr(file.instance, file.field.attname, stored)
