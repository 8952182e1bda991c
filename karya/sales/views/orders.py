"""Order pages under /upt/<code>/penjualan/pesanan/: the list, a new quotation, its lines, the
order's page with its timeline, confirming, linking or planning production, delivering,
cancelling, the quotation letter (PDF) and the history.

Reading needs Perm.SALES_VIEW; every write Perm.SALES_MANAGE; the history Perm.AUDIT_VIEW.
Another unit's order answers 404, exactly like a missing one. The rules are in
karya/sales/services/orders.py; these views parse, call one service and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.audit.models import AuditEntry
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import local, today_in
from karya.core.errors import DomainError
from karya.core.money import terbilang
from karya.core.views import ServiceFormView, pdf_or_message
from karya.sales.choices import CustomerOrderStatus
from karya.sales.documents.quotation import quotation_filename, quotation_pdf
from karya.sales.forms import orders as forms
from karya.sales.models import OrderLine
from karya.sales.selectors import orders as selectors
from karya.sales.services import orders as services


def get_order(request, pk):
    order = selectors.order_get(facility=request.facility, pk=pk)
    if order is None:
        raise Http404
    return order


def order_url(request, order_id: int, anchor: str = "") -> str:
    url = reverse("sales:order-detail", args=[request.facility.code, order_id])
    return f"{url}#{anchor}" if anchor else url


class OrderListView(FacilityPermissionMixin, ListView):
    """The unit's orders, newest first, filtered by state, kind of customer or a text; each
    marked when it is an e-Katalog order, late or due soon, or its payment is overdue. A fixed
    number of queries whatever the number of orders."""

    permission = Perm.SALES_VIEW
    template_name = "sales/orders/order_list.html"
    context_object_name = "orders"
    paginate_by = selectors.PAGE

    def get_queryset(self):
        self.filter_form = forms.OrderFilterForm(self.request.GET or None)
        return selectors.order_list(facility=self.request.facility, **self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = today_in(self.request.facility.timezone)
        for order in context["orders"]:
            selectors.mark(order, today)
        context.update(
            filter_form=self.filter_form,
            can_manage=can(self.request, Perm.SALES_MANAGE),
            today=today,
        )
        return context


class _FormPage(FacilityPermissionMixin, ServiceFormView):
    """A form page of one order (sales/orders/order_action.html) needing Perm.SALES_MANAGE."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/orders/order_action.html"
    heading = ""
    submit_label = gettext_lazy("Save")

    def get_order(self):
        if not hasattr(self, "order"):
            self.order = get_order(self.request, self.kwargs["pk"])
        return self.order

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            order=self.get_order(),
            heading=self.heading,
            submit_label=self.submit_label,
            back_url=order_url(self.request, self.get_order().pk),
            **kwargs,
        )

    def get_success_url(self):
        return order_url(self.request, self.get_order().pk)


