"""URLs: partners, agreements and visits, under /upt/<facility_code>/mitra/."""

from django.urls import path

from karya.partners.views import agreement_parts, agreements, partners, portal_users, visits

app_name = "partners"
urlpatterns = [
    path("", partners.PartnerListView.as_view(), name="partner-list"),
    path("tambah/", partners.PartnerFormView.as_view(), name="partner-create"),
    path("kewajiban/", partners.ObligationsDueView.as_view(), name="obligation-due-list"),
    path("<int:pk>/", partners.PartnerDetailView.as_view(), name="partner-detail"),
    path("<int:pk>/ubah/", partners.PartnerFormView.as_view(), name="partner-update"),
    path("<int:pk>/riwayat/", partners.PartnerHistoryView.as_view(), name="partner-history"),
    path("<int:pk>/kontak/tambah/", partners.ContactFormView.as_view(), name="contact-create"),
    path(
        "<int:pk>/kontak/<int:contact_pk>/ubah/",
        partners.ContactFormView.as_view(),
        name="contact-update",
    ),
    path(
        "<int:pk>/pengguna-portal/tambah/",
        portal_users.PortalUserCreateView.as_view(),
        name="partner-portal-user-create",
    ),
    path(
        "<int:pk>/pengguna-portal/<int:user_pk>/nonaktifkan/",
        portal_users.PortalUserDeactivateView.as_view(),
        name="partner-portal-user-deactivate",
    ),
    path(
        "<int:partner_pk>/kerja-sama/tambah/",
        agreements.AgreementFormView.as_view(),
        name="agreement-create",
    ),
    path(
        "<int:partner_pk>/kunjungan/tambah/",
        visits.VisitFormView.as_view(),
        name="visit-create",
    ),
    # Agreements
    path("kerja-sama/<int:pk>/", agreements.AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "kerja-sama/<int:pk>/ubah/", agreements.AgreementFormView.as_view(), name="agreement-update"
    ),
    path(
        "kerja-sama/<int:renew_pk>/perpanjang/",
        agreements.AgreementFormView.as_view(),
        name="agreement-renew",
    ),
    path(
        "kerja-sama/<int:pk>/ajukan/",
        agreements.AgreementRequestView.as_view(),
        name="agreement-request",
    ),
    path(
        "kerja-sama/<int:pk>/setujui/",
        agreements.AgreementApproveView.as_view(),
        name="agreement-approve",
    ),
    path(
        "kerja-sama/<int:pk>/tolak/",
        agreements.AgreementRejectView.as_view(),
        name="agreement-reject",
    ),
    path(
        "kerja-sama/<int:pk>/putus/",
        agreements.AgreementTerminateView.as_view(),
        name="agreement-terminate",
    ),
    path(
        "kerja-sama/<int:pk>/produk/",
        agreement_parts.AgreementProductView.as_view(),
        name="agreement-product",
    ),
    path(
        "kerja-sama/<int:pk>/produk/<int:line_pk>/hapus/",
        agreement_parts.AgreementProductRemoveView.as_view(),
        name="agreement-product-remove",
    ),
    path(
        "kerja-sama/<int:pk>/dokumen/tambah/",
        agreement_parts.DocumentAddView.as_view(),
        name="agreement-document-add",
    ),
    path(
        "kerja-sama/<int:pk>/dokumen/<int:document_pk>/",
        agreement_parts.DocumentDownloadView.as_view(),
        name="agreement-document",
    ),
    path(
        "kerja-sama/<int:pk>/kewajiban/tambah/",
        agreement_parts.ObligationAddView.as_view(),
        name="obligation-add",
    ),
    path(
        "kerja-sama/<int:pk>/kewajiban/<int:obligation_pk>/dipenuhi/",
        agreement_parts.ObligationFulfilView.as_view(),
        name="obligation-fulfil",
    ),
    path(
        "kerja-sama/<int:pk>/ringkasan.pdf",
        agreements.AgreementPdfView.as_view(),
        name="agreement-pdf",
    ),
    path(
        "kerja-sama/<int:pk>/riwayat/",
        agreements.AgreementHistoryView.as_view(),
        name="agreement-history",
    ),
    # Visits
    path("kunjungan/<int:pk>/", visits.VisitDetailView.as_view(), name="visit-detail"),
    path("kunjungan/<int:pk>/ubah/", visits.VisitFormView.as_view(), name="visit-update"),
    path("kunjungan/<int:pk>/foto/", visits.VisitPhotoAddView.as_view(), name="visit-photo-add"),
    path(
        "kunjungan/<int:pk>/foto/<int:photo_pk>/",
        visits.VisitPhotoFileView.as_view(),
        name="visit-photo",
    ),
    path("kunjungan/<int:pk>/riwayat/", visits.VisitHistoryView.as_view(), name="visit-history"),
    path(
        "kunjungan/<int:pk>/tindak-lanjut/tambah/",
        visits.FollowUpAddView.as_view(),
        name="follow-up-add",
    ),
    path(
        "tindak-lanjut/<int:pk>/selesai/",
        visits.FollowUpDoneView.as_view(),
        name="follow-up-done",
    ),
]
