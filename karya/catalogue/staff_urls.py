"""Staff pages of the requests sent through the catalogue, under /upt/<code>/permintaan/."""

from django.urls import path

from karya.catalogue import staff_views as views

app_name = "quote-requests"
urlpatterns = [
    path("", views.RequestListView.as_view(), name="list"),
    path("<int:pk>/", views.RequestDetailView.as_view(), name="detail"),
    path("<int:pk>/tangani/", views.RequestHandleView.as_view(), name="handle"),
    path("<int:pk>/penawaran/", views.RequestQuoteView.as_view(), name="quote"),
]
