from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "karya.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self):
        from karya.reports import tracking

        tracking.connect()
