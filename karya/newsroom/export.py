"""A press release as files to send to the press: Word (.docx, python-docx) and plain text.
Text only: the event's photos (which may show inmates) never go into an export."""

from __future__ import annotations

import io

from django.utils.text import slugify
from docx import Document
from docx.shared import Pt

from karya.newsroom.models import PressRelease

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_stem(release: PressRelease) -> str:
    return (
        f"siaran-pers-{release.facility.code.lower()}-{slugify(release.title)[:60] or release.pk}"
    )


def as_text(release: PressRelease) -> str:
    return "\n\n".join([release.title, *release.paragraphs]) + "\n"


def as_docx(release: PressRelease) -> bytes:
    document = Document()
    document.core_properties.title = release.title
    document.core_properties.author = ""  # no personal data in the file's properties
    document.core_properties.comments = ""
    document.core_properties.last_modified_by = ""
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    document.add_heading(release.title, level=1)
    for paragraph in release.paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
