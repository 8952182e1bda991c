from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "karya.inventory"
    label = "inventory"
    verbose_name = _("Stock")

    def ready(self):
        from karya.inventory.warnings import lot_expiry_warnings
        from karya.production.warnings import register_warning_source

        register_warning_source(lot_expiry_warnings)
