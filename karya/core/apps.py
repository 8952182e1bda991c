from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "karya.core"
    label = "core"
