from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "karya.core"
    label = "core"

    def ready(self):
        # Registers the SQL function the SQLite append-only triggers call (karya.core.guards).
        from django.db.models.signals import post_migrate

        from karya.core import guards

        post_migrate.connect(guards.ensure_sqlite_guards, sender=self, dispatch_uid="karya_guards")
