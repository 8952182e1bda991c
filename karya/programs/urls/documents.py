"""URLs: documents, under /upt/<facility_code>/kerja/dokumen/ (namespace "programs")."""

from django.urls import path

from karya.programs.views import documents as views

urlpatterns = [
    path("daftar-kerja/", views.WorkListView.as_view(), name="doc-work-list"),
    path("daftar-kerja/cetak.pdf", views.WorkListPdfView.as_view(), name="doc-work-list-pdf"),
    path(
        "pelatihan/peserta/<int:pk>/surat-keterangan.pdf",
        views.TrainingCertificatePdfView.as_view(),
        name="doc-training-certificate",
    ),
    path("akan-bebas/", views.ReleaseListView.as_view(), name="doc-release-list"),
    path(
        "akan-bebas/<int:pk>/catatan-keterampilan.pdf",
        views.SkillsRecordPrintView.as_view(),
        name="doc-skills-record",
    ),
]
