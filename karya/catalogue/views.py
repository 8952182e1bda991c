"""The public site: no login. The national catalogue, a product's page with its quote form, a
unit's public page, the news, a lot's traceability page, product photos in phone sizes, the
sitemap and robots.txt.

Every read goes through karya.catalogue.selectors (the one place that reads across units, and
only what is published). Pages without a form are kept in the cache for anonymous visitors
(karya.catalogue.cache), the product page with its form too (with each visitor's own CSRF
token); none of them shows an inmate's name, number or photo.
"""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from karya.catalogue import photos, selectors, spam
from karya.catalogue.cache import cached, public_form_page, public_page
from karya.catalogue.forms import CatalogueSearchForm, QuoteRequestForm
from karya.catalogue.services import quote_request_create
from karya.core.errors import DomainError


def product_url(product) -> str:
    return reverse("catalogue:product", args=[product.unit.code, product.id, product.slug])


def news_url(item) -> str:
    return reverse("catalogue:news-detail", args=[item.unit.code, item.id, item.slug])


def trace_url(unit_code: str, lot_code: str) -> str:
    return reverse("catalogue:trace", args=[unit_code, lot_code])


def not_found(request, message: str = ""):
    """A friendly 404 of the public site, with the way back to the catalogue."""
    return render(
        request,
        "catalogue/not_found.html",
        {"message": message or _("This page does not exist, or it is no longer shown.")},
        status=404,
    )


@require_GET
@public_page
def catalogue_home(request):
    choices = selectors.catalogue_choices()
    form = CatalogueSearchForm(request.GET, choices=choices)
    filters = form.filters()
    page = selectors.catalogue_page(
        selectors.CatalogueFilter(**filters), page=request.GET.get("halaman", 1)
    )
    return render(
        request,
        "catalogue/home.html",
        {
            "form": form,
            "page_obj": page,
            "products": page.object_list,
            "filtered": any(filters[k] for k in ("q", "category", "region", "unit")),
            "news": selectors.news_list(limit=3),
        },
    )


@public_form_page
def product_page(request, unit_code: str, pk: int, slug: str):
    """A product, and its quote or order form (GET shows, POST sends)."""
    product = cached("product", selectors.public_product, unit_code.upper(), pk)
    if product is None:
        return not_found(request, _("This product is not in the catalogue."))
    if slug != product.slug or unit_code != product.unit.code:
        return HttpResponseRedirect(product_url(product), status=301)
    status = 200
    if request.method == "POST":
        form = QuoteRequestForm(request.POST)
        if spam.is_robot(request.POST):
            # Pretend all went well: a robot learns nothing; nothing is stored or sent.
            messages.success(request, _("Thank you. The unit will contact you."))
            return redirect(product_url(product) + "#permintaan")
        address = spam.client_address(request)
        try:
            spam.check_rate(address)
        except DomainError as error:
            form.is_valid()
            form.add_error(None, error.message)
            status = 429
        else:
            if form.is_valid():
                try:
                    quote_request_create(
                        unit_code=product.unit.code, product_id=product.id, **form.values()
                    )
                except DomainError as error:
                    form.add_error(
                        error.field if error.field in form.fields else None, error.message
                    )
                else:
                    spam.count_request(address)
                    messages.success(
                        request,
                        _(
                            "Thank you, your request was sent to %(unit)s. An officer will "
                            "contact you at %(contact)s."
                        )
                        % {"unit": product.unit.name, "contact": form.cleaned_data["contact"]},
                    )
                    return redirect(product_url(product) + "#permintaan")
            status = 400 if status == 200 else status
    elif request.method in ("GET", "HEAD"):
        form = QuoteRequestForm()
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    return render(
        request,
        "catalogue/product.html",
        {"product": product, "form": form, "canonical": request.build_absolute_uri()},
        status=status,
    )


@require_GET
@public_page
def unit_page(request, unit_code: str):
    unit = selectors.public_unit(unit_code)
    if unit is None:
        return not_found(request, _("There is no unit with this code."))
    if unit_code != unit.code:
        return HttpResponseRedirect(reverse("catalogue:unit", args=[unit.code]), status=301)
    return render(
        request,
        "catalogue/unit.html",
        {
            "unit": unit,
            "products": selectors.unit_products(unit.code),
            "news": selectors.news_list(unit.code, limit=20),
        },
    )


@require_GET
@public_page
def news_list(request):
    page = selectors.news_page(request.GET.get("halaman", 1))
    return render(request, "catalogue/news_list.html", {"page_obj": page, "news": page.object_list})


@require_GET
@public_page
def news_detail(request, unit_code: str, pk: int, slug: str):
    item = selectors.news_item(unit_code, pk)
    if item is None:
        return not_found(request, _("This news item is not published."))
    if slug != item.slug or unit_code != item.unit.code:
        return HttpResponseRedirect(news_url(item), status=301)
    return render(request, "catalogue/news_detail.html", {"item": item})


@require_GET
@public_page
def lot_trace(request, unit_code: str, lot_code: str):
    trace = selectors.lot_trace(unit_code, lot_code)
    if trace is None:
        return render(
            request,
            "catalogue/trace_unknown.html",
            {"unit_code": unit_code, "lot_code": lot_code},
            status=404,
        )
    return render(request, "catalogue/trace.html", {"trace": trace})


@require_GET
def photo(request, photo_id: int, width: int):
    """A photo of a published product, `width` pixels wide (made on first request)."""
    if width not in photos.WIDTHS:
        raise Http404
    name = selectors.public_photo_file(photo_id)
    if name is None or not default_storage.exists(name):
        raise Http404
    try:
        stored = photos.resized(name, width)
        handle = default_storage.open(stored, "rb")
    except OSError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=mimetypes.guess_type(stored)[0] or "image/jpeg")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /upt/",
        "Disallow: /akun/",
        "Disallow: /kelola/",
        "Disallow: /kotak-masuk/",
        "Disallow: /api/",
        "Allow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def language(request, code: str):
    """Switch the language of the public site (a link: public pages carry no form token)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("catalogue:home")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response
