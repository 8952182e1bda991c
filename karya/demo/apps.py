from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "karya.demo"
    label = "demo"
    verbose_name = "Demo data"
