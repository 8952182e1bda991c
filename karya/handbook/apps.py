from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "karya.handbook"
    label = "handbook"
    verbose_name = "Handbook"
