"""URLs of the catalogue, under /upt/<facility_code>/produk/."""

from django.urls import path

from karya.production import views

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
    path("<int:pk>/riwayat/", views.ProductHistoryView.as_view(), name="product-history"),
]
