from django.urls import path

from karya.production import views

app_name = "production"
urlpatterns = [
    path("", views.ProductListView.as_view(), name="product-list"),
    path("tambah/", views.ProductFormView.as_view(), name="product-create"),
    path("<int:pk>/ubah/", views.ProductFormView.as_view(), name="product-update"),
]
