"""URLs: workshops (filled in by its area)."""

urlpatterns: list = []
