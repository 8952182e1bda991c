"""URLs: trainings, under /upt/<facility_code>/kerja/pelatihan/."""

from django.urls import path

from karya.programs.views import trainings as views

urlpatterns = [
    path("", views.TrainingListView.as_view(), name="training-list"),
    path("tambah/", views.TrainingFormView.as_view(), name="training-create"),
    path("<int:pk>/", views.TrainingDetailView.as_view(), name="training-detail"),
    path("<int:pk>/ubah/", views.TrainingFormView.as_view(), name="training-update"),
    path("<int:pk>/riwayat/", views.TrainingHistoryView.as_view(), name="training-history"),
    path(
        "<int:pk>/peserta/tambah/",
        views.ParticipantAddView.as_view(),
        name="training-participant-add",
    ),
    path(
        "<int:pk>/peserta/<int:participant_pk>/hasil/",
        views.ParticipantResultView.as_view(),
        name="training-participant-result",
    ),
    path(
        "<int:pk>/peserta/<int:participant_pk>/hapus/",
        views.ParticipantRemoveView.as_view(),
        name="training-participant-remove",
    ),
]
