"""URL map: staff pages (Indonesian paths), the partner portal, the API under /api/v1/, the
health check, and the public site (catalogue, news, traceability, sitemap.xml, robots.txt)."""

from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from karya.api.api import api
from karya.catalogue import views as catalogue
from karya.catalogue.cache import public_page
from karya.catalogue.sitemaps import SITEMAPS
from karya.web import views as web

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("akun/", include("karya.accounts.urls")),
    path("kelola/", include("karya.facilities.urls")),
    path("kelola/pembagian-hasil/", include("karya.finance.urls_rules")),
    path("kotak-masuk/", include("karya.notifications.urls")),
    path("upt/", web.UnitDirectoryView.as_view(), name="unit-directory"),
    path("upt/<str:facility_code>/", web.UnitHomeView.as_view(), name="unit-home"),
    path("upt/<str:facility_code>/wbp/", include("karya.inmates.urls")),
    path("upt/<str:facility_code>/kerja/", include("karya.programs.urls")),
    path("upt/<str:facility_code>/produk/", include("karya.production.urls")),
    path("upt/<str:facility_code>/mitra/", include("karya.partners.urls")),
    path("upt/<str:facility_code>/stok/", include("karya.inventory.urls")),
    path("upt/<str:facility_code>/penjualan/", include("karya.sales.urls")),
    path("upt/<str:facility_code>/humas/", include("karya.newsroom.urls")),
    path("upt/<str:facility_code>/permintaan/", include("karya.catalogue.staff_urls")),
    path("upt/<str:facility_code>/keuangan/", include("karya.finance.urls")),
    path("upt/<str:facility_code>/premi/", include("karya.premi.urls")),
    path("portal-mitra/", include("karya.portal.urls")),
    path("bantuan/", include("karya.handbook.urls")),
    path("", include("karya.reports.urls")),
    path("api/v1/", api.urls),
    # The public site (no login): the catalogue, the news, the traceability of lots.
    path("", include("karya.catalogue.urls")),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", catalogue.robots_txt, name="robots"),
]
handler500 = "karya.core.views.server_error"
