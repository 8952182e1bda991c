"""The unit's products: list, add, edit."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.views import ServiceFormView
from karya.production import services
from karya.production.forms import ProductForm
from karya.production.models import Product


class ProductListView(FacilityPermissionMixin, ListView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "production/product_list.html"
    context_object_name = "products"
    paginate_by = 100

    def get_queryset(self):
        return Product.objects.filter(facility=self.request.facility).order_by("-is_active", "name")


class ProductFormView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.PRODUCT_MANAGE
    template_name = "production/product_form.html"
    form_class = ProductForm
    success_message = _("The product was saved.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.product = None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "pk" in self.kwargs:
            queryset = Product.objects.filter(facility=self.request.facility)
            self.product = get_object_or_404(queryset, pk=self.kwargs["pk"])
            kwargs["instance"] = get_object_or_404(queryset, pk=self.kwargs["pk"])
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
        return reverse("production:product-list", args=[self.request.facility.code])
