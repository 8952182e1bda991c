"""/sitemap.xml: the catalogue, every product shown, every unit with something to show and
every published news item (django.contrib.sitemaps, from the public selectors)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from karya.catalogue import selectors


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["catalogue:home", "catalogue:news-list"]

    def location(self, item):
        return reverse(item)


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return selectors.sitemap_products()

    def location(self, item):
        code, pk, slug = item
        return reverse("catalogue:product", args=[code, pk, slug])


class UnitSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return selectors.sitemap_units()

    def location(self, item):
        return reverse("catalogue:unit", args=[item.code])


class NewsSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return selectors.news_list()

    def location(self, item):
        return reverse("catalogue:news-detail", args=[item.unit.code, item.id, item.slug])

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {
    "pages": PagesSitemap,
    "products": ProductSitemap,
    "units": UnitSitemap,
    "news": NewsSitemap,
}
