"""Pages of materials and production orders.

Reading needs Perm.WORKSHOP_VIEW; adding, buying and receiving material Perm.MATERIAL_MANAGE;
planning and running orders Perm.PRODUCTION_MANAGE. Another unit's material or order answers
404, exactly like a missing one. The order page names the inmates who worked on it: it is a
page of the unit only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.pagination import PagedByKey
from karya.core.views import ServiceFormView
from karya.production import order_forms as forms
from karya.production import selectors, services
from karya.production.choices import MaterialOwner, OrderStatus


def _material(request, pk):
    material = selectors.material_get(facility=request.facility, pk=pk)
    if material is None:
        raise Http404
    return material


def _order(request, pk):
    order = selectors.order_get(facility=request.facility, pk=pk)
    if order is None:
        raise Http404
    return order


def _can(request, perm) -> bool:
    return access_for(request.user).can(perm, request.facility)


def _order_url(request, order) -> str:
    return reverse("production:order-detail", args=[request.facility.code, order.pk])


def _material_url(request, material) -> str:
    return reverse("production:material-detail", args=[request.facility.code, material.pk])


# --- materials ------------------------------------------------------------------------------


class MaterialListView(FacilityPermissionMixin, TemplateView):
    """The unit's materials with the quantity on hand and, for own material, its value."""

    permission = Perm.WORKSHOP_VIEW
    template_name = "production/material_list.html"

    def get_context_data(self, **kwargs):
        materials = selectors.material_list(facility=self.request.facility)
        return super().get_context_data(
            materials=materials,
            total_value=sum((m.value for m in materials), 0),
            can_manage=_can(self.request, Perm.MATERIAL_MANAGE),
            **kwargs,
        )


class MaterialCreateView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.MATERIAL_MANAGE
    template_name = "production/material_form.html"
    form_class = forms.MaterialForm
    success_message = gettext_lazy("The material was added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def perform(self, form):
        return services.material_create(
            actor=self.request.user, facility=self.request.facility, **form.cleaned_data
        )

    def get_success_url(self):
        return _material_url(self.request, self.object)


class MaterialDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.WORKSHOP_VIEW
    template_name = "production/material_detail.html"

    def get_context_data(self, **kwargs):
        material = _material(self.request, self.kwargs["pk"])
        return super().get_context_data(
            material=material,
            moves=list(selectors.material_moves(material)[:200]),
            can_manage=_can(self.request, Perm.MATERIAL_MANAGE),
            **kwargs,
        )


class _MaterialActionView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.MATERIAL_MANAGE
    template_name = "production/material_action.html"
    heading = ""
    owner = MaterialOwner.OWN

    def get_material(self):
        if not hasattr(self, "material"):
            self.material = _material(self.request, self.kwargs["pk"])
        return self.material

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            material=self.get_material(), heading=self.heading, **kwargs
        )

    def get_success_url(self):
        return _material_url(self.request, self.get_material())


class MaterialPurchaseView(_MaterialActionView):
    form_class = forms.PurchaseForm
    heading = gettext_lazy("Record a purchase")
    success_message = gettext_lazy("The purchase was recorded.")

    def perform(self, form):
        return services.material_purchase(
            actor=self.request.user, material=self.get_material(), **form.cleaned_data
        )


class MaterialSupplyView(_MaterialActionView):
    form_class = forms.SupplyForm
    heading = gettext_lazy("Record a supply from the partner")
    success_message = gettext_lazy("The supply was recorded.")

    def perform(self, form):
        return services.material_supply(
            actor=self.request.user, material=self.get_material(), **form.cleaned_data
        )


# --- production orders ----------------------------------------------------------------------


