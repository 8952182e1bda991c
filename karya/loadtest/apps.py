from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    name = "karya.loadtest"
    label = "loadtest"
    verbose_name = "Load test"
