from django.urls import path

from karya.facilities import views

app_name = "facilities"
urlpatterns = [
    path("kanwil/", views.RegionListView.as_view(), name="region-list"),
    path("kanwil/tambah/", views.RegionFormView.as_view(), name="region-create"),
    path("kanwil/<int:pk>/ubah/", views.RegionFormView.as_view(), name="region-update"),
    path("kanwil/<int:pk>/riwayat/", views.RegionHistoryView.as_view(), name="region-history"),
    path("upt/", views.FacilityListView.as_view(), name="facility-list"),
    path("upt/tambah/", views.FacilityFormView.as_view(), name="facility-create"),
    path("upt/<int:pk>/ubah/", views.FacilityFormView.as_view(), name="facility-update"),
    path("upt/<int:pk>/riwayat/", views.FacilityHistoryView.as_view(), name="facility-history"),
]