class OrderListView(FacilityPermissionMixin, ListView):
    """The unit's orders, newest first, with filters; a fixed number of queries."""

    permission = Perm.WORKSHOP_VIEW
    template_name = "production/order_list.html"
    context_object_name = "orders"
    paginate_by = 50
    paginator_class = PagedByKey  # page 500 costs what page 1 does

    def get_queryset(self):
        self.filter_form = forms.OrderFilterForm(
            self.request.GET or None, facility=self.request.facility
        )
        return selectors.order_list(facility=self.request.facility, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            can_manage=_can(self.request, Perm.PRODUCTION_MANAGE),
            **kwargs,
        )


class OrderPlanView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.PRODUCTION_MANAGE
    template_name = "production/order_form.html"
    form_class = forms.OrderPlanForm
    success_message = gettext_lazy("The production order was planned.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def get_initial(self):
        today = today_in(self.request.facility.timezone)
        return {"start_date": today, "due_date": today, "planning_officer": self.request.user}

    def perform(self, form):
        return services.order_plan(
            actor=self.request.user, facility=self.request.facility, **form.cleaned_data
        )

    def get_success_url(self):
        return _order_url(self.request, self.object)


class OrderDetailView(FacilityPermissionMixin, TemplateView):
    """One order: its plan, stage officers, material used, result, lot and who made it."""

    permission = Perm.WORKSHOP_VIEW
    template_name = "production/order_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        order = _order(request, self.kwargs["pk"])
        moves = list(selectors.order_material_moves(order))
        return super().get_context_data(
            order=order,
            moves=moves,
            material_cost=selectors.order_material_cost(order),
            workers=selectors.order_workers(order, today=today_in(request.facility.timezone)),
            can_manage=_can(request, Perm.PRODUCTION_MANAGE),
            is_open=order.status in (OrderStatus.PLANNED, OrderStatus.IN_PROGRESS),
            **kwargs,
        )


class OrderStartView(FacilityPermissionMixin, View):
    """POST: start a planned order today."""

    permission = Perm.PRODUCTION_MANAGE

    def post(self, request, pk, **kwargs):
        order = _order(request, pk)
        try:
            services.order_start(actor=request.user, order=order)
            messages.success(request, _("The order was started."))
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(_order_url(request, order))


class _OrderActionView(FacilityPermissionMixin, ServiceFormView):
    permission = Perm.PRODUCTION_MANAGE
    template_name = "production/order_action.html"
    heading = ""
    unit_form = True

    def get_order(self):
        if not hasattr(self, "order"):
            self.order = _order(self.request, self.kwargs["pk"])
        return self.order

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.unit_form:
            kwargs["facility"] = self.request.facility
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=self.get_order(), heading=self.heading, **kwargs)

    def get_success_url(self):
        return _order_url(self.request, self.get_order())


class OrderConsumeView(_OrderActionView):
    form_class = forms.ConsumeForm
    heading = gettext_lazy("Record material used")
    success_message = gettext_lazy("The material used was recorded.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "owner": self.get_order().material_source}

    def perform(self, form):
        return services.order_consume_material(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )


class OrderFinishView(_OrderActionView):
    form_class = forms.FinishForm
    heading = gettext_lazy("Finish the order")
    success_message = gettext_lazy("The order was finished and the goods put into stock.")

    def perform(self, form):
        return services.order_finish(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )


class OrderCancelView(_OrderActionView):
    form_class = forms.CancelForm
    heading = gettext_lazy("Cancel the order")
    success_message = gettext_lazy("The order was cancelled.")
    unit_form = False

    def perform(self, form):
        return services.order_cancel(
            actor=self.request.user, order=self.get_order(), reason=form.cleaned_data["reason"]
        )


class OrderOfficersView(_OrderActionView):
    form_class = forms.OfficersForm
    heading = gettext_lazy("Stage officers")
    success_message = gettext_lazy("The stage officers were saved.")

    def get_initial(self):
        order = self.get_order()
        return {
            "planning_officer": order.planning_officer_id,
            "making_officer": order.making_officer_id,
            "packaging_officer": order.packaging_officer_id,
        }

    def perform(self, form):
        return services.order_assign_officers(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )
