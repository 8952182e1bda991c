"""Pages: the move history, and the forms that move goods (receive, transfer, write off)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.views import ServiceFormView
from karya.inventory import forms, selectors
from karya.inventory.services import moves as services
from karya.inventory.views.common import abilities


class MoveListView(FacilityPermissionMixin, TemplateView):
    """The ledger, newest first, 50 moves a page (keyset: `?sebelum=<id>` for older ones)."""

    permission = Perm.STOCK_VIEW
    template_name = "inventory/move_list.html"

    def get_context_data(self, **kwargs):
        facility = self.request.facility
        form = forms.MoveFilterForm(self.request.GET or None, facility=facility)
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "location_id": data["lokasi"].pk if data["lokasi"] else None,
                "product_id": data["produk"].pk if data["produk"] else None,
                "kind": data["jenis"] or None,
                "before": data["sebelum"],
            }
        page = selectors.move_history(facility=facility, **filters)
        legs = selectors.transfer_partner_legs(page.moves)
        for move in page.moves:
            pair = legs.get(move.transfer_group, {})
            move.other_location = pair.get("in" if move.quantity < 0 else "out")
        return super().get_context_data(
            filter_form=form,
            moves=page.moves,
            next_before=page.next_before,
            is_first_page=not filters.get("before"),
            **abilities(self.request),
            **kwargs,
        )


class _GoodsFormView(FacilityPermissionMixin, ServiceFormView):
    """A form that moves goods; `?barang=<balance id>` preselects the goods."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "facility": self.request.facility}

    def get_initial(self):
        initial = super().get_initial()
        for param, name in (("barang", "item"), ("lokasi", "location")):
            value = self.request.GET.get(param, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(**abilities(self.request), **kwargs)

    def get_success_url(self):
        return reverse(
            "inventory:location-stock", args=[self.request.facility.code, self.object.location_id]
        )


class ReceiveView(_GoodsFormView):
    """Record goods coming in: opening stock, or goods returned by a buyer."""

    permission = Perm.STOCK_MANAGE
    template_name = "inventory/receive_form.html"
    form_class = forms.ReceiveForm
    success_message = _("The goods were recorded in the stock.")

    def perform(self, form):
        data = form.cleaned_data
        return services.stock_receive(
            actor=self.request.user,
            location=data["location"],
            product=data["product"],
            lot=data["lot"],
            kind=data["kind"],
            quantity=data["quantity"],
            unit_cost=data["unit_cost"],
            reference=data["reference"],
            note=data["note"],
        )


class TransferView(_GoodsFormView):
    """Move goods between two of the unit's locations (to a partner: consignment)."""

    permission = Perm.STOCK_MANAGE
    template_name = "inventory/transfer_form.html"
    form_class = forms.TransferForm
    success_message = _("The goods were moved.")

    def perform(self, form):
        data = form.cleaned_data
        item = data["item"]
        _out, into = services.stock_transfer(
            actor=self.request.user,
            source=item.location,
            destination=data["destination"],
            product=item.product,
            lot=item.lot,
            quantity=data["quantity"],
            reference=data["reference"],
            note=data["note"],
        )
        return into


class WriteOffView(_GoodsFormView):
    """The head writes damaged goods off, with the reason."""

    permission = Perm.STOCK_APPROVE
    template_name = "inventory/write_off_form.html"
    form_class = forms.WriteOffForm
    success_message = _("The goods were written off.")

    def perform(self, form):
        data = form.cleaned_data
        item = data["item"]
        return services.stock_write_off(
            actor=self.request.user,
            location=item.location,
            product=item.product,
            lot=item.lot,
            quantity=data["quantity"],
            reason=data["reason"],
        )
