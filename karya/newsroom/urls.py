"""Newsroom pages, under /upt/<facility_code>/humas/."""

from django.urls import path

from karya.newsroom import views

app_name = "newsroom"
urlpatterns = [
    path("", views.NewsroomHomeView.as_view(), name="home"),
    path("kegiatan/tambah/", views.EventFormView.as_view(), name="event-create"),
    path("kegiatan/<int:pk>/", views.EventDetailView.as_view(), name="event-detail"),
    path("kegiatan/<int:pk>/ubah/", views.EventFormView.as_view(), name="event-update"),
    path("kegiatan/<int:pk>/foto/tambah/", views.EventPhotoAddView.as_view(), name="photo-add"),
    path(
        "kegiatan/<int:pk>/foto/<int:photo_pk>/",
        views.EventPhotoFileView.as_view(),
        name="photo",
    ),
    path(
        "kegiatan/<int:pk>/rilis/buat/",
        views.ReleaseGenerateView.as_view(),
        name="release-generate",
    ),
    path("rilis/<int:pk>/", views.ReleaseDetailView.as_view(), name="release-detail"),
    path("rilis/<int:pk>/ubah/", views.ReleaseUpdateView.as_view(), name="release-update"),
    path("rilis/<int:pk>/ajukan/", views.ReleaseSubmitView.as_view(), name="release-submit"),
    path("rilis/<int:pk>/setujui/", views.ReleaseApproveView.as_view(), name="release-approve"),
    path("rilis/<int:pk>/kembalikan/", views.ReleaseReturnView.as_view(), name="release-return"),
    path("rilis/<int:pk>/terbitkan/", views.ReleasePublishView.as_view(), name="release-publish"),
    path("rilis/<int:pk>/tarik/", views.ReleaseWithdrawView.as_view(), name="release-withdraw"),
    path("rilis/<int:pk>/docx/", views.ReleaseDocxView.as_view(), name="release-docx"),
    path("rilis/<int:pk>/teks/", views.ReleaseTextView.as_view(), name="release-text"),
]
