"""URLs of the work programme, under /upt/<facility_code>/kerja/. One module per area."""

from django.urls import include, path

app_name = "programs"
urlpatterns = [
    path("", include("karya.programs.urls.workshops")),
    path("pelatihan/", include("karya.programs.urls.trainings")),
    path("alat/", include("karya.programs.urls.tools")),
    path("dokumen/", include("karya.programs.urls.documents")),
]
