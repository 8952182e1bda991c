"""Pages of the unit's catalogue: the product list, a product's page (prices, photos,
legality, warnings), and the forms that add a product, a price or a photo, publish it and
mark it as listed on the e-Katalog.

Reading needs Perm.WORKSHOP_VIEW; every write needs Perm.PRODUCT_MANAGE. Another unit's
product or photo answers 404, exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.production import selectors, services
from karya.production.forms import (
    EkatalogForm,
    PhotoForm,
    PriceForm,
    ProductFilterForm,
    ProductForm,
)
from karya.production.models import Product, ProductPhoto
from karya.production.warnings import product_warnings


def _today(request) -> dt.date:
    return today_in(request.facility.timezone)


def _product(request, pk: int) -> Product:
    product = selectors.product_get(facility=request.facility, pk=pk)
    if product is None:
        raise Http404
    return product


def _photo(request, product: Product, pk: int) -> ProductPhoto:
    photo = selectors.photo_get(product, pk)
    if photo is None:
        raise Http404
    return photo


def _detail_url(request, product: Product) -> str:
    return reverse("production:product-detail", args=[request.facility.code, product.pk])


def _can_manage(request) -> bool:
    return access_for(request.user).can(Perm.PRODUCT_MANAGE, request.facility)


class ProductListView(FacilityPermissionMixin, ListView):
    """The unit's products with the price valid today, filters, and the warnings."""

    permission = Perm.WORKSHOP_VIEW
    template_name = "production/product_list.html"
    context_object_name = "products"
    paginate_by = 100

    def get_queryset(self):
        self.filter_form = ProductFilterForm(self.request.GET or None)
        return selectors.product_list(
            facility=self.request.facility, on=_today(self.request), **self.filter_form.filters()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            warnings=product_warnings(facility=self.request.facility, today=_today(self.request)),
            can_manage=_can_manage(self.request),
            **kwargs,
        )


class ProductDetailView(FacilityPermissionMixin, TemplateView):
    """One product: the price valid today and the history of prices, photos, food legality,
    publication, e-Katalog, warnings."""

    permission = Perm.WORKSHOP_VIEW
    template_name = "production/product_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        product = _product(request, self.kwargs["pk"])
        today = _today(request)
        prices = list(selectors.price_history(product))
        current = next((p for p in prices if p.valid_from <= today), None)
        for price in prices:
            price.is_current = price is current
            price.is_future = price.valid_from > today
        can_manage = _can_manage(request)
        problems = []
        if can_manage and not product.is_published:
            problems = services.publish_problems(product, today=today)
        return super().get_context_data(
            product=product,
            prices=prices,
            current_price=current,
            photos=list(selectors.product_photos(product)),
            warnings=product_warnings(
                facility=request.facility, today=today, product_ids=[product.pk]
            ),
            publish_problems=problems,
            can_manage=can_manage,
            can_see_history=access_for(request.user).can(Perm.AUDIT_VIEW, request.facility),
            **kwargs,
        )


class ProductFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) a product."""

    permission = Perm.PRODUCT_MANAGE
    template_name = "production/product_form.html"
    form_class = ProductForm
    success_message = gettext_lazy("The product was saved.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.product = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            # Two copies: the form writes its input onto its instance while validating, and
            # the service must compare the new values with the record as it was.
            self.product = _product(self.request, self.kwargs["pk"])
            kwargs["instance"] = _product(self.request, self.kwargs["pk"])
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.product, **kwargs)

    def perform(self, form):
        if self.product is None:
            return services.product_create(
                actor=self.request.user, facility=self.request.facility, **form.cleaned_data
            )
        return services.product_update(
            actor=self.request.user, product=self.product, **form.cleaned_data
        )

    def get_success_url(self):
        return _detail_url(self.request, self.object)


class _ProductActionView(FacilityPermissionMixin, ServiceFormView):
    """A form about one product (price, photo, e-Katalog); back to its page afterwards."""

    permission = Perm.PRODUCT_MANAGE
    template_name = "production/product_action.html"
    heading = ""
    submit_label = gettext_lazy("Save")
    multipart = False

    def get_product(self) -> Product:
        if not hasattr(self, "product"):
            self.product = _product(self.request, self.kwargs["pk"])
        return self.product

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            product=self.get_product(),
            heading=self.heading,
            submit_label=self.submit_label,
            multipart=self.multipart,
            **kwargs,
        )

    def get_success_url(self):
        return _detail_url(self.request, self.get_product())


class PriceAddView(_ProductActionView):
    form_class = PriceForm
    heading = gettext_lazy("New price")
    submit_label = gettext_lazy("Add the price")
    success_message = gettext_lazy("The price was added.")
    template_name = "production/product_price_form.html"

    def get_initial(self):
        today = _today(self.request)
        latest = selectors.latest_price(self.get_product())
        start = today if latest is None or latest.valid_from < today else None
        initial = {"valid_from": start}
        if latest is not None:
            initial.update(
                cost=f"{latest.cost:.0f}",
                public_price=f"{latest.public_price:.0f}",
                partner_price=f"{latest.partner_price:.0f}",
            )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(latest=selectors.latest_price(self.get_product()), **kwargs)

    def perform(self, form):
        return services.product_price_add(
            actor=self.request.user, product=self.get_product(), **form.cleaned_data
        )


class PhotoAddView(_ProductActionView):
    form_class = PhotoForm
    heading = gettext_lazy("Add a photo")
    submit_label = gettext_lazy("Upload")
    success_message = gettext_lazy("The photo was added.")
    multipart = True

    def perform(self, form):
        return services.product_photo_add(
            actor=self.request.user, product=self.get_product(), upload=form.cleaned_data["image"]
        )


class EkatalogView(_ProductActionView):
    form_class = EkatalogForm
    heading = gettext_lazy("e-Katalog (LKPP)")
    success_message = gettext_lazy("The e-Katalog listing was saved.")

    def get_initial(self):
        product = self.get_product()
        return {
            "ekatalog_listed": product.ekatalog_listed,
            "ekatalog_reference": product.ekatalog_reference,
        }

    def perform(self, form):
        return services.product_ekatalog_set(
            actor=self.request.user,
            product=self.get_product(),
            listed=form.cleaned_data["ekatalog_listed"],
            reference=form.cleaned_data["ekatalog_reference"],
        )


class PhotoFileView(FacilityPermissionMixin, View):
    """The stored (cleaned) photo file, to whoever may read the unit's products."""

    permission = Perm.WORKSHOP_VIEW

    def get(self, request, pk, photo_pk, **kwargs):
        photo = _photo(request, _product(request, pk), photo_pk)
        try:
            handle = photo.image.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        return response


class PhotoRemoveView(FacilityPermissionMixin, TemplateView):
    """Ask, then remove a photo."""

    permission = Perm.PRODUCT_MANAGE
    template_name = "production/product_photo_remove.html"

    def get_photo(self) -> ProductPhoto:
        if not hasattr(self, "photo"):
            self.photo = _photo(
                self.request, _product(self.request, self.kwargs["pk"]), self.kwargs["photo_pk"]
            )
        return self.photo

    def get_context_data(self, **kwargs):
        photo = self.get_photo()
        return super().get_context_data(photo=photo, product=photo.product, **kwargs)

    def post(self, request, *args, **kwargs):
        photo = self.get_photo()
        services.product_photo_remove(actor=request.user, photo=photo)
        messages.success(request, _("The photo was removed."))
        return HttpResponseRedirect(_detail_url(request, photo.product))


class PublishView(FacilityPermissionMixin, View):
    """POST: publish the product in the public catalogue, or withdraw it."""

    permission = Perm.PRODUCT_MANAGE
    publish = True

    def post(self, request, pk, **kwargs):
        product = _product(request, pk)
        try:
            if self.publish:
                services.product_publish(actor=request.user, product=product)
                messages.success(request, _("The product is now in the public catalogue."))
            else:
                services.product_unpublish(actor=request.user, product=product)
                messages.success(request, _("The product was withdrawn from the public catalogue."))
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(_detail_url(request, product))


class ProductHistoryView(FacilityPermissionMixin, HistoryView):
    """The audit rows of the product, its prices and its photos."""

    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return _product(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        return history_for_all([obj, *selectors.price_history(obj), *selectors.product_photos(obj)])
