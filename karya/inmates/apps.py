from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InmatesConfig(AppConfig):
    name = "karya.inmates"
    label = "inmates"
    verbose_name = _("Inmate registry")
