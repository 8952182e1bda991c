from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "karya.core"
    label = "core"

    def ready(self):
        # Registers the SQL function the SQLite append-only triggers call (karya.core.db).
        from karya.core import db  # noqa: F401
