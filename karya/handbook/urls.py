from django.urls import path

from karya.handbook import views

app_name = "handbook"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("panduan.pdf", views.GuidePdfView.as_view(), name="pdf"),
    path("gambar/<str:name>", views.ImageView.as_view(), name="image"),
    path("operasi/", views.OperationsView.as_view(language="id"), name="operations-id"),
    path("operations/", views.OperationsView.as_view(language="en"), name="operations-en"),
    path("<slug:chapter>/", views.ChapterView.as_view(), name="chapter"),
]
