from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "karya.bench"
    label = "bench"
    verbose_name = "Benchmark"
