"""The public site's URLs (no login): /katalog/, /berita/, /telusur/<unit>/<lot>/.

Unit codes are named `unit_code` here, never `facility_code`: the staff area's tenancy
middleware acts on `facility_code` (karya/accounts/middleware.py)."""

from django.urls import path

from karya.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("katalog/", views.catalogue_home, name="home"),
    path("katalog/bahasa/<str:code>/", views.language, name="language"),
    path("katalog/foto/<int:photo_id>/<int:width>.jpg", views.photo, name="photo"),
    path("katalog/<str:unit_code>/", views.unit_page, name="unit"),
    path("katalog/<str:unit_code>/<int:pk>-<slug:slug>/", views.product_page, name="product"),
    path("berita/", views.news_list, name="news-list"),
    path("berita/<str:unit_code>/<int:pk>-<slug:slug>/", views.news_detail, name="news-detail"),
    path("telusur/<str:unit_code>/<path:lot_code>/", views.lot_trace, name="trace"),
]
