"""URLs: the tools register (Sarana Kerja), under /upt/<facility_code>/kerja/alat/."""

from django.urls import path

from karya.programs.views import tools as views

urlpatterns = [
    path("", views.ToolListView.as_view(), name="tool-list"),
    path("tambah/", views.ToolFormView.as_view(), name="tool-create"),
    path("<int:pk>/ubah/", views.ToolFormView.as_view(), name="tool-update"),
    path("sesi/", views.ToolSessionPickView.as_view(), name="tool-session-pick"),
    path("sesi/<int:workshop_pk>/", views.ToolSessionView.as_view(), name="tool-session"),
    path("sesi/<int:workshop_pk>/keluarkan/", views.ToolIssueView.as_view(), name="tool-issue"),
    path(
        "sesi/<int:workshop_pk>/hitung/",
        views.ToolCountBackView.as_view(),
        name="tool-count-back",
    ),
    path("hilang/", views.ToolMissingView.as_view(), name="tool-missing"),
    path("hilang/<int:pk>/ditemukan/", views.ToolFoundView.as_view(), name="tool-found"),
]
