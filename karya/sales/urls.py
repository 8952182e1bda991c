"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/."""

from django.urls import path

from karya.sales.views import counter, money

app_name = "sales"
urlpatterns = [
    # Sales of every channel
    path("", money.SaleListView.as_view(), name="sale-list"),
    path("<int:pk>/", money.SaleDetailView.as_view(), name="sale-detail"),
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
]
