"""Partner pages: the unit's partners, one partner with everything the unit did with it (and
its portal logins), the partner's and its contacts' forms, and the list of obligations due.

Reading needs Perm.PARTNER_VIEW; every write needs Perm.PARTNER_MANAGE."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.models import Membership
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.dates import today_in
from karya.partners import forms, selectors
from karya.partners.models import PartnerContact
from karya.partners.services import partners as services
from karya.partners.views.common import FormPage, can, get_partner, partner_url


class PartnerListView(FacilityPermissionMixin, ListView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/partner_list.html"
    context_object_name = "partners"
    paginate_by = 50

    def get_queryset(self):
        return selectors.partner_list(
            facility=self.request.facility, query=self.request.GET.get("q", "").strip()
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_manage=can(self.request, Perm.PARTNER_MANAGE), **kwargs)


class PartnerDetailView(FacilityPermissionMixin, TemplateView):
    permission = Perm.PARTNER_VIEW
    template_name = "partners/partner_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner = get_partner(self.request, self.kwargs["pk"])
        context.update(
            partner=partner,
            agreements=list(selectors.partner_agreements(partner=partner)),
            visits=list(selectors.partner_visits(partner=partner)),
            contacts=list(partner.contacts.all()),
            portal_users=list(selectors.partner_portal_users(partner=partner)),
            can_manage=can(self.request, Perm.PARTNER_MANAGE),
            today=today_in(self.request.facility.timezone),
        )
        return context


class PartnerFormView(FormPage):
    """Add (no pk) or edit (pk) a partner."""

    form_class = forms.PartnerForm
    success_message = gettext_lazy("The partner was saved.")

    def get_partner(self):
        if not hasattr(self, "partner"):
            pk = self.kwargs.get("pk")
            self.partner = None if pk is None else get_partner(self.request, pk)
        return self.partner

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = self.get_partner() is not None
        return kwargs

    def get_initial(self):
        partner = self.get_partner()
        if partner is None:
            return {}
        return {name: getattr(partner, name) for name in forms.PartnerForm.base_fields}

    def get_heading(self):
        partner = self.get_partner()
        return _("Add partner") if partner is None else f"{_('Edit')}: {partner.legal_name}"

    def get_back_url(self):
        partner = self.get_partner()
        if partner is None:
            return reverse("partners:partner-list", args=[self.request.facility.code])
        return partner_url(self.request, partner.pk)

    def perform(self, form):
        if self.get_partner() is None:
            return services.partner_create(
                actor=self.request.user, facility=self.request.facility, **form.cleaned_data
            )
        return services.partner_update(
            actor=self.request.user, partner=self.partner, **form.cleaned_data
        )

    def get_success_url(self):
        return partner_url(self.request, self.object.pk)


class ContactFormView(FormPage):
    """Add (no contact_pk) or edit a contact person of a partner."""

    form_class = forms.ContactForm
    success_message = gettext_lazy("The contact was saved.")

    def load(self):
        """The partner and the contact being edited (None when adding), fetched once."""
        if not hasattr(self, "partner"):
            self.partner = get_partner(self.request, self.kwargs["pk"])
            self.contact = None
            if "contact_pk" in self.kwargs:
                self.contact = PartnerContact.objects.filter(
                    facility=self.request.facility,
                    partner=self.partner,
                    pk=self.kwargs["contact_pk"],
                ).first()
                if self.contact is None:
                    raise Http404
        return self.partner, self.contact

    def get_initial(self):
        _partner, contact = self.load()
        if contact is None:
            return {}
        return {name: getattr(contact, name) for name in forms.ContactForm.base_fields}

    def get_heading(self):
        self.load()
        if self.contact is None:
            return f"{_('Add contact')}: {self.partner.legal_name}"
        return f"{_('Edit')}: {self.contact.name} ({self.partner.legal_name})"

    def get_back_url(self):
        return partner_url(self.request, self.partner.pk)

    def perform(self, form):
        self.load()
        if self.contact is None:
            return services.contact_add(
                actor=self.request.user, partner=self.partner, **form.cleaned_data
            )
        return services.contact_update(
            actor=self.request.user, contact=self.contact, **form.cleaned_data
        )

    def get_success_url(self):
        return partner_url(self.request, self.partner.pk) + "#contacts"


class PartnerHistoryView(FacilityPermissionMixin, HistoryView):
    """The partner's audit rows with those of its contacts and of its portal logins (given
    and ended)."""

    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_partner(self.request, self.kwargs["pk"])

    def get_entries(self, obj):
        logins = list(Membership.objects.filter(partner=obj).select_related("user"))
        users = {m.user_id: m.user for m in logins}.values()
        return history_for_all([obj, *obj.contacts.all(), *logins, *users])


class ObligationsDueView(FacilityPermissionMixin, ListView):
    """The unit's open obligations that are overdue or fall due within 30 days."""

    permission = Perm.PARTNER_VIEW
    template_name = "partners/obligations_due.html"
    context_object_name = "obligations"
    paginate_by = 100

    def get_queryset(self):
        self.today = today_in(self.request.facility.timezone)
        return selectors.obligations_due(facility=self.request.facility, today=self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for obligation in context["obligations"]:
            obligation.days_left = (obligation.due_date - self.today).days
        context.update(
            today=self.today,
            window=selectors.DUE_WINDOW_DAYS,
            can_manage=can(self.request, Perm.PARTNER_MANAGE),
        )
        return context
