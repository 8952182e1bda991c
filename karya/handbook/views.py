"""The guide inside Karya: its contents, a chapter, the whole guide as one PDF, and the
operations guide. Staff read every chapter; a partner's own user its chapter and the public
one; a visitor only the public chapter (every other page sends a visitor to the log-in)."""

import hashlib

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import Http404
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import TemplateView, View

from karya.accounts.permissions import access_for
from karya.core.documents import DOCUMENT_BASE_URL, PdfResponse, render_pdf
from karya.handbook import chapters

PDF_CACHE_SECONDS = 60 * 60 * 24 * 7


def image_url() -> str:
    """Where the guide's images are served (static files under panduan/)."""
    return static(f"{chapters.IMAGE_STATIC_PREFIX}/x")[:-1]


def pdf_image_url() -> str:
    """Where the PDF's images are fetched from (the documents' local static fetcher)."""
    return DOCUMENT_BASE_URL + image_url().lstrip("/")


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
            body=self.chapter.html_with_images(image_url()),
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
        base = pdf_image_url()
        pdf = render_pdf(
            "handbook/doc_guide.html",
            {
                "chapters": [(c, c.html_with_images(base)) for c in readable],
                "printed_at": timezone.now(),
            },
        )
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


class GuidePdfView(ReaderMixin, View):
    def get(self, request, *args, **kwargs):
        return PdfResponse(guide_pdf(self.readable()), filename="buku-panduan-karya.pdf")
