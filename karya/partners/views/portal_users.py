"""Logins to the partner portal, given and ended from the partner's page (Perm.PARTNER_MANAGE).
The list of a partner's portal users is on the partner's page itself."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.errors import DomainError
from karya.partners import forms
from karya.partners.models import PartnerContact
from karya.partners.services import portal_users as services
from karya.partners.views.common import FormPage, get_partner, partner_url


class PortalUserCreateView(FormPage):
    """A portal login for one of the partner's people; `?kontak=<pk>` fills in a contact's
    name and e-mail."""

    form_class = forms.PortalUserForm
    success_message = gettext_lazy(
        "The portal login was created. Give the person the username and the initial "
        "password; they can change the password after logging in."
    )
    submit_label = gettext_lazy("Create login")

    def load(self):
        if not hasattr(self, "partner"):
            self.partner = get_partner(self.request, self.kwargs["pk"])
        return self.partner

    def get_initial(self):
        contact_id = self.request.GET.get("kontak", "")
        if not contact_id.isdigit():
            return {}
        contact = PartnerContact.objects.filter(
            facility=self.request.facility, partner=self.load(), pk=int(contact_id)
        ).first()
        if contact is None:
            return {}
        return {"full_name": contact.name, "email": contact.email}

    def get_heading(self):
        return f"{_('Portal login')}: {self.load().legal_name}"

    def get_back_url(self):
        return partner_url(self.request, self.load().pk) + "#portal-users"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_(
                "The person will see this partner's agreements, handovers, goods held, "
                "settlements and invoices in the partner portal, and nothing else of the unit."
            ),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return services.partner_user_create(
            actor=self.request.user,
            partner=self.load(),
            username=data["username"],
            full_name=data["full_name"],
            email=data["email"],
            password=data["password"],
        )

    def get_success_url(self):
        return self.get_back_url()


class PortalUserDeactivateView(FacilityPermissionMixin, View):
    """End one person's access to the partner's portal (POST)."""

    permission = Perm.PARTNER_MANAGE

    def post(self, request, *args, **kwargs):
        partner = get_partner(request, kwargs["pk"])
        membership = services.portal_membership(partner=partner, user_id=kwargs["user_pk"])
        if membership is None:
            raise Http404
        try:
            services.partner_user_deactivate(
                actor=request.user, partner=partner, user=membership.user
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s can no longer log in to the partner portal.")
                % {"name": membership.user.display_name},
            )
        return redirect(partner_url(request, partner.pk) + "#portal-users")
