from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "karya.finance"
    label = "finance"
    verbose_name = _("Proceeds split and PNBP")

    def ready(self):
        from karya.finance import receivers

        receivers.connect()
