from django.urls import path

from karya.inmates import views

app_name = "inmates"
urlpatterns = [
    path("", views.InmateListView.as_view(), name="list"),
    path("tambah/", views.InmateFormView.as_view(), name="create"),
    path("impor/", views.InmateImportView.as_view(), name="import"),
    path("<int:pk>/", views.InmateDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.InmateFormView.as_view(), name="update"),
    path("<int:pk>/riwayat/", views.InmateHistoryView.as_view(), name="history"),
]
