from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "karya.api"
    label = "api"
    verbose_name = "API"
