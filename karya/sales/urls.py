"""URLs of handovers, sales, invoices, consignment and orders, under
/upt/<facility_code>/penjualan/."""

app_name = "sales"
urlpatterns: list = []