class OrderCreateView(FacilityPermissionMixin, ServiceFormView):
    """A new quotation with its first line; more lines on the lines page next."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/orders/order_form.html"
    form_class = forms.QuotationForm
    success_message = gettext_lazy("The quotation was made. Add more lines if needed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def get_initial(self):
        return {"quoted_on": today_in(self.request.facility.timezone), "customer_kind": "person"}

    def perform(self, form):
        return services.order_quote(
            actor=self.request.user, facility=self.request.facility, **form.values()
        )

    def get_success_url(self):
        return reverse("sales:order-lines", args=[self.request.facility.code, self.object.pk])


class OrderDetailView(FacilityPermissionMixin, TemplateView):
    """One order: customer, timeline, lines, production, delivery, invoice and payments, and
    the actions its state allows."""

    permission = Perm.SALES_VIEW
    template_name = "sales/orders/order_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        order = get_order(request, self.kwargs["pk"])
        today = today_in(request.facility.timezone)
        selectors.mark(order, today)
        money = selectors.order_money(order)
        lines = selectors.order_lines(order)
        return super().get_context_data(
            order=order,
            lines=lines,
            total_words=terbilang(order.total),
            money=money,
            timeline=selectors.order_timeline(order, money),
            valid_until=selectors.quotation_valid_until(order),
            can_manage=can(request, Perm.SALES_MANAGE),
            can_pay=can(request, Perm.PAYMENT_RECORD),
            can_audit=can(request, Perm.AUDIT_VIEW),
            is_open=order.status in services.OPEN,
            **kwargs,
        )


class OrderLinesView(_FormPage):
    """The lines of a quotation: change or remove each, add another."""

    template_name = "sales/orders/order_lines.html"
    form_class = forms.LineForm
    success_message = gettext_lazy("The line was added.")
    heading = gettext_lazy("Lines of the quotation")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def get_context_data(self, **kwargs):
        order = self.get_order()
        return super().get_context_data(
            lines=selectors.order_lines(order),
            is_quotation=order.status == CustomerOrderStatus.QUOTATION,
            **kwargs,
        )

    def perform(self, form):
        return services.order_line_add(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("sales:order-lines", args=[self.request.facility.code, self.get_order().pk])


def get_line(request, order, line_pk) -> OrderLine:
    line = selectors.line_get(order, line_pk)
    if line is None:
        raise Http404
    return line


class OrderLineUpdateView(_FormPage):
    form_class = forms.LineChangeForm
    success_message = gettext_lazy("The line was changed.")

    def get_line(self):
        if not hasattr(self, "line"):
            self.line = get_line(self.request, self.get_order(), self.kwargs["line_pk"])
        return self.line

    @property
    def heading(self):
        return _("Change the line: %(product)s") % {"product": self.get_line().product.name}

    def get_initial(self):
        line = self.get_line()
        return {"quantity": line.quantity, "unit_price": f"{line.unit_price:.0f}"}

    def perform(self, form):
        return services.order_line_change(
            actor=self.request.user, line=self.get_line(), **form.cleaned_data
        )

    def get_success_url(self):
        return reverse("sales:order-lines", args=[self.request.facility.code, self.get_order().pk])


class OrderLineRemoveView(FacilityPermissionMixin, View):
    """Take a line off a quotation (POST from the lines page)."""

    permission = Perm.SALES_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, line_pk, **kwargs):
        order = get_order(request, pk)
        line = get_line(request, order, line_pk)
        try:
            services.order_line_remove(actor=request.user, line=line)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(product)s was taken off the quotation.") % {"product": line.product}
            )
        return HttpResponseRedirect(reverse("sales:order-lines", args=[request.facility.code, pk]))


class OrderConfirmView(_FormPage):
    form_class = forms.ConfirmForm
    heading = gettext_lazy("Confirm the order")
    submit_label = gettext_lazy("Confirm")
    success_message = gettext_lazy("The order was confirmed.")

    def get_initial(self):
        return {"ordered_on": today_in(self.request.facility.timezone)}

    def perform(self, form):
        return services.order_confirm(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )


class OrderProductionView(_FormPage):
    """Make the goods by an existing production order of the unit (or unlink it)."""

    form_class = forms.LinkProductionForm
    heading = gettext_lazy("Production order for this order")
    success_message = gettext_lazy("The production order was saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "production_orders": selectors.production_orders_for(self.get_order()),
        }

    def get_initial(self):
        return {"production_order": self.get_order().production_order_id}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            plan_url=reverse(
                "sales:order-production-plan",
                args=[self.request.facility.code, self.get_order().pk],
            ),
            **kwargs,
        )

    def perform(self, form):
        return services.order_link_production(
            actor=self.request.user,
            order=self.get_order(),
            production_order=form.cleaned_data["production_order"],
        )


class OrderProductionPlanView(_FormPage):
    """Plan a new production order for one of the order's products and link it."""

    form_class = forms.PlanProductionForm
    heading = gettext_lazy("Plan a production order for this order")
    submit_label = gettext_lazy("Plan")
    success_message = gettext_lazy("The production order was planned for this order.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "facility": self.request.facility,
            "order": self.get_order(),
        }

    def get_initial(self):
        order = self.get_order()
        today = today_in(self.request.facility.timezone)
        return {"start_date": today, "due_date": order.due_on or today}

    def perform(self, form):
        return services.order_plan_production(
            actor=self.request.user, order=self.get_order(), **form.cleaned_data
        )


class OrderDeliverView(_FormPage):
    """Deliver the order: from which location, when, each line's lot; the invoice follows."""

    heading = gettext_lazy("Deliver the order")
    submit_label = gettext_lazy("Deliver and invoice")
    form_class = forms.DeliverForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "facility": self.request.facility,
            "lines": selectors.order_lines(self.get_order()),
            "payment_days": services.PAYMENT_TERM_DAYS,
        }

    def get_initial(self):
        now = local(timezone.now(), self.request.facility.timezone)
        return {"delivered_on": now.date(), "delivered_time": now.strftime("%H:%M")}

    def perform(self, form):
        sale = services.order_deliver(
            actor=self.request.user, order=self.get_order(), **form.values()
        )
        messages.success(
            self.request,
            _("The order was delivered; invoice %(invoice)s was issued.")
            % {"invoice": sale.invoice.number},
        )
        return sale


class OrderCancelView(_FormPage):
    form_class = forms.CancelForm
    heading = gettext_lazy("Cancel this order")
    submit_label = gettext_lazy("Cancel this order")
    success_message = gettext_lazy("The customer order was cancelled.")

    def get_context_data(self, **kwargs):
        order = self.get_order()
        return super().get_context_data(
            warning=(
                _("The sale is reversed, the goods go back to stock and every payment is refunded.")
                if order.status == CustomerOrderStatus.DELIVERED
                else ""
            ),
            **kwargs,
        )

    def perform(self, form):
        return services.order_cancel(
            actor=self.request.user, order=self.get_order(), reason=form.cleaned_data["reason"]
        )


class OrderQuotationPdfView(FacilityPermissionMixin, View):
    """The quotation letter (surat penawaran harga) as PDF, in Indonesian."""

    permission = Perm.SALES_VIEW

    def get(self, request, pk, **kwargs):
        order = get_order(request, pk)
        return pdf_or_message(
            request,
            lambda: quotation_pdf(order, request=request),
            filename=quotation_filename(order),
            back_url=order_url(request, pk),
        )


class OrderHistoryView(FacilityPermissionMixin, HistoryView):
    """The order's audit rows with those of its lines (removed lines included)."""

    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_order(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        entries = history_for_all([obj, *obj.lines.all()])
        removed = AuditEntry.objects.filter(
            content_type__model="orderline",
            content_type__app_label="sales",
            action=AuditEntry.Action.DELETE,
            facility_id=obj.facility_id,
            changes__order__0=obj.pk,
        )
        return entries | removed
