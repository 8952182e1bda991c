"""URLs of the inbox, under /kotak-masuk/."""

from django.urls import path

from karya.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/buka/", views.NotificationOpenView.as_view(), name="open"),
    path("<int:pk>/baca/", views.NotificationReadView.as_view(), name="read"),
    path("baca-semua/", views.InboxReadAllView.as_view(), name="read-all"),
]
