from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The partner portal: pages for a partner's own users (no models of its own)."""

    name = "karya.portal"
    label = "portal"
    verbose_name = _("Partner portal")
