"""URLs of the partner portal, under /portal-mitra/ (a partner's own users only)."""

from django.urls import path

from karya.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("kerja-sama/", views.AgreementListView.as_view(), name="agreement-list"),
    path("kerja-sama/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path(
        "kerja-sama/<int:pk>/laporan-penjualan/",
        views.SalesReportView.as_view(),
        name="sales-report",
    ),
    path("serah-terima/", views.HandoverListView.as_view(), name="handover-list"),
    path("serah-terima/<int:pk>/", views.HandoverDetailView.as_view(), name="handover-detail"),
    path("serah-terima/<int:pk>/bast.pdf", views.HandoverPdfView.as_view(), name="handover-pdf"),
    path("stok/", views.StockView.as_view(), name="stock"),
    path("laporan-penjualan/", views.SettlementListView.as_view(), name="settlement-list"),
    path(
        "laporan-penjualan/<int:pk>/",
        views.SettlementDetailView.as_view(),
        name="settlement-detail",
    ),
    path("tagihan/", views.InvoiceListView.as_view(), name="invoice-list"),
    path("tagihan/<int:pk>/pdf/", views.InvoicePdfView.as_view(), name="invoice-pdf"),
]
