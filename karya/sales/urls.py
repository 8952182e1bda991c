"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/ (names `sales:…`)."""

from django.urls import path

from karya.sales.views import consignment, handovers

app_name = "sales"
urlpatterns: list = [
    # Consignment (konsinyasi): goods held by partners, settlements, returns.
    path("konsinyasi/", consignment.OverviewView.as_view(), name="consignment-overview"),
    path(
        "konsinyasi/mitra/<int:pk>/",
        consignment.PartnerView.as_view(),
        name="consignment-partner",
    ),
    path(
        "konsinyasi/mitra/<int:pk>/lokasi/",
        consignment.PartnerLocationView.as_view(),
        name="consignment-location",
    ),
    path(
        "konsinyasi/mitra/<int:pk>/retur/",
        consignment.ReturnView.as_view(),
        name="consignment-return",
    ),
    path(
        "konsinyasi/kerja-sama/<int:pk>/penyelesaian/",
        consignment.SettlementCreateView.as_view(),
        name="consignment-settlement-create",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/",
        consignment.SettlementDetailView.as_view(),
        name="consignment-settlement",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/konfirmasi/",
        consignment.SettlementConfirmView.as_view(),
        name="consignment-settlement-confirm",
    ),
    path(
        "konsinyasi/penyelesaian/<int:pk>/tolak/",
        consignment.SettlementRejectView.as_view(),
        name="consignment-settlement-reject",
    ),
    # Handovers (serah terima hasil karya, BAST)
    path("serah-terima/", handovers.HandoverListView.as_view(), name="handover-list"),
    path("serah-terima/tambah/", handovers.HandoverFormView.as_view(), name="handover-create"),
    path("serah-terima/<int:pk>/", handovers.HandoverDetailView.as_view(), name="handover-detail"),
    path(
        "serah-terima/<int:pk>/ubah/",
        handovers.HandoverFormView.as_view(),
        name="handover-update",
    ),
    path(
        "serah-terima/<int:pk>/baris/tambah/",
        handovers.LineFormView.as_view(),
        name="handover-line-add",
    ),
    path(
        "serah-terima/<int:pk>/baris/<int:line_pk>/ubah/",
        handovers.LineFormView.as_view(),
        name="handover-line-update",
    ),
    path(
        "serah-terima/<int:pk>/baris/<int:line_pk>/hapus/",
        handovers.LineRemoveView.as_view(),
        name="handover-line-remove",
    ),
    path(
        "serah-terima/<int:pk>/foto/tambah/",
        handovers.PhotoAddView.as_view(),
        name="handover-photo-add",
    ),
    path(
        "serah-terima/<int:pk>/foto/<int:photo_pk>/",
        handovers.PhotoFileView.as_view(),
        name="handover-photo",
    ),
    path(
        "serah-terima/<int:pk>/foto/<int:photo_pk>/hapus/",
        handovers.PhotoRemoveView.as_view(),
        name="handover-photo-remove",
    ),
    path(
        "serah-terima/<int:pk>/posting/",
        handovers.HandoverPostView.as_view(),
        name="handover-post",
    ),
    path(
        "serah-terima/<int:pk>/batalkan/",
        handovers.HandoverReverseView.as_view(),
        name="handover-reverse",
    ),
    path(
        "serah-terima/<int:pk>/hapus/",
        handovers.HandoverDeleteView.as_view(),
        name="handover-delete",
    ),
    path(
        "serah-terima/<int:pk>/riwayat/",
        handovers.HandoverHistoryView.as_view(),
        name="handover-history",
    ),
    path(
        "serah-terima/<int:pk>/bast.pdf", handovers.HandoverPdfView.as_view(), name="handover-pdf"
    ),
]
