"""URLs: tools (filled in by its area)."""

urlpatterns: list = []
