from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "karya.accounts"
    label = "accounts"
    verbose_name = _("Users and access")

    def ready(self):
        # Connects the login-time receiver of the session expiry check.
        from karya.accounts import middleware  # noqa: F401
