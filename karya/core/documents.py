"""PDF documents from HTML templates, with WeasyPrint (DESIGN.md §4 "Documents").

`render_pdf(template_name, context)` renders a Django template (which extends
`documents/base.html`: A4, DejaVu Sans, the unit's letterhead) and returns the PDF as bytes.
Nothing is written to disk: a caller gets the whole document or a `DocumentError`.

Resources never come from the network. The HTML is laid out against a fixed, fictitious base
URL; `LocalURLFetcher` answers only for static files (found in the collected static folder or
by the static files finders) and `data:` URLs, and refuses everything else, so a template (or a
value typed by a user) that names a remote image cannot make the server fetch it. Fonts come
from the system's fontconfig (Debian's fonts-dejavu-core).
"""

from __future__ import annotations

import contextlib
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from karya.core.errors import DomainError

logger = logging.getLogger(__name__)

# The origin documents are laid out against. Never requested: the fetcher maps it to files.
DOCUMENT_BASE_URL = "http://karya.invalid/"


class DocumentError(DomainError):
    """A document could not be produced (nothing was written, nothing was sent)."""

    status = 503

    def __init__(self, message: str | None = None, *, code: str = "document_failed") -> None:
        super().__init__(
            message
            or _(
                "The document could not be produced. Nothing was saved; try again, and tell "
                "the administrator if it keeps failing."
            ),
            code=code,
        )


def _static_path(url: str) -> Path | None:
    """The file behind a static URL of the document base, or None."""
    parts = urlsplit(url)
    base = urlsplit(DOCUMENT_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        return None
    name = path[len(static_prefix) :]
    if not name or ".." in Path(name).parts:
        return None
    candidates = []
    with contextlib.suppress(NotImplementedError):  # a storage without local files
        candidates.append(Path(staticfiles_storage.path(name)))
    found = finders.find(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def _url_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalURLFetcher(URLFetcher):
        """Static files and data: URLs only; every other URL is refused (never fetched)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _static_path(url)
            if path is None:
                raise ValueError(f"Documents may use only the app's own static files: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, path.read_bytes(), headers={"Content-Type": content_type}
            )

    return LocalURLFetcher


def local_url_fetcher():
    """A WeasyPrint URL fetcher that never reaches the network."""
    return _url_fetcher_class()(allowed_protocols=("http", "data"), allow_redirects=False)


def render_html(template_name: str, context: dict, *, request=None) -> str:
    """The HTML a document is made from (also what the tests read when pdftotext is absent)."""
    return render_to_string(template_name, context, request=request)


def html_to_pdf(html: str) -> bytes:
    """Lay out `html` as PDF. Any failure becomes a DocumentError; no partial output."""
    try:
        from weasyprint import HTML

        return HTML(
            string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=local_url_fetcher()
        ).write_pdf()
    except DomainError:
        raise
    except Exception as exc:  # WeasyPrint, pango, fonts, memory: the user gets one message
        logger.exception("PDF rendering failed")
        raise DocumentError() from exc


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a document template to PDF bytes. Raises DocumentError if it cannot."""
    return html_to_pdf(render_html(template_name, context, request=request))


def safe_filename(name: str, *, extension: str = "pdf") -> str:
    """A download name made of ASCII letters, digits and dashes: no path, no quotes."""
    stem = name.rsplit(".", 1)[0] if name.lower().endswith(f".{extension}") else name
    stem = slugify(stem)[:100].strip("-") or "dokumen"
    return f"{stem}.{extension}"


class PdfResponse(HttpResponse):
    """A PDF answer: shown in the browser (to print) or downloaded, never cached."""

    def __init__(self, content: bytes, *, filename: str, as_attachment: bool = False, **kwargs):
        super().__init__(content, content_type="application/pdf", **kwargs)
        self["Content-Disposition"] = content_disposition_header(
            as_attachment, safe_filename(filename)
        )
        self["Cache-Control"] = "private, no-store"
