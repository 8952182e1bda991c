"""The guide inside Karya: its contents, a chapter, the whole guide as one PDF, and the
operations guide. Staff read every chapter; a partner's own user its chapter and the public
one; a visitor only the public chapter (every other page sends a visitor to the log-in)."""

import base64
import hashlib
import io
import logging
import re

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import TemplateView, View
from PIL import Image

from karya.accounts.permissions import access_for
from karya.core.documents import DocumentError, PdfResponse, render_pdf
from karya.handbook import chapters

logger = logging.getLogger(__name__)

PDF_CACHE_SECONDS = 60 * 60 * 24 * 7
PDF_JPEG_QUALITY = 75


def image_url(name: str) -> str:
    """Where a picture of the guide is served (ImageView: only to those who may read it)."""
    return reverse("handbook:image", args=[name])


def pdf_image(name: str) -> str:
    """A picture of the guide for the PDF, as a data: URL holding a JPEG (WeasyPrint embeds
    JPEG as it is, but stores any other format losslessly: five times the size)."""
    out = io.BytesIO()
    try:
        with Image.open(chapters.image_dir() / name) as image:
            image.convert("RGB").save(out, "JPEG", quality=PDF_JPEG_QUALITY, optimize=True)
    except OSError as exc:  # missing or unreadable: the reader is told, nothing is cached
        logger.exception("The guide's picture %s cannot be read", name)
        raise DocumentError() from exc
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


class ReaderMixin:
    """Anonymous visitors may read only the public chapter; everyone else is a reader."""

    public_allowed = False

    def dispatch(self, request, *args, **kwargs):
        self.access = access_for(request.user) if request.user.is_authenticated else None
        if self.access is None and not self.public_allowed:
            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def readable(self):
        return chapters.visible_to(self.access)


class IndexView(ReaderMixin, TemplateView):
    template_name = "handbook/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["chapters"] = self.readable()
        context["staff"] = not self.access.is_partner_user
        return context


class ChapterView(ReaderMixin, TemplateView):
    template_name = "handbook/chapter.html"

    def dispatch(self, request, *args, **kwargs):
        self.chapter = chapters.chapter(kwargs["chapter"])
        self.public_allowed = self.chapter is not None and self.chapter.is_public
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.chapter is None or not chapters.may_read(self.access, self.chapter):
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        readable = self.readable()
        position = readable.index(self.chapter)
        context.update(
            chapter=self.chapter,
            body=self.chapter.html_with_images(image_url),
            chapters=readable,
            previous=readable[position - 1] if position > 0 else None,
            next=readable[position + 1] if position + 1 < len(readable) else None,
            base_template="catalogue/base.html" if self.access is None else "base.html",
        )
        return context


class OperationsView(ReaderMixin, TemplateView):
    """The operations guide (installing and running Karya), for staff."""

    template_name = "handbook/operations.html"
    language = "id"

    def get(self, request, *args, **kwargs):
        if self.access.is_partner_user:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = chapters.operations(self.language)
        context.update(document=document, body=document.html, language=self.language)
        return context


def guide_pdf(readable) -> bytes:
    """The whole guide the reader may read, as one PDF (cached until a source changes)."""
    sources = [c.path for c in readable] + sorted(chapters.image_dir().glob("*"))
    stamp = "|".join(f"{p.name}:{p.stat().st_mtime_ns}" for p in sources)
    key = "handbook-pdf:" + hashlib.sha256(f"{get_language()}|{stamp}".encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(
            "handbook/doc_guide.html",
            {
                "chapters": [(c, _own_anchors(c, c.html_with_images(pdf_image))) for c in readable],
                "printed_at": timezone.now(),
            },
        )
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def _own_anchors(chapter, html: str) -> str:
    """The chapter's anchors prefixed with its slug: the chapters share one PDF, where two
    sections called "tagihan" would collide."""
    html = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{chapter.slug}--{m.group(1)}"', html)
    return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{chapter.slug}--{m.group(1)}"', html)


class ImageView(ReaderMixin, View):
    """A screenshot of the guide. The pictures of staff chapters show staff pages (with the
    demo's invented inmates), so they are served like the chapters themselves: those of the
    public chapter to anyone, the others after logging in, never as public static files."""

    def dispatch(self, request, *args, **kwargs):
        self.name = kwargs["name"]
        self.public_allowed = any(self.name in c.images for c in chapters.visible_to(None))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        readable = self.readable()
        if not any(self.name in c.images for c in readable):
            raise Http404
        path = chapters.image_dir() / self.name
        if not path.is_file():
            raise Http404
        response = FileResponse(path.open("rb"), content_type="image/webp")
        privacy = "public" if self.public_allowed else "private"
        response["Cache-Control"] = f"{privacy}, max-age=86400"
        return response


class GuidePdfView(ReaderMixin, View):
    def get(self, request, *args, **kwargs):
        try:
            pdf = guide_pdf(self.readable())
        except DocumentError as error:
            context = {"message": error.message, "back_url": reverse("handbook:index")}
            return render(request, "message.html", context, status=error.status)
        return PdfResponse(pdf, filename="buku-panduan-karya.pdf")
