from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "karya.catalogue"
    label = "catalogue"
    verbose_name = _("Public catalogue")

    def ready(self):
        from karya.catalogue import signals  # noqa: F401 (connects the cache invalidation)
