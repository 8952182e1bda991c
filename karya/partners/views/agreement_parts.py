"""Agreement parts: products with agreed prices, documents (downloaded only through a
permission-checked view) and the obligations of each side.

Reading needs Perm.PARTNER_VIEW; writes need Perm.PARTNER_MANAGE."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.core.documents import safe_filename
from karya.core.errors import DomainError
from karya.partners import forms, selectors
from karya.partners.models import AgreementDocument, AgreementProduct, Obligation
from karya.partners.services import agreement_terms as terms
from karya.partners.views.common import FormPage, agreement_url, get_agreement


class AgreementProductView(FormPage):
    """Add a product with its agreed price, or change the price (?produk=<id> preselects)."""

    form_class = forms.ProductLineForm
    success_message = gettext_lazy("The agreed price was saved.")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["products"] = selectors.unit_products(facility=self.request.facility)
        return kwargs

    def get_initial(self):
        wanted = self.request.GET.get("produk", "")
        if not wanted.isdigit():
            return {}
        line = (
            AgreementProduct.objects.filter(agreement=self.load(), product_id=int(wanted))
            .select_related("product")
            .first()
        )
        if line is None:
            return {"product": int(wanted)}
        return {"product": line.product_id, "agreed_price": f"{line.agreed_price:.0f}"}

    def get_heading(self):
        return _("Product and agreed price: %(agreement)s") % {"agreement": self.load().title}

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk, "products")

    def perform(self, form):
        return terms.agreement_product_set(
            actor=self.request.user, agreement=self.load(), **form.cleaned_data
        )

    def get_success_url(self):
        return agreement_url(self.request, self.load().pk, "products")


class AgreementProductRemoveView(FacilityPermissionMixin, View):
    """Take a product off the agreement (POST from the page)."""

    permission = Perm.PARTNER_MANAGE
    http_method_names = ["post"]

    def post(self, request, pk, line_pk, **kwargs):
        agreement = get_agreement(request, pk)
        line = (
            AgreementProduct.objects.filter(
                facility=request.facility, agreement=agreement, pk=line_pk
            )
            .select_related("product")
            .first()
        )
        if line is None:
            raise Http404
        try:
            terms.agreement_product_remove(actor=request.user, line=line)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(product)s was taken off the agreement.") % {"product": line.product}
            )
        return HttpResponseRedirect(agreement_url(request, pk, "products"))


class DocumentAddView(FormPage):
    """Upload a signed scan (PDF, JPEG or PNG, size-limited)."""

    form_class = forms.DocumentForm
    submit_label = gettext_lazy("Upload")
    success_message = gettext_lazy("The document was uploaded.")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_heading(self):
        return f"{_('Upload a document')}: {self.load().title}"

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk, "documents")

    def perform(self, form):
        return terms.agreement_document_add(
            actor=self.request.user,
            agreement=self.load(),
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )

    def get_success_url(self):
        return agreement_url(self.request, self.load().pk, "documents")


class DocumentDownloadView(FacilityPermissionMixin, View):
    """A document of the agreement, to readers of the unit only (never a public media URL)."""

    permission = Perm.PARTNER_VIEW

    def get(self, request, pk, document_pk, **kwargs):
        agreement = get_agreement(request, pk)
        document = AgreementDocument.objects.filter(
            facility=request.facility, agreement=agreement, pk=document_pk
        ).first()
        if document is None:
            raise Http404
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        extension = document.file.name.rsplit(".", 1)[-1]
        response = FileResponse(handle, content_type=document.content_type)
        response["Content-Disposition"] = content_disposition_header(
            document.content_type != "application/pdf",
            safe_filename(document.title, extension=extension),
        )
        response["Cache-Control"] = "private, no-store"
        return response


class ObligationAddView(FormPage):
    form_class = forms.ObligationForm
    success_message = gettext_lazy("The right or obligation was added.")

    def load(self):
        if not hasattr(self, "agreement"):
            self.agreement = get_agreement(self.request, self.kwargs["pk"])
        return self.agreement

    def get_heading(self):
        return f"{_('Add a right or obligation')}: {self.load().title}"

    def get_back_url(self):
        return agreement_url(self.request, self.load().pk, "obligations")

    def perform(self, form):
        return terms.obligation_add(
            actor=self.request.user, agreement=self.load(), **form.cleaned_data
        )

    def get_success_url(self):
        return agreement_url(self.request, self.load().pk, "obligations")


class ObligationFulfilView(FormPage):
    """Mark an obligation fulfilled, with what shows it."""

    form_class = forms.FulfilForm
    submit_label = gettext_lazy("Mark fulfilled")
    success_message = gettext_lazy("The obligation is marked fulfilled.")

    def load(self) -> Obligation:
        if not hasattr(self, "obligation"):
            agreement = get_agreement(self.request, self.kwargs["pk"])
            self.obligation = Obligation.objects.filter(
                facility=self.request.facility, agreement=agreement, pk=self.kwargs["obligation_pk"]
            ).first()
            if self.obligation is None:
                raise Http404
            self.obligation.agreement = agreement
        return self.obligation

    def get_initial(self):
        return {"fulfilled_on": today_in(self.request.facility.timezone)}

    def get_heading(self):
        return f"{_('Mark fulfilled')}: {self.load().description}"

    def get_back_url(self):
        return agreement_url(self.request, self.load().agreement_id, "obligations")

    def get_context_data(self, **kwargs):
        return super().get_context_data(agreement=self.load().agreement, **kwargs)

    def perform(self, form):
        return terms.obligation_fulfil(
            actor=self.request.user, obligation=self.load(), **form.cleaned_data
        )

    def get_success_url(self):
        if self.request.GET.get("next", "") == "due":
            return reverse("partners:obligation-due-list", args=[self.request.facility.code])
        return agreement_url(self.request, self.load().agreement_id, "obligations")
