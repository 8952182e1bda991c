"""URLs of the catalogue, under /upt/<facility_code>/produk/."""

from django.urls import path

from karya.production import order_views, views

app_name = "production"
urlpatterns = [
    path("", views.ProductListView.as_view(), name="product-list"),
    path("tambah/", views.ProductFormView.as_view(), name="product-create"),
    path("<int:pk>/", views.ProductDetailView.as_view(), name="product-detail"),
    path("<int:pk>/ubah/", views.ProductFormView.as_view(), name="product-update"),
    path("<int:pk>/harga/tambah/", views.PriceAddView.as_view(), name="product-price-add"),
    path("<int:pk>/foto/tambah/", views.PhotoAddView.as_view(), name="product-photo-add"),
    path("<int:pk>/foto/<int:photo_pk>/", views.PhotoFileView.as_view(), name="product-photo"),
    path(
        "<int:pk>/foto/<int:photo_pk>/hapus/",
        views.PhotoRemoveView.as_view(),
        name="product-photo-remove",
    ),
    path(
        "<int:pk>/terbitkan/",
        views.PublishView.as_view(publish=True),
        name="product-publish",
    ),
    path(
        "<int:pk>/tarik/",
        views.PublishView.as_view(publish=False),
        name="product-unpublish",
    ),
    path("<int:pk>/e-katalog/", views.EkatalogView.as_view(), name="product-ekatalog"),
    path("bahan/", order_views.MaterialListView.as_view(), name="material-list"),
    path("bahan/tambah/", order_views.MaterialCreateView.as_view(), name="material-create"),
    path("bahan/<int:pk>/", order_views.MaterialDetailView.as_view(), name="material-detail"),
    path(
        "bahan/<int:pk>/beli/",
        order_views.MaterialPurchaseView.as_view(),
        name="material-purchase",
    ),
    path(
        "bahan/<int:pk>/terima/", order_views.MaterialSupplyView.as_view(), name="material-supply"
    ),
    path("perintah/", order_views.OrderListView.as_view(), name="order-list"),
    path("perintah/rencana/", order_views.OrderPlanView.as_view(), name="order-plan"),
    path("perintah/<int:pk>/", order_views.OrderDetailView.as_view(), name="order-detail"),
    path("perintah/<int:pk>/mulai/", order_views.OrderStartView.as_view(), name="order-start"),
    path("perintah/<int:pk>/bahan/", order_views.OrderConsumeView.as_view(), name="order-consume"),
    path("perintah/<int:pk>/selesai/", order_views.OrderFinishView.as_view(), name="order-finish"),
    path("perintah/<int:pk>/batal/", order_views.OrderCancelView.as_view(), name="order-cancel"),
    path(
        "perintah/<int:pk>/petugas/",
        order_views.OrderOfficersView.as_view(),
        name="order-officers",
    ),
    path("<int:pk>/riwayat/", views.ProductHistoryView.as_view(), name="product-history"),
]
