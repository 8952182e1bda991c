"""The counter pages: the sale screen (a tile per product with its public price and the stock
at the chosen location, quantities, payment, one submit; htmx recomputes the total as the
cashier types, and a "Calculate" button does the same without script), the page after a sale
with its receipt, the cancellation of a sale and the day summary.

Selling and cancelling need Perm.SALES_MANAGE; the rest Perm.SALES_VIEW."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin, can
from karya.accounts.permissions import Perm
from karya.core.dates import parse_date
from karya.core.money import format_rupiah
from karya.sales import money_forms as forms
from karya.sales.choices import Channel
from karya.sales.selectors import counter as selectors
from karya.sales.selectors.money import sale_lines, sale_payments
from karya.sales.services import counter as services
from karya.sales.views.common import FormPage, get_sale, sale_url, today

ACTION_CALCULATE = "hitung"
ACTION_FIND = "cari"


def counter_url(request, location=None, event: str = "") -> str:
    url = reverse("sales:counter", args=[request.facility.code])
    params = {}
    if location is not None:
        params["lokasi"] = location.pk
    if event:
        params["acara"] = event
    return f"{url}?{urlencode(params)}" if params else url


class CounterMixin:
    """The counter's location (`?lokasi=`, else the first gallery or stand) and its products."""

    def load(self):
        if hasattr(self, "location"):
            return
        request = self.request
        self.locations = list(selectors.counter_locations(facility=request.facility))
        chosen = request.POST.get("location") or request.GET.get("lokasi")
        self.location = None
        if chosen:
            self.location = next((x for x in self.locations if str(x.pk) == str(chosen)), None)
        if self.location is None and self.locations:
            self.location = self.locations[0]
        self.day = today(request)
        self.products = (
            selectors.counter_products(
                facility=request.facility, location=self.location, on=self.day
            )
            if self.location is not None
            else []
        )


class CounterView(CounterMixin, FormPage):
    """The sale screen. POST with `action=hitung` (calculate) or `action=cari` (find) only
    redraws the screen with the total or the matching products; any other POST sells."""

    permission = Perm.SALES_MANAGE
    template_name = "sales/counter.html"
    form_class = forms.CounterForm

    def get_form_kwargs(self):
        self.load()
        kwargs = super().get_form_kwargs()
        kwargs["products"] = self.products
        return kwargs

    def get_initial(self):
        return {"event": self.request.GET.get("acara", "")[:150]}

    def get_heading(self):
        return _("Counter")

    def get_back_url(self):
        return counter_url(self.request, self.location)

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") in (ACTION_CALCULATE, ACTION_FIND):
            form = self.get_form()
            form.is_valid()  # only to show the total and the errors; nothing is written
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def perform(self, form):
        data = form.cleaned_data
        return services.counter_sale(
            actor=self.request.user,
            location=self.location,
            lines=form.lines(),
            payment_method=data["payment_method"],
            amount_tendered=data["amount_tendered"],
            reference=data["reference"],
            customer_name=data["customer_name"],
            event=data["event"],
        )

    def get_success_url(self):
        return reverse("sales:counter-done", args=[self.request.facility.code, self.object.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        query = ""
        quote = selectors.Quote()
        tendered = None
        if form.is_bound:
            query = (form.cleaned_data.get("q") or "").strip().lower()
            quote = selectors.counter_quote(self.products, form.quantities())
            tendered = form.cleaned_data.get("amount_tendered")
        context.update(
            location=self.location,
            locations=self.locations,
            tiles=[
                (product, field, not query or query in product.name.lower())
                for product, field in form.tiles()
            ],
            quote=quote,
            change=quote.change(tendered),
            day=self.day,
            can_manage_stock=can(self.request, Perm.STOCK_MANAGE),
        )
        return context


class CounterTotalView(CounterMixin, FacilityPermissionMixin, View):
    """The total and the change of the screen as typed so far (htmx); writes nothing."""

    permission = Perm.SALES_MANAGE

    def post(self, request, **kwargs):
        self.load()
        form = forms.CounterForm(request.POST, products=self.products)
        form.is_valid()  # the fields typed wrongly so far are left out of the total
        quote = selectors.counter_quote(self.products, form.quantities())
        tendered = form.cleaned_data.get("amount_tendered")
        return render(
            request,
            "sales/_counter_summary.html",
            {
                "facility": request.facility,
                "quote": quote,
                "change": quote.change(tendered),
                "form": form,
            },
        )


def get_counter_sale(request, pk: int):
    sale = get_sale(request, pk)
    if sale.channel != Channel.COUNTER:
        raise Http404
    return sale


class CounterDoneView(FacilityPermissionMixin, TemplateView):
    """After a sale: what was sold, the change, the receipt and the next sale."""

    permission = Perm.SALES_VIEW
    template_name = "sales/counter_done.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sale = get_counter_sale(self.request, self.kwargs["pk"])
        payments = sale_payments(sale)
        context.update(
            sale=sale,
            lines=sale_lines(sale),
            payment=next((p for p in payments if not p.reverses_id), None),
            next_url=counter_url(self.request, sale.location, sale.event),
            can_sell=can(self.request, Perm.SALES_MANAGE),
        )
        return context


class CounterCancelView(FormPage):
    """Cancel a counter sale with its reason: goods and money go back."""

    permission = Perm.SALES_MANAGE
    form_class = forms.CancelForm
    submit_label = gettext_lazy("Cancel the sale")
    success_message = gettext_lazy(
        "The sale was cancelled: the goods are back in stock and the money was paid back."
    )

    def load(self):
        if not hasattr(self, "sale"):
            self.sale = get_counter_sale(self.request, self.kwargs["pk"])
        return self.sale

    def get_heading(self):
        return _("Cancel sale %(number)s") % {"number": self.load().number}

    def get_back_url(self):
        return sale_url(self.request, self.load().pk)

    def get_context_data(self, **kwargs):
        sale = self.load()
        intro = _(
            "The goods go back to %(location)s and the %(total)s received is paid back. "
            "The sale and its receipt stay on record, marked cancelled."
        )
        return super().get_context_data(
            intro=intro
            % {
                "location": sale.location.name if sale.location_id else "—",
                "total": format_rupiah(sale.paid),
            },
            **kwargs,
        )

    def perform(self, form):
        return services.counter_sale_cancel(
            actor=self.request.user, sale=self.load(), reason=form.cleaned_data["reason"]
        )

    def get_success_url(self):
        return sale_url(self.request, self.sale.pk)


class CounterDayView(FacilityPermissionMixin, TemplateView):
    """The counter's day: sales, money per method, products, cancellations."""

    permission = Perm.SALES_VIEW
    template_name = "sales/counter_day.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        day = parse_date(request.GET.get("tanggal", "")) or today(request)
        locations = list(selectors.counter_locations(facility=request.facility))
        chosen = request.GET.get("lokasi", "")
        location = next((x for x in locations if str(x.pk) == chosen), None)
        context.update(
            day=day,
            locations=locations,
            location=location,
            summary=selectors.counter_day(facility=request.facility, day=day, location=location),
            can_sell=can(request, Perm.SALES_MANAGE),
        )
        return context
