"""Product photos in sizes fit for phones: each stored photo (already cleaned of its metadata
on upload, karya/core/images.py) is resized with Pillow to a few fixed widths the first time
one is asked for, and the result is kept in the media storage next to the others
(`public/<width>/<original path>.jpg`), so it is made once."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

WIDTHS = (320, 640, 1024)
CARD_WIDTH = 320
PAGE_WIDTH = 640
JPEG_QUALITY = 80


def resized_name(name: str, width: int) -> str:
    stem = name.rsplit(".", 1)[0]
    return f"public/{width}/{stem}.jpg"


def _flatten(image: Image.Image) -> Image.Image:
    """A JPEG has no transparency: lay a transparent picture on white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def resized(name: str, width: int) -> str:
    """The stored name of photo `name` at `width` pixels wide (never wider than the original),
    made now when it does not exist yet."""
    if width not in WIDTHS:
        raise ValueError(f"Unknown photo width {width}")
    target = resized_name(name, width)
    if default_storage.exists(target):
        return target
    with default_storage.open(name, "rb") as handle:
        image = Image.open(handle)
        image.load()
    image = _flatten(image)
    if image.width > width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    if default_storage.exists(target):  # made meanwhile by another request
        return target
    saved = default_storage.save(target, ContentFile(out.getvalue()))
    return saved
