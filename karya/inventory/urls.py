"""URLs of the stock area, under /upt/<facility_code>/stok/ (namespace "inventory")."""

from django.urls import path

from karya.inventory.views import counts, labels, locations, moves, reports

app_name = "inventory"
urlpatterns = [
    path("", locations.LocationListView.as_view(), name="location-list"),
    path("lokasi/tambah/", locations.LocationFormView.as_view(), name="location-create"),
    path("lokasi/<int:pk>/", locations.LocationStockView.as_view(), name="location-stock"),
    path("lokasi/<int:pk>/ubah/", locations.LocationFormView.as_view(), name="location-update"),
    path("mutasi/", moves.MoveListView.as_view(), name="move-list"),
    path("terima/", moves.ReceiveView.as_view(), name="receive"),
    path("pindah/", moves.TransferView.as_view(), name="transfer"),
    path("penghapusan/", moves.WriteOffView.as_view(), name="write-off"),
    path("opname/", counts.CountListView.as_view(), name="count-list"),
    path("opname/baru/", counts.CountCreateView.as_view(), name="count-create"),
    path("opname/<int:pk>/", counts.CountDetailView.as_view(), name="count-detail"),
    path("opname/<int:pk>/hitung/", counts.CountEntryView.as_view(), name="count-entry"),
    path(
        "opname/<int:pk>/tambah-barang/", counts.CountAddLineView.as_view(), name="count-add-line"
    ),
    path("opname/<int:pk>/setujui/", counts.CountApproveView.as_view(), name="count-approve"),
    path("opname/<int:pk>/tolak/", counts.CountRejectView.as_view(), name="count-reject"),
    path("lot/<int:lot_id>/label/", labels.LabelFormView.as_view(), name="label-form"),
    path("lot/<int:lot_id>/label/pdf/", labels.LabelPdfView.as_view(), name="label-pdf"),
    path("laporan/nilai/", reports.StockValueView.as_view(), name="report-value"),
    path("laporan/lambat/", reports.SlowMovingView.as_view(), name="report-slow"),
]
