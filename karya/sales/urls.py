"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/ (names `sales:…`)."""

from django.urls import path

from karya.sales.views import consignment, counter, handovers, hub, money, orders

app_name = "sales"
urlpatterns: list = [
    # The sales home: every part below with its figures of the day.
    path("", hub.SalesHomeView.as_view(), name="home"),
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
    # Sales of every channel
    path("daftar/", money.SaleListView.as_view(), name="sale-list"),
    path("<int:pk>/", money.SaleDetailView.as_view(), name="sale-detail"),
    path("<int:pk>/bayar/", money.SalePayView.as_view(), name="sale-pay"),
    # The gallery and bazaar counter
    path("kasir/", counter.CounterView.as_view(), name="counter"),
    path("kasir/hitung/", counter.CounterTotalView.as_view(), name="counter-total"),
    path("kasir/rekap/", counter.CounterDayView.as_view(), name="counter-day"),
    path("kasir/<int:pk>/", counter.CounterDoneView.as_view(), name="counter-done"),
    path("kasir/<int:pk>/batal/", counter.CounterCancelView.as_view(), name="counter-cancel"),
    # Invoices (receivables), payments and receipts
    path("tagihan/", money.InvoiceListView.as_view(), name="invoice-list"),
    path("tagihan/<int:pk>/", money.InvoiceDetailView.as_view(), name="invoice-detail"),
    path("tagihan/<int:pk>/bayar/", money.InvoicePayView.as_view(), name="invoice-pay"),
    path("tagihan/<int:pk>/pdf/", money.InvoicePdfView.as_view(), name="invoice-pdf"),
    path(
        "pembayaran/<int:pk>/kembalikan/",
        money.PaymentRefundView.as_view(),
        name="payment-refund",
    ),
    path("pembayaran/<int:pk>/kuitansi/", money.ReceiptPdfView.as_view(), name="receipt-pdf"),
    # Orders (quotation → order → delivery → payment)
    path("pesanan/", orders.OrderListView.as_view(), name="order-list"),
    path("pesanan/tambah/", orders.OrderCreateView.as_view(), name="order-create"),
    path("pesanan/<int:pk>/", orders.OrderDetailView.as_view(), name="order-detail"),
    path("pesanan/<int:pk>/baris/", orders.OrderLinesView.as_view(), name="order-lines"),
    path(
        "pesanan/<int:pk>/baris/<int:line_pk>/ubah/",
        orders.OrderLineUpdateView.as_view(),
        name="order-line-update",
    ),
    path(
        "pesanan/<int:pk>/baris/<int:line_pk>/hapus/",
        orders.OrderLineRemoveView.as_view(),
        name="order-line-remove",
    ),
    path("pesanan/<int:pk>/konfirmasi/", orders.OrderConfirmView.as_view(), name="order-confirm"),
    path(
        "pesanan/<int:pk>/produksi/", orders.OrderProductionView.as_view(), name="order-production"
    ),
    path(
        "pesanan/<int:pk>/produksi/rencana/",
        orders.OrderProductionPlanView.as_view(),
        name="order-production-plan",
    ),
    path("pesanan/<int:pk>/kirim/", orders.OrderDeliverView.as_view(), name="order-deliver"),
    path("pesanan/<int:pk>/batal/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path(
        "pesanan/<int:pk>/penawaran.pdf",
        orders.OrderQuotationPdfView.as_view(),
        name="order-quotation-pdf",
    ),
    path("pesanan/<int:pk>/riwayat/", orders.OrderHistoryView.as_view(), name="order-history"),
]
