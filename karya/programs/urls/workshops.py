"""URLs: workshops, the waiting list, allocations and the day screen."""

from django.urls import path

from karya.programs.views import allocations, attendance, workshops

urlpatterns = [
    path("", workshops.WorkshopListView.as_view(), name="workshop-list"),
    path("tambah/", workshops.WorkshopFormView.as_view(), name="workshop-create"),
    path("<int:pk>/", workshops.WorkshopDetailView.as_view(), name="workshop-detail"),
    path("<int:pk>/ubah/", workshops.WorkshopFormView.as_view(), name="workshop-update"),
    path(
        "<int:pk>/daftar-tunggu/",
        allocations.ApplicationCreateView.as_view(),
        name="application-create",
    ),
    path("<int:pk>/setujui/", workshops.WorkshopApproveView.as_view(), name="application-approve"),
    path("<int:pk>/tempatkan/", allocations.AllocateView.as_view(), name="allocate"),
    path("<int:pk>/absensi/", attendance.AttendanceDayView.as_view(), name="attendance-day"),
    path(
        "permohonan/<int:pk>/tolak/",
        allocations.ApplicationDeclineView.as_view(),
        name="application-decline",
    ),
    path(
        "penempatan/<int:pk>/", allocations.AllocationDetailView.as_view(), name="allocation-detail"
    ),
    path(
        "penempatan/<int:pk>/<slug:action>/",
        allocations.AllocationTransitionView.as_view(),
        name="allocation-transition",
    ),
]
